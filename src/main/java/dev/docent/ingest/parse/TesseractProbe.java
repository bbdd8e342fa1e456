package dev.docent.ingest.parse;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Finds out whether the {@code tesseract} binary can be run (it must be on the PATH, as Tika looks for it there). */
public final class TesseractProbe {

    private TesseractProbe() {}

    /** True when {@code tesseract --version} runs and exits 0 within 10 seconds. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("tesseract", "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
