package org.keepalivedjava.packaging.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.packaging.chaos.ChaosSettings.ms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.packaging.chaos.ChaosLab.Kind;
import org.keepalivedjava.packaging.chaos.ChaosLab.Node;

/**
 * Network faults on the link of a pair (netem's knobs; this kernel has no sch_netem, so a userspace bridge applies
 * them: {@link ChaosLab#impair}): the real keepalived 2.2.7 (a, priority 150, master)
 * and keepalived-java (b, priority 100, backup, with notify_master/notify_backup/notify scripts and a notify_fifo).
 * <ul>
 *   <li>delay (100 ms ± 50 ms), duplication (50 %) and reordering (50 % held back up to 1.5 s): the adverts still
 *       arrive within Master_Down_Interval, so nothing may move: the VIP stays on a, never on b;</li>
 *   <li>30 % loss of every frame: a backup may time out now and then (three adverts in a row lost);
 *       overlaps and flaps are counted and reported; once the loss stops, one master (a) again within
 *       Master_Down_Interval + 1 s;</li>
 *   <li>a partition (nothing passes, both carriers up): b becomes master too (split brain, the VIP on
 *       both: expected), then the partition heals: within Master_Down_Interval + 1 s the VIP is on a only, and b,
 *       which went back to BACKUP, ran its notify_backup and generic notify and wrote {@code INSTANCE "VI_1" BACKUP
 *       100} to its FIFO (keepalived issue #1884: the node that goes back to BACKUP must say so).</li>
 * </ul>
 * Phase lengths: 6 s each in CI, 30 s with -Dchaos.long=true. Root.
 */
@Tag("root")
class NetworkChaosIT {
    static final String TEST = "network";
    static final String VIP = "192.0.2.100";
    /** b's Master_Down_Interval: 3 x 1 s + (256 - 100) / 256 s. */
    static final long MASTER_DOWN_NS = 3_000_000_000L + 156L * 1_000_000_000L / 256;
    static final long DEADLINE_NS = MASTER_DOWN_NS + 1_000_000_000L;
    static final long PHASE_MS = ChaosSettings.LONG ? 30_000 : 6_000;
    static final long GUARD_MS = 60_000;

    @Test
    void delayDuplicationReorderingLossAndAHealingPartition() throws Exception {
        try (ChaosLab lab = new ChaosLab(ChaosSettings.labDir(TEST),
                List.of(Kind.KEEPALIVED, Kind.KEEPALIVED_JAVA), List.of(VIP))) {
            Node a = lab.node("a");
            Node b = lab.node("b");
            Path recorder = lab.dir.resolve("record.sh");
            Path records = lab.dir.resolve("notify-b.log");
            Files.writeString(recorder, "#!/bin/sh\necho \"$*\" >> " + records + "\n");
            Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path fifo = lab.dir.resolve("b.fifo");
            ChaosLab.run(List.of("mkfifo", "-m", "0600", fifo.toString()));
            List<String> fifoLines = Collections.synchronizedList(new ArrayList<>());
            lab.helper(List.of("cat", fifo.toString()), fifoLines::add);

            a.writeConf(ChaosConfigs.global("chaos-a", false, "")
                    + ChaosConfigs.instance("VI_1", 51, 150, VIP, ""));
            b.writeConf(ChaosConfigs.global("chaos-b", true, "  notify_fifo " + fifo + "\n")
                    + ChaosConfigs.instance("VI_1", 51, 100, VIP, "  notify_master \"" + recorder
                            + " notify_master\"\n  notify_backup \"" + recorder + " notify_backup\"\n  notify \""
                            + recorder + " notify\"\n"));
            a.start();
            b.start();
            long seed = ChaosSettings.seed();
            ChaosSettings.report(TEST, "seed " + seed);
            ChaosLab.Impairer net = lab.impair(seed);
            VipTimeline vip = lab.vip(VIP);
            ChaosLab.await("a master, b backup", GUARD_MS, () -> vip.holdersAt(System.nanoTime()).equals(Set.of("a"))
                    && b.running(false) && fifoLines.contains("INSTANCE \"VI_1\" BACKUP 100"));

            for (String spec : List.of("delay 100 50", "duplicate 50", "reorder 50 1500")) {
                long from = System.nanoTime();
                net.mode(spec);
                Thread.sleep(PHASE_MS);
                net.mode("pass");
                long to = System.nanoTime();
                int changes = vip.changesSince(from);
                ChaosSettings.report(TEST, spec + " for " + PHASE_MS + " ms: " + changes + " VIP changes, holders "
                        + vip.holdersAt(to) + "; " + net.stats());
                assertEquals(0, changes, "netem " + spec + " moved the VIP: " + vip.events());
                assertEquals(Set.of("a"), vip.holdersAt(to));
            }

            long lossFrom = System.nanoTime();
            net.mode("loss 30");
            Thread.sleep(PHASE_MS);
            net.mode("pass");
            long lossEnd = System.nanoTime();
            VipTimeline.Analysis loss = vip.analyse(lossFrom, lossEnd);
            long convergedNs = awaitHolders(vip, Set.of("a"), lossEnd);
            ChaosSettings.report(TEST, "loss 30 for " + PHASE_MS + " ms: " + loss.overlaps()
                    + " split-brain episodes (b timed out), longest overlap " + ms(loss.longestOverlapNs())
                    + ", longest gap " + ms(loss.longestGapNs()) + "; one master again " + ms(convergedNs)
                    + " after the loss stopped; " + net.stats());
            assertTrue(convergedNs <= DEADLINE_NS, "not one master after the loss stopped: " + ms(convergedNs));
            assertEquals(0, loss.longestGapNs(), "the VIP was on no node under loss");

            int notifiedBefore = lines(records).size();
            int fifoBefore = fifoLines.size();
            long cutAt = System.nanoTime();
            net.mode("partition");
            ChaosLab.await("split brain: b master too", GUARD_MS,
                    () -> vip.holdersAt(System.nanoTime()).equals(Set.of("a", "b")));
            long splitNs = System.nanoTime() - cutAt;
            Thread.sleep(PHASE_MS / 2);
            long healAt = System.nanoTime();
            net.mode("pass");
            long resolvedNs = awaitHolders(vip, Set.of("a"), healAt);
            ChaosLab.await("b's notify_backup and FIFO line", GUARD_MS, () -> {
                List<String> all = lines(records);
                List<String> after = all.subList(Math.min(notifiedBefore, all.size()), all.size());
                return after.contains("notify_backup") && after.contains("notify INSTANCE VI_1 BACKUP 100")
                        && since(fifoLines, fifoBefore).contains("INSTANCE \"VI_1\" BACKUP 100");
            });
            List<String> allRecords = lines(records);
            List<String> notified = allRecords.subList(notifiedBefore, allRecords.size());
            List<String> fifoAfter = since(fifoLines, fifoBefore);
            ChaosSettings.report(TEST, "partition: b master too after " + ms(splitNs) + "; healed: one master (a) "
                    + ms(resolvedNs) + " after the heal; b's scripts " + notified + ", FIFO " + fifoAfter);
            assertTrue(resolvedNs <= DEADLINE_NS, "split brain not resolved within Master_Down_Interval + 1 s: "
                    + ms(resolvedNs));
            // the two scripts of one transition run concurrently: their order within the pair is free
            assertEquals(4, notified.size(), "b's scripts: " + notified);
            assertEquals(Set.of("notify_master", "notify INSTANCE VI_1 MASTER 100"), Set.copyOf(notified.subList(0, 2)),
                    "b's scripts: master in the split");
            assertEquals(Set.of("notify_backup", "notify INSTANCE VI_1 BACKUP 100"), Set.copyOf(notified.subList(2, 4)),
                    "b's scripts: backup after the heal");
            assertEquals(List.of("INSTANCE \"VI_1\" MASTER 100", "INSTANCE \"VI_1\" BACKUP 100"), fifoAfter);
            assertTrue(a.logText().contains("VI_1"), "a ran");
        }
    }

    /** Waits until exactly {@code holders} hold the VIP; returns the time since {@code sinceNs}. */
    private static long awaitHolders(VipTimeline vip, Set<String> holders, long sinceNs) throws InterruptedException {
        ChaosLab.await("holders " + holders, GUARD_MS, () -> vip.holdersAt(System.nanoTime()).equals(holders));
        return System.nanoTime() - sinceNs;
    }

    /** A snapshot of a list other threads append to, from index {@code from}. */
    private static List<String> since(List<String> growing, int from) {
        List<String> copy = new ArrayList<>(growing);
        return List.copyOf(copy.subList(Math.min(from, copy.size()), copy.size()));
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
