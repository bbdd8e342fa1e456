package dev.docent.ingest.parse.child;

import dev.docent.ingest.parse.OcrSettings;
import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.ingest.parse.ParserLimits;
import dev.docent.ingest.parse.TikaDocumentParser;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Entry point of a parse worker process: runs {@link TikaDocumentParser} (the very same extraction code as
 * in-process parsing) on requests read from stdin and writes the results to stdout ({@link WireFormat}), one
 * document at a time, until stdin closes. Everything Tika or PDFBox print goes to stderr, so stdout carries only
 * the protocol.
 *
 * <p>Arguments: {@code maxBytes writeLimitChars timeoutMillis maxEmbeddedDepth ocrEnabled ocrLanguages
 * ocrTimeoutSeconds maxDurationMillis}. The service enforces the timeouts by killing this process; the ones given
 * here are only a backstop. While it parses, the worker reports each page or embedded document it finishes
 * ({@link WireFormat#PROGRESS}), which is what the service's timeout counts from.
 */
public final class ParseWorkerMain {

    private ParseWorkerMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 8) {
            System.err.println(
                    "usage: ParseWorkerMain maxBytes writeLimitChars timeoutMillis maxEmbeddedDepth ocrEnabled ocrLanguages ocrTimeoutSeconds maxDurationMillis");
            System.exit(2);
        }
        DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));

        ParserLimits limits = new ParserLimits(
                Long.parseLong(args[0]),
                Integer.parseInt(args[1]),
                Duration.ofMillis(Long.parseLong(args[2])),
                Integer.parseInt(args[3]),
                Duration.ofMillis(Long.parseLong(args[7])));
        OcrSettings ocr =
                new OcrSettings(Boolean.parseBoolean(args[4]), args[5], Duration.ofSeconds(Long.parseLong(args[6])));
        Progress progress = new Progress(out);
        TikaDocumentParser parser = new TikaDocumentParser(limits, ocr, progress::report);
        exitWithParent();
        warmUp(parser);

        out.writeInt(WireFormat.READY);
        out.flush();
        while (true) {
            String name;
            byte[] content;
            try {
                name = new String(WireFormat.readBytes(in), StandardCharsets.UTF_8);
                content = WireFormat.readBytes(in);
            } catch (EOFException e) {
                return; // the service closed our stdin: done
            }
            ParsedDocument doc;
            progress.begin();
            try {
                doc = parser.parse(new ByteArrayInputStream(content), name);
            } catch (DocentException e) {
                synchronized (out) {
                    progress.end();
                    WireFormat.writeError(out, e.errorCode(), e.getMessage());
                }
                continue;
            } catch (RuntimeException e) {
                synchronized (out) {
                    progress.end();
                    WireFormat.writeError(out, ErrorCode.INTERNAL, "The document could not be processed.");
                }
                continue;
            }
            synchronized (out) {
                progress.end();
                WireFormat.writeDocument(out, doc);
            }
        }
    }

    /**
     * Progress frames, written from the parsing thread between a request and its answer only: a parse thread still
     * running after the worker's own backstop timeout answered must not write into the next exchange.
     */
    private static final class Progress {
        private final DataOutputStream out;
        private boolean open;

        Progress(DataOutputStream out) {
            this.out = out;
        }

        void begin() {
            synchronized (out) {
                open = true;
            }
        }

        /** Called holding {@code out}'s lock, just before the answer is written. */
        void end() {
            open = false;
        }

        void report() {
            synchronized (out) {
                if (!open) {
                    return;
                }
                try {
                    WireFormat.writeProgress(out);
                } catch (IOException e) {
                    open = false; // the service is gone; the answer's write fails the same way
                }
            }
        }
    }

    /**
     * A closed stdin ends an idle worker, but not one stuck in a parse: if the service dies (kill -9), a watchdog
     * ends the worker within two seconds instead of leaving an orphan spinning.
     */
    private static void exitWithParent() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        ProcessHandle service = parent.get();
        Thread.ofPlatform().daemon().name("parent-watchdog").start(() -> {
            while (service.isAlive()) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(0);
        });
    }

    /** Loads Tika's parser registry and the common parsers before announcing readiness. */
    private static void warmUp(TikaDocumentParser parser) {
        try {
            parser.parse(new ByteArrayInputStream("warm up".getBytes(StandardCharsets.UTF_8)), "warm-up.txt");
        } catch (RuntimeException e) {
            // not fatal: the first real parse reports any problem
        }
    }
}
