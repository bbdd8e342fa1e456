package dev.docent.answer.service;

import dev.docent.answer.api.AnswerRequest;
import dev.docent.answer.api.AnswerResponse;
import dev.docent.answer.llm.AnswerEvents;
import dev.docent.answer.llm.FailoverAnswerer;
import dev.docent.answer.llm.StreamingAnswerer;
import dev.docent.retrieve.service.RetrievedChunk;
import dev.docent.retrieve.service.SearchService;
import io.micrometer.core.annotation.Timed;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Retrieves evidence and asks the answerers (LLM providers in order, then the extractive one). */
@ApplicationScoped
public class AnswerService {
    private final SearchService search;
    private final FailoverAnswerer answerer;
    private final AnswerTelemetry telemetry;
    private final StreamingAnswerer streaming;

    AnswerService(SearchService search, FailoverAnswerer answerer, AnswerTelemetry telemetry) {
        this.search = search;
        this.answerer = answerer;
        this.telemetry = telemetry;
        this.streaming = new StreamingAnswerer(answerer);
    }

    @Timed(value = "docent.answer", description = "Time to answer a question")
    public AnswerResponse answer(UUID collectionId, AnswerRequest request) {
        long start = System.nanoTime();
        List<Evidence> evidence = evidence(collectionId, request, request.question());
        Answer answer = answerer.answer(request.question(), evidence);
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        telemetry.answered(answer.answerer(), answer.grounded(), latency);
        telemetry.firstToken(answer.answerer(), latency);
        return toResponse(request.question(), answer, null, request.question());
    }

    /**
     * Streams an answer to {@code events}; retrieval happens before this returns (so a missing collection fails
     * the request), the answer arrives on other threads. The returned stream cancels the provider call.
     */
    public Function<AnswerEvents, StreamingAnswerer.Stream> stream(UUID collectionId, AnswerRequest request) {
        long start = System.nanoTime();
        List<Evidence> evidence = evidence(collectionId, request, request.question());
        return events -> streaming.stream(request.question(), evidence, timed(events, start));
    }

    private AnswerEvents timed(AnswerEvents events, long start) {
        return new AnswerEvents() {
            private boolean first = true;

            @Override
            public void token(String text) {
                if (first) {
                    first = false;
                    telemetry.firstToken("stream", Duration.ofNanos(System.nanoTime() - start));
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
                events.complete(answer);
            }

            @Override
            public void failed(Throwable error) {
                events.failed(error);
            }
        };
    }

    /** Evidence for {@code query} (the question, or its standalone form) under the request's filters. */
    public List<Evidence> evidence(UUID collectionId, AnswerRequest request, String query) {
        return search.retrieve(collectionId, query, request.topKOrDefault(), request.filtersOrNone()).stream()
                .map(AnswerService::toEvidence)
                .toList();
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
                standaloneQuestion);
    }

    private static Evidence toEvidence(RetrievedChunk c) {
        return new Evidence(
                c.documentId(),
                c.documentTitle(),
                c.chunkId(),
                c.text(),
                c.charStart(),
                c.documentPageStarts(),
                c.score());
    }

    public static AnswerResponse.CitationView toView(Citation c) {
        return new AnswerResponse.CitationView(
                c.marker(), c.documentId(), c.title(), c.chunkId(), c.page(), c.charStart(), c.charEnd(), c.quote());
    }
}
