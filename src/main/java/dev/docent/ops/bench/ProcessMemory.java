package dev.docent.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident set size of a process, from /proc/PID/status (Linux). */
final class ProcessMemory {
    private ProcessMemory() {}

    /** VmRSS in KiB, empty when the process or /proc is not there. */
    static OptionalLong rssKib(long pid) {
        if (pid <= 0) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    static long servicePid() {
        String pid = System.getenv("DOCENT_SERVICE_PID");
        try {
            return pid == null || pid.isBlank() ? -1 : Long.parseLong(pid.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static double mib(long kib) {
        return Math.round(kib / 1024.0 * 10) / 10.0;
    }
}
