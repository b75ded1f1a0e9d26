package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.os.testing.Netns;

/**
 * The parent's supervision with the REAL VRRP child (issue 5's tests), in kj- namespaces (see {@link VrrpLab}):
 * the full daemon (org.keepalivedjava.cli.Main -n, which spawns the VRRP child) on node a, the real keepalived
 * 2.2.7 as the peer on node b where a peer is needed. watchdog_interval 1 s keeps the hang verdicts short.
 * Bounds are the issue's; the measured numbers are printed. Root only.
 */
@Tag("root")
class SupervisionEndToEndTest {
    static final String VIP = "192.0.2.100";
    static final long WATCHDOG_INTERVAL_MS = 1000;
    static final long CHILD_WAIT_TIME_MS = 5000;

    @TempDir
    Path dir;

    /**
     * keepalived-java's configuration; watchdog_interval is keepalived-java's own global_defs keyword,
     * child_wait_time is a top-level keyword as in keepalived.
     */
    static String ourConf(int priority) {
        return "global_defs {\n  router_id kj" + priority + "\n  watchdog_interval " + WATCHDOG_INTERVAL_MS / 1000
                + "\n}\nchild_wait_time " + CHILD_WAIT_TIME_MS / 1000 + "\n" + instance(priority);
    }

    /** The real keepalived's configuration (the peer). */
    static String peerConf(int priority) {
        return "global_defs {\n  router_id kj" + priority + "\n}\n" + instance(priority);
    }

    static String instance(int priority) {
        return "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n  priority " + priority
                + "\n  advert_int 1\n  virtual_ipaddress {\n    " + VIP + "/24\n  }\n}\n";
    }

    private VrrpLab lab() throws Exception {
        Files.createDirectories(dir.resolve("lab"));
        return new VrrpLab(dir.resolve("lab"), VIP);
    }

    /** Starts keepalived-java on node a and waits for it to own the VIP (no peer yet: it elects itself). */
    private static void startOurs(VrrpLab.Node node) throws Exception {
        node.start(false, ourConf(150));
        VrrpLab.waitFor("VIP on keepalived-java's node", 15_000, node::hasVip);
    }

    @Test
    void processesAndPidFilesThenAHungVrrpChildIsReplacedAndTheVipEndsOnOneNode() throws Exception {
        try (VrrpLab lab = lab()) {
            VrrpLab.Node ours = lab.a;
            VrrpLab.Node peer = lab.b;
            try {
                startOurs(ours);
                long parent = ours.daemon.pid();
                long child = ours.vrrpChildPid();
                assertEquals(parent + "\n", Files.readString(ours.file("pid")), "-p names the parent");
                assertEquals(List.of(child), children(parent), "parent + VRRP child, no checker child (no"
                        + " virtual_server)\n" + ours.log());
                assertEquals(parent, ProcessHandle.of(child).orElseThrow().parent().orElseThrow().pid());

                peer.start(true, peerConf(100));
                Thread.sleep(3000 + 1000); // longer than the peer's Master_Down_Interval: the election is over
                assertTrue(ours.hasVip() && !peer.hasVip(), "150 is master, the keepalived peer backup\n" + logs(lab));

                long stopNs = System.nanoTime();
                Netns.run("kill", "-STOP", Long.toString(child));
                VrrpLab.waitFor("the hung child SIGKILLed", 30_000, () -> !running(child));
                long detectedMs = (System.nanoTime() - stopNs) / 1_000_000;
                VrrpLab.waitFor("a replacement VRRP child", 30_000, () -> replacement(ours, child) > 0);
                long replacement = replacement(ours, child);
                long replacedMs = (System.nanoTime() - stopNs) / 1_000_000;
                assertTrue(detectedMs <= 2 * WATCHDOG_INTERVAL_MS + 1000, "hung child found and killed "
                        + detectedMs + " ms after SIGSTOP; bound 2 x watchdog_interval + 1 s\n" + ours.log());
                assertTrue(ours.log().contains("VRRP child process(" + child + ") is hung"), ours.log());
                assertEquals(List.of(replacement), children(parent), "exactly one VRRP child again");

                // The replacement removes the residual VIP left by the killed child, starts BACKUP and preempts
                // back (150 > 100) after its Master_Down_Interval.
                VrrpLab.waitFor("the residual VIP removed by the replacement", 30_000,
                        () -> ours.firstChange(false, stopNs) > 0);
                long residualGoneNs = ours.firstChange(false, stopNs);
                VrrpLab.waitFor("the VIP back on the 150 node only", 30_000,
                        () -> ours.firstChange(true, residualGoneNs) > 0 && ours.hasVip() && !peer.hasVip());
                long backMs = (System.nanoTime() - stopNs) / 1_000_000;
                Thread.sleep(2000);
                assertTrue(ours.hasVip() && !peer.hasVip(), "the VIP stays on exactly one node\n" + logs(lab));
                assertEquals(1, vipHolders(lab), "ip addr: exactly one node has " + VIP);
                System.out.printf("SIGSTOP VRRP child: killed after %d ms, replacement spawned after %d ms, residual"
                        + " VIP removed after %.1f ms, VIP back on the 150 node after %d ms; longest VIP overlap %.1f ms%n",
                        detectedMs, replacedMs, (residualGoneNs - stopNs) / 1e6, backMs, lab.longestOverlapNs() / 1e6);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n" + logs(lab), e);
            } finally {
                ours.kill();
                peer.kill();
            }
        }
    }

    @Test
    void parentKilledTakesTheVrrpChildAndTheVipWithIt() throws Exception {
        try (VrrpLab lab = lab()) {
            VrrpLab.Node ours = lab.a;
            try {
                startOurs(ours);
                long child = ours.vrrpChildPid();
                long killNs = System.nanoTime();
                Netns.run("kill", "-KILL", Long.toString(ours.daemon.pid()));
                VrrpLab.waitFor("the VRRP child gone with its parent", 30_000, () -> !running(child));
                long goneMs = (System.nanoTime() - killNs) / 1_000_000;
                long vipGone = ours.firstChange(false, killNs);
                assertTrue(goneMs <= 2000, "child exited " + goneMs + " ms after the parent's SIGKILL; bound 2 s");
                assertTrue(vipGone > 0, "the child released the VIP on its way out");
                assertFalse(ours.hasVip());
                assertEquals(0, vipHolders(lab), "no VIP left behind");
                System.out.printf("SIGKILL parent: VRRP child gone after %d ms, VIP removed after %.1f ms%n", goneMs,
                        (vipGone - killNs) / 1e6);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n" + logs(lab), e);
            } finally {
                ours.kill();
            }
        }
    }

    @Test
    void sigtermStopsInOrderWithinChildWaitTime() throws Exception {
        try (VrrpLab lab = lab()) {
            VrrpLab.Node ours = lab.a;
            try {
                startOurs(ours);
                long child = ours.vrrpChildPid();
                long termNs = ours.signalDaemon("TERM");
                ours.awaitExit(30_000);
                long stopMs = (System.nanoTime() - termNs) / 1_000_000;
                assertEquals(0, ours.daemon.exitValue(), ours.log());
                assertTrue(stopMs < CHILD_WAIT_TIME_MS, "stopped in " + stopMs + " ms; child_wait_time "
                        + CHILD_WAIT_TIME_MS + " ms");
                assertFalse(ours.log().contains("did not stop within child_wait_time"), ours.log());
                assertFalse(running(child));
                assertTrue(ours.firstChange(false, termNs) > 0, "VIP removed");
                assertEquals(0, vipHolders(lab), "no VIP left");
                assertFalse(Files.exists(ours.file("pid")), "parent pid file removed");
                assertFalse(Files.exists(ours.file("vrrp.pid")), "VRRP pid file removed");
                System.out.printf("SIGTERM: parent and VRRP child stopped in %d ms, VIP removed after %.1f ms%n",
                        stopMs, (ours.firstChange(false, termNs) - termNs) / 1e6);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n" + logs(lab), e);
            } finally {
                ours.kill();
            }
        }
    }

    /** The VRRP pid file's pid once it names a running process other than {@code old}; else -1. */
    private static long replacement(VrrpLab.Node node, long old) {
        try {
            long pid = Long.parseLong(Files.readString(node.file("vrrp.pid")).trim());
            return pid != old && running(pid) ? pid : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static List<Long> children(long pid) {
        return ProcessHandle.of(pid).orElseThrow().children().filter(h -> running(h.pid()))
                .map(ProcessHandle::pid).sorted().toList();
    }

    /** Running and not a zombie (a re-parented child may wait a while for its reaper). */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** How many of the two nodes have the VIP now, asked of the kernel (not of the monitor). */
    private static int vipHolders(VrrpLab lab) throws Exception {
        int n = 0;
        for (VrrpLab.Node node : List.of(lab.a, lab.b)) {
            Process p = new ProcessBuilder("ip", "-n", node.ns.name(), "-4", "addr", "show", "dev", "eth0")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            if (out.contains(" " + VIP + "/")) {
                n++;
            }
        }
        return n;
    }

    private static String logs(VrrpLab lab) {
        return "--- node a log:\n" + lab.a.log() + "\n--- node b log:\n" + lab.b.log();
    }
}
