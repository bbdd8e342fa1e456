package dev.docent.ingest.service;

import dev.docent.ingest.api.JobDocumentView;
import dev.docent.ingest.api.JobView;
import dev.docent.ingest.queue.ItemRow;
import dev.docent.ingest.queue.ItemState;
import dev.docent.ingest.queue.JobQueue;
import dev.docent.security.service.ApiKeys;
import dev.docent.security.service.Caller;
import dev.docent.security.service.CallerContext;
import dev.docent.security.service.CollectionAccess;
import dev.docent.security.service.DocumentVisibility;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Reads the progress of ingestion jobs and waits for them. */
@ApplicationScoped
public class JobService {
    private static final long POLL_MILLIS = 200;

    private final JobQueue queue;
    private final IngestionWorkers workers;
    private final DocumentVisibility visibility;
    private final CallerContext callers;
    private final CollectionAccess access;
    private final ApiKeys keys;

    JobService(
            JobQueue queue,
            IngestionWorkers workers,
            DocumentVisibility visibility,
            CallerContext callers,
            CollectionAccess access,
            ApiKeys keys) {
        this.queue = queue;
        this.workers = workers;
        this.visibility = visibility;
        this.callers = callers;
        this.access = access;
        this.keys = keys;
    }

    /**
     * A job watched by the current caller from another thread (its event stream), which outlives the request that
     * authorized it: each {@link #get(Watch)} checks again that the caller's key is active and that it still has a
     * role in the job's collection, and reads its document restriction anew.
     */
    public record Watch(UUID jobId, UUID collectionId, Optional<Caller> caller) {}

    /** Starts a {@link Watch} in the request's thread; {@code not_found} when there is no such job. */
    public Watch watch(UUID jobId) {
        UUID collection = queue.collectionOf(jobId)
                .orElseThrow(() -> new DocentException(ErrorCode.NOT_FOUND, "Job " + jobId + " not found"));
        return new Watch(jobId, collection, callers.current());
    }

    /** The job as the watching caller may see it now; {@code not_found} once it may not see it at all. */
    public JobView get(Watch watch) {
        if (watch.caller().isEmpty()) {
            return view(load(watch.jobId()), Optional.empty());
        }
        Caller caller = watch.caller().get();
        if (!keys.stillActive(caller)
                || access.roleOf(caller, watch.collectionId()).isEmpty()) {
            throw new DocentException(ErrorCode.NOT_FOUND, "Job " + watch.jobId() + " not found");
        }
        return view(load(watch.jobId()), Optional.ofNullable(visibility.restrictTo(caller, watch.collectionId())));
    }

    /**
     * The job's progress as the current caller may see it, or {@code not_found}: the documents whose ACL groups hide
     * them from the caller are left out, from the list and from every count, like from a search.
     */
    public JobView get(UUID jobId) {
        JobQueue.JobRow job = load(jobId);
        return view(job, Optional.ofNullable(visibility.restrictTo(job.collectionId())));
    }

    /**
     * The current caller's document restriction in the job's collection ({@link DocumentVisibility#restrictTo}),
     * read in the request's thread for a later {@link #get(UUID, Optional)} on another; empty when unrestricted.
     */
    public Optional<List<String>> restrictionFor(UUID jobId) {
        UUID collection = queue.collectionOf(jobId)
                .orElseThrow(() -> new DocentException(ErrorCode.NOT_FOUND, "Job " + jobId + " not found"));
        return Optional.ofNullable(visibility.restrictTo(collection));
    }

    /** The job's progress restricted to the documents {@code restriction} lets through. */
    public JobView get(UUID jobId, Optional<List<String>> restriction) {
        return view(load(jobId), restriction);
    }

    private JobQueue.JobRow load(UUID jobId) {
        return queue.job(jobId)
                .orElseThrow(() -> new DocentException(ErrorCode.NOT_FOUND, "Job " + jobId + " not found"));
    }

    private static JobView view(JobQueue.JobRow job, Optional<List<String>> restriction) {
        if (restriction.isPresent()) {
            job = new JobQueue.JobRow(
                    job.id(),
                    job.collectionId(),
                    job.createdAt(),
                    job.items().stream()
                            .filter(i -> DocumentVisibility.visible(i.aclGroups(), restriction.get()))
                            .toList());
        }
        return toView(job, Instant.now());
    }

    /** Waits until the job is terminal or the timeout passes; returns its latest view. */
    public JobView await(UUID jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<List<String>> restriction = restrictionFor(jobId);
        while (true) {
            long seen = workers.completions();
            JobView view = get(jobId, restriction);
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (view.terminal() || left <= 0) {
                return view;
            }
            try {
                workers.awaitCompletion(seen, Math.min(POLL_MILLIS, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return view;
            }
        }
    }

    static JobView toView(JobQueue.JobRow job, Instant now) {
        List<ItemRow> items = job.items();
        List<ItemRow> documents = items.stream()
                .filter(i -> !ItemState.EXPANDED.equals(i.state()))
                .toList();
        int succeeded = count(documents, ItemState.SUCCEEDED);
        int failed = count(documents, ItemState.FAILED);
        boolean terminal = items.stream().allMatch(i -> ItemState.terminal(i.state()));
        int chunksDone = documents.stream().mapToInt(ItemRow::chunksDone).sum();
        int chunksTotal = documents.stream()
                .map(ItemRow::chunksTotal)
                .filter(Objects::nonNull)
                .mapToInt(Integer::intValue)
                .sum();
        Instant started = items.stream()
                .map(ItemRow::startedAt)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(null);
        Instant finished = terminal
                ? items.stream()
                        .map(ItemRow::finishedAt)
                        .filter(Objects::nonNull)
                        .max(Instant::compareTo)
                        .orElse(job.createdAt())
                : null;
        double seconds = started == null
                ? 0
                : Math.max(
                        0.001,
                        Duration.between(started, finished != null ? finished : now)
                                        .toMillis()
                                / 1000.0);
        int done = succeeded + failed;
        double docsPerSecond = seconds == 0 ? 0 : done / seconds;
        double chunksPerSecond = seconds == 0 ? 0 : chunksDone / seconds;
        Double eta = terminal ? Double.valueOf(0) : eta(documents, chunksPerSecond, done, docsPerSecond);
        return new JobView(
                job.id(),
                job.collectionId(),
                state(items, documents, succeeded, failed, terminal),
                terminal,
                job.createdAt(),
                finished,
                documents.size(),
                succeeded,
                failed,
                chunksDone,
                chunksTotal,
                round(docsPerSecond),
                round(chunksPerSecond),
                eta == null ? null : round(eta),
                items.stream().map(JobService::toView).toList());
    }

    /**
     * Seconds left: the chunks still to embed at the job's chunk rate, counting a document not chunked yet as the
     * average of those that are; by documents while no chunk is done; null while nothing at all is done. Chunks, not
     * documents, because one large file is most of many jobs' work (and the whole of a single-file job's).
     */
    static Double eta(List<ItemRow> documents, double chunksPerSecond, int done, double docsPerSecond) {
        if (chunksPerSecond <= 0) {
            return done == 0 ? null : (documents.size() - done) / docsPerSecond;
        }
        int chunked = 0;
        long chunks = 0;
        for (ItemRow d : documents) {
            if (d.chunksTotal() != null) {
                chunked++;
                chunks += d.chunksTotal();
            }
        }
        double perDocument = chunked == 0 ? 0 : (double) chunks / chunked;
        double remaining = 0;
        for (ItemRow d : documents) {
            if (!ItemState.terminal(d.state())) {
                remaining += d.chunksTotal() == null ? perDocument : Math.max(0, d.chunksTotal() - d.chunksDone());
            }
        }
        return remaining / chunksPerSecond;
    }

    static String state(List<ItemRow> items, List<ItemRow> documents, int succeeded, int failed, boolean terminal) {
        if (terminal) {
            if (failed == 0) {
                return "succeeded";
            }
            return succeeded == 0 ? "failed" : "partially_failed";
        }
        // the stage every document still open has reached: queued only before any document has begun, then a
        // waiting document counts as parsing. Documents only move forward and open ones only finish, so the state
        // never moves back (the least advanced document *in work* flickered between stages as workers took new ones)
        boolean begun = items.stream().anyMatch(i -> !ItemState.QUEUED.equals(i.state()));
        if (!begun) {
            return ItemState.QUEUED;
        }
        return items.stream()
                .map(ItemRow::state)
                .filter(s -> !ItemState.terminal(s))
                .map(s -> ItemState.QUEUED.equals(s) ? ItemState.PARSING : s)
                .min((a, b) -> ItemState.OPEN.indexOf(a) - ItemState.OPEN.indexOf(b))
                .orElse(ItemState.INDEXING);
    }

    private static int count(List<ItemRow> items, String state) {
        return (int) items.stream().filter(i -> state.equals(i.state())).count();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static JobDocumentView toView(ItemRow i) {
        boolean expanded = ItemState.EXPANDED.equals(i.state());
        return new JobDocumentView(
                i.id(),
                i.fileName(),
                i.externalId(),
                i.archivePath(),
                i.state(),
                i.outcome(),
                i.documentId(),
                i.errorCode(),
                i.errorMessage(),
                expanded ? 0 : i.chunksDone(),
                expanded ? null : i.chunksTotal(), // an archive's row counted its entries here, not chunks
                i.attempts(),
                i.startedAt(),
                i.finishedAt());
    }
}
