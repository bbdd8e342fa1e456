package dev.docent.ingest.service;

import dev.docent.ingest.api.DocumentTextView;
import dev.docent.ingest.api.DocumentView;
import dev.docent.ingest.store.ChunkEntity;
import dev.docent.ingest.store.DocumentEntity;
import dev.docent.ingest.store.DocumentTextEntity;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.micrometer.core.annotation.Timed;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Upload, list, read and delete documents of a collection. */
@ApplicationScoped
public class DocumentService {
    private final CollectionService collections;
    private final IngestionPipeline pipeline;
    private final DocumentStore store;

    DocumentService(CollectionService collections, IngestionPipeline pipeline, DocumentStore store) {
        this.collections = collections;
        this.pipeline = pipeline;
        this.store = store;
    }

    /**
     * Ingests one uploaded file. Identical bytes under the same external id are a no-op; new bytes replace
     * the previous version atomically; a file that fails leaves the previous version untouched.
     *
     * @param externalId caller's id for the document; defaults to the file name
     */
    @Timed(value = "docent.ingest.document", description = "Time to ingest one uploaded document")
    public DocumentView upload(UUID collectionId, Path file, String fileName, String externalId, List<String> acl) {
        collections.require(collectionId);
        String id = externalId == null || externalId.isBlank() ? fileName : externalId.strip();
        String sha = sha256(file);
        Optional<DocumentView> unchanged = findUnchanged(collectionId, id, sha);
        if (unchanged.isPresent()) {
            return unchanged.get();
        }
        IngestionPipeline.Result result = pipeline.run(file, fileName);
        DocumentStore.Stored stored =
                store.store(new DocumentStore.NewVersion(collectionId, id, sha, size(file), acl, result));
        return toView(stored.document(), stored.chunkCount(), stored.replaced() ? "replaced" : "created");
    }

    @Transactional
    Optional<DocumentView> findUnchanged(UUID collectionId, String externalId, String sha) {
        return DocumentEntity.findByExternalId(collectionId, externalId)
                .filter(d -> d.contentSha256.equals(sha) && "succeeded".equals(d.status))
                .map(d -> toView(d, (int) ChunkEntity.count("documentId", d.id), "unchanged"));
    }

    @Transactional
    public List<DocumentView> list(UUID collectionId) {
        collections.require(collectionId);
        return DocumentEntity.<DocumentEntity>list("collectionId", Sort.by("createdAt"), collectionId).stream()
                .map(d -> toView(d, (int) ChunkEntity.count("documentId", d.id), null))
                .toList();
    }

    @Transactional
    public DocumentView get(UUID collectionId, UUID documentId) {
        DocumentEntity d = require(collectionId, documentId);
        return toView(d, (int) ChunkEntity.count("documentId", d.id), null);
    }

    @Transactional
    public DocumentTextView text(UUID collectionId, UUID documentId) {
        DocumentEntity d = require(collectionId, documentId);
        DocumentTextEntity text = DocumentTextEntity.findById(d.id);
        return new DocumentTextView(d.id, text.version, text.text, Arrays.asList(d.pageStarts));
    }

    /** Deletes the document, its text and its chunks. */
    @Transactional
    public void delete(UUID collectionId, UUID documentId) {
        DocumentEntity d = require(collectionId, documentId);
        ChunkEntity.delete("documentId", d.id);
        d.delete();
    }

    private DocumentEntity require(UUID collectionId, UUID documentId) {
        DocumentEntity d = DocumentEntity.findById(documentId);
        if (d == null || !d.collectionId.equals(collectionId)) {
            throw new DocentException(ErrorCode.NOT_FOUND, "Document " + documentId + " not found");
        }
        return d;
    }

    static DocumentView toView(DocumentEntity d, int chunks, String outcome) {
        Integer pages = d.pageStarts == null || d.pageStarts.length == 0 ? null : d.pageStarts.length;
        return new DocumentView(
                d.id,
                d.collectionId,
                d.externalId,
                d.title,
                d.mediaType,
                d.contentSha256,
                d.version,
                d.status,
                d.sizeBytes,
                chunks,
                pages,
                d.aclGroups == null ? List.of() : Arrays.asList(d.aclGroups),
                d.updatedAt,
                outcome);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
