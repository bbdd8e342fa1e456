package dev.docent.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.queue.ItemRow;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobEtaTest {

    private static ItemRow item(String state, int done, Integer total) {
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        return new ItemRow(
                UUID.randomUUID(),
                null,
                1,
                "f",
                "f",
                null,
                state,
                null,
                null,
                null,
                null,
                done,
                total,
                1,
                t,
                t,
                null,
                List.of());
    }

    @Test
    void aSingleLargeFileHasAnEtaFromItsChunksLongBeforeItFinishes() {
        // 1,000 of 4,000 chunks embedded at 25 chunks/s: 120 s left
        assertThat(JobService.eta(List.of(item("embedding", 1000, 4000)), 25.0, 0, 0.0))
                .isEqualTo(120.0);
    }

    @Test
    void documentsNotChunkedYetCountAsTheAverageChunkedOne() {
        List<ItemRow> docs = List.of(
                item("succeeded", 10, 10),
                item("embedding", 20, 30),
                item("parsing", 0, null),
                item("queued", 0, null));
        // chunked: 10 and 30 chunks, average 20; left: 10 + 20 + 20 = 50 chunks at 10 chunks/s
        assertThat(JobService.eta(docs, 10.0, 1, 0.5)).isEqualTo(5.0);
    }

    @Test
    void aJobReadsQueuedOnlyBeforeItsFirstDocumentBegins() {
        assertThat(state(item("queued", 0, null), item("queued", 0, null))).isEqualTo("queued");
        // one document waiting for a worker made a job half done read "queued" (and move back to it)
        assertThat(state(item("succeeded", 3, 3), item("queued", 0, null))).isEqualTo("parsing");
        assertThat(state(item("parsing", 0, null), item("embedding", 1, 4))).isEqualTo("parsing");
    }

    @Test
    void aJobsStateNeverMovesBackAsWorkersTakeTheNextDocuments() {
        // the least advanced document *in work* made a 1,500-document job flicker: embedding, parsing, chunking, ...
        assertThat(state(item("succeeded", 3, 3), item("embedding", 1, 4), item("queued", 0, null)))
                .isEqualTo("parsing");
        assertThat(state(item("succeeded", 3, 3), item("embedding", 1, 4), item("parsing", 0, null)))
                .isEqualTo("parsing");
        assertThat(state(item("succeeded", 3, 3), item("embedding", 1, 4), item("chunking", 0, null)))
                .isEqualTo("chunking");
        assertThat(state(item("succeeded", 3, 3), item("embedding", 1, 4), item("succeeded", 2, 2)))
                .isEqualTo("embedding");
        assertThat(state(item("failed", 0, null), item("indexing", 4, 4))).isEqualTo("indexing");
    }

    private static String state(ItemRow... items) {
        List<ItemRow> all = List.of(items);
        return JobService.state(all, all, 0, 0, false);
    }

    @Test
    void withoutAnyChunkDoneTheEtaComesFromDocumentsOrIsUnknown() {
        List<ItemRow> docs = List.of(item("failed", 0, null), item("parsing", 0, null), item("queued", 0, null));
        assertThat(JobService.eta(docs, 0.0, 1, 0.5)).isEqualTo(4.0);
        assertThat(JobService.eta(List.of(item("parsing", 0, null)), 0.0, 0, 0.0))
                .isNull();
    }
}
