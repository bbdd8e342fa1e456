package dev.docent.ingest.parse;

import java.time.Duration;
import java.util.Objects;

/**
 * How Tika runs Tesseract OCR. When enabled, PDF pages with (almost) no text layer are rendered and OCR'd
 * (Tika's {@code AUTO} PDF OCR strategy) and embedded images are OCR'd; when disabled, no OCR runs at all, even
 * if Tesseract is installed, and an image-only PDF ends with {@code no_text}.
 *
 * @param enabled whether OCR runs (resolve "auto" with {@link TesseractProbe} before building this)
 * @param languages Tesseract language codes joined with {@code +}, e.g. {@code eng} or {@code eng+deu}
 * @param timeout budget for one Tesseract run (one page or image)
 */
public record OcrSettings(boolean enabled, String languages, Duration timeout) {

    public OcrSettings {
        Objects.requireNonNull(languages, "languages");
        Objects.requireNonNull(timeout, "timeout");
        if (!languages.matches("[A-Za-z_]+(\\+[A-Za-z_]+)*")) {
            throw new IllegalArgumentException("languages must look like eng or eng+deu");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** No OCR. */
    public static OcrSettings disabled() {
        return new OcrSettings(false, "eng", Duration.ofSeconds(120));
    }
}
