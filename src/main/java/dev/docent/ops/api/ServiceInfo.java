package dev.docent.ops.api;

import dev.docent.ingest.service.IngestionSettings;

/**
 * What this server is: its version and the ingestion settings that change what an evaluation measures. Carries no
 * secret and no provider URL.
 *
 * @param version the service's build version
 * @param ingestion the effective ingestion settings
 */
public record ServiceInfo(String version, Ingestion ingestion) {

    /**
     * Ingestion settings in effect.
     *
     * @param chunkTokens target chunk size in embedding-model tokens
     * @param chunkOverlapTokens tokens of trailing context repeated at the start of the next chunk
     * @param embeddingModel the embedding model new collections get
     * @param embeddingDimension that model's vector dimension
     * @param ocr whether OCR runs on image-only pages and images
     * @param writeLimitChars most characters of text kept from one document
     */
    public record Ingestion(
            int chunkTokens,
            int chunkOverlapTokens,
            String embeddingModel,
            int embeddingDimension,
            boolean ocr,
            int writeLimitChars) {

        static Ingestion of(IngestionSettings.Effective e) {
            return new Ingestion(
                    e.chunkTokens(),
                    e.chunkOverlapTokens(),
                    e.embeddingModel(),
                    e.embeddingDimension(),
                    e.ocr(),
                    e.writeLimitChars());
        }
    }
}
