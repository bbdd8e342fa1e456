package dev.docent.retrieve.api;

import java.util.List;

/** Search results, best first. */
public record SearchResponse(String query, List<SearchHit> hits) {}
