package dev.docent.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.ingest.api.CollectionStats;
import dev.docent.ingest.api.DocumentChunksView;
import dev.docent.ingest.api.DocumentTextView;
import dev.docent.ingest.api.DocumentView;
import dev.docent.ingest.config.IngestConfig;
import dev.docent.ingest.queue.ExternalIds;
import dev.docent.ingest.queue.JobQueue;
import dev.docent.ingest.queue.NewItem;
import dev.docent.ingest.store.ChunkEntity;
import dev.docent.ingest.store.DocumentEntity;
import dev.docent.ingest.store.DocumentTextEntity;
import dev.docent.security.service.DocumentVisibility;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import dev.docent.shared.text.StorableText;
import io.quarkus.hibernate.orm.panache.Panache;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Upload, list, read and delete documents of a collection. */
@ApplicationScoped
public class DocumentService {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** As {@code SetAclRequest}: groups per document, characters per group. */
    private static final int MAX_GROUPS = 100;

    private static final int MAX_GROUP_CHARS = 200;
    private final CollectionService collections;
    private final JobQueue queue;
    private final IngestionWorkers workers;
    private final long maxFileBytes;
    private final DocumentVisibility visibility;

    DocumentService(
            CollectionService collections,
            JobQueue queue,
            IngestionWorkers workers,
            IngestConfig config,
            DocumentVisibility visibility) {
        this.visibility = visibility;
        this.collections = collections;
        this.queue = queue;
        this.workers = workers;
        this.maxFileBytes = config.maxFileBytes();
    }

    /** One uploaded file on local disk. */
    public record Upload(Path file, String fileName) {}

    /**
     * Stores the uploaded files durably in the queue and returns the id of the job that ingests them. Identical
     * bytes under the same external id finish at once as {@code unchanged}; new bytes replace the previous version
     * atomically when ingested; a file that fails leaves the previous version untouched.
     *
     * @param externalId caller's id for the document (one file only); defaults to the file name
     */
    public UUID enqueue(
            UUID collectionId, List<Upload> files, String externalId, List<String> acl, Map<String, String> metadata) {
        collections.require(collectionId);
        if (files.isEmpty()) {
            throw new DocentException(ErrorCode.VALIDATION_FAILED, "multipart field 'file' is required");
        }
        boolean hasId = externalId != null && !externalId.isBlank();
        if (hasId && files.size() > 1) {
            throw new DocentException(ErrorCode.VALIDATION_FAILED, "externalId can only be given with a single file");
        }
        if (hasId) {
            requireIdText("externalId", externalId.strip());
        }
        for (Upload f : files) {
            requireIdText("the file name '" + clip(f.fileName()) + "'", f.fileName());
        }
        requireGroups(acl);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Upload f : files) {
            if (!names.add(f.fileName())) {
                // both would be versions of one document, and which stays would depend on which finished last
                throw new DocentException(
                        ErrorCode.VALIDATION_FAILED,
                        "Two files named '" + f.fileName() + "' in one upload; give them different names.");
            }
        }
        List<NewItem> items = files.stream()
                .map(f -> new NewItem(
                        f.file(),
                        f.fileName(),
                        hasId ? externalId.strip() : f.fileName(),
                        acl,
                        metadata,
                        sha256(f.file()),
                        size(f.file()),
                        false))
                .toList();
        List<String> restriction = visibility.restrictTo(collectionId);
        requireReplaceable(
                collectionId, items.stream().map(NewItem::externalId).distinct().toList(), restriction);
        UUID jobId = queue.createJob(collectionId, items, maxFileBytes, restriction);
        workers.wake();
        return jobId;
    }

    /** An external id (or a file name, the default one) the queue can index and store as it is. */
    private static void requireIdText(String what, String value) {
        if (value.length() > ExternalIds.MAX_CHARS) {
            throw new DocentException(
                    ErrorCode.VALIDATION_FAILED,
                    what + " is longer than " + ExternalIds.MAX_CHARS + " characters"
                            + (what.startsWith("the file name") ? "; give a shorter externalId" : ""));
        }
        if (!StorableText.isStorable(value)) {
            throw new DocentException(ErrorCode.VALIDATION_FAILED, what + " " + StorableText.REASON);
        }
    }

    /** The upload's ACL groups within the limits {@code PUT .../acl} applies. */
    private static void requireGroups(List<String> groups) {
        if (groups == null) {
            return;
        }
        if (groups.size() > MAX_GROUPS) {
            throw new DocentException(
                    ErrorCode.VALIDATION_FAILED, "aclGroups: at most " + MAX_GROUPS + " groups are allowed");
        }
        for (String g : groups) {
            if (g.length() > MAX_GROUP_CHARS || !StorableText.isStorable(g)) {
                throw new DocentException(
                        ErrorCode.VALIDATION_FAILED,
                        "aclGroups: each group is at most " + MAX_GROUP_CHARS
                                + " characters, without NUL characters or unpaired surrogates");
            }
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /**
     * Refuses an upload that would replace a document the caller may not see: one with the same external id, or, for
     * an archive, one of its entries ({@code <id>!/<path>}). Only documents with ACL groups can be hidden, so only
     * those are read, and only for a caller whose groups restrict it. The refusal names nothing but the external id
     * the caller sent (it learns that the id is taken, which it must for ids to stay unique). The commit checks the
     * document it replaces again ({@code ItemCommitter}), since its ACL may change while the upload is queued.
     */
    private void requireReplaceable(UUID collectionId, List<String> externalIds, List<String> restriction) {
        if (restriction == null) {
            return;
        }
        for (String externalId : externalIds) {
            @SuppressWarnings("unchecked")
            List<DocumentEntity> restricted = DocumentEntity.getEntityManager()
                    .createNativeQuery(
                            "SELECT * FROM document WHERE collection_id = ?1 AND acl_groups <> '{}'"
                                    + " AND (external_id = ?2 OR starts_with(external_id, ?3))",
                            DocumentEntity.class)
                    .setParameter(1, collectionId)
                    .setParameter(2, externalId)
                    .setParameter(3, externalId + "!/")
                    .getResultList();
            if (restricted.stream().anyMatch(d -> !DocumentVisibility.visible(d.aclGroupList(), restriction))) {
                throw new DocentException(
                        ErrorCode.FORBIDDEN,
                        "A document with external id '" + externalId + "' exists that this caller may not change.");
            }
        }
    }

    /**
     * Which of {@code documentIds} the current caller may not read now: documents of the collection whose ACL groups
     * hide them from it, deleted ones whose groups did when they were deleted (their tombstones), and deleted ones
     * whose groups nobody knows (gone before tombstones were kept for every deletion) unless the caller sees all. For showing
     * stored citations, which must not outlive an ACL change, nor come back when the hidden document is deleted.
     */
    public java.util.Set<UUID> hidden(UUID collectionId, java.util.Collection<UUID> documentIds) {
        List<String> restriction = visibility.restrictTo(collectionId);
        if (documentIds.isEmpty() || restriction == null) {
            return java.util.Set.of();
        }
        List<DocumentEntity> found =
                DocumentEntity.list("collectionId = ?1 and id in ?2", collectionId, java.util.Set.copyOf(documentIds));
        java.util.Set<UUID> hidden = new java.util.HashSet<>();
        java.util.Set<UUID> missing = new java.util.HashSet<>(documentIds);
        for (DocumentEntity d : found) {
            missing.remove(d.id);
            if (!DocumentVisibility.visible(d.aclGroupList(), restriction)) {
                hidden.add(d.id);
            }
        }
        if (!missing.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> tombstones = Panache.getEntityManager()
                    .createNativeQuery("SELECT document_id, acl_groups FROM document_tombstone"
                            + " WHERE collection_id = ?1 AND document_id = ANY(?2)")
                    .setParameter(1, collectionId)
                    .setParameter(2, missing.toArray(UUID[]::new))
                    .getResultList();
            for (Object[] t : tombstones) {
                missing.remove((UUID) t[0]);
                if (!DocumentVisibility.visible(groups(t[1]), restriction)) {
                    hidden.add((UUID) t[0]);
                }
            }
            // gone without a tombstone: deleted before the database kept them (V28), its groups unknown
            hidden.addAll(missing);
        }
        return hidden;
    }

    /** A {@code text[]} column as a native query returns it: an array, or a JDBC array with some drivers' settings. */
    private static List<String> groups(Object column) {
        try {
            Object array = column instanceof java.sql.Array a ? a.getArray() : column;
            return Arrays.asList((String[]) array);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Unreadable ACL groups", e);
        }
    }

    /** Enqueues a new ingestion of the document's stored bytes, even if they did not change. */
    public UUID reingest(UUID collectionId, UUID documentId) {
        get(collectionId, documentId);
        UUID jobId = queue.createReingestJob(collectionId, documentId, visibility.restrictTo(collectionId));
        workers.wake();
        return jobId;
    }

    /**
     * Documents of a collection, oldest first.
     *
     * @param status {@code succeeded} or {@code failed}, or null for all
     * @param mediaType exact media type, or null
     * @param query case-insensitive substring of the title or external id, or null
     * @param metadata pairs the document's metadata must hold (all of them), empty for any
     */
    @Transactional
    public List<DocumentView> list(
            UUID collectionId,
            String status,
            String mediaType,
            String query,
            Map<String, String> metadata,
            int offset,
            int limit) {
        collections.require(collectionId);
        // one statement for the page, ACLs included, and one for its chunk counts
        StringBuilder sql = new StringBuilder("SELECT * FROM document WHERE collection_id = :c");
        Map<String, Object> params = new HashMap<>();
        params.put("c", collectionId);
        if (status != null && !status.isBlank()) {
            sql.append(" AND status = :s");
            params.put("s", status.strip());
        }
        if (mediaType != null && !mediaType.isBlank()) {
            sql.append(" AND media_type = :m");
            params.put("m", mediaType.strip());
        }
        if (query != null && !query.isBlank()) {
            // a substring, not a LIKE pattern: '%' and '_' in the query are themselves
            sql.append(" AND (strpos(lower(title), :q) > 0 OR strpos(lower(external_id), :q) > 0)");
            params.put("q", query.strip().toLowerCase(java.util.Locale.ROOT));
        }
        if (!metadata.isEmpty()) {
            sql.append(" AND metadata @> CAST(:md AS jsonb)");
            params.put("md", json(metadata));
        }
        List<String> restriction = visibility.restrictTo(collectionId);
        if (restriction != null) {
            sql.append(visibleIn("document"));
            params.put("g", restriction.toArray(String[]::new));
        }
        sql.append(" ORDER BY created_at, id OFFSET :o LIMIT :l");
        params.put("o", offset);
        params.put("l", limit);
        var select = DocumentEntity.getEntityManager().createNativeQuery(sql.toString(), DocumentEntity.class);
        params.forEach(select::setParameter);
        @SuppressWarnings("unchecked")
        List<DocumentEntity> page = select.getResultList();
        Map<UUID, Integer> chunks = chunkCounts(page.stream().map(d -> d.id).toList());
        return page.stream()
                .map(d -> toView(d, chunks.getOrDefault(d.id, 0), null))
                .toList();
    }

    private static String json(Map<String, String> metadata) {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata filter is not serialisable", e);
        }
    }

    /** Counts over the documents of a collection the caller may see, in one statement. */
    @Transactional
    public CollectionStats stats(UUID collectionId) {
        StringBuilder sql = new StringBuilder("SELECT count(*), count(*) FILTER (WHERE d.status = 'failed'),"
                + " coalesce(sum(d.size_bytes), 0), (SELECT count(*) FROM chunk c JOIN document cd"
                + " ON cd.id = c.document_id WHERE c.collection_id = :c");
        List<String> restriction = visibility.restrictTo(collectionId);
        if (restriction != null) {
            sql.append(visibleIn("cd"));
        }
        sql.append(") FROM document d WHERE d.collection_id = :c");
        if (restriction != null) {
            sql.append(visibleIn("d"));
        }
        var select = DocumentEntity.getEntityManager().createNativeQuery(sql.toString());
        select.setParameter("c", collectionId);
        if (restriction != null) {
            select.setParameter("g", restriction.toArray(String[]::new));
        }
        Object[] row = (Object[]) select.getSingleResult();
        return new CollectionStats(
                ((Number) row[0]).longValue(),
                ((Number) row[1]).longValue(),
                ((Number) row[3]).longValue(),
                ((Number) row[2]).longValue());
    }

    /** The document ACL check on {@code alias}'s row for the caller's groups bound as {@code :g}. */
    private static String visibleIn(String alias) {
        return " AND (" + alias + ".acl_groups = '{}' OR " + alias + ".acl_groups && CAST(:g AS text[]))";
    }

    /** Chunks per document, for a page of documents, in one statement. */
    private static Map<UUID, Integer> chunkCounts(List<UUID> documentIds) {
        Map<UUID, Integer> counts = new HashMap<>();
        if (documentIds.isEmpty()) {
            return counts;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = DocumentEntity.getEntityManager()
                .createNativeQuery(
                        "SELECT document_id, count(*) FROM chunk WHERE document_id = ANY(?1) GROUP BY document_id")
                .setParameter(1, documentIds.toArray(UUID[]::new))
                .getResultList();
        for (Object[] row : rows) {
            counts.put((UUID) row[0], ((Number) row[1]).intValue());
        }
        return counts;
    }

    /** A document with the outcome of the upload that produced it. */
    @Transactional
    public DocumentView get(UUID collectionId, UUID documentId, String outcome) {
        DocumentEntity d = require(collectionId, documentId);
        return toView(d, (int) ChunkEntity.count("documentId", d.id), outcome);
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
        return new DocumentTextView(d.id, text.version, text.text, Arrays.asList(d.pageStarts), unpagedFrom(d));
    }

    /** Most chunks one page of {@link #chunks} lists. */
    public static final int MAX_CHUNKS_PER_PAGE = 500;

    /** The current version's chunks from {@code offset}, at most {@code limit}, in reading order; ACLs as for text. */
    public DocumentChunksView chunks(UUID collectionId, UUID documentId, int offset, int limit) {
        DocumentEntity d = require(collectionId, documentId);
        DocumentTextEntity text = DocumentTextEntity.findById(d.id);
        int total = (int) ChunkEntity.count("documentId", d.id);
        List<ChunkEntity> page = ChunkEntity.<ChunkEntity>find("documentId = ?1 order by ordinal", d.id)
                .range(offset, offset + limit - 1)
                .list();
        return new DocumentChunksView(
                d.id,
                text == null ? 0 : text.version,
                total,
                offset,
                page.stream()
                        .map(c -> new DocumentChunksView.Chunk(
                                c.id,
                                c.ordinal,
                                c.text,
                                c.tokenCount,
                                c.pageStart,
                                c.pageEnd,
                                c.charStart,
                                c.charEnd,
                                c.headingPath == null ? List.of() : Arrays.asList(c.headingPath),
                                c.tableHeader))
                        .toList());
    }

    /** Where the unpaged tail of a paginated document begins: its first chunk on no page (chunks never straddle it). */
    private static Integer unpagedFrom(DocumentEntity d) {
        if (d.pageStarts == null || d.pageStarts.length == 0) {
            return null;
        }
        return Panache.getEntityManager()
                .createQuery(
                        "SELECT min(c.charStart) FROM ChunkEntity c WHERE c.documentId = :d AND c.pageStart IS NULL",
                        Integer.class)
                .setParameter("d", d.id)
                .getSingleResult();
    }

    /**
     * The document, read again under its commit lock (the one a new version's commit and a delete take): a change
     * of its groups or metadata made while a version committed had been undone by that commit, or had written the
     * previous version's row back over it (Hibernate writes the whole row it read).
     */
    private DocumentEntity requireForChange(UUID collectionId, UUID documentId) {
        DocumentEntity d = require(collectionId, documentId);
        queue.lockExternalId(collectionId, d.externalId);
        try {
            DocumentEntity.getEntityManager().refresh(d);
        } catch (jakarta.persistence.EntityNotFoundException e) {
            throw new DocentException(ErrorCode.NOT_FOUND, "Document " + documentId + " not found");
        }
        return d;
    }

    /** The next number of the upload order (V21), which a change of a document's groups or metadata takes too. */
    private static long nextUploadNumber() {
        return ((Number) DocumentEntity.getEntityManager()
                        .createNativeQuery("SELECT nextval('ingestion_upload_seq')")
                        .getSingleResult())
                .longValue();
    }

    /** Replaces the document's ACL groups; retrieval sees the change at once (ACLs are checked in the scan). */
    @Transactional
    public DocumentView setAcl(UUID collectionId, UUID documentId, List<String> groups) {
        DocumentEntity d = requireForChange(collectionId, documentId);
        d.aclGroups = groups.stream()
                .map(String::strip)
                .filter(g -> !g.isEmpty())
                .distinct()
                .toArray(String[]::new);
        d.aclSeq = nextUploadNumber(); // an upload queued before this commits without undoing it (V30)
        return toView(d, (int) ChunkEntity.count("documentId", d.id), null);
    }

    /**
     * Replaces the document's owner metadata; search filters see the change at once. Keys the old owner metadata
     * had and the new one lacks disappear from the document's metadata, even where the parser had a value under
     * the same key (a re-ingest brings that value back).
     */
    @Transactional
    public DocumentView setMetadata(UUID collectionId, UUID documentId, Map<String, String> metadata) {
        DocumentEntity d = requireForChange(collectionId, documentId);
        Map<String, String> merged = new LinkedHashMap<>(d.metadata);
        merged.keySet().removeAll(d.ownerMetadata.keySet());
        merged.putAll(metadata);
        d.metadata = merged;
        d.ownerMetadata = metadata;
        d.metadataSeq = nextUploadNumber();
        return toView(d, (int) ChunkEntity.count("documentId", d.id), null);
    }

    /**
     * Deletes the document, its text, its chunks and its stored upload bytes. Uploads and re-ingests of it still
     * queued or in progress are cancelled first (else one would bring it back under a new id), then the document's
     * write lock is taken in the committer's order (item rows, then the external id), so a commit in flight either
     * finishes before the delete or not at all.
     */
    @Transactional
    public void delete(UUID collectionId, UUID documentId) {
        DocumentEntity d = require(collectionId, documentId);
        queue.cancelOpen(collectionId, d.externalId);
        queue.lockExternalId(collectionId, d.externalId);
        try {
            DocumentEntity.getEntityManager().refresh(d); // a commit may have changed it while we waited
        } catch (jakarta.persistence.EntityNotFoundException e) {
            throw new DocentException(ErrorCode.NOT_FOUND, "Document " + documentId + " not found");
        }
        queue.dropContent(d.id, collectionId, d.externalId);
        ChunkEntity.delete("documentId", d.id);
        d.delete(); // the database writes its tombstone (V28), whichever version of Docent deletes it
    }

    /** The document, or {@code not_found} when it is missing, elsewhere, or hidden from the caller by its ACL. */
    private DocumentEntity require(UUID collectionId, UUID documentId) {
        DocumentEntity d = DocumentEntity.findById(documentId);
        if (d == null
                || !d.collectionId.equals(collectionId)
                || !DocumentVisibility.visible(d.aclGroupList(), visibility.restrictTo(collectionId))) {
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
                d.metadata == null ? Map.of() : d.metadata,
                d.updatedAt,
                outcome,
                d.errorCode,
                d.errorMessage);
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
