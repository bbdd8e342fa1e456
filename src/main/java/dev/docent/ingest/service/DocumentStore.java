package dev.docent.ingest.service;

import dev.docent.ingest.chunk.TextChunk;
import dev.docent.ingest.store.ChunkEntity;
import dev.docent.ingest.store.DocumentEntity;
import dev.docent.ingest.store.DocumentTextEntity;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes one document version in a single transaction: the document row, its text and its chunks. Readers
 * keep seeing the previous version's chunks until the commit (PostgreSQL MVCC), so replacement is atomic.
 */
@ApplicationScoped
public class DocumentStore {

    /**
     * What to store for one accepted version.
     *
     * @param aclGroups the document's ACL groups, or null to keep its current ones (none for a new document)
     * @param ownerMetadata the owner's metadata, or null to keep the document's current owner metadata
     */
    public record NewVersion(
            UUID collectionId,
            String externalId,
            String sha256,
            long sizeBytes,
            List<String> aclGroups,
            Map<String, String> ownerMetadata,
            IngestionPipeline.Result result,
            Map<String, String> extraMetadata) {}

    /** Stores the version; returns the document and whether an older version was replaced. */
    @Transactional
    public Stored store(NewVersion v) {
        return store(v, null);
    }

    /**
     * Stores the version as coming from the upload numbered {@code sourceSeq} (ADR 0002 amendment; null leaves the
     * document's number as it is), written with the document row itself.
     */
    @Transactional
    public Stored store(NewVersion v, Long sourceSeq) {
        DocumentEntity doc = DocumentEntity.findByExternalId(v.collectionId(), v.externalId())
                .orElse(null);
        boolean replaced = doc != null && "succeeded".equals(doc.status);
        Instant now = Instant.now();
        if (doc == null) {
            doc = new DocumentEntity();
            doc.id = UUID.randomUUID();
            doc.collectionId = v.collectionId();
            doc.externalId = v.externalId();
            doc.version = 1;
            doc.createdAt = now;
        } else {
            doc.version = doc.version + 1;
            ChunkEntity.delete("documentId", doc.id);
        }
        var parsed = v.result().document();
        doc.title = parsed.title();
        doc.mediaType = parsed.mediaType();
        doc.contentSha256 = v.sha256();
        doc.sizeBytes = v.sizeBytes();
        doc.status = "succeeded";
        doc.errorCode = null;
        doc.errorMessage = null;
        Map<String, String> metadata = new LinkedHashMap<>(parsed.metadata());
        metadata.putAll(v.extraMetadata());
        List<String> groups = v.aclGroups();
        Map<String, String> owner = v.ownerMetadata();
        if (sourceSeq != null) {
            // groups or metadata set on the document after this upload was made stay: the later statement wins
            if (doc.aclSeq != null && doc.aclSeq > sourceSeq) {
                groups = null;
            }
            if (doc.metadataSeq != null && doc.metadataSeq > sourceSeq) {
                owner = null;
            }
        }
        applyAttributes(doc, metadata, groups, owner);
        doc.pageStarts = parsed.pageStarts().toArray(Integer[]::new);
        doc.updatedAt = now;
        if (sourceSeq != null) {
            doc.sourceSeq = sourceSeq;
        }
        doc.persist();

        DocumentTextEntity text = DocumentTextEntity.findById(doc.id);
        if (text == null) {
            text = new DocumentTextEntity();
            text.documentId = doc.id;
        }
        text.version = doc.version;
        text.text = parsed.text();
        text.persist();
        Panache.getEntityManager().flush();

        List<TextChunk> chunks = v.result().chunks();
        for (int i = 0; i < chunks.size(); i++) {
            TextChunk c = chunks.get(i);
            ChunkEntity e = new ChunkEntity();
            e.documentId = doc.id;
            e.collectionId = doc.collectionId;
            e.ordinal = c.ordinal();
            e.text = c.text();
            e.tokenCount = c.tokenCount();
            e.pageStart = c.pageStart();
            e.pageEnd = c.pageEnd();
            e.charStart = c.charStart();
            e.charEnd = c.charEnd();
            e.headingPath = c.headingPath().toArray(String[]::new);
            e.tableHeader = c.tableHeader();
            e.embedding = v.result().embeddings().get(i);
            e.embeddingModel = v.result().embeddingModel();
            e.persist();
        }
        return new Stored(doc, chunks.size(), replaced);
    }

    /**
     * Records that a file failed. A document that already has a good version keeps it untouched (its old chunks
     * stay searchable); otherwise the document is listed with status {@code failed} and the error, without chunks.
     *
     * @return the document's id
     */
    @Transactional
    public UUID recordFailure(Failure f) {
        DocumentEntity doc = DocumentEntity.findByExternalId(f.collectionId(), f.externalId())
                .orElse(null);
        if (doc != null && "succeeded".equals(doc.status)) {
            return doc.id;
        }
        Instant now = Instant.now();
        if (doc == null) {
            doc = new DocumentEntity();
            doc.id = UUID.randomUUID();
            doc.collectionId = f.collectionId();
            doc.externalId = f.externalId();
            doc.version = 0;
            doc.createdAt = now;
            doc.pageStarts = new Integer[0];
        }
        doc.title = f.fileName();
        doc.contentSha256 = f.sha256();
        doc.sizeBytes = f.sizeBytes();
        doc.status = "failed";
        doc.errorCode = f.errorCode();
        doc.errorMessage = f.errorMessage();
        applyAttributes(doc, new LinkedHashMap<>(), f.aclGroups(), f.ownerMetadata());
        doc.updatedAt = now;
        doc.persist();
        Panache.getEntityManager().flush();
        return doc.id;
    }

    /** A file that could not be ingested. */
    public record Failure(
            UUID collectionId,
            String externalId,
            String fileName,
            String sha256,
            long sizeBytes,
            List<String> aclGroups,
            Map<String, String> ownerMetadata,
            String errorCode,
            String errorMessage) {}

    /**
     * Sets the document's ACL groups and owner metadata from an upload, keeping the current ones where the upload
     * states none (null), and its metadata to {@code extracted} overlaid with the owner's.
     */
    private static void applyAttributes(
            DocumentEntity doc, Map<String, String> extracted, List<String> aclGroups, Map<String, String> owner) {
        if (aclGroups != null) {
            doc.aclGroups = aclGroups.toArray(String[]::new);
        } else if (doc.aclGroups == null) {
            doc.aclGroups = new String[0];
        }
        if (owner != null) {
            doc.ownerMetadata = owner;
        } else if (doc.ownerMetadata == null) {
            doc.ownerMetadata = Map.of();
        }
        extracted.putAll(doc.ownerMetadata);
        doc.metadata = extracted;
    }

    /** A stored document version. */
    public record Stored(DocumentEntity document, int chunkCount, boolean replaced) {}
}
