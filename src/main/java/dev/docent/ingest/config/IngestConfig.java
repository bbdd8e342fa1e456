package dev.docent.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Ingestion settings (prefix {@code docent.ingest}). */
@ConfigMapping(prefix = "docent.ingest")
public interface IngestConfig {

    /** Largest accepted upload, in bytes. Larger files fail with {@code too_large}. */
    @WithDefault("52428800")
    long maxFileBytes();

    /** Most characters of text kept from one document; the rest is dropped and the document is marked truncated. */
    @WithDefault("5000000")
    int writeLimitChars();

    /** A parse running longer than this is abandoned and the document fails with {@code timeout}. */
    @WithDefault("PT60S")
    Duration parseTimeout();

    /** Deepest level of embedded documents (attachments, archive entries) that is parsed. */
    @WithDefault("3")
    int maxEmbeddedDepth();

    /** Target chunk size in embedding-model tokens. */
    @WithDefault("256")
    int chunkTokens();

    /** Tokens of trailing context repeated at the start of the next chunk (0 disables). */
    @WithDefault("32")
    int chunkOverlapTokens();
}
