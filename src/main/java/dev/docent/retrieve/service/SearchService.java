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
import dev.docent.shared.cache.TtlCache;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.micrometer.core.annotation.Timed;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    /**
     * The model each collection's vectors came from when this replica last searched it: only a guess to embed with
     * while the active model is read ({@link #embedWithActiveModel}).
     */
    private final TtlCache<UUID, String> lastSeenModel = new TtlCache<>(Duration.ofMinutes(10), 10_000);

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
        Retrieval r =
                run(collectionId, request.query(), request.topKOrDefault(), request.filtersOrNone(), mode, rerank);
        return new SearchResponse(
                request.query(),
                r.hits().stream().map(SearchService::toHit).toList(),
                rerank ? new SearchResponse.Rerank(reranker.name(), r.reranked()) : null);
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

    /**
     * The embedding model the collection's vectors come from now (what {@link RetrievedChunk#similarity()} was
     * measured with), or 404.
     */
    public String embeddingModelOf(UUID collectionId) {
        return model(activeModels.of(collectionId), collectionId);
    }

    /** Retrieval with an explicit mode and reranking choice. */
    public List<RetrievedChunk> retrieve(
            UUID collectionId, String query, int topK, SearchFilters filters, SearchMode mode, boolean rerank) {
        return run(collectionId, query, topK, filters, mode, rerank).hits();
    }

    /** The hits, and whether the reranker's order was applied (false when it failed, or none was asked for). */
    private record Retrieval(List<RetrievedChunk> hits, boolean reranked) {}

    private Retrieval run(
            UUID collectionId, String query, int topK, SearchFilters filters, SearchMode mode, boolean rerank) {
        // document ACLs come from the caller, whatever the request said
        SearchFilters f =
                (filters == null ? SearchFilters.NONE : filters).visibleTo(visibility.restrictTo(collectionId));
        int pool = pool(mode, rerank, topK);
        List<Candidate> candidates = switch (mode) {
            case VECTOR -> ReciprocalRankFusion.single(dense(collectionId, query, pool, f), true);
            case KEYWORD -> ReciprocalRankFusion.single(keyword(collectionId, query, pool, f), false);
            case HYBRID -> hybrid(collectionId, query, pool, f);
        };
        boolean reranked = false;
        if (rerank && !candidates.isEmpty()) {
            List<Candidate> out = rerank(query, candidates);
            reranked = out != null;
            candidates = reranked ? out : candidates;
        } else if (rerank) {
            reranked = true; // nothing to order
        }
        return new Retrieval(
                candidates.stream().limit(topK).map(Candidate::toChunk).toList(), reranked);
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
     * The BM25 statement runs on its own connection in a virtual thread from the start of the request, while this
     * thread resolves the collection's model, embeds the query and runs the ANN statement; both see the same filters
     * (the caller's ACL groups were resolved before the fork).
     */
    private List<Candidate> hybrid(UUID collectionId, String query, int pool, SearchFilters filters) {
        Future<List<RetrievedChunk>> keywordHits = forkKeyword(collectionId, query, pool, filters);
        List<RetrievedChunk> dense;
        try {
            dense = dense(collectionId, query, pool, filters);
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

    /** Keyword candidates, read while this thread checks that the collection exists. */
    private List<RetrievedChunk> keyword(UUID collectionId, String query, int pool, SearchFilters filters) {
        Future<List<RetrievedChunk>> hits = forkKeyword(collectionId, query, pool, filters);
        try {
            model(activeModels.of(collectionId), collectionId);
        } catch (RuntimeException e) {
            hits.cancel(false);
            throw e;
        }
        return join(hits);
    }

    private Future<List<RetrievedChunk>> forkKeyword(UUID collectionId, String query, int pool, SearchFilters filters) {
        return parallel.submit(Context.current().wrap(() -> keyword.retrieve(collectionId, query, pool, filters)));
    }

    /**
     * Embedding + ANN with the model that is active at the start of the request. A re-embedding swap (ADR 0006) moves
     * every chunk of the collection to the new model in one commit, so a search that resolved the old model just
     * before it finds nothing; an empty result therefore re-reads the active model and, when it changed, searches
     * once more with the new one.
     */
    private List<RetrievedChunk> dense(UUID collectionId, String query, int pool, SearchFilters f) {
        PgVectorRetriever.QueryVector embedded = embedWithActiveModel(collectionId, query);
        List<RetrievedChunk> hits = vector.search(collectionId, embedded, pool, f);
        if (!hits.isEmpty()) {
            return hits;
        }
        return activeModels
                .of(collectionId)
                .filter(now -> !now.equals(embedded.model()))
                .map(now -> vector.search(collectionId, vector.embed(now, query), pool, f))
                .orElse(hits);
    }

    /**
     * The query embedded with the collection's active model, which is read on every request (never trusted from a
     * cache). When this replica has seen the collection before, the query is embedded with the model it had then
     * while the lookup runs, so the lookup's round trip is off the critical path; a different answer (a swap
     * happened) embeds again with the active model.
     */
    private PgVectorRetriever.QueryVector embedWithActiveModel(UUID collectionId, String query) {
        String seen = lastSeenModel.peek(collectionId);
        if (seen == null) {
            String model = model(activeModels.of(collectionId), collectionId);
            lastSeenModel.put(collectionId, model);
            return vector.embed(model, query);
        }
        Future<Optional<String>> lookup = parallel.submit(Context.current().wrap(() -> activeModels.of(collectionId)));
        PgVectorRetriever.QueryVector guess = null;
        RuntimeException guessFailed = null;
        try {
            guess = vector.embed(seen, query);
        } catch (RuntimeException e) {
            guessFailed = e; // it matters only if that model is still the active one
        }
        String model;
        try {
            model = model(join(lookup), collectionId);
        } catch (RuntimeException e) {
            lastSeenModel.invalidateKeys(collectionId::equals);
            throw e;
        }
        if (model.equals(seen)) {
            if (guessFailed != null) {
                throw guessFailed;
            }
            return guess;
        }
        lastSeenModel.put(collectionId, model);
        return vector.embed(model, query);
    }

    /** The model of an existing collection, or 404. */
    private static String model(Optional<String> active, UUID collectionId) {
        return active.orElseThrow(
                () -> new DocentException(ErrorCode.NOT_FOUND, "Collection " + collectionId + " not found"));
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

    /** The candidates with the reranked head first, or null when the reranker could not rerank them. */
    private List<Candidate> rerank(String query, List<Candidate> candidates) {
        int depth = Math.min(candidates.size(), Math.max(1, config.rerank().depth()));
        List<Candidate> head = List.copyOf(candidates.subList(0, depth));
        List<Candidate> reranked = metrics.time("rerank", () -> reranker.rerank(query, head));
        if (reranked == head) {
            return null; // the reranker gave the list back: it failed, the fused order stays
        }
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
