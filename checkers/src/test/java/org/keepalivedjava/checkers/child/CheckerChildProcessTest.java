package org.keepalivedjava.checkers.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.keepalivedjava.os.ipvs.IpvsUnavailableException;
import org.keepalivedjava.os.ipvs.NetlinkIpvs;

/**
 * The checker child as a real process on THIS machine's kernel, which has no IPVS: it starts, says once that IPVS
 * is unavailable, keeps running, runs notify_down when a real server fails (stand-in checks driven by files, see
 * {@link FileDrivenCheckChildMain}), writes its data dump on SIGUSR1 and stops with status 0 on SIGTERM.
 */
@Tag("root")
class CheckerChildProcessTest {

    @Test
    void runsWithoutIpvsAndStillNotifies() throws Exception {
        boolean kernelHasIpvs;
        try (NetlinkIpvs ipvs = NetlinkIpvs.open()) {
            kernelHasIpvs = true;
        } catch (IpvsUnavailableException e) {
            kernelHasIpvs = false;
        }
        Path dir = Files.createTempDirectory("kj-checker");
        Process p = null;
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try {
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, """
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
                    """.replace("DIR", dir.toString()));
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
            reader.start();
            waitFor(() -> has(lines, "Startup complete"), lines);
            Files.delete(dir.resolve("up-192.0.2.10-80"));
            waitFor(() -> Files.exists(dir.resolve("notified-down")), lines);
            assertTrue(has(lines, "Removing service [192.0.2.10]:tcp:80 from VS [192.0.2.1]:tcp:80"), lines.toString());
            Files.createFile(dir.resolve("up-192.0.2.10-80"));
            waitFor(() -> Files.exists(dir.resolve("notified-up")), lines);
            assertTrue(p.isAlive(), "still running without IPVS");

            p.toHandle().pid();
            new ProcessBuilder("kill", "-USR1", Long.toString(p.pid())).start().waitFor();
            waitFor(() -> Files.exists(dir.resolve("keepalived_check.data")), lines);
            assertTrue(Files.readString(dir.resolve("keepalived_check.data"))
                    .contains("RIP = 192.0.2.10, RPORT = 80, WEIGHT = 1"));

            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
            reader.join(5000);
            assertEquals(0, p.exitValue(), String.join("\n", lines));
            assertTrue(has(lines, "Shutting down service [192.0.2.10]:tcp:80 from VS [192.0.2.1]:tcp:80"),
                    lines.toString());
            long unavailable = lines.stream().filter(l -> l.contains("IPVS not available")).count();
            assertEquals(kernelHasIpvs ? 0 : 1, unavailable, String.join("\n", lines));
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
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
