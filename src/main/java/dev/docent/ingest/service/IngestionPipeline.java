package dev.docent.ingest.service;

import dev.docent.ingest.chunk.Chunker;
import dev.docent.ingest.chunk.TextChunk;
import dev.docent.ingest.embed.Embedder;
import dev.docent.ingest.parse.DocumentParser;
import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The named pipeline parse -> split -> embed. It touches no database: its result is stored in one
 * transaction by {@link DocumentStore}, so a failure here never changes what is stored.
 */
@ApplicationScoped
public class IngestionPipeline {
    private final DocumentParser parser;
    private final Chunker chunker;
    private final Embedder embedder;

    IngestionPipeline(DocumentParser parser, Chunker chunker, Embedder embedder) {
        this.parser = parser;
        this.chunker = chunker;
        this.embedder = embedder;
    }

    /** Output of the pipeline for one document version. */
    public record Result(ParsedDocument document, List<TextChunk> chunks, List<float[]> embeddings) {}

    public Result run(Path file, String fileName) {
        ParsedDocument parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = parser.parse(in, fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TextChunk> chunks = chunker.split(parsed);
        if (chunks.isEmpty()) {
            throw new DocentException(ErrorCode.NO_TEXT, "The document contains no text to index");
        }
        List<String> toEmbed = new ArrayList<>(chunks.size());
        for (TextChunk chunk : chunks) {
            toEmbed.add(embeddingText(parsed.title(), chunk));
        }
        return new Result(parsed, chunks, embedder.embedPassages(toEmbed));
    }

    /** Title and heading path give the embedding context the chunk text alone lacks; they are not stored in the chunk. */
    static String embeddingText(String title, TextChunk chunk) {
        StringBuilder sb = new StringBuilder();
        if (title != null && !title.isBlank()) {
            sb.append(title.strip()).append('\n');
        }
        if (!chunk.headingPath().isEmpty()) {
            sb.append(String.join(" > ", chunk.headingPath())).append('\n');
        }
        return sb.append(chunk.text()).toString();
    }
}
