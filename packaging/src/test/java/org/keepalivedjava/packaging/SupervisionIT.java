package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.packaging.DistributionIT.Run;

/**
 * The BUILT distribution started the way an operator starts it (daemonized, -s NAMESPACE) with a configuration
 * that has VRRP and a virtual server: three processes (parent, VRRP child, checker child) with the right pid
 * files; a SIGSTOPped checker child is found hung and replaced; SIGTERM stops all three and removes the pid files
 * and the VIP. The kernel has no IPVS: the checker child logs it once and keeps running (CheckerChildMain).
 * Root (a kj- namespace, always deleted); waits are hang guards, the bounds are issue 5's.
 */
@Tag("root")
class SupervisionIT {
    static final String NS = "kj-sup-" + ProcessHandle.current().pid();
    static final String VIP = "192.0.2.100";
    static final long GUARD_MS = 60_000;

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

    static final String CONF = "global_defs {\n  router_id kj1\n  watchdog_interval 1\n}\n"
            + "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n  priority 150\n"
            + "  advert_int 1\n  virtual_ipaddress {\n    " + VIP + "/24\n  }\n}\n"
            + "virtual_server " + VIP + " 80 {\n  delay_loop 1\n  lvs_sched rr\n  lvs_method NAT\n  protocol TCP\n"
            + "  real_server 192.0.2.1 80 {\n    TCP_CHECK {\n      connect_timeout 1\n    }\n  }\n}\n";

    @Test
    void threeProcessesPidFilesHungCheckerReplacedAndOrderlyStop() throws Exception {
        Path conf = Files.writeString(tmp.resolve("k.conf"), CONF);
        Path pid = tmp.resolve("k.pid");
        Path vrrpPid = tmp.resolve("vrrp.pid");
        Path checkersPid = tmp.resolve("checkers.pid");
        Run r = DistributionIT.run(tmp, Map.of(), List.of(DistributionIT.LAUNCHER.toAbsolutePath().toString(),
                "-s", NS, "-D", "-f", conf.toString(), "-p", pid.toString(), "-r", vrrpPid.toString(), "-c",
                checkersPid.toString()));
        assertEquals(0, r.status(), r.err());
        long parent = readPid(pid);
        try {
            awaitTrue("both children running", () -> running(readPidOr(vrrpPid)) && running(readPidOr(checkersPid)));
            long vrrp = readPid(vrrpPid);
            long checker = readPid(checkersPid);
            List<Long> children = children(parent);
            assertEquals(List.of(Math.min(vrrp, checker), Math.max(vrrp, checker)), children,
                    "three processes: the parent and its two children");
            assertTrue(cmdline(vrrp).contains("org.keepalivedjava.vrrp.child.VrrpChildMain"));
            assertTrue(cmdline(checker).contains("org.keepalivedjava.checkers.child.CheckerChildMain"));
            assertNotEquals(netnsOf(ProcessHandle.current().pid()), netnsOf(parent), "the daemon runs in " + NS);
            assertEquals(netnsOf(parent), netnsOf(vrrp), "so do its children");
            assertEquals(netnsOf(parent), netnsOf(checker));
            awaitTrue("the VIP on the only node", this::vipPresent);

            long stopNs = System.nanoTime();
            DistributionIT.run(tmp, Map.of(), List.of("kill", "-STOP", Long.toString(checker)));
            awaitTrue("the hung checker child killed", () -> !running(checker));
            long killedMs = (System.nanoTime() - stopNs) / 1_000_000;
            assertTrue(killedMs <= 2 * 1000 + 1000, "killed " + killedMs + " ms after SIGSTOP");
            awaitTrue("a new checker child", () -> readPidOr(checkersPid) != checker && running(readPidOr(checkersPid)));
            long newChecker = readPid(checkersPid);
            assertNotEquals(checker, newChecker);
            assertEquals(vrrp, readPid(vrrpPid), "the VRRP child is untouched");
            assertTrue(vipPresent(), "the VIP stays");
            System.out.println("SIGSTOP checker child: killed after " + killedMs + " ms, replaced by " + newChecker);

            long termNs = System.nanoTime();
            DistributionIT.run(tmp, Map.of(), List.of("kill", "-TERM", Long.toString(parent)));
            awaitTrue("all three gone", () -> !running(parent) && !running(vrrp) && !running(newChecker));
            long stopMs = (System.nanoTime() - termNs) / 1_000_000;
            assertTrue(stopMs < 5000, "orderly stop in " + stopMs + " ms; child_wait_time 5 s");
            awaitTrue("pid files removed", () -> !Files.exists(pid) && !Files.exists(vrrpPid)
                    && !Files.exists(checkersPid));
            assertFalse(Files.exists(Path.of("/run/keepalived-java", Long.toString(parent))),
                    "the parent's watchdog directory removed");
            assertFalse(vipPresent(), "the VIP released");
            System.out.println("SIGTERM: three processes gone in " + stopMs + " ms");
        } finally {
            ProcessHandle.of(parent).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }

    /**
     * issue 5: "kill -9 a child: respawned at once; killed again within 60 s: back-off respected", with the real VRRP
     * child, and the parent handing the children the configuration IT validated: the file is edited (another VIP,
     * plus an instance on a missing interface, which would make a child reading the file exit with a configuration
     * error and stop the daemon) before the kills; every respawned child runs the validated text.
     * Started in the foreground (-n -l) so the parent's log can be read.
     */
    @Test
    void killedVrrpChildRespawnsAtOnceThenWithBackOffRunningTheValidatedConfig() throws Exception {
        Path conf = Files.writeString(tmp.resolve("k.conf"), CONF.replace("  router_id kj1\n", "  router_id kj2\n"));
        Path pid = tmp.resolve("k2.pid");
        Path vrrpPid = tmp.resolve("vrrp2.pid");
        Path log = tmp.resolve("daemon.log");
        Process daemon = new ProcessBuilder(DistributionIT.LAUNCHER.toAbsolutePath().toString(), "-n", "-l", "-D",
                "-G", "-P", "-s", NS, "-f", conf.toString(), "-p", pid.toString(), "-r", vrrpPid.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitTrue("the VRRP child running", () -> running(readPidOr(vrrpPid)));
            awaitTrue("the VIP on the only node", this::vipPresent);
            Files.writeString(conf, CONF.replace(VIP + "/24", EDITED_VIP + "/24")
                    + "vrrp_instance VI_2 {\n  interface nosuch0\n  virtual_router_id 52\n"
                    + "  virtual_ipaddress {\n    192.0.2.102/24\n  }\n}\n");

            long first = readPid(vrrpPid);
            long[] respawnMs = new long[3];
            long previous = first;
            for (int kill = 0; kill < 3; kill++) {
                long victim = previous;
                long killNs = System.nanoTime();
                DistributionIT.run(tmp, Map.of(), List.of("kill", "-9", Long.toString(victim)));
                if (kill > 0) {
                    // The respawn waits for the back-off: meanwhile the parent has removed the dead child's VIP, so
                    // a peer taking over never shares it with this node.
                    awaitTrue("the VIP removed by the parent during the back-off", () -> !vipPresent());
                    assertFalse(running(readPidOr(vrrpPid)) && readPidOr(vrrpPid) != victim,
                            "removed before any new child ran");
                }
                awaitTrue("a new VRRP child after kill " + (kill + 1),
                        () -> readPidOr(vrrpPid) != victim && running(readPidOr(vrrpPid)));
                respawnMs[kill] = (System.nanoTime() - killNs) / 1_000_000;
                previous = readPid(vrrpPid);
                if (kill == 0) {
                    // The respawned child runs the validated configuration, not the edited file: it becomes master
                    // again (its own VIP, not the one the killed child left: a VRRP child removes residual VIPs).
                    awaitTrue("the respawned child master", () -> count(readLog(log), "Entering MASTER STATE") == 2);
                    assertTrue(vipPresent(), addresses());
                    assertFalse(addresses().contains(" " + EDITED_VIP + "/"), addresses());
                    assertTrue(running(daemon.pid()), "the daemon keeps running");
                }
            }
            String text = Files.readString(log);
            // keepalived's back-off over quick deaths: at once, then 1 s, then 2 s.
            assertFalse(text.contains("delayed 0 seconds"), text);
            assertEquals(1, count(text, "Restart of VRRP process delayed 1 seconds"), text);
            assertEquals(1, count(text, "Restart of VRRP process delayed 2 seconds"), text);
            int firstDelay = text.indexOf("Restart of VRRP process delayed 1 seconds");
            assertTrue(count(text.substring(0, firstDelay), "Starting VRRP child process") == 2,
                    "the first kill respawned at once (no delay line before the second start): " + text);
            assertTrue(respawnMs[1] >= 1000, "second respawn after " + respawnMs[1] + " ms; back-off 1 s");
            assertTrue(respawnMs[2] >= 2000, "third respawn after " + respawnMs[2] + " ms; back-off 2 s");
            assertFalse(text.contains("nosuch0"), "no child read the edited file: " + text);
            assertTrue(count(text, "left by the VRRP child") >= 2, "the parent says it released the VIP: " + text);
            System.out.println("kill -9 VRRP child: respawned after " + respawnMs[0] + ", " + respawnMs[1] + ", "
                    + respawnMs[2] + " ms");
        } finally {
            ProcessHandle.of(daemon.pid()).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
            daemon.destroyForcibly();
            daemon.waitFor();
            for (String vip : List.of(VIP, EDITED_VIP)) { // a SIGKILLed child leaves its VIP: not for the next test
                DistributionIT.run(tmp, Map.of(), List.of("ip", "-n", NS, "addr", "del", vip + "/24", "dev", "eth0"));
            }
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static final String EDITED_VIP = "192.0.2.101";

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private String addresses() {
        try {
            return DistributionIT.run(tmp, Map.of(), List.of("ip", "-n", NS, "-4", "addr", "show", "dev", "eth0"))
                    .out();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private boolean vipPresent() {
        try {
            Run r = DistributionIT.run(tmp, Map.of(), List.of("ip", "-n", NS, "-4", "addr", "show", "dev", "eth0"));
            return r.out().contains(" " + VIP + "/");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String netnsOf(long pid) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString();
    }

    private static String cmdline(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    }

    private static List<Long> children(long pid) {
        return ProcessHandle.of(pid).orElseThrow().children().map(ProcessHandle::pid).filter(DaemonizeIT::running)
                .sorted().toList();
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

    private static boolean running(long pid) {
        return pid > 0 && DaemonizeIT.running(pid);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + GUARD_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                fail(what + ": not within the hang guard");
            }
            Thread.sleep(10);
        }
    }
}
