package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.packaging.DistributionIT.Run;

/**
 * keepalived's JSON signal through the distribution's launcher, as a user sends it:
 * {@code kill -s $(keepalived-java --signum=JSON) $(cat PIDFILE)}. The launcher starts the JVM with SIGRTMIN+2
 * blocked in every thread (env --block-signal), the parent forwards the signal to its VRRP child, which writes
 * keepalived.json in $TMPDIR (keepalived's own rule; here the test's directory, so /tmp is untouched). Needs root
 * (a kj- network namespace, deleted afterwards).
 */
@Tag("root")
class JsonSignalIT {
    static final String NS = "kj-pkgjson-" + ProcessHandle.current().pid();
    static final long JSON_SIGNAL_BIT = 1L << (36 - 1);

    @TempDir
    Path tmp;

    @BeforeAll
    static void createNamespace() throws Exception {
        NamespaceLauncherIT.lanNamespace(NS);
    }

    @AfterAll
    static void deleteNamespace() throws Exception {
        DistributionIT.run(Path.of("/"), Map.of(), List.of("ip", "netns", "del", NS));
    }

    @Test
    void theJsonSignalToTheParentWritesKeepalivedJson() throws Exception {
        Path launcher = DistributionIT.LAUNCHER.toAbsolutePath();
        Run signum = DistributionIT.run(tmp, Map.of(), List.of(launcher.toString(), "--signum=JSON"));
        assertEquals("36", signum.out().trim(), signum.err());
        Files.writeString(tmp.resolve("k.conf"), "global_defs {\n  router_id kjjson\n}\nvrrp_instance VI_1 {\n"
                + "  interface eth0\n  virtual_router_id 51\n  priority 150\n  advert_int 1\n"
                + "  virtual_ipaddress {\n    192.0.2.100/24\n  }\n}\n");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "-n", "-l", "-D", "-s", NS, "-f",
                tmp.resolve("k.conf").toString(), "-p", tmp.resolve("k.pid").toString(), "-r",
                tmp.resolve("v.pid").toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("log").toFile());
        pb.environment().put("TMPDIR", tmp.toString());
        Process daemon = pb.start();
        try {
            long parent = waitForPid(tmp.resolve("k.pid"));
            long child = waitForPid(tmp.resolve("v.pid"));
            assertTrue((blocked(parent) & JSON_SIGNAL_BIT) != 0, "the launcher started the parent with 36 blocked");
            assertTrue((blocked(child) & JSON_SIGNAL_BIT) != 0, "the parent started its child with 36 blocked");
            Path json = tmp.resolve("keepalived.json");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(json) && Files.readString(json).contains("\"state\":2,"))) {
                assertTrue(System.nanoTime() - deadline < 0, "keepalived.json with VI_1 MASTER\n" + log());
                DistributionIT.run(tmp, Map.of(), List.of("kill", "-36", Long.toString(parent)));
                Thread.sleep(500); // a poll interval: the loop judges the file
            }
            String text = Files.readString(json);
            assertTrue(text.startsWith("[{\"data\":{\"iname\":\"VI_1\","), text);
            assertTrue(daemon.isAlive(), "the daemon survived the real-time signal\n" + log());
            assertTrue(log().contains("Printing VRRP as json for process(" + child + ") on signal"), log());
            DistributionIT.run(tmp, Map.of(), List.of("kill", "-TERM", Long.toString(parent)));
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), log());
            assertEquals(0, daemon.exitValue(), log());
        } finally {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly();
        }
    }

    private String log() throws IOException {
        return Files.readString(tmp.resolve("log"));
    }

    private static long waitForPid(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (Files.exists(file)) {
                String text = Files.readString(file).trim();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            assertTrue(System.nanoTime() - deadline < 0, "pid file " + file);
            Thread.sleep(20);
        }
    }

    /** The SigBlk mask of a process's main thread (/proc/PID/status). */
    private static long blocked(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigBlk:")) {
                return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        }
        throw new AssertionError("no SigBlk in /proc/" + pid + "/status");
    }
}
