package dev.docent.ingest.chunk;

/** Counts tokens of a text as the embedding model would see them. Implementations must be thread-safe. */
@FunctionalInterface
public interface TokenCounter {

    /** Number of tokens in {@code text}, without special tokens such as {@code [CLS]}/{@code [SEP]}; 0 for "". */
    int count(String text);
}
