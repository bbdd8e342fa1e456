package dev.docent.retrieve.config;

import dev.docent.retrieve.api.SearchMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Retrieval settings (prefix {@code docent.retrieve}). */
@ConfigMapping(prefix = "docent.retrieve")
public interface RetrieveConfig {

    /** Mode used when a request names none: {@code vector}, {@code keyword} or {@code hybrid}. */
    @WithDefault("hybrid")
    SearchMode defaultMode();

    /** Candidates each retriever contributes before fusion and reranking (at least topK is always fetched). */
    @WithDefault("100")
    int candidatePool();

    /** Dense (pgvector HNSW) retrieval. */
    Vector vector();

    /** Keyword retrieval. */
    Keyword keyword();

    /** Reciprocal rank fusion for hybrid mode. */
    Fusion fusion();

    /** Reranking of the fused candidates. */
    Rerank rerank();

    /** Dense retrieval settings. */
    interface Vector {
        /**
         * {@code hnsw.ef_search} is {@code factor * pool}, clamped to [{@link #minEfSearch()}, 1000]. 3.0 (ef_search
         * 300 for the default 100-candidate pool) measured HNSW recall@10 0.984 at 100k chunks, 2.0 measured 0.9755
         * (docs/retrieval.md).
         */
        @WithDefault("3.0")
        double efSearchFactor();

        /**
         * Lower bound of {@code hnsw.ef_search}, which decides vector mode without reranking (k=10 asks for 10
         * candidates). At 100k chunks recall@10 against exact search was 0.8865 at pgvector's default 40, 0.9625 at
         * 100 and 0.9815 at 200 (docs/retrieval.md).
         */
        @WithDefault("200")
        int minEfSearch();

        /** Most tuples an iterative index scan visits to fill a filtered top-k ({@code hnsw.max_scan_tuples}). */
        @WithDefault("20000")
        int maxScanTuples();

        /**
         * Collections of at most this many chunks, and less than {@link #exactMaxShare()} of their dimension's HNSW
         * index, are read exactly instead of through the shared graph ({@code VectorScan}); 0 never reads exactly. An
         * exact read of 9,648 chunks took 6.5 ms with vectors stored inline (V14); filtering the same collection out
         * of a 117k-entry graph took 55-60 ms (docs/retrieval.md).
         */
        @WithDefault("10000")
        int exactMaxChunks();

        /** Largest share of its dimension's HNSW index a collection may have and still be read exactly. */
        @WithDefault("0.5")
        double exactMaxShare();
    }

    /** Keyword retrieval settings. */
    interface Keyword {
        /** {@code bm25} (statistics kept in PostgreSQL) or {@code ts-rank-cd} (PostgreSQL's cover density rank). */
        @WithDefault("bm25")
        String scorer();

        /** BM25 term-frequency saturation (Anserini's Lucene BM25 default 0.9). */
        @WithDefault("0.9")
        double k1();

        /** BM25 length normalisation (Anserini default 0.4). */
        @WithDefault("0.4")
        double b();

        /** Text search configuration; must match the one that builds {@code chunk.tsv}. */
        @WithDefault("english")
        String textSearchConfig();

        /**
         * Most postings read per query lexeme, best BM25 term weight first (ADR 0014); candidates are then scored
         * exactly. Bounds the cost of common words on large collections; 0 reads every posting.
         */
        @WithDefault("1000")
        int postingsPerTerm();

        /**
         * Most postings read per query, shared among its lexemes in proportion to their weight (idf), each still at
         * most {@link #postingsPerTerm()}: a question of many words reads fewer postings of its common ones. 0 lets
         * every lexeme read {@link #postingsPerTerm()}.
         */
        @WithDefault("6000")
        int postingsPerQuery();

        /**
         * How long a common lexeme's document frequency is reused before it is counted again (per replica). A lexeme
         * is common from {@value dev.docent.retrieve.store.PgKeywordRetriever#COMMON_DF} postings on; its idf moves
         * by well under a percent while a collection grows by a few percent.
         */
        @WithDefault("PT10M")
        Duration dfCacheTtl();
    }

    /** Reciprocal rank fusion settings: score = sum over retrievers of weight / (k + rank). */
    interface Fusion {
        /** The RRF constant k (60 in the original paper). */
        @WithDefault("60")
        int k();

        /** Weight of the dense retriever's ranks. */
        @WithDefault("1.0")
        double vectorWeight();

        /** Weight of the keyword retriever's ranks. */
        @WithDefault("1.0")
        double keywordWeight();

        /**
         * Candidates each retriever contributes to a hybrid search that is not reranked (at least topK; a reranked
         * search takes {@link RetrieveConfig#candidatePool()}). The pool sets most of a hybrid search's cost (HNSW
         * ef_search follows it, and BM25 completes 3 candidates per hit) while ranks deep in either list barely move
         * RRF's top 10: measured on SciFact in docs/retrieval.md.
         */
        @WithDefault("50")
        int pool();
    }

    /** Reranking settings. */
    interface Rerank {
        /** Rerank when the request does not say; the default reranker is the built-in offline one. */
        @WithDefault("true")
        boolean enabled();

        /** Which reranker: {@code features} (built-in, offline), {@code onnx} (cross-encoder) or {@code http}. */
        @WithDefault("features")
        String provider();

        /** How many fused candidates are reranked. */
        @WithDefault("50")
        int depth();

        /** Built-in feature reranker. */
        Features features();

        /** ONNX cross-encoder from a local path ({@code model.onnx} + {@code tokenizer.json}). */
        Onnx onnx();

        /** Cohere/Jina-style rerank HTTP API. */
        Http http();
    }

    /** Weights of the built-in reranker's linear score over min-max normalised features. */
    interface Features {
        /** Weight of the dense cosine similarity. */
        @WithDefault("1.0")
        double dense();

        /** Weight of the BM25 score. */
        @WithDefault("0.3")
        double bm25();

        /** Weight of the share of query lexemes the chunk contains. */
        @WithDefault("0.1")
        double coverage();

        /** Weight of the share of query lexemes found in the document title. */
        @WithDefault("0.05")
        double title();

        /**
         * Weight of the share of the query's identifiers (tokens with a digit) the chunk contains verbatim; above the
         * sum of the other weights, so a chunk holding every identifier of the query outranks one holding none.
         */
        @WithDefault("1.5")
        double identifier();
    }

    /** ONNX cross-encoder settings. */
    interface Onnx {
        /** Directory with {@code model.onnx} and {@code tokenizer.json}; required when the provider is {@code onnx}. */
        Optional<String> modelPath();

        /** Longest input in tokens (query + passage). */
        @WithDefault("512")
        int maxTokens();
    }

    /** Rerank HTTP API settings; timeouts, retries and the breaker live in quarkus.fault-tolerance keys. */
    interface Http {
        /** Base URL, e.g. {@code https://api.cohere.com} (the adapter posts to {@code /v1/rerank}). */
        @WithDefault("http://localhost:8099")
        String baseUrl();

        /** Model name sent with each request. */
        @WithDefault("rerank-english-v3.0")
        String model();

        /** Bearer token; none when empty. */
        Optional<String> apiKey();

        /** Connect timeout of the HTTP client. */
        @WithDefault("PT2S")
        Duration connectTimeout();

        /** Timeout of one rerank request (each retry gets its own); the whole call is also bounded by @Timeout. */
        @WithDefault("PT2S")
        Duration requestTimeout();
    }
}
