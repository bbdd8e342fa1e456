package dev.docent.ingest.parse.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docent.ingest.parse.OcrSettings;
import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.ingest.parse.ParserLimits;
import dev.docent.ingest.parse.TikaDocumentParser;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import dev.docent.testsupport.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parsing in worker processes: runaway parsers (a test-only Tika parser, {@link HostileTestParser}) cost a worker,
 * never this JVM; results equal the in-process parser's on real files.
 */
class ChildProcessDocumentParserTest {

    private static final ParserLimits LIMITS = new ParserLimits(20_000_000, 2_000_000, Duration.ofSeconds(20), 1);

    private static ChildProcessDocumentParser child;
    private static final TikaDocumentParser IN_PROCESS = new TikaDocumentParser(LIMITS, OcrSettings.disabled());

    @BeforeAll
    static void startPool() {
        child = new ChildProcessDocumentParser(LIMITS, OcrSettings.disabled(), options(1, 500));
    }

    @AfterAll
    static void stopPool() {
        child.close();
    }

    static ChildOptions options(int workers, int maxParses) {
        return new ChildOptions(
                ChildOptions.currentJava(),
                ChildClasspath.resolve(java.util.Optional.empty()),
                192,
                workers,
                maxParses,
                Duration.ofSeconds(120),
                List.of(),
                ChildOptions.defaultTempRoot());
    }

    private static ParsedDocument childParse(byte[] bytes, String name) {
        return child.parse(new ByteArrayInputStream(bytes), name);
    }

    @Test
    void plainTextParsesInAWorker() {
        ParsedDocument doc =
                childParse("Hello from a worker.\n\nSecond paragraph.".getBytes(StandardCharsets.UTF_8), "a.txt");

        assertThat(doc.text()).isEqualTo("Hello from a worker.\n\nSecond paragraph.");
        assertThat(doc.title()).isEqualTo("a.txt");
        assertThat(child.workerPids()).doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    void runawayAllocationFailsWithResourceLimitAndTheNextDocumentParses() {
        long before = child.workersStarted();

        assertThatThrownBy(() -> childParse(HostileTestParser.file("alloc"), "bomb.docent-hostile-test"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_LIMIT));

        ParsedDocument next = childParse("still here".getBytes(StandardCharsets.UTF_8), "next.txt");
        assertThat(next.text()).isEqualTo("still here");
        assertThat(child.workersStarted()).isGreaterThan(before); // the dead worker was replaced
    }

    @Test
    void crashingParserFailsWithParserCrashedAndTheNextDocumentParses() {
        assertThatThrownBy(() -> childParse(HostileTestParser.file("halt"), "crash.docent-hostile-test"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PARSER_CRASHED));

        assertThat(childParse("after the crash".getBytes(StandardCharsets.UTF_8), "next.txt")
                        .text())
                .isEqualTo("after the crash");
    }

    @Test
    void endlessLoopIsKilledAtTheTimeoutAndTheNextDocumentParses() {
        ParserLimits shortLimits = new ParserLimits(1_000_000, 100_000, Duration.ofSeconds(3), 1);
        try (ChildProcessDocumentParser parser =
                new ChildProcessDocumentParser(shortLimits, OcrSettings.disabled(), options(1, 500))) {
            // start the worker first so that the timeout measures the parse only
            parser.parse(new ByteArrayInputStream("warm".getBytes(StandardCharsets.UTF_8)), "w.txt");
            List<Long> pids = parser.workerPids();
            long started = System.nanoTime();

            assertThatThrownBy(() -> parser.parse(
                            new ByteArrayInputStream(HostileTestParser.file("loop")), "spin.docent-hostile-test"))
                    .isInstanceOfSatisfying(
                            DocentException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TIMEOUT));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            // the spinning worker is gone, not left burning a core
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
            }
            assertThat(parser.parse(new ByteArrayInputStream("next".getBytes(StandardCharsets.UTF_8)), "n.txt")
                            .text())
                    .isEqualTo("next");
        }
    }

    @Test
    void workersRunTesseractWithOneThread() throws IOException {
        childParse("warm".getBytes(StandardCharsets.UTF_8), "w.txt");
        Path environ = Path.of("/proc", Long.toString(child.workerPids().get(0)), "environ");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(environ), "no /proc on this system");

        // OpenMP's default of a thread per core made one OCR'd page 5 times slower on 2 busy cores
        assertThat(List.of(Files.readString(environ).split("\0"))).contains("OMP_THREAD_LIMIT=1");
    }

    /** 2 s without a finished page, 6 s in all. */
    private static final ParserLimits PAGED_LIMITS =
            new ParserLimits(1_000_000, 100_000, Duration.ofSeconds(2), 1, Duration.ofSeconds(6));

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aParseThatKeepsFinishingPagesMayRunPastTheTimeoutUpToTheLongestParse(boolean inWorker) {
        // a scan OCR'd page by page: each page well within the timeout, the whole longer than it
        try (PagedParser parser = new PagedParser(inWorker)) {
            ParsedDocument doc = parser.parse("pages 5 700");

            assertThat(doc.pageStarts()).hasSize(5);
            assertThat(doc.text()).contains("Text of page 1.", "Text of page 5.");

            // one page that takes longer than the timeout fails, pages before it or not
            assertThatThrownBy(() -> parser.parse("pages 3 2600")).isInstanceOfSatisfying(DocentException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
                assertThat(e.getMessage()).contains("2 s without finishing a page");
            });

            // pages in time, but more of them than the longest parse allows
            long started = System.nanoTime();
            assertThatThrownBy(() -> parser.parse("pages 30 500")).isInstanceOfSatisfying(DocentException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
                assertThat(e.getMessage()).contains("longer to parse than the 6 s a parse may take");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(12));

            assertThat(parser.parse("pages 1 0").text()).isEqualTo("Text of page 1.");
        }
    }

    /** The hostile test parser's paged documents, parsed in a worker process or in-process. */
    private static final class PagedParser implements AutoCloseable {
        private final ChildProcessDocumentParser child;
        private final TikaDocumentParser inProcess = new TikaDocumentParser(PAGED_LIMITS, OcrSettings.disabled());

        PagedParser(boolean inWorker) {
            child = inWorker
                    ? new ChildProcessDocumentParser(PAGED_LIMITS, OcrSettings.disabled(), options(1, 500))
                    : null;
            if (child != null) {
                // start the worker first so that the limits measure the parses only
                child.parse(new ByteArrayInputStream("warm".getBytes(StandardCharsets.UTF_8)), "w.txt");
            }
        }

        ParsedDocument parse(String command) {
            ByteArrayInputStream in = new ByteArrayInputStream(HostileTestParser.file(command));
            String name = "scan.docent-hostile-test";
            return child != null ? child.parse(in, name) : inProcess.parse(in, name);
        }

        @Override
        public void close() {
            if (child != null) {
                child.close();
            }
        }
    }

    @Test
    void aWorkerWritesTemporaryFilesToItsOwnDirectoryWhichGoesWhenTheWorkerIsKilled(@TempDir Path root)
            throws Exception {
        ParserLimits shortLimits = new ParserLimits(1_000_000, 100_000, Duration.ofSeconds(3), 1);
        ChildOptions withRoot = options(1, 500).withTempRoot(root);
        try (ChildProcessDocumentParser parser =
                new ChildProcessDocumentParser(shortLimits, OcrSettings.disabled(), withRoot)) {
            Path mine = parser.tempDirectory();
            assertThat(mine.getParent()).isEqualTo(root);
            assertThat(mine.getFileName().toString())
                    .startsWith(ProcessHandle.current().pid() + "-");

            // a file the parser spools lands in the worker's own directory, not the shared temporary directory
            Path spooled = Path.of(
                    parser.parse(new ByteArrayInputStream(HostileTestParser.file("spool")), "spool.docent-hostile-test")
                            .text()
                            .strip());
            assertThat(spooled).exists();
            assertThat(spooled.getParent().getParent()).isEqualTo(mine);
            Path firstWorkerDir = spooled.getParent();

            // killed at the timeout in the middle of a parse that spooled a file: its directory goes with it
            List<Long> pids = parser.workerPids();
            assertThatThrownBy(() -> parser.parse(
                            new ByteArrayInputStream(HostileTestParser.file("spool-loop")),
                            "spool-loop.docent-hostile-test"))
                    .isInstanceOfSatisfying(
                            DocentException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TIMEOUT));
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
            }
            awaitGone(firstWorkerDir);
            assertThat(firstWorkerDir).doesNotExist();

            // the next worker has a fresh directory; closing the parser removes them all
            parser.parse(new ByteArrayInputStream("next".getBytes(StandardCharsets.UTF_8)), "n.txt");
            assertThat(listed(mine)).hasSize(1);
        }
        assertThat(listed(root)).isEmpty(); // close() deleted the parser's directory
    }

    @Test
    void aStartingServiceDeletesWhatWorkersOfEndedServicesLeft(@TempDir Path root) throws Exception {
        Process ended = new ProcessBuilder(ChildOptions.currentJava(), "-version").start();
        ended.waitFor();
        Path stale = Files.createDirectories(root.resolve(ended.pid() + "-1").resolve("worker-1"));
        Files.writeString(stale.resolve("apache-tika-1.tmp"), "left by a killed worker");
        Path notOurs = Files.createDirectories(root.resolve("something-else"));
        Path live = Files.createDirectories(root.resolve(ProcessHandle.current().pid() + "-7"));

        try (WorkerTempDirs dirs = new WorkerTempDirs(root)) {
            assertThat(root.resolve(ended.pid() + "-1")).doesNotExist();
            assertThat(notOurs).exists();
            assertThat(live).exists(); // another parser of a process that runs
            assertThat(dirs.directory()).exists().isNotEqualTo(live);
        }
    }

    private static void awaitGone(Path dir) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(dir) && System.nanoTime() < deadline) {
            Thread.sleep(50); // deleted when the process's exit is seen, on another thread
        }
    }

    private static List<Path> listed(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    @Test
    void codedFailuresCrossTheProcessBoundary() {
        assertThatThrownBy(() -> childParse(new byte[0], "empty.txt"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.EMPTY));
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7919 >>> 3);
        }
        assertThatThrownBy(() -> childParse(binary, "blob"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE));
    }

    @Test
    void tooLargeIsRejectedBeforeAnyWorkerSeesIt() {
        ParserLimits tiny = new ParserLimits(10, 1000, Duration.ofSeconds(5), 1);
        try (ChildProcessDocumentParser parser =
                new ChildProcessDocumentParser(tiny, OcrSettings.disabled(), options(1, 500))) {
            assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(new byte[11]), "big.txt"))
                    .isInstanceOfSatisfying(
                            DocentException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TOO_LARGE));
            assertThat(parser.workersStarted()).isZero();
        }
    }

    @Test
    void workerIsReplacedAfterItsParseBudget() {
        try (ChildProcessDocumentParser parser =
                new ChildProcessDocumentParser(LIMITS, OcrSettings.disabled(), options(1, 2))) {
            for (int i = 0; i < 5; i++) {
                assertThat(parser.parse(
                                        new ByteArrayInputStream(("doc " + i).getBytes(StandardCharsets.UTF_8)),
                                        i + ".txt")
                                .text())
                        .isEqualTo("doc " + i);
            }
            assertThat(parser.workersStarted()).isEqualTo(3); // parses 1-2, 3-4, 5
        }
    }

    /** Same text, pages, headings, metadata and title as the in-process parser, on real files of every kind. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "pdf/testJournalParser.pdf",
                "pdf/testPDF_bookmarks.pdf",
                "docx/testWORD_various.docx",
                "pptx/testPPT.pptx",
                "html/testHTML.html",
                "xlsx/testEXCEL.xlsx",
                "eml/testEmailWithPNGAtt.eml",
                "rtf/testRTF.rtf",
                "odt/testOpenOffice2.odt"
            })
    void outputEqualsInProcessParsing(String relative) throws IOException {
        Path file = SharedData.tikaFile(relative);
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString();

        ParsedDocument expected;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            expected = IN_PROCESS.parse(in, name);
        }
        ParsedDocument actual = childParse(bytes, name);

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.metadata()).containsExactlyEntriesOf(expected.metadata());
    }

    @Test
    void encryptedPdfFailsTheSameWayInAWorker() {
        Path file = SharedData.tikaFile("pdf/testPassword4Spaces.pdf");
        assertThatThrownBy(() ->
                        childParse(Files.readAllBytes(file), file.getFileName().toString()))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ENCRYPTED));
    }
}
