package dev.docent.ingest.api;

import dev.docent.ingest.service.JobService;
import dev.docent.shared.api.Problem;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

@Path("/v1/jobs")
@Tag(name = "Jobs")
public class JobResource {
    private static final Duration EVENT_INTERVAL = Duration.ofMillis(500);

    private final JobService jobs;

    JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @GET
    @Path("/{jobId}")
    @Operation(summary = "Progress of an ingestion job: state, per-document results, chunks, throughput, ETA")
    @APIResponse(
            responseCode = "404",
            description = "Not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JobView get(
            @PathParam("jobId") UUID jobId,
            @QueryParam("documents") @Parameter(description = DOCUMENTS) String documents) {
        return jobs.get(jobId).with(JobView.Documents.of(documents, JobView.Documents.ALL));
    }

    private static final String DOCUMENTS =
            "Which per-document results to include: all (default), failed (only failed ones) or none (counts only)";
    private static final String EVENT_DOCUMENTS = "Which per-document results each event includes: changed (default:"
            + " the documents whose row changed since the previous event, all of them in the first), all, failed or"
            + " none";

    @GET
    @Path("/{jobId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The job's progress as server-sent events, one per change, until it is terminal")
    @APIResponse(
            responseCode = "404",
            description = "Not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Blocking // authorization and the first snapshot read the database before the stream starts
    public Multi<JobView> events(
            @PathParam("jobId") UUID jobId,
            @QueryParam("documents") @Parameter(description = EVENT_DOCUMENTS) String documents) {
        // a 1,500-document job's full list is about 500 KB: repeated in every event it made 15 MB in 15 s
        JobView.Documents which = JobView.Documents.of(documents, JobView.Documents.CHANGED);
        // the caller is read here, in the request's thread (404 before the stream starts): the loop runs where none
        // is current, and checks on every poll that it may still see the job (a member removed, a key revoked)
        JobService.Watch watch = jobs.watch(jobId);
        JobView first = jobs.get(watch);
        return Multi.createFrom()
                .<JobView>emitter(emitter -> Infrastructure.getDefaultWorkerPool()
                        .execute(() -> {
                            JobView last = first;
                            Map<UUID, JobDocumentView> shown = new HashMap<>();
                            emitter.emit(event(first, which, shown));
                            try {
                                while (!last.terminal() && !emitter.isCancelled()) {
                                    Thread.sleep(EVENT_INTERVAL.toMillis());
                                    JobView next = jobs.get(watch);
                                    if (!sameProgress(next, last)) {
                                        emitter.emit(event(next, which, shown));
                                    }
                                    last = next;
                                }
                                emitter.complete();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                emitter.complete();
                            } catch (DocentException e) {
                                if (e.errorCode() == ErrorCode.NOT_FOUND) {
                                    emitter.complete(); // deleted with its collection, or no longer the caller's
                                } else {
                                    emitter.fail(e);
                                }
                            } catch (RuntimeException e) {
                                emitter.fail(e);
                            }
                        }));
    }

    /** The event for {@code view}; for CHANGED, {@code shown} holds the rows the client has seen. */
    private static JobView event(JobView view, JobView.Documents which, Map<UUID, JobDocumentView> shown) {
        if (which != JobView.Documents.CHANGED) {
            return view.with(which);
        }
        JobView changed = view.changedSince(shown);
        changed.documents().forEach(d -> shown.put(d.itemId(), d));
        return changed;
    }

    private static boolean sameProgress(JobView a, JobView b) {
        return a.state().equals(b.state())
                && a.chunksDone() == b.chunksDone()
                && a.documentsSucceeded() == b.documentsSucceeded()
                && a.documentsFailed() == b.documentsFailed()
                && a.documentsTotal() == b.documentsTotal()
                && a.chunksTotal() == b.chunksTotal();
    }
}
