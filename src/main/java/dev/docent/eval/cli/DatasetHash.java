package dev.docent.eval.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A content hash of a dataset's files, so two datasets of the same name (two {@code scifact} folders) can be told
 * apart in reports: sha-256 over every regular file of the inputs in path order, each as its path relative to its
 * input ({@code /}-separated), a 0 byte, its bytes, a 0 byte.
 */
final class DatasetHash {
    private DatasetHash() {}

    static String sha256(List<Path> inputs) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path input : inputs) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(input)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    String name = Files.isDirectory(input)
                            ? input.relativize(file).toString().replace('\\', '/')
                            : file.getFileName().toString();
                    digest.update(name.getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    try (InputStream in = Files.newInputStream(file)) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            digest.update(buffer, 0, n);
                        }
                    }
                    digest.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new EvalException("cannot hash the dataset: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
