package dev.docent.ingest.api;

/**
 * What a collection holds, counted over the documents the caller may see (document ACLs apply, so a count never
 * discloses hidden documents).
 *
 * @param documents documents, whatever their status
 * @param failedDocuments documents whose newest upload failed and that have no usable version
 * @param chunks chunks of those documents (what search and answers read)
 * @param sizeBytes sum of the documents' original sizes
 */
public record CollectionStats(long documents, long failedDocuments, long chunks, long sizeBytes) {}
