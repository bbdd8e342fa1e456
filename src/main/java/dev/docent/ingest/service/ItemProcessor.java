package dev.docent.ingest.service;

import dev.docent.ingest.archive.ArchiveEntry;
import dev.docent.ingest.archive.ArchiveExpander;
import dev.docent.ingest.archive.ArchiveLimits;
import dev.docent.ingest.config.IngestConfig;
import dev.docent.ingest.embed.EmbeddingModels;
import dev.docent.ingest.queue.ClaimedItem;
import dev.docent.ingest.queue.ExternalIds;
import dev.docent.ingest.queue.ItemState;
import dev.docent.ingest.queue.JobQueue;
import dev.docent.ingest.queue.NewItem;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import dev.docent.shared.text.StorableText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Processes one claimed item: an archive is expanded into new items of the same job (one transaction); any other
 * file goes through the {@link IngestionPipeline} and is committed with {@link ItemCommitter}. Document-level
 * failures (a {@link DocentException}) end the item with their code; they never affect other items.
 */
@ApplicationScoped
public class ItemProcessor {
    private final JobQueue queue;
    private final IngestionPipeline pipeline;
    private final ItemCommitter committer;
    private final DataSource db;
    private final IngestConfig config;
    private final ArchiveExpander expander;
    private final EmbeddingModels models;
    private final ReEmbedder reEmbedder;

    ItemProcessor(
            JobQueue queue,
            IngestionPipeline pipeline,
            ItemCommitter committer,
            DataSource db,
            IngestConfig config,
            EmbeddingModels models,
            ReEmbedder reEmbedder) {
        this.models = models;
        this.reEmbedder = reEmbedder;
        this.queue = queue;
        this.pipeline = pipeline;
        this.committer = committer;
        this.db = db;
        this.config = config;
        IngestConfig.Archive a = config.archive();
        this.expander = new ArchiveExpander(new ArchiveLimits(
                a.maxEntries(),
                a.maxCompressionRatio(),
                a.ratioFloorBytes(),
                a.maxExpandedBytes(),
                config.maxFileBytes()));
    }

    /** Runs the item to a terminal state, unless the lease is lost ({@link dev.docent.ingest.queue.LeaseLostException}). */
    public void process(ClaimedItem item, String owner) {
        if (item.isReembed()) {
            reEmbedder.run(item, owner);
            return;
        }
        try {
            if (!item.force() && committer.succeedIfUnchanged(item, owner)) {
                return;
            }
            byte[] bytes = queue.content(item.id());
            String archiveType = ArchiveExpander.archiveType(bytes, item.fileName());
            if (archiveType != null) {
                expandArchive(item, owner, bytes, archiveType);
                return;
            }
            String model = reEmbedder.activeModel(item.collectionId());
            for (int attempt = 1; ; attempt++) {
                try {
                    ingest(item, owner, bytes, model);
                    return;
                } catch (ItemCommitter.ModelChangedException changed) {
                    // a re-embedding swapped the collection's model while this document was embedded
                    if (attempt >= 3) {
                        throw new DocentException(ErrorCode.UNAVAILABLE, "The embedding model keeps changing.");
                    }
                    model = changed.model();
                }
            }
        } catch (DocentException e) {
            if (e.errorCode() == ErrorCode.UNAVAILABLE || e.errorCode() == ErrorCode.INTERNAL) {
                throw e; // transient or ours: the worker retries the item later
            }
            committer.fail(item, owner, e);
        }
    }

    private void ingest(ClaimedItem item, String owner, byte[] bytes, String model) {
        IngestionPipeline.Result result = pipeline.run(
                bytes,
                item.fileName(),
                models.forStoredModel(model),
                (stage, total, done) -> queue.progress(item.id(), owner, stage, total, done));
        queue.progress(
                item.id(),
                owner,
                ItemState.INDEXING,
                result.chunks().size(),
                result.chunks().size());
        Map<String, String> extra = item.archivePath() == null ? Map.of() : Map.of("archivePath", item.archivePath());
        committer.succeed(
                item,
                owner,
                new DocumentStore.NewVersion(
                        item.collectionId(),
                        item.externalId(),
                        item.sha256(),
                        item.size(),
                        item.aclGroups(),
                        item.metadata(),
                        result,
                        extra));
    }

    /** Fails the item with the given error (after its retries are used up). */
    public void fail(ClaimedItem item, String owner, DocentException error) {
        if (item.isReembed()) {
            reEmbedder.fail(item, owner, error);
            return;
        }
        committer.fail(item, owner, error);
    }

    private void expandArchive(ClaimedItem item, String owner, byte[] bytes, String type) {
        if (item.depth() >= config.archive().maxDepth()) {
            throw new DocentException(
                    ErrorCode.TOO_DEEP,
                    "Archives are nested more than " + config.archive().maxDepth() + " levels deep.");
        }
        expandInTransaction(item, owner, bytes, type);
    }

    /**
     * All entries or none, in one transaction: up to {@code max-entries} rows holding up to {@code max-expanded-bytes}
     * of bytes, which can take longer than the default 60 s transaction timeout (9,990 small entries took about 30 s
     * on a loaded 2-core machine), so this one may run for 15 minutes.
     */
    @Transactional
    @io.quarkus.narayana.jta.runtime.TransactionConfiguration(timeout = 900)
    void expandInTransaction(ClaimedItem item, String owner, byte[] bytes, String type) {
        try (Connection c = db.getConnection()) {
            queue.lockOwned(c, item.id(), owner);
            int[] seq = {queue.maxSeq(c, item.jobId())};
            String base = item.archivePath() != null ? item.archivePath() : item.fileName();
            Map<String, List<String>> earlier =
                    item.aclGroups() == null ? queue.entryGroups(c, item.collectionId(), item.externalId()) : Map.of();
            List<String> inherited = inheritedGroups(earlier);
            int entries = expander.expand(bytes, type, item.fileName(), entry -> {
                try {
                    addEntry(c, item, ++seq[0], base, entry, earlier, inherited);
                } catch (SQLException e) {
                    throw new java.io.IOException(e);
                }
            });
            if (entries == 0) {
                throw new DocentException(ErrorCode.EMPTY, "The archive contains no files.");
            }
            // an archive is no document once it expands: a failed earlier upload of it leaves no failed one behind
            JobQueue.lockExternalId(c, item.collectionId(), item.externalId());
            queue.dropFailedDocument(c, item.collectionId(), item.externalId());
            committer.recordEntryFailures(c, item);
            queue.markDone(c, item.id(), ItemState.EXPANDED, "expanded", null, entries);
        } catch (SQLException e) {
            throw new IllegalStateException("could not expand archive item " + item.id(), e);
        }
    }

    /**
     * The groups an entry new to a re-uploaded archive gets when the upload states none: every group of the entries
     * its earlier uploads made, so that a routine re-upload never publishes a new entry of a restricted archive (the
     * entries it already had keep their own groups). Null (public, as a new upload) when none of them was restricted.
     */
    static List<String> inheritedGroups(Map<String, List<String>> earlier) {
        java.util.SortedSet<String> union = new java.util.TreeSet<>();
        earlier.values().forEach(union::addAll);
        return union.isEmpty() ? null : List.copyOf(union);
    }

    private void addEntry(
            Connection c,
            ClaimedItem parent,
            int seq,
            String base,
            ArchiveEntry entry,
            Map<String, List<String>> earlier,
            List<String> inherited)
            throws SQLException {
        // names come from the archive: nothing the database cannot store, no id too long for its index
        String name = StorableText.sanitized(entry.path());
        String fileName = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String externalId = ExternalIds.bounded(parent.externalId() + "!/" + name);
        List<String> groups =
                parent.aclGroups() != null || earlier.containsKey(externalId) ? parent.aclGroups() : inherited;
        NewItem child = new NewItem(
                entry.file(),
                ExternalIds.bounded(fileName.isBlank() ? name : fileName),
                externalId,
                groups,
                parent.metadata(),
                entry.sha256(),
                entry.size(),
                parent.force(),
                entry.failure());
        queue.insertChild(c, parent, seq, child, base + "!/" + name, config.maxFileBytes());
    }
}
