package dev.docent.retrieve.service;

import dev.docent.retrieve.api.SearchFilters;
import java.util.List;
import java.util.UUID;

/** Port: the best chunks of a collection for a query, best first. */
public interface Retriever {
    /** The best {@code topK} chunks of the collection matching {@code filters} (applied inside the scan). */
    List<RetrievedChunk> retrieve(UUID collectionId, String query, int topK, SearchFilters filters);
}
