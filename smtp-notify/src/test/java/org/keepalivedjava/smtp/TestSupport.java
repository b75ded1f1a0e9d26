package org.keepalivedjava.smtp;

import org.keepalivedjava.log.Facility;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Shared test helpers: a Logger whose lines a test can read, and a hang guard for cross-thread conditions. */
final class TestSupport {

    /** Only a guard against a hung test; no test asserts on elapsed time. */
    static final long HANG_GUARD_MS = 60_000;

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T13:27:24Z"), ZoneOffset.UTC);

    private TestSupport() {
    }

    static final class CapturedLog {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Logger logger = new Logger(new Logger.Settings("test", 1, true, false, Facility.DAEMON, false),
                CLOCK, new PrintStream(bytes, true, StandardCharsets.UTF_8), SyslogTransport.NONE);

        List<String> lines() {
            String text;
            synchronized (logger) { // Logger writes under its own lock
                text = bytes.toString(StandardCharsets.UTF_8);
            }
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
        }

        long count(String fragment) {
            return lines().stream().filter(l -> l.contains(fragment)).count();
        }

        String all() {
            return String.join("\n", lines());
        }
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + HANG_GUARD_MS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("hang guard: still waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }
}
