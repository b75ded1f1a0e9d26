package org.keepalivedjava.packaging.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How long the chaos suite runs and how it reports. The CI version is short; the long version runs on demand:
 * {@code -Dchaos.long=true} (50 rounds of process chaos, longer fault phases and storms), {@code -Dchaos.rounds=N}
 * overrides the round count, {@code -Dchaos.seed=S} replays a run (every test prints the seed it used).
 * Figures go to stdout and to {@code target/chaos/REPORT-<test>.txt}.
 */
final class ChaosSettings {
    static final boolean LONG = Boolean.getBoolean("chaos.long");

    private ChaosSettings() {
    }

    static long seed() {
        return Long.getLong("chaos.seed", System.nanoTime() ^ ProcessHandle.current().pid());
    }

    static int rounds(int ci, int longRun) {
        return Integer.getInteger("chaos.rounds", LONG ? longRun : ci);
    }

    /** A per-test lab directory under target/ (not /tmp: one test fills a private /tmp on purpose). */
    static Path labDir(String test) {
        return Path.of("target", "chaos", test + "-" + ProcessHandle.current().pid()).toAbsolutePath();
    }

    /** Prints a report line and appends it to target/chaos/REPORT-test.txt. */
    static void report(String test, String line) {
        System.out.println("[chaos " + test + "] " + line);
        try {
            Path f = Path.of("target", "chaos", "REPORT-" + test + ".txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String ms(long ns) {
        return String.format("%.0f ms", ns / 1e6);
    }
}
