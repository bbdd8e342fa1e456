package dev.docent.ingest.config;

import dev.docent.ingest.chunk.Chunker;
import dev.docent.ingest.chunk.HuggingFaceTokenCounter;
import dev.docent.ingest.chunk.StructureAwareChunker;
import dev.docent.ingest.chunk.TokenCounter;
import dev.docent.ingest.embed.Embedder;
import dev.docent.ingest.embed.EmbeddingModels;
import dev.docent.ingest.parse.DocumentParser;
import dev.docent.ingest.parse.ParserLimits;
import dev.docent.ingest.parse.TikaDocumentParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the ingestion ports to their adapters from {@link IngestConfig}. */
public class IngestBeans {

    @Produces
    @ApplicationScoped
    DocumentParser parser(IngestConfig config) {
        return new TikaDocumentParser(new ParserLimits(
                config.maxFileBytes(), config.writeLimitChars(), config.parseTimeout(), config.maxEmbeddedDepth()));
    }

    /** Chunks are sized in the embedding model's own tokens (bge-small-en-v1.5 tokenizer). */
    @Produces
    @Singleton
    HuggingFaceTokenCounter tokenCounter() {
        return new HuggingFaceTokenCounter();
    }

    void closeTokenCounter(@Disposes HuggingFaceTokenCounter counter) {
        counter.close();
    }

    /** The embedder of the default model ({@code docent.embedding.model}); collections may use others. */
    @Produces
    @ApplicationScoped
    Embedder defaultEmbedder(EmbeddingModels models) {
        return models.defaultEmbedder();
    }

    @Produces
    @ApplicationScoped
    Chunker chunker(IngestConfig config, HuggingFaceTokenCounter counter) {
        TokenCounter tokens = counter;
        return new StructureAwareChunker(tokens, config.chunkTokens(), config.chunkOverlapTokens());
    }
}
