package org.keepalivedjava.checkers.child;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP to the checker child as a real process in the no-IPVS mode (this kernel has none), with stand-in checks
 * driven by files ({@link FileDrivenCheckChildMain}): an unchanged configuration changes nothing (no notify, the
 * checks carry on and still see a failure afterwards); a broken one is refused; an added real server gets its
 * checker started while the unchanged one is left alone.
 */
@Tag("root")
class CheckerChildReloadTest {
    private static final String CONF = """
            global_defs {
              enable_script_security
              script_user root
            }
            virtual_server 192.0.2.1 80 {
              lb_algo rr
              lb_kind NAT
              protocol TCP
              real_server 192.0.2.10 80 {
                notify_down "/usr/bin/touch DIR/notified-down"
                notify_up "/usr/bin/touch DIR/notified-up"
                TCP_CHECK {
                }
              }
            }
            """;

    @Test
    void unchangedReloadKeepsChecksAndNotifiesNothing() throws Exception {
        Path dir = Files.createTempDirectory("kj-checker-reload");
        Process p = null;
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try {
            Path conf = dir.resolve("keepalived.conf");
            String text = CONF.replace("DIR", dir.toString());
            Files.writeString(conf, text);
            Files.createFile(dir.resolve("up-192.0.2.10-80"));
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            p = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Dkj.check.dir=" + dir,
                    "-cp", cp, FileDrivenCheckChildMain.class.getName(), "-f", conf.toString(), "-l", "-G", "-D")
                    .redirectErrorStream(true).start();
            Process proc = p;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    // process gone
                }
            });
            reader.setDaemon(true);
            reader.start();
            waitFor(() -> has(lines, "Startup complete"), lines);

            // Unchanged (moved down: only locations differ).
            Files.writeString(conf, "# edited\n\n" + text);
            hup(p);
            waitFor(() -> has(lines, "Reload: virtual servers unchanged; 1 checkers carry on"), lines);
            Thread.sleep(1_000);
            assertFalse(Files.exists(dir.resolve("notified-up")), "an unchanged reload ran notify_up");
            assertFalse(Files.exists(dir.resolve("notified-down")), "an unchanged reload ran notify_down");
            // The check carries on: a failure after the reload is still seen.
            Files.delete(dir.resolve("up-192.0.2.10-80"));
            waitFor(() -> Files.exists(dir.resolve("notified-down")), lines);

            // Broken: refused, still running.
            Files.writeString(conf, text + "virtual_server {\n");
            hup(p);
            waitFor(() -> has(lines, "Reload refused"), lines);
            assertTrue(p.isAlive());

            // A real server added: programmed and its checker started (its file is absent: it reports down),
            // the unchanged one untouched (no notify_up for it).
            String added = text.replace("  real_server 192.0.2.10 80 {",
                    "  real_server 192.0.2.11 80 {\n    TCP_CHECK {\n    }\n  }\n  real_server 192.0.2.10 80 {");
            assertTrue(added.contains("192.0.2.11"));
            Files.writeString(conf, added);
            hup(p);
            waitFor(() -> has(lines, "Activating healthchecker for service [192.0.2.11]:tcp:80 for VS [192.0.2.1]:tcp:80"),
                    lines);
            waitFor(() -> has(lines, "Removing service [192.0.2.11]:tcp:80 from VS [192.0.2.1]:tcp:80"), lines);
            assertFalse(Files.exists(dir.resolve("notified-up")), "the unchanged real server was notified");
            assertTrue(p.isAlive(), String.join("\n", lines));
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void hup(Process p) throws Exception {
        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
    }

    private static boolean has(List<String> lines, String text) {
        synchronized (lines) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, List<String> lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out; child output:\n" + String.join("\n", lines));
            }
            Thread.sleep(50);
        }
    }
}
