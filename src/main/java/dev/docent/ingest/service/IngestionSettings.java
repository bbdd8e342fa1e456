package dev.docent.ingest.service;

import dev.docent.ingest.config.IngestConfig;
import dev.docent.ingest.embed.EmbeddingModels;
import dev.docent.ingest.embed.ModelSpec;
import dev.docent.ingest.parse.TesseractProbe;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ingestion settings in effect on this server that decide what a document becomes (its chunks and vectors):
 * what an evaluation must know to tell one ingestion from another. Never secrets or provider URLs.
 */
@ApplicationScoped
public class IngestionSettings {
    private final IngestConfig config;
    private final EmbeddingModels models;
    private volatile Boolean ocr;

    IngestionSettings(IngestConfig config, EmbeddingModels models) {
        this.config = config;
        this.models = models;
    }

    /**
     * The effective settings.
     *
     * @param chunkTokens target chunk size in tokens
     * @param chunkOverlapTokens tokens repeated at the start of the next chunk
     * @param embeddingModel the model new collections get
     * @param embeddingDimension its vector dimension
     * @param ocr whether image-only pages and images are OCR'd ({@code auto} resolved: a tesseract binary was found)
     * @param writeLimitChars most characters of text kept from one document
     */
    public record Effective(
            int chunkTokens,
            int chunkOverlapTokens,
            String embeddingModel,
            int embeddingDimension,
            boolean ocr,
            int writeLimitChars) {}

    public Effective current() {
        ModelSpec model = models.spec(models.defaultModelId());
        return new Effective(
                config.chunkTokens(),
                config.chunkOverlapTokens(),
                model.id(),
                model.dimension(),
                ocrEnabled(),
                config.writeLimitChars());
    }

    /** {@code auto} is resolved once, as the parser does at startup (probing runs a process). */
    private boolean ocrEnabled() {
        Boolean known = ocr;
        if (known == null) {
            known = switch (config.ocr().enabled()) {
                case TRUE -> true;
                case FALSE -> false;
                case AUTO -> TesseractProbe.available();
            };
            ocr = known;
        }
        return known;
    }
}
