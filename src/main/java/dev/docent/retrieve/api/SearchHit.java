package dev.docent.retrieve.api;

import java.util.List;
import java.util.UUID;

/** One search result: a chunk with where it sits in its document. */
public record SearchHit(
        long chunkId,
        UUID documentId,
        String title,
        Integer page,
        Integer pageEnd,
        int charStart,
        int charEnd,
        List<String> headingPath,
        String text,
        double score) {}
