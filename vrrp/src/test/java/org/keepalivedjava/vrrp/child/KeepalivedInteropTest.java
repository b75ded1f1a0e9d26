package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived-java against the real keepalived 2.2.7 in two namespaces (see {@link VrrpLab}): the full daemon
 * (launcher + VRRP child) on one side, keepalived on the other, the same configuration but the priority.
 *
 * <p>Timing bounds are the issue's: graceful failover within Skew_Time + 100 ms, crash failover within
 * Master_Down_Interval + 100 ms, the VIP never on both nodes for longer than one advert interval. Each bound gets
 * {@link #HANG_GUARD_MS} more, only so that a loaded CI machine does not fail a correct run: the measured numbers
 * are printed (and are what BENCHMARKS.md reports); a real timing bug is far larger than the guard.
 */
@Tag("root")
class KeepalivedInteropTest {
    static final long HANG_GUARD_MS = 250;
    static final double MS = 1e6;

    @TempDir
    Path dir;

    /** The configuration for one node; {@code @NOTIFY@} becomes the node's argv recorder. */
    record Variant(String name, String vip, String instanceExtra, String globalExtra, int advertSec) {
        String conf(int priority, String self, String peer) {
            return "global_defs {\n  router_id kj" + priority + "\n" + globalExtra + "}\n"
                    + "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n"
                    + "  priority " + priority + "\n  advert_int " + advertSec + "\n"
                    + "  notify \"@NOTIFY@ 'quoted arg' x\"\n"
                    + instanceExtra.replace("@SELF@", self).replace("@PEER@", peer)
                    + "  virtual_ipaddress {\n    " + vip + (vip.contains(":") ? "/64" : "/24") + "\n  }\n}\n";
        }

        /** RFC 3768/5798 Skew_Time in ms for a priority (advert_int whole seconds here). */
        double skewMs(int priority) {
            return (256 - priority) * 1000.0 * advertSec / 256;
        }

        double downIntervalMs(int priority) {
            return 3 * 1000.0 * advertSec + skewMs(priority);
        }
    }

    static final Variant V2_MULTICAST = new Variant("VRRPv2 multicast", "192.0.2.100", "", "", 1);
    static final Variant V2_PASS = new Variant("VRRPv2 PASS", "192.0.2.100",
            "  authentication {\n    auth_type PASS\n    auth_pass secret12\n  }\n", "", 1);
    static final Variant V3_IPV4 = new Variant("VRRPv3 IPv4", "192.0.2.100", "  version 3\n", "", 1);
    static final Variant V3_IPV6 = new Variant("VRRPv3 IPv6", "2001:db8::100", "  version 3\n", "", 1);
    static final Variant V2_UNICAST = new Variant("VRRPv2 unicast", "192.0.2.100",
            "  unicast_src_ip @SELF@\n  unicast_peer {\n    @PEER@\n  }\n", "", 1);
    static final Variant V3_UNICAST = new Variant("VRRPv3 unicast", "192.0.2.100",
            "  version 3\n  unicast_src_ip @SELF@\n  unicast_peer {\n    @PEER@\n  }\n", "", 1);

    /** What one run measured, for the report. */
    public record Times(double gracefulMs, double preemptBackMs, double crashMs, double overlapMs) {
    }

    @Test
    void vrrpV2MulticastBothWays() throws Exception {
        fullRun(V2_MULTICAST);
    }

    @Test
    void vrrpV2PassBothWays() throws Exception {
        fullRun(V2_PASS);
    }

    @Test
    void vrrpV3Ipv4BothWays() throws Exception {
        fullRun(V3_IPV4);
    }

    @Test
    void vrrpV3Ipv6BothWays() throws Exception {
        fullRun(V3_IPV6);
    }

    @Test
    void vrrpV2UnicastBothWays() throws Exception {
        fullRun(V2_UNICAST);
    }

    @Test
    void vrrpV3UnicastBothWays() throws Exception {
        fullRun(V3_UNICAST);
    }

    /**
     * keepalived-java 150 vs keepalived 100, then keepalived 150 vs keepalived-java 100; the notify records of the
     * 150 node and of the 100 node must be the same whichever implementation played it.
     */
    private void fullRun(Variant v) throws Exception {
        List<String> oursHigh;
        List<String> theirsLow;
        try (VrrpLab lab = new VrrpLab(dir.resolve("run1"), v.vip())) {
            java.nio.file.Files.createDirectories(lab.dir);
            Times t = scenario(lab, v, false, true);
            System.out.printf("%s keepalived-java 150 / keepalived 100: graceful %.1f ms, preempt-back %.1f ms,"
                    + " crash %.1f ms, longest overlap %.1f ms%n", v.name(), t.gracefulMs(), t.preemptBackMs(),
                    t.crashMs(), t.overlapMs());
            oursHigh = lab.a.notifyRecords();
            theirsLow = lab.b.notifyRecords();
        }
        List<String> theirsHigh;
        List<String> oursLow;
        try (VrrpLab lab = new VrrpLab(dir.resolve("run2"), v.vip())) {
            java.nio.file.Files.createDirectories(lab.dir);
            Times t = scenario(lab, v, true, false);
            System.out.printf("%s keepalived 150 / keepalived-java 100: graceful %.1f ms, preempt-back %.1f ms,"
                    + " crash %.1f ms, longest overlap %.1f ms%n", v.name(), t.gracefulMs(), t.preemptBackMs(),
                    t.crashMs(), t.overlapMs());
            theirsHigh = lab.a.notifyRecords();
            oursLow = lab.b.notifyRecords();
        }
        // election, graceful stop (and the 100 node's takeover and preempted return): same argv, same order
        assertEquals(List.of("quoted arg|x|INSTANCE|VI_1|BACKUP|150", "quoted arg|x|INSTANCE|VI_1|MASTER|150",
                "quoted arg|x|INSTANCE|VI_1|STOP|150"), theirsHigh.subList(0, Math.min(3, theirsHigh.size())),
                "keepalived's own records (the reference)");
        assertEquals(theirsHigh.subList(0, 3), oursHigh.subList(0, Math.min(3, oursHigh.size())));
        assertEquals(theirsLow.subList(0, Math.min(3, theirsLow.size())),
                oursLow.subList(0, Math.min(3, oursLow.size())));
    }

    /**
     * Node a runs priority 150, node b 100; {@code keepalivedHigh}/{@code keepalivedLow} say which is the real
     * keepalived (else keepalived-java; the benchmark also runs keepalived against itself). The high node starts first and must win; then SIGTERM to it (graceful), restart
     * (preempt back), SIGKILL of its VRRP child (crash; the parent respawns it and it preempts back again).
     */
    static Times scenario(VrrpLab lab, Variant v, boolean keepalivedHigh, boolean keepalivedLow) throws Exception {
        VrrpLab.Node high = lab.a;
        VrrpLab.Node low = lab.b;
        String highConf = v.conf(150, "192.0.2.1", "192.0.2.2");
        String lowConf = v.conf(100, "192.0.2.2", "192.0.2.1");
        try {
            high.start(keepalivedHigh, highConf);
            VrrpLab.waitFor("VIP on the 150 node", 15_000, high::hasVip);
            low.start(keepalivedLow, lowConf);
            Thread.sleep((long) v.downIntervalMs(100) + 1000);
            assertTrue(high.hasVip(), "150 node keeps the VIP\n" + logs(lab));
            assertFalse(low.hasVip(), "100 node stays BACKUP\n" + logs(lab));
            assertTrue(low.garps >= 5, "the 150 node's gratuitous ARPs/NAs seen by the peer: " + low.garps);

            long term = high.signalDaemon("TERM");
            VrrpLab.waitFor("VIP on the 100 node after SIGTERM", 5_000, low::hasVip);
            double gracefulMs = (low.firstChange(true, term) - term) / MS;
            high.awaitExit(10_000);
            assertFalse(high.hasVip(), "stopped node released the VIP");
            assertTrue(gracefulMs <= v.skewMs(100) + 100 + HANG_GUARD_MS,
                    "graceful failover " + gracefulMs + " ms, bound Skew_Time + 100 = " + (v.skewMs(100) + 100));

            long restart = high.start(keepalivedHigh, highConf);
            VrrpLab.waitFor("VIP back on the restarted 150 node", 15_000,
                    () -> high.firstChange(true, restart) > 0);
            double preemptMs = (high.firstChange(true, restart) - restart) / MS;
            VrrpLab.waitFor("100 node released the VIP", 3_000, () -> !low.hasVip());

            Thread.sleep(1500); // at least one advert of the new master
            long kill = high.signalChild("KILL");
            VrrpLab.waitFor("VIP on the 100 node after SIGKILL", 10_000, () -> low.firstChange(true, kill) > 0);
            double crashMs = (low.firstChange(true, kill) - kill) / MS;
            assertTrue(crashMs <= v.downIntervalMs(100) + 100 + HANG_GUARD_MS,
                    "crash failover " + crashMs + " ms, bound Master_Down_Interval + 100 = "
                            + (v.downIntervalMs(100) + 100));
            VrrpLab.waitFor("respawned 150 child preempts back", 15_000,
                    () -> high.firstChange(true, kill) > 0 && !low.hasVip());
            double overlapMs = lab.longestOverlapNs() / MS;
            assertTrue(overlapMs <= v.advertSec() * 1000.0, "VIP on both nodes for " + overlapMs + " ms");
            return new Times(gracefulMs, preemptMs, crashMs, overlapMs);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + logs(lab), e);
        } finally {
            high.kill();
            low.kill();
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static String logs(VrrpLab lab) {
        return "--- node a log:\n" + lab.a.log() + "\n--- node b log:\n" + lab.b.log();
    }
}
