package dev.docent.ingest.archive;

import dev.docent.shared.error.DocentException;
import java.nio.file.Path;

/**
 * One regular file taken out of an archive.
 *
 * @param path the entry's path inside the archive
 * @param file its bytes in a temporary file (at most the size limit + 1 bytes; {@code size} is what was read)
 * @param failure set when the entry itself cannot be read (encrypted entry, too large)
 */
public record ArchiveEntry(String path, Path file, long size, String sha256, DocentException failure) {}
