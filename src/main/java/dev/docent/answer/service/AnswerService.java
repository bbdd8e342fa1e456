package dev.docent.answer.service;

import dev.docent.answer.api.AnswerRequest;
import dev.docent.answer.api.AnswerResponse;
import dev.docent.answer.config.AnswerConfig;
import dev.docent.answer.conversation.ConversationStore;
import dev.docent.answer.conversation.QuestionCondenser;
import dev.docent.answer.llm.AnswerEvents;
import dev.docent.answer.llm.FailoverAnswerer;
import dev.docent.answer.llm.StreamingAnswerer;
import dev.docent.retrieve.service.RetrievedChunk;
import dev.docent.retrieve.service.SearchService;
import dev.docent.security.service.Caller;
import dev.docent.security.service.CallerContext;
import dev.docent.security.service.TokenBudget;
import io.micrometer.core.annotation.Timed;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Retrieves evidence and asks the answerers (LLM providers in order, then the extractive one). */
@ApplicationScoped
public class AnswerService {
    /** First chunks of a document added for a question about the document as a whole. */
    static final int LEAD_CHUNKS = 2;

    /** Best-matching documents whose first chunks are added ("the paper" of a collection is ambiguous). */
    static final int LEAD_DOCUMENTS = 3;

    private final SearchService search;
    private final FailoverAnswerer answerer;
    private final AnswerTelemetry telemetry;
    private final StreamingAnswerer streaming;

    private final ConversationStore conversations;
    private final QuestionCondenser condenser;
    private final CallerContext callers;
    private final TokenBudget budget;
    private final AnswerConfig config;

    AnswerService(
            AnswerConfig config,
            CallerContext callers,
            TokenBudget budget,
            SearchService search,
            FailoverAnswerer answerer,
            AnswerTelemetry telemetry,
            ConversationStore conversations,
            QuestionCondenser condenser) {
        this.search = search;
        this.answerer = answerer;
        this.telemetry = telemetry;
        this.streaming = new StreamingAnswerer(answerer);
        this.conversations = conversations;
        this.condenser = condenser;
        this.callers = callers;
        this.budget = budget;
        this.config = config;
    }

    /**
     * The question as used for retrieval: a follow-up in a conversation is condensed with its history. An LLM
     * condenser's tokens (metered as it calls) are added to the answer's usage by {@link #withCondenser}.
     */
    private QuestionCondenser.Condensed standalone(UUID collectionId, AnswerRequest request) {
        if (request.conversationId() == null) {
            return QuestionCondenser.Condensed.free(request.question());
        }
        return condenser.condensed(conversations.history(collectionId, request.conversationId()), request.question());
    }

    private static Answer withCondenser(Answer answer, QuestionCondenser.Condensed condensed) {
        return condensed.usage().equals(Usage.NONE)
                ? answer
                : answer.withUsage(answer.usage().plus(condensed.usage()));
    }

    /** Stores the turn under {@code caller}, read in the request's thread (this may run on a provider's). */
    private AnswerResponse finish(
            UUID collectionId, AnswerRequest request, Optional<Caller> caller, String standalone, Answer answer) {
        if (request.conversationId() != null) {
            conversations.append(
                    collectionId,
                    request.conversationId(),
                    caller.map(Caller::principal),
                    request.question(),
                    standalone,
                    answer.text(),
                    answer.grounded(),
                    answer.answerer(),
                    answer.citations(),
                    answer.shortAnswer());
        }
        return toResponse(request.question(), answer, request.conversationId(), standalone);
    }

    /** Answers a question; {@code callerGone} says when the caller has left ({@link Answerer#answer(String, List, java.util.function.BooleanSupplier)}). */
    @Timed(value = "docent.answer", description = "Time to answer a question")
    public AnswerResponse answer(
            UUID collectionId, AnswerRequest request, java.util.function.BooleanSupplier callerGone) {
        long start = System.nanoTime();
        Optional<Caller> caller = callers.current();
        budget.check(caller);
        QuestionCondenser.Condensed condensed = standalone(collectionId, request);
        String standalone = condensed.question();
        List<Evidence> evidence = evidence(collectionId, request, standalone);
        Answer answer = withCondenser(answerer.answer(standalone, evidence, callerGone), condensed);
        budget.charge(caller, answer.usage().totalTokens());
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        telemetry.answered(answer.answerer(), answer.grounded(), latency);
        telemetry.firstToken(answer.answerer(), latency);
        return finish(collectionId, request, caller, standalone, answer);
    }

    /**
     * Streams an answer to {@code events}; retrieval happens before this returns (so a missing collection fails
     * the request), the answer arrives on other threads. The returned stream cancels the provider call.
     */
    public Function<StreamSink, StreamingAnswerer.Stream> stream(UUID collectionId, AnswerRequest request) {
        long start = System.nanoTime();
        Optional<Caller> caller = callers.current();
        budget.check(caller);
        QuestionCondenser.Condensed condensed = standalone(collectionId, request);
        String standalone = condensed.question();
        List<Evidence> evidence = evidence(collectionId, request, standalone);
        return sink -> streaming.stream(
                standalone,
                evidence,
                timed(
                        sink,
                        start,
                        streamed -> {
                            Answer a = withCondenser(streamed, condensed);
                            budget.charge(caller, a.usage().totalTokens());
                            return finish(collectionId, request, caller, standalone, a);
                        },
                        // the client left: charged off the I/O thread that noticed it
                        spent -> Thread.ofVirtual()
                                .name("docent-budget-charge")
                                .start(() -> budget.charge(
                                        caller, spent.plus(condensed.usage()).totalTokens()))));
    }

    /** Receives a streamed answer; {@link #complete} gets the response (already stored in its conversation). */
    public interface StreamSink {
        void token(String text);

        void reset(String answerer, String reason);

        void complete(AnswerResponse response);

        void failed(Throwable error);
    }

    private AnswerEvents timed(
            StreamSink events,
            long start,
            Function<Answer, AnswerResponse> finish,
            java.util.function.Consumer<Usage> cancelled) {
        return new AnswerEvents() {
            private boolean first = true;

            @Override
            public void token(String answerer, String text) {
                if (first) {
                    first = false;
                    telemetry.firstToken(answerer, Duration.ofNanos(System.nanoTime() - start));
                }
                events.token(text);
            }

            @Override
            public void reset(String answerer, String reason) {
                events.reset(answerer, reason);
            }

            @Override
            public void complete(Answer answer) {
                telemetry.answered(answer.answerer(), answer.grounded(), Duration.ofNanos(System.nanoTime() - start));
                AnswerResponse response;
                try {
                    response = finish.apply(answer);
                } catch (RuntimeException e) {
                    events.failed(e);
                    return;
                }
                events.complete(response);
            }

            @Override
            public void failed(Throwable error) {
                events.failed(error);
            }

            @Override
            public void cancelled(Usage spent) {
                cancelled.accept(spent);
            }
        };
    }

    /**
     * Evidence for {@code query} (the question, or its standalone form) under the request's filters. A question about
     * a document as a whole ({@link OverviewIntent}) also gets the first chunks of the best-matching documents, first.
     */
    public List<Evidence> evidence(UUID collectionId, AnswerRequest request, String query) {
        List<RetrievedChunk> hits =
                search.retrieve(collectionId, query, request.topKOrDefault(), request.filtersOrNone());
        if (OverviewIntent.matches(query) && !hits.isEmpty()) {
            List<UUID> documents = hits.stream()
                    .map(RetrievedChunk::documentId)
                    .distinct()
                    .limit(LEAD_DOCUMENTS)
                    .toList();
            List<RetrievedChunk> merged =
                    new ArrayList<>(search.leading(collectionId, documents, LEAD_CHUNKS, request.filtersOrNone()));
            Set<Long> seen = new HashSet<>();
            merged.forEach(c -> seen.add(c.chunkId()));
            hits.stream().filter(c -> seen.add(c.chunkId())).forEach(merged::add);
            hits = merged;
        }
        // similarity counts only on the cosine scale the answerer's offset was calibrated on
        boolean calibrated = config.similarity().weight() != 0
                && hits.stream().anyMatch(h -> h.similarity() != null)
                && config.similarity().model().equals(search.embeddingModelOf(collectionId));
        return hits.stream().map(h -> toEvidence(h, calibrated)).toList();
    }

    public static AnswerResponse toResponse(
            String question, Answer answer, UUID conversationId, String standaloneQuestion) {
        Usage u = answer.usage();
        return new AnswerResponse(
                question,
                answer.text(),
                answer.grounded(),
                answer.answerer(),
                answer.citations().stream().map(AnswerService::toView).toList(),
                answer.support(),
                answer.attempts().stream()
                        .map(a -> new AnswerResponse.AttemptView(a.answerer(), a.reason()))
                        .toList(),
                answer.repairs().stream()
                        .map(r -> new AnswerResponse.RepairView(r.marker(), r.claim(), r.citedPassage(), r.reason()))
                        .toList(),
                answer.droppedClaims(),
                new AnswerResponse.UsageView(u.inputTokens(), u.outputTokens(), u.totalTokens(), u.costUsd()),
                conversationId,
                standaloneQuestion,
                answer.shortAnswer() == null
                        ? null
                        : new AnswerResponse.ShortAnswerView(
                                answer.shortAnswer().text(),
                                answer.shortAnswer().marker(),
                                answer.shortAnswer().charStart(),
                                answer.shortAnswer().charEnd()));
    }

    /** A chunk as evidence; one on no page of its paginated document (an embedded document) cites no page. */
    private static Evidence toEvidence(RetrievedChunk c, boolean withSimilarity) {
        return new Evidence(
                c.documentId(),
                c.documentTitle(),
                c.chunkId(),
                c.text(),
                c.charStart(),
                c.pageStart() == null ? List.of() : c.documentPageStarts(),
                c.score(),
                c.tableHeader(),
                withSimilarity ? c.similarity() : null);
    }

    public static AnswerResponse.CitationView toView(Citation c) {
        return new AnswerResponse.CitationView(
                c.marker(), c.documentId(), c.title(), c.chunkId(), c.page(), c.charStart(), c.charEnd(), c.quote());
    }
}
