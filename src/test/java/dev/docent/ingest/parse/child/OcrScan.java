package dev.docent.ingest.parse.child;

import dev.docent.ingest.parse.ImageOnlyPdf;

/** A two-page scan without a text layer, generated at test time. */
final class OcrScan {
    static final byte[] BYTES = ImageOnlyPdf.of(
            "QUARTERLY REPORT\nThe lighthouse keeper\nlogged every storm.",
            "APPENDIX\nThe harbour master\nsigned the ledger.");

    private OcrScan() {}
}
