package dev.docent.ingest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds used by a process (from {@code /proc/PID/stat}), and by a PostgreSQL cluster: its postmaster (found by
 * {@code -p PORT} on its command line), its live backends and the backends that already exited.
 */
final class CpuTime {
    /** Linux reports utime/stime in clock ticks of 1/100 s on the usual kernels. */
    private static final double TICK = 0.01;

    private CpuTime() {}

    /** CPU seconds of the process, or 0 when unknown. */
    static double process(String pid) {
        long[] f = stat(pid);
        return f == null ? 0 : (f[0] + f[1]) * TICK;
    }

    /** CPU seconds of the cluster listening on {@code port}, or 0 when it is not found on this machine. */
    static double postgres(int port) {
        String postmaster = postmasterPid(port);
        if (postmaster == null) {
            return 0;
        }
        long[] own = stat(postmaster);
        double total = own == null ? 0 : (own[0] + own[1] + own[2] + own[3]) * TICK;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String pid = p.getFileName().toString();
                long[] f = pid.chars().allMatch(Character::isDigit) ? stat(pid) : null;
                if (f != null && String.valueOf(f[4]).equals(postmaster)) {
                    total += (f[0] + f[1]) * TICK;
                }
            }
        } catch (Exception e) {
            return total;
        }
        return total;
    }

    /**
     * CPU seconds of a process's children (the parse workers of a service): the live ones, plus those that already
     * exited and were reaped (the parent's cutime and cstime).
     */
    static double children(String pid) {
        long[] own = stat(pid);
        if (own == null) {
            return 0;
        }
        double total = (own[2] + own[3]) * TICK;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String child = p.getFileName().toString();
                long[] f = child.chars().allMatch(Character::isDigit) ? stat(child) : null;
                if (f != null && String.valueOf(f[4]).equals(pid)) {
                    total += (f[0] + f[1] + f[2] + f[3]) * TICK;
                }
            }
        } catch (Exception e) {
            return total;
        }
        return total;
    }

    /** CPU seconds all cores of the machine spent busy (not idle or waiting for I/O) since boot, from /proc/stat. */
    static double machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * TICK;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Port of a {@code jdbc:postgresql://host:port/db} URL, or -1. */
    static int port(String jdbcUrl) {
        if (jdbcUrl == null) {
            return -1;
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("//[^/:]+:(\\d+)/").matcher(jdbcUrl);
        return m.find() ? Integer.parseInt(m.group(1)) : 5432;
    }

    private static String postmasterPid(int port) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String pid = p.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (cmd.contains("postgres") && cmd.contains(" -p " + port + " ")) {
                        return pid;
                    }
                } catch (Exception ignored) {
                    // the process ended or is not ours to read
                }
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    /** utime, stime, cutime, cstime, ppid of a process, or null. */
    private static long[] stat(String pid) {
        try {
            String s = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            return new long[] {
                Long.parseLong(f[11]),
                Long.parseLong(f[12]),
                Long.parseLong(f[13]),
                Long.parseLong(f[14]),
                Long.parseLong(f[1])
            };
        } catch (Exception e) {
            return null;
        }
    }
}
