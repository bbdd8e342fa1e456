package dev.docent.retrieve.service;

import java.util.List;
import java.util.UUID;

/** Port: the best chunks of a collection for a query, best first. */
public interface Retriever {
    List<RetrievedChunk> retrieve(UUID collectionId, String query, int topK);
}
