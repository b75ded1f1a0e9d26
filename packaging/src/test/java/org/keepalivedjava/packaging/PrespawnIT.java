package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BUILT distribution's early start of the VRRP child (parent.PrespawnedChildren): the parent starts the VRRP
 * child JVM before it reads the configuration, and that child waits for the validated configuration. Proven here
 * from the parent's log (-n -l -D) and the process table: with VRRP in the configuration the pre-started process
 * IS the VRRP child and runs the configuration (its VIP appears); an invalid configuration ends the daemon as
 * before and leaves no child; a configuration without VRRP sends the pre-started child away without a crash or
 * respawn line. Root (a kj- namespace, always deleted); waits are hang guards only.
 */
@Tag("root")
class PrespawnIT {
    static final String NS = "kj-pre-" + ProcessHandle.current().pid();
    static final String VIP = "192.0.2.110";
    static final long GUARD_MS = 60_000;
    static final Pattern PRESTARTED = Pattern.compile("Pre-started VRRP child process\\((\\d+)\\)");

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

    static final String VRRP = "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 61\n"
            + "  priority 150\n  advert_int 1\n  virtual_ipaddress {\n    " + VIP + "/24\n  }\n}\n";
    static final String VS = "virtual_server 203.0.113.10 80 {\n  delay_loop 1\n  lvs_sched rr\n  lvs_method NAT\n"
            + "  protocol TCP\n  real_server 192.0.2.1 80 {\n    TCP_CHECK {\n      connect_timeout 1\n    }\n  }\n}\n";

    private Process start(String config, Path log, String... extra) throws IOException {
        Path conf = Files.writeString(tmp.resolve("k.conf"), config);
        List<String> command = new java.util.ArrayList<>(List.of(DistributionIT.LAUNCHER.toAbsolutePath().toString(),
                "-n", "-l", "-D", "-G", "-s", NS, "-f", conf.toString(), "-p", tmp.resolve("k.pid").toString(),
                "-r", tmp.resolve("vrrp.pid").toString(), "-c", tmp.resolve("checkers.pid").toString()));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void preStartedChildIsTheVrrpChildAndRunsTheConfiguration() throws Exception {
        Path log = tmp.resolve("daemon.log");
        Process daemon = start(VRRP, log, "-P");
        try {
            long early = awaitPrestarted(log);
            awaitTrue("the VIP of the configuration", this::vipPresent);
            String text = Files.readString(log);
            assertTrue(text.contains("Starting VRRP child process, pid=" + early + " (pre-started"), text);
            assertEquals(1, count(text, "Starting VRRP child process"), text);
            assertEquals(early, readPid(tmp.resolve("vrrp.pid")));
            assertTrue(DaemonizeIT.running(early));
            assertEquals(List.of(early), ProcessHandle.of(daemon.pid()).orElseThrow().children()
                    .map(ProcessHandle::pid).filter(DaemonizeIT::running).toList(), "one child, the pre-started one");
        } finally {
            stop(daemon);
        }
    }

    @Test
    void invalidConfigurationEndsTheDaemonAndLeavesNoChild() throws Exception {
        Path log = tmp.resolve("bad.log");
        Process daemon = start(VRRP.replace("interface eth0", "interface nosuch0"), log, "-P");
        try {
            assertTrue(daemon.waitFor(GUARD_MS, TimeUnit.MILLISECONDS), "the daemon exits");
            String text = Files.readString(log);
            assertEquals(2, daemon.exitValue(), "CONFIG_CANNOT_RUN as before: " + text);
            assertTrue(text.contains("Configuration cannot run"), text);
            long early = prestarted(text);
            assertFalse(DaemonizeIT.running(early), "the pre-started child is gone: " + text);
            assertEquals(1, count(text, "VRRP child process(" + early + ")"),
                    "only its pre-start line: never a supervised child: " + text);
            assertFalse(Files.exists(tmp.resolve("vrrp.pid")));
        } finally {
            stop(daemon);
        }
    }

    @Test
    void childTheConfigurationDoesNotNeedLeavesQuietly() throws Exception {
        Path log = tmp.resolve("novrrp.log");
        Process daemon = start(VS, log);
        try {
            long early = awaitPrestarted(log);
            awaitTrue("the checker child running", () -> readPidOr(tmp.resolve("checkers.pid")) > 0
                    && DaemonizeIT.running(readPidOr(tmp.resolve("checkers.pid"))));
            awaitTrue("the pre-started VRRP child gone", () -> !DaemonizeIT.running(early));
            String text = Files.readString(log);
            assertTrue(text.contains("VRRP child not needed"), text);
            assertEquals(1, count(text, "VRRP child process(" + early + ")"),
                    "only its pre-start line: no exit, no respawn line: " + text);
            assertFalse(text.contains("Respawning"), text);
            assertFalse(Files.exists(tmp.resolve("vrrp.pid")));
            assertTrue(daemon.isAlive(), "the daemon runs on with its checker child");
        } finally {
            stop(daemon);
        }
    }

    private static void stop(Process daemon) throws InterruptedException {
        ProcessHandle.of(daemon.pid()).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
        daemon.destroyForcibly();
        daemon.waitFor();
        try {
            DistributionIT.run(Path.of("/"), Map.of(), List.of("ip", "-n", NS, "addr", "del", VIP + "/24", "dev",
                    "eth0"));
        } catch (IOException e) {
            // not there
        }
    }

    private static long prestarted(String text) {
        Matcher m = PRESTARTED.matcher(text);
        if (!m.find()) {
            fail("no pre-started VRRP child in the log:\n" + text);
        }
        return Long.parseLong(m.group(1));
    }

    private static long awaitPrestarted(Path log) throws Exception {
        awaitTrue("the pre-started VRRP child in the log", () -> PRESTARTED.matcher(readLog(log)).find());
        return prestarted(readLog(log));
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private boolean vipPresent() {
        try {
            return DistributionIT.run(tmp, Map.of(), List.of("ip", "-n", NS, "-4", "addr", "show", "dev", "eth0"))
                    .out().contains(" " + VIP + "/");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static long readPid(Path p) throws IOException {
        return Long.parseLong(Files.readString(p).trim());
    }

    private static long readPidOr(Path p) {
        try {
            return readPid(p);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
