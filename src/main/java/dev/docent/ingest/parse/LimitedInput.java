package dev.docent.ingest.parse;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;

/** Reads an upload into memory, never more than the size limit plus one byte. */
public final class LimitedInput {

    private LimitedInput() {}

    /**
     * @throws DocentException {@code too_large} when the input has more than {@code maxBytes} bytes, {@code
     *     internal} when it cannot be read
     */
    public static byte[] read(InputStream content, long maxBytes) {
        try {
            byte[] bytes = content.readNBytes((int) (maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new DocentException(
                        ErrorCode.TOO_LARGE, "The file is larger than the limit of " + maxBytes + " bytes.");
            }
            return bytes;
        } catch (IOException e) {
            throw new DocentException(ErrorCode.INTERNAL, "The uploaded file could not be read.", e);
        }
    }
}
