package dev.docent.ingest.chunk;

import dev.docent.ingest.parse.ParsedDocument;
import java.util.List;

/** Port: splits a parsed document into chunks sized for the embedding model. */
public interface Chunker {
    List<TextChunk> split(ParsedDocument document);
}
