package dev.docent.ingest.queue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bounds on a document's external id, which is indexed (a btree entry holds at most about 2.7 kB, and a character
 * can take 4 bytes in UTF-8).
 */
public final class ExternalIds {
    /** Longest external id (and file name, the default id) an upload may give. */
    public static final int MAX_CHARS = 500;

    private ExternalIds() {}

    /**
     * {@code id} itself when short enough, else its first characters and a hash of the whole: for ids the server
     * composes (an archive entry's {@code <archive>!/<path>}), which must stay distinct and stable across uploads.
     */
    public static String bounded(String id) {
        if (id.length() <= MAX_CHARS) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(digest, 0, 8);
            int keep = MAX_CHARS - hash.length() - 1;
            if (Character.isHighSurrogate(id.charAt(keep - 1))) {
                keep--; // never cut a surrogate pair in two
            }
            return id.substring(0, keep) + "~" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
