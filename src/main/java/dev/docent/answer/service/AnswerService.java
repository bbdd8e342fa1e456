package dev.docent.answer.service;

import dev.docent.answer.api.AnswerRequest;
import dev.docent.answer.api.AnswerResponse;
import dev.docent.retrieve.service.RetrievedChunk;
import dev.docent.retrieve.service.SearchService;
import io.micrometer.core.annotation.Timed;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Retrieves evidence and asks the configured {@link Answerer}. */
@ApplicationScoped
public class AnswerService {
    private final SearchService search;
    private final Answerer answerer;

    AnswerService(SearchService search, Answerer answerer) {
        this.search = search;
        this.answerer = answerer;
    }

    @Timed(value = "docent.answer", description = "Time to answer a question")
    public AnswerResponse answer(UUID collectionId, AnswerRequest request) {
        List<Evidence> evidence = search.retrieve(collectionId, request.question(), request.topKOrDefault()).stream()
                .map(AnswerService::toEvidence)
                .toList();
        Answer answer = answerer.answer(request.question(), evidence);
        return new AnswerResponse(
                request.question(),
                answer.text(),
                answer.grounded(),
                answer.answerer(),
                answer.citations().stream().map(AnswerService::toView).toList());
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

    private static AnswerResponse.CitationView toView(Citation c) {
        return new AnswerResponse.CitationView(
                c.marker(), c.documentId(), c.title(), c.chunkId(), c.page(), c.charStart(), c.charEnd(), c.quote());
    }
}
