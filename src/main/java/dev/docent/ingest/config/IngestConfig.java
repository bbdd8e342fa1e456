package dev.docent.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Ingestion settings (prefix {@code docent.ingest}). */
@ConfigMapping(prefix = "docent.ingest")
public interface IngestConfig {

    /** Largest accepted upload, in bytes. Larger files fail with {@code too_large}. */
    @WithDefault("52428800")
    long maxFileBytes();

    /** Most characters of text kept from one document; the rest is dropped and the document is marked truncated. */
    @WithDefault("5000000")
    int writeLimitChars();

    /**
     * A parse that runs this long without finishing a page or an embedded document is abandoned and the document
     * fails with {@code timeout}.
     */
    @WithDefault("PT60S")
    Duration parseTimeout();

    /**
     * The longest one parse may run however its pages keep coming (a long scan OCR'd page by page); past it the
     * document fails with {@code timeout}. Not shorter than {@link #parseTimeout()}.
     */
    @WithDefault("PT30M")
    Duration parseMaxDuration();

    /** Deepest level of embedded documents (attachments, archive entries) that is parsed. */
    @WithDefault("3")
    int maxEmbeddedDepth();

    /** Target chunk size in embedding-model tokens. */
    @WithDefault("256")
    int chunkTokens();

    /** Tokens of trailing context repeated at the start of the next chunk (0 disables). */
    @WithDefault("32")
    int chunkOverlapTokens();

    /** Where parsing runs: isolated worker processes or the service's own JVM. */
    Parse parse();

    /** OCR of image-only PDF pages and embedded images with Tesseract. */
    Ocr ocr();

    /**
     * Most unfinished ingestion jobs (jobs with a document still queued or in progress) one collection may hold.
     * An upload or re-ingest beyond it is refused before anything is stored: 429 {@code too_many_jobs} with
     * {@code Retry-After} (docs/adr/0043). Counted in PostgreSQL, so the bound holds across replicas. 0 = no limit.
     */
    @WithDefault("32")
    int maxConcurrentJobsPerCollection();

    /** {@code Retry-After} sent with {@code too_many_jobs}. */
    @WithDefault("PT10S")
    Duration jobLimitRetryAfter();

    /**
     * Inference threads of the in-process embedding model, each with its own ONNX Runtime session (about 60-100 MB
     * RSS each for bge-small); 0 = one per available processor. Shared by ingestion and queries (ADR 0008).
     */
    @WithDefault("0")
    int embedThreads();

    /** The durable job queue and its workers. */
    Queue queue();

    /** Limits for archives (zip, tar, gz, bz2, 7z) whose entries are ingested as separate documents. */
    Archive archive();

    /** Background removal of deleted collections (prefix {@code docent.ingest.purge}). */
    Purge purge();

    /** Parse isolation settings (prefix {@code docent.ingest.parse}); see ADR 0007. */
    interface Parse {
        /**
         * {@code child}: parse in a pool of worker JVMs with their own heap cap, killed on timeout (a runaway parser
         * costs a worker, never the service); {@code in-process}: parse on a bounded thread pool in the service.
         */
        @WithDefault("child")
        Isolation isolation();

        /** Heap of one parse worker ({@code -Xmx}, MB); a parse needing more fails with {@code resource_limit}. */
        @WithDefault("512")
        int childHeapMb();

        /**
         * Parse worker processes (each parses one document at a time). Fewer than {@code queue.workers} is fine: a
         * queue worker waits for a free parse worker (parsing is short next to embedding), each costs its heap.
         */
        @WithDefault("2")
        int children();

        /** Parses after which a worker process is replaced by a fresh one. */
        @WithDefault("500")
        int maxParsesPerChild();

        /** How long a new worker may take to start (JVM start plus loading Tika) before parsing is unavailable. */
        @WithDefault("PT60S")
        Duration childStartTimeout();

        /** Class path of the workers; by default derived from the running JVM (fast-jar dirs, or java.class.path). */
        Optional<String> childClasspath();

        /** Extra JVM options for the workers, e.g. {@code -XX:ActiveProcessorCount=1}. */
        Optional<List<String>> childJvmArgs();
    }

    /** Where documents are parsed. */
    enum Isolation {
        CHILD,
        IN_PROCESS
    }

    /** OCR settings (prefix {@code docent.ingest.ocr}). */
    interface Ocr {
        /** {@code auto}: OCR when a {@code tesseract} binary is on the PATH; {@code true}: always; {@code false}: never. */
        @WithDefault("auto")
        OcrMode enabled();

        /** Tesseract languages joined with {@code +} (each needs its traineddata, e.g. apt tesseract-ocr-deu). */
        @WithDefault("eng")
        String languages();

        /** Budget for one Tesseract run (one page or image). */
        @WithDefault("PT120S")
        Duration timeout();
    }

    /** OCR switch values. */
    enum OcrMode {
        AUTO,
        TRUE,
        FALSE
    }

    /** Queue settings (prefix {@code docent.ingest.queue}). */
    interface Queue {
        /**
         * Worker threads of this replica claiming documents from the queue; 0 makes the replica enqueue only. They
         * hand their chunks to the embedding model's inference threads (one per core); one worker more than cores
         * keeps those busy while other workers parse or write to the database (ADR 0008).
         */
        @WithDefault("3")
        int workers();

        /** How long a claim stays valid without a heartbeat; after that another worker may take the document over. */
        @WithDefault("PT30S")
        Duration lease();

        /** How often a worker renews the leases of the documents it holds (well below {@link #lease()}). */
        @WithDefault("PT5S")
        Duration heartbeat();

        /** How often an idle worker looks for queued work (local uploads wake it at once). */
        @WithDefault("PT1S")
        Duration poll();

        /** Claims of one document (crashed workers, transient errors) before it fails with code {@code internal}. */
        @WithDefault("3")
        int maxAttempts();

        /** Delay before a document whose processing hit a transient error is retried. */
        @WithDefault("PT5S")
        Duration retryBackoff();

        /**
         * Delay before a document is retried whose embedding endpoint was unavailable (5xx, 429, timeouts, refused
         * connections, an open breaker). Such a retry does not count as an attempt, for {@link #outagePatience}
         * after the document first started: a short outage no longer fails every queued document.
         */
        @WithDefault("PT15S")
        Duration outageBackoff();

        /** How long after a document first started an endpoint outage is waited out before attempts count again. */
        @WithDefault("PT30M")
        Duration outagePatience();

        /** Longest time an upload with {@code wait=true} waits for its job before answering 202 with the job. */
        @WithDefault("PT10M")
        Duration waitTimeout();

        /** Chunks embedded per call to the embedding model (progress is reported per batch). */
        @WithDefault("32")
        int embedBatch();
    }

    /** Background removal of deleted collections' rows (prefix {@code docent.ingest.purge}). */
    interface Purge {
        /** Whether this replica removes deleted collections' rows; any one replica doing it is enough. */
        @WithDefault("true")
        boolean enabled();

        /** Chunks (or documents) deleted per transaction: short transactions, short row locks. */
        @WithDefault("2000")
        int batch();

        /** How often the purger looks for deleted collections (a local delete wakes it at once). */
        @WithDefault("PT30S")
        Duration poll();
    }

    /** Archive settings (prefix {@code docent.ingest.archive}). */
    interface Archive {
        /** Deepest nesting of archives that is expanded (an archive inside an archive is depth 2). */
        @WithDefault("3")
        int maxDepth();

        /** Most entries expanded from one archive; more fails the archive with {@code too_many_entries}. */
        @WithDefault("10000")
        int maxEntries();

        /** Largest ratio of expanded bytes to archive bytes (zip bombs) before the archive fails with {@code compression_ratio}. */
        @WithDefault("100")
        int maxCompressionRatio();

        /** Expanded bytes below which the compression ratio is not checked (small, highly compressible text). */
        @WithDefault("10485760")
        long ratioFloorBytes();

        /** Most bytes expanded from one archive in total. */
        @WithDefault("1073741824")
        long maxExpandedBytes();
    }
}
