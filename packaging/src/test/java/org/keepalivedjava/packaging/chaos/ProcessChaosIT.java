package org.keepalivedjava.packaging.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.packaging.chaos.ChaosSettings.ms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.packaging.chaos.ChaosLab.Kind;
import org.keepalivedjava.packaging.chaos.ChaosLab.Node;

/**
 * Process chaos on a LAN of three: keepalived-java (a), the real keepalived 2.2.7 (b), keepalived-java (c), two
 * VRRP instances with opposite priority orders (VI_1: a 150, b 100, c 50; VI_2: c 150, b 100, a 50), so each
 * implementation is master of something and backup of something. Each round picks a node (the master of VI_1 or of
 * VI_2, or the backup in between), one of its processes (parent, VRRP child, checker child) and SIGKILLs it or
 * SIGSTOPs it for a random time before SIGCONT, at a random moment (seeded; the seed is printed). A daemon that
 * died is started again before the next round, as an init system would.
 *
 * <p>Judged, from {@code ip monitor address} in every node: after each round, each VIP is held by exactly one node
 * whose VRRP process is running within Master_Down_Interval + 1 s of the fault's end; over the whole run the VIP
 * is never on two nodes for longer than one advert interval, and never on none for longer than Master_Down_Interval
 * + 1 s; at the end (SIGTERM to every daemon) no VIP, no process and no namespace is left.
 *
 * <p>SIGSTOP of a real keepalived process lasts at most 2 s: keepalived 2.2.7 has no watchdog, so a longer stop of
 * its master's VRRP process keeps the stale VIP while a backup takes over (its own limit, not measured here).
 * CI runs 8 rounds; {@code -Dchaos.long=true} runs 50 (see ChaosSettings).
 */
@Tag("root")
class ProcessChaosIT {
    static final String TEST = "process";
    static final String VIP1 = "192.0.2.100";
    static final String VIP2 = "192.0.2.101";
    /** Master_Down_Interval of the slowest backup: 3 x 1 s + (256 - 50) / 256 s (RFC 3768 §6.1). */
    static final long MASTER_DOWN_NS = 3_000_000_000L + 206L * 1_000_000_000L / 256;
    static final long ADVERT_NS = 1_000_000_000L;
    static final long ONE_HOLDER_DEADLINE_NS = MASTER_DOWN_NS + 1_000_000_000L;
    /** Hang guards (generous on a loaded machine; the bounds judged are the ones above). */
    static final long START_GUARD_MS = 60_000;
    static final long SETTLE_GUARD_MS = 90_000;

    /**
     * Strict by default since the parent releases a dead VRRP child's addresses itself (OrphanVipRelease):
     * -Dchaos.strict=false restores the old exemption (see {@link #delayedRespawns}) to compare with older builds.
     */
    static final boolean STRICT = Boolean.parseBoolean(System.getProperty("chaos.strict", "true"));

    enum Target { PARENT, VRRP, CHECKER }

    record Fault(String node, Target target, boolean kill, long stopMs, long delayMs) {
        @Override
        public String toString() {
            return (kill ? "SIGKILL" : "SIGSTOP " + stopMs + " ms + SIGCONT") + " " + target + " of " + node
                    + " after " + delayMs + " ms";
        }
    }

    @Test
    void killStopAndContinueEveryProcessOfMasterAndBackup() throws Exception {
        long seed = ChaosSettings.seed();
        int rounds = ChaosSettings.rounds(8, 50);
        ChaosSettings.report(TEST, "seed " + seed + ", " + rounds + " rounds (replay: -Dchaos.seed=" + seed + ")");
        Random random = new Random(seed);
        List<Kind> kinds = List.of(Kind.KEEPALIVED_JAVA, Kind.KEEPALIVED, Kind.KEEPALIVED_JAVA);
        try (ChaosLab lab = new ChaosLab(ChaosSettings.labDir(TEST), kinds, List.of(VIP1, VIP2))) {
            Map<String, int[]> priorities = Map.of("a", new int[] {150, 50}, "b", new int[] {100, 100},
                    "c", new int[] {50, 150});
            for (Node n : lab.nodes.values()) {
                boolean kj = n.kind == Kind.KEEPALIVED_JAVA;
                int[] p = priorities.get(n.label);
                n.writeConf(ChaosConfigs.global("chaos-" + n.label, kj, "")
                        + ChaosConfigs.instance("VI_1", 51, p[0], VIP1, "")
                        + ChaosConfigs.instance("VI_2", 52, p[1], VIP2, "")
                        + (kj ? ChaosConfigs.virtualServer(VIP1, n.address) : ""));
                n.start();
            }
            for (Node n : lab.nodes.values()) {
                ChaosLab.await(n.label + " up", START_GUARD_MS, () -> running(n));
            }
            settle(lab);
            long runStart = System.nanoTime();
            List<Long> takeovers = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            List<String> knownGaps = new ArrayList<>();
            int kills = 0;
            int stops = 0;
            for (int round = 1; round <= rounds; round++) {
                Fault fault = pick(lab, random);
                long roundStart = System.nanoTime();
                long delayedBefore = delayedRespawns(lab.node(fault.node));
                Thread.sleep(fault.delayMs);
                long pid = pidOf(lab.node(fault.node), fault.target);
                if (fault.kill) {
                    ChaosLab.signal(pid, "KILL");
                    ChaosLab.await("the killed process gone", 10_000, () -> !ChaosLab.alive(pid));
                    kills++;
                } else {
                    ChaosLab.signal(pid, "STOP");
                    Thread.sleep(fault.stopMs);
                    ChaosLab.signal(pid, "CONT");
                    stops++;
                }
                long faultEnd = System.nanoTime();
                long oneHolderNs = awaitOneLiveHolderEach(lab, faultEnd);
                takeovers.add(oneHolderNs);
                settle(lab);
                long roundEnd = System.nanoTime();
                StringBuilder line = new StringBuilder("round " + round + ": " + fault + "; one live holder per VIP after "
                        + ms(oneHolderNs));
                List<String> broken = new ArrayList<>();
                boolean onlyTheDeadChildsNode = true;
                if (oneHolderNs > ONE_HOLDER_DEADLINE_NS) {
                    broken.add("no single live holder within Master_Down_Interval + 1 s");
                }
                for (VipTimeline t : lab.vips.values()) {
                    VipTimeline.Analysis a = t.analyse(roundStart, roundEnd);
                    line.append("; ").append(t.vip).append(" overlap ").append(ms(a.longestOverlapNs()))
                            .append(" gap ").append(ms(a.longestGapNs()));
                    if (a.longestOverlapNs() > ADVERT_NS) {
                        broken.add(t.vip + " on two nodes for " + ms(a.longestOverlapNs()) + " " + a.longestOverlap());
                        onlyTheDeadChildsNode &= a.longestOverlap().holders().contains(fault.node);
                    }
                    if (a.longestGapNs() > ONE_HOLDER_DEADLINE_NS) {
                        broken.add(t.vip + " on no node for " + ms(a.longestGapNs()));
                        onlyTheDeadChildsNode = false;
                    }
                }
                long delayedRespawns = delayedRespawns(lab.node(fault.node)) - delayedBefore;
                boolean vrrpChildDied = lab.node(fault.node).kind == Kind.KEEPALIVED_JAVA
                        && fault.target == Target.VRRP && !ChaosLab.alive(pid);
                if (!broken.isEmpty() && vrrpChildDied && onlyTheDeadChildsNode && !STRICT) {
                    line.append(" -- KNOWN GAP (the dead VRRP child's VIP stays until the next child starts")
                            .append(delayedRespawns > 0 ? ", after a respawn back-off" : "").append("): ")
                            .append(broken);
                    knownGaps.add("round " + round + ": " + broken);
                } else if (!broken.isEmpty()) {
                    line.append(" -- BROKEN: ").append(broken);
                    failures.add("round " + round + " (" + fault + "): " + broken);
                }
                ChaosSettings.report(TEST, line.toString());
            }
            long runEnd = System.nanoTime();
            for (VipTimeline t : lab.vips.values()) {
                VipTimeline.Analysis a = t.analyse(runStart, runEnd);
                ChaosSettings.report(TEST, t.vip + ": longest overlap " + ms(a.longestOverlapNs()) + ", overlaps "
                        + a.overlaps() + ", longest gap " + ms(a.longestGapNs()) + ", holder changes " + a.changes());
            }
            Collections.sort(takeovers);
            ChaosSettings.report(TEST, rounds + " rounds: " + kills + " SIGKILL, " + stops
                    + " SIGSTOP/SIGCONT; time to one live holder per VIP: median " + ms(takeovers.get(
                    takeovers.size() / 2)) + ", max " + ms(takeovers.get(takeovers.size() - 1))
                    + "; rounds broken " + failures.size() + ", known gaps " + knownGaps.size()
                    + "; seed " + seed);
            assertEquals(List.of(), failures, "rounds that broke the rules, seed " + seed);

            for (Node n : lab.nodes.values()) {
                n.stop(START_GUARD_MS);
            }
            long stoppedAt = System.nanoTime();
            for (VipTimeline t : lab.vips.values()) {
                assertEquals(Set.of(), t.holdersAt(stoppedAt), t.vip + " left behind after SIGTERM");
            }
            List<String> residue = lab.residue();
            assertEquals(List.of(), residue, "processes left after SIGTERM");
            lab.close();
            assertEquals(List.of(), lab.namespacesLeft(), "namespaces left");
            assertEquals(List.of(), lab.residue(), "processes left after the lab closed");
            ChaosSettings.report(TEST, "end: no VIP, no process, no namespace left");
        }
    }

    /** The node to hit: the master of VI_1 or of VI_2 (a and c when all is well) or the backup in between (b). */
    private static Fault pick(ChaosLab lab, Random random) {
        List<String> labels = new ArrayList<>(lab.nodes.keySet());
        String label = labels.get(random.nextInt(labels.size()));
        Node n = lab.node(label);
        List<Target> targets = n.kind == Kind.KEEPALIVED_JAVA ? List.of(Target.PARENT, Target.VRRP, Target.CHECKER)
                : List.of(Target.PARENT, Target.VRRP);
        Target target = targets.get(random.nextInt(targets.size()));
        boolean kill = random.nextInt(5) < 2;
        long maxStopMs = n.kind == Kind.KEEPALIVED ? 2_000 : 6_000;
        long stopMs = 200 + random.nextInt((int) maxStopMs - 200);
        long delayMs = random.nextInt(1_000);
        return new Fault(label, target, kill, stopMs, delayMs);
    }

    /**
     * How many times the node's parent delayed a VRRP child's respawn (keepalived's back-off: a child that ran less
     * than 60 s waits 1, 2, 4... s).
     *
     * <p>KNOWN GAP: the stale VIPs of a SIGKILLed (or hung and killed) keepalived-java VRRP child are removed only by
     * the next child at its start, i.e. after the back-off delay plus a JVM start (1-4 s on a loaded machine); a
     * backup takes over after Master_Down_Interval, so the VIP can be on two nodes for seconds. A round whose target
     * was a keepalived-java VRRP child that died, and whose broken rules all involve that node, is reported as the
     * known gap; any other broken round fails the test (all of them with -Dchaos.strict=true).
     */
    private static long delayedRespawns(Node n) {
        return n.kind == Kind.KEEPALIVED ? 0
                : n.logText().lines().filter(l -> l.contains("Restart of VRRP process delayed")).count();
    }

    private static long pidOf(Node n, Target t) {
        return switch (t) {
            case PARENT -> n.parentPid();
            case VRRP -> n.vrrpPid();
            case CHECKER -> n.checkerPid();
        };
    }

    private static boolean running(Node n) {
        return n.running(n.kind == Kind.KEEPALIVED_JAVA);
    }

    /**
     * Polls until each VIP has exactly one holder whose VRRP process is alive and not stopped; returns the time
     * from {@code sinceNs}. Gives up (returning the time so far) well after the deadline, so the report shows it.
     */
    private static long awaitOneLiveHolderEach(ChaosLab lab, long sinceNs) throws InterruptedException {
        long giveUp = sinceNs + 3 * ONE_HOLDER_DEADLINE_NS;
        while (true) {
            long now = System.nanoTime();
            if (oneLiveHolderEach(lab, now) || now - giveUp > 0) {
                return now - sinceNs;
            }
            Thread.sleep(10);
        }
    }

    private static boolean oneLiveHolderEach(ChaosLab lab, long now) {
        for (VipTimeline t : lab.vips.values()) {
            Set<String> holders = t.holdersAt(now);
            if (holders.size() != 1) {
                return false;
            }
            Node holder = lab.node(holders.iterator().next());
            long vrrp = holder.vrrpPid();
            if (!ChaosLab.alive(vrrp) || ChaosLab.state(vrrp) == 'T' || !vrrpChildUp(holder, vrrp)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A keepalived-java VRRP child counts once its parent logged it up (its loop answered the watchdog): a child
     * still starting has not removed its predecessor's stale VIP yet. keepalived's: once alive.
     */
    private static boolean vrrpChildUp(Node n, long pid) {
        return n.kind == Kind.KEEPALIVED || n.logText().contains("VRRP child process(" + pid + ") is up");
    }

    /**
     * A daemon that has gone (its parent dead and the process we started has exited, children included) is started
     * again, as systemd's Restart= would.
     */
    private static void restartDead(ChaosLab lab) {
        for (Node n : lab.nodes.values()) {
            boolean gone = n.parentPid() < 0 && n.vrrpPid() < 0 && n.checkerPid() < 0
                    && (n.daemon == null || !n.daemon.isAlive());
            if (gone) {
                ChaosSettings.report(TEST, "  restarting " + n.label + " (" + n.kind + ")");
                try {
                    n.start();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    /**
     * Every daemon complete again (dead ones restarted) and each VIP on its highest-priority node (VI_1 on a, VI_2
     * on c), alive, for 1.5 s in a row. A hang guard only: the judged bounds are the round's.
     */
    private static void settle(ChaosLab lab) throws InterruptedException {
        long[] stableSince = {-1};
        ChaosLab.await("the lab settled", SETTLE_GUARD_MS, () -> {
            restartDead(lab);
            long now = System.nanoTime();
            boolean ok = lab.nodes.values().stream().allMatch(ProcessChaosIT::running) && oneLiveHolderEach(lab, now)
                    && lab.vip(VIP1).holdersAt(now).equals(Set.of("a"))
                    && lab.vip(VIP2).holdersAt(now).equals(Set.of("c"));
            if (!ok) {
                stableSince[0] = -1;
                return false;
            }
            if (stableSince[0] < 0) {
                stableSince[0] = now;
            }
            return now - stableSince[0] >= 1_500_000_000L;
        });
    }
}
