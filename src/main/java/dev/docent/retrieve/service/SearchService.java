package dev.docent.retrieve.service;

import dev.docent.retrieve.api.SearchFilters;
import dev.docent.retrieve.api.SearchHit;
import dev.docent.retrieve.api.SearchMode;
import dev.docent.retrieve.api.SearchRequest;
import dev.docent.retrieve.api.SearchResponse;
import dev.docent.retrieve.config.RetrieveConfig;
import dev.docent.retrieve.store.ActiveModels;
import dev.docent.retrieve.store.LeadChunks;
import dev.docent.retrieve.store.PgKeywordRetriever;
import dev.docent.retrieve.store.PgVectorRetriever;
import dev.docent.security.service.DocumentVisibility;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.micrometer.core.annotation.Timed;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Search over one collection: dense and/or keyword candidates (filters inside each scan), reciprocal rank fusion,
 * optional reranking of the fused head, then the top k.
 */
@ApplicationScoped
public class SearchService {
    private final ActiveModels activeModels;
    private final PgVectorRetriever vector;
    private final PgKeywordRetriever keyword;
    private final Reranker reranker;
    private final RetrieveConfig config;
    private final RetrieveMetrics metrics;
    private final DocumentVisibility visibility;
    private final LeadChunks lead;
    /** Runs the keyword statement of a hybrid search next to embedding + ANN (JDBC blocks; threads are cheap). */
    private final ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor();

    SearchService(
            DocumentVisibility visibility,
            ActiveModels activeModels,
            PgVectorRetriever vector,
            PgKeywordRetriever keyword,
            Reranker reranker,
            RetrieveConfig config,
            RetrieveMetrics metrics,
            LeadChunks lead) {
        this.lead = lead;
        this.activeModels = activeModels;
        this.vector = vector;
        this.keyword = keyword;
        this.reranker = reranker;
        this.config = config;
        this.metrics = metrics;
        this.visibility = visibility;
    }

    @Timed(value = "docent.search", description = "Time to answer a search request")
    public SearchResponse search(UUID collectionId, SearchRequest request) {
        SearchMode mode = request.mode() == null ? config.defaultMode() : request.mode();
        boolean rerank = request.rerank() == null ? config.rerank().enabled() : request.rerank();
        List<RetrievedChunk> hits =
                retrieve(collectionId, request.query(), request.topKOrDefault(), request.filtersOrNone(), mode, rerank);
        return new SearchResponse(
                request.query(), hits.stream().map(SearchService::toHit).toList());
    }

    /** Retrieval for other capabilities: checks the collection exists, then retrieves with the defaults. */
    public List<RetrievedChunk> retrieve(UUID collectionId, String query, int topK) {
        return retrieve(collectionId, query, topK, SearchFilters.NONE);
    }

    /** Retrieval for other capabilities, restricted by {@code filters}, with the configured mode and reranking. */
    public List<RetrievedChunk> retrieve(UUID collectionId, String query, int topK, SearchFilters filters) {
        return retrieve(
                collectionId,
                query,
                topK,
                filters,
                config.defaultMode(),
                config.rerank().enabled());
    }

    /**
     * The first {@code count} chunks of each document, documents in the given order, under {@code filters} and the
     * caller's document ACLs (none of a document they hide): what a question about a document as a whole is answered
     * from.
     */
    public List<RetrievedChunk> leading(UUID collectionId, List<UUID> documentIds, int count, SearchFilters filters) {
        SearchFilters f =
                (filters == null ? SearchFilters.NONE : filters).visibleTo(visibility.restrictTo(collectionId));
        return lead.of(collectionId, documentIds, count, f);
    }

    /** Retrieval with an explicit mode and reranking choice. */
    public List<RetrievedChunk> retrieve(
            UUID collectionId, String query, int topK, SearchFilters filters, SearchMode mode, boolean rerank) {
        // one statement: the collection exists, and which model its vectors come from right now
        String model = activeModels
                .of(collectionId)
                .orElseThrow(
                        () -> new DocentException(ErrorCode.NOT_FOUND, "Collection " + collectionId + " not found"));
        // document ACLs come from the caller, whatever the request said
        SearchFilters f =
                (filters == null ? SearchFilters.NONE : filters).visibleTo(visibility.restrictTo(collectionId));
        int pool = pool(mode, rerank, topK);
        List<Candidate> candidates = switch (mode) {
            case VECTOR -> ReciprocalRankFusion.single(dense(collectionId, model, query, pool, f), true);
            case KEYWORD -> ReciprocalRankFusion.single(keyword.retrieve(collectionId, query, pool, f), false);
            case HYBRID -> hybrid(collectionId, model, query, pool, f);
        };
        if (rerank && !candidates.isEmpty()) {
            candidates = rerank(query, candidates);
        }
        return candidates.stream().limit(topK).map(Candidate::toChunk).toList();
    }

    /**
     * Candidates each retriever returns: a reranked search gives the reranker {@code candidate-pool}, a hybrid one
     * gives fusion {@code fusion.pool}, a single-list search needs only its top k.
     */
    private int pool(SearchMode mode, boolean rerank, int topK) {
        if (rerank) {
            return Math.max(topK, config.candidatePool());
        }
        return mode == SearchMode.HYBRID ? Math.max(topK, config.fusion().pool()) : topK;
    }

    /**
     * The BM25 statement runs on its own connection in a virtual thread while this thread embeds the query and runs
     * the ANN statement; both see the same filters (the caller's ACL groups were resolved before the fork).
     */
    private List<Candidate> hybrid(UUID collectionId, String model, String query, int pool, SearchFilters filters) {
        Future<List<RetrievedChunk>> keywordHits =
                parallel.submit(Context.current().wrap(() -> keyword.retrieve(collectionId, query, pool, filters)));
        List<RetrievedChunk> dense;
        try {
            dense = dense(collectionId, model, query, pool, filters);
        } catch (RuntimeException e) {
            keywordHits.cancel(false); // no interrupt: it would close a pooled connection's socket mid-statement
            throw e;
        }
        List<RetrievedChunk> sparse = join(keywordHits);
        RetrieveConfig.Fusion fusion = config.fusion();
        return metrics.time(
                "fusion",
                () -> new ReciprocalRankFusion(fusion.k(), fusion.vectorWeight(), fusion.keywordWeight())
                        .fuse(dense, sparse));
    }

    /**
     * Embedding + ANN with the model resolved at the start of the request. A re-embedding swap (ADR 0006) moves every
     * chunk of the collection to the new model in one commit, so a search that resolved the old model just before it
     * finds nothing; an empty result therefore re-reads the active model and, when it changed, searches once more
     * with the new one.
     */
    private List<RetrievedChunk> dense(UUID collectionId, String model, String query, int pool, SearchFilters f) {
        List<RetrievedChunk> hits = vector.search(collectionId, vector.embed(model, query), pool, f);
        if (!hits.isEmpty()) {
            return hits;
        }
        return activeModels
                .of(collectionId)
                .filter(now -> !now.equals(model))
                .map(now -> vector.search(collectionId, vector.embed(now, query), pool, f))
                .orElse(hits);
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new IllegalStateException("interrupted while waiting for keyword retrieval", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("keyword retrieval failed", e.getCause());
        }
    }

    @PreDestroy
    void close() {
        parallel.close(); // waits for statements in flight
    }

    private List<Candidate> rerank(String query, List<Candidate> candidates) {
        int depth = Math.min(candidates.size(), Math.max(1, config.rerank().depth()));
        List<Candidate> head = candidates.subList(0, depth);
        List<Candidate> reranked = metrics.time("rerank", () -> reranker.rerank(query, List.copyOf(head)));
        List<Candidate> out = new ArrayList<>(candidates.size());
        out.addAll(reranked);
        // the tail keeps its order and stays below the reranked head
        double floor = reranked.stream().mapToDouble(Candidate::score).min().orElse(0);
        List<Candidate> tail = candidates.subList(depth, candidates.size());
        for (int i = 0; i < tail.size(); i++) {
            out.add(tail.get(i).withScore(floor - (i + 1) * 1e-6));
        }
        return out;
    }

    private static SearchHit toHit(RetrievedChunk c) {
        return new SearchHit(
                c.chunkId(),
                c.documentId(),
                c.documentTitle(),
                c.pageStart(),
                c.pageEnd(),
                c.charStart(),
                c.charEnd(),
                c.headingPath(),
                c.text(),
                c.tableHeader(),
                c.score());
    }
}
