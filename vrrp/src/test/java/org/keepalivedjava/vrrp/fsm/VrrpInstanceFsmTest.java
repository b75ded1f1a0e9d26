package org.keepalivedjava.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.vrrp.fsm.Lan.s;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.vrrp.fsm.VrrpStats.Counter;

/** RFC 5798 §6 transitions and timers as keepalived 2.2.7 runs them, on a manual clock. */
class VrrpInstanceFsmTest {
    private static final IpAddress GROUP = IpAddress.VRRP_MULTICAST_V4;
    private static final IpAddress A = IpAddress.parse("192.0.2.1");
    private static final IpAddress B = IpAddress.parse("192.0.2.2");
    private static final IpAddress C = IpAddress.parse("192.0.2.3");

    private final Lan lan = new Lan();

    // ---------------------------------------------------------------- start and election timing

    @Test
    void startsBackupAndBecomesMasterAfterExactlyMasterDownInterval() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        lan.startAll();
        assertEquals(VrrpState.BACKUP, n.state());
        assertEquals(List.of("(VI_1) Entering BACKUP STATE (init)"), n.log);
        assertEquals(List.of("state BACKUP 100"), n.events);
        // Master_Down_Interval = 3 * 1 s + (256 - 100) / 256 s = 3.609375 s
        assertEquals(3_609_375_000L, n.timer.deadlineNs);

        lan.runUntil(3_609_374_999L);
        assertEquals(VrrpState.BACKUP, n.state());
        lan.runUntil(3_609_375_000L);
        assertEquals(VrrpState.MASTER, n.state());
        assertEquals(List.of("state BACKUP 100", "send 100", "becomeMaster", "state MASTER 100"), n.events);
        assertEquals(List.of("(VI_1) Entering BACKUP STATE (init)", "[detail] (VI_1) Receive advertisement timeout",
                "(VI_1) Entering MASTER STATE"), n.log);
        assertEquals(1, n.fsm.stats().get(Counter.BECOME_MASTER));

        lan.runUntil(s(10));
        List<Long> expected = new ArrayList<>();
        for (int k = 0; k <= 6; k++) {
            expected.add(3_609_375_000L + k * 1_000_000_000L);
        }
        assertEquals(expected, n.advertTimesNs, "an advert every advert_int, drift-free");
        assertEquals(7, n.fsm.stats().get(Counter.ADVERT_SENT));
    }

    @ParameterizedTest(name = "v{0} prio {1} advert {2} us x{3}: skew {4} us, down {5} us")
    @CsvSource({
            "2, 100, 1000000, 3, 609375, 3609375",
            "2, 150, 1000000, 3, 414062, 3414062",
            "2, 254, 1000000, 3, 7812, 3007812",
            "2, 1, 3000000, 3, 996093, 9996093",
            "2, 100, 1000000, 1, 609375, 1609375",
            "3, 100, 1000000, 3, 609375, 3609375",
            "3, 200, 50000, 3, 10937, 160937",
            "3, 100, 500000, 3, 304687, 1804687",
            "3, 254, 40950000, 3, 319921, 123169921",
    })
    void skewTimeAndMasterDownIntervalAsKeepalivedRoundsThem(int version, int priority, long advertUs, int adverts,
            long skewUs, long downUs) {
        TestSettings t = version == 2 ? TestSettings.v2(priority) : TestSettings.v3(priority);
        t.advertIntervalUs = advertUs;
        t.downTimerAdverts = adverts;
        Lan.Node n = lan.add(t.build(), "192.0.2.1");
        lan.startAll();
        assertEquals(skewUs, n.fsm.skewTimeUs());
        assertEquals(downUs, n.fsm.masterDownIntervalUs());
        assertEquals(downUs * 1000, n.timer.deadlineNs);
    }

    @Test
    void addressOwnerBecomesMasterAtOnce() {
        Lan.Node n = lan.add(TestSettings.v2(255).build(), "192.0.2.1");
        lan.startAll();
        assertEquals(VrrpState.MASTER, n.state());
        assertEquals(List.of("send 255", "becomeMaster", "state MASTER 255"), n.events);
        assertEquals(List.of("(VI_1) Entering MASTER STATE"), n.log);
        assertEquals(1_000_000_000L, n.timer.deadlineNs);
    }

    @Test
    void stateMasterWithoutOwnershipStillStartsBackup() {
        TestSettings t = TestSettings.v2(150);
        t.initialMaster = true;
        Lan.Node n = lan.add(t.build(), "192.0.2.1");
        lan.startAll();
        assertEquals(VrrpState.BACKUP, n.state());
        assertEquals(3_414_062_000L, n.timer.deadlineNs);
    }

    @Test
    void startTwiceIsRefused() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        lan.startAll();
        assertThrows(IllegalStateException.class, () -> n.fsm.start(0));
    }

    // ---------------------------------------------------------------- two nodes: election, failover, preempt

    @Test
    void higherPriorityWinsAndLowerStaysBackup() {
        Lan.Node high = lan.add(TestSettings.v2(150).build(), "192.0.2.1");
        Lan.Node low = lan.add(TestSettings.v2(100).build(), "192.0.2.2");
        lan.startAll();
        lan.runUntil(s(3.414062) - 1);
        assertEquals(VrrpState.BACKUP, high.state());
        lan.runUntil(s(3.414062));
        assertEquals(VrrpState.MASTER, high.state());
        assertEquals(VrrpState.BACKUP, low.state());
        // the backup restarted its Master_Down_Timer from the advert
        assertEquals(s(3.414062) + 3_609_375_000L, low.timer.deadlineNs);
        lan.runUntil(s(60));
        assertEquals(VrrpState.MASTER, high.state());
        assertEquals(VrrpState.BACKUP, low.state());
        assertEquals(57, low.fsm.stats().get(Counter.ADVERT_RCVD));
        assertEquals(150, low.fsm.masterPriority());
        assertEquals(0, low.fsm.stats().get(Counter.BECOME_MASTER));
    }

    @Test
    void gracefulStopSendsPriorityZeroAndBackupTakesOverAfterSkewTime() {
        Lan.Node high = lan.add(TestSettings.v2(150).build(), "192.0.2.1");
        Lan.Node low = lan.add(TestSettings.v2(100).build(), "192.0.2.2");
        lan.startAll();
        lan.runUntil(s(20));
        high.events.clear();
        high.fsm.stop(lan.clock.nanoTime());
        assertEquals(List.of("send 0", "leaveMaster", "state STOP 150"), high.events);
        assertEquals(1, high.fsm.stats().get(Counter.PRI_ZERO_SENT));
        assertFalse(high.timer.armed);
        lan.deliver();
        assertEquals(1, low.fsm.stats().get(Counter.PRI_ZERO_RCVD));
        assertTrue(low.log.contains("[detail] (VI_1) Backup received priority 0 advertisement"));
        assertEquals(s(20) + 609_375_000L, low.timer.deadlineNs, "Skew_Time of priority 100");
        lan.runUntil(s(20.609375) - 1);
        assertEquals(VrrpState.BACKUP, low.state());
        lan.runUntil(s(20.609375));
        assertEquals(VrrpState.MASTER, low.state());
    }

    @Test
    void crashedMasterIsReplacedAfterMasterDownInterval() {
        Lan.Node high = lan.add(TestSettings.v2(150).build(), "192.0.2.1");
        Lan.Node low = lan.add(TestSettings.v2(100).build(), "192.0.2.2");
        lan.startAll();
        lan.runUntil(s(20)); // last advert at 19.414062 s
        high.crash();
        lan.runUntil(s(19.414062) + 3_609_375_000L - 1);
        assertEquals(VrrpState.BACKUP, low.state());
        lan.runUntil(s(19.414062) + 3_609_375_000L);
        assertEquals(VrrpState.MASTER, low.state());
    }

    @Test
    void restartedHigherPriorityNodePreemptsAfterItsMasterDownInterval() {
        Lan.Node low = lan.add(TestSettings.v2(100).build(), "192.0.2.2");
        lan.startAll();
        lan.runUntil(s(10)); // low is master since 3.609375 s
        Lan.Node high = lan.add(TestSettings.v2(150).build(), "192.0.2.1");
        high.fsm.start(lan.clock.nanoTime());
        lan.runUntil(s(10.609375));
        assertTrue(high.log.contains("(VI_1) received lower priority (100) advert from 192.0.2.2 - discarding"),
                high.log.toString());
        assertEquals(s(10) + 3_414_062_000L, high.timer.deadlineNs, "a discarded advert does not restart the timer");
        lan.runUntil(s(13.414062));
        assertEquals(VrrpState.MASTER, high.state());
        assertEquals(VrrpState.BACKUP, low.state());
        assertTrue(low.log.contains("(VI_1) Master received advert from 192.0.2.1 with higher priority 150, ours 100"));
        assertEquals("(VI_1) Entering BACKUP STATE", low.log.get(low.log.size() - 1));
        assertEquals(1, low.fsm.stats().get(Counter.RELEASE_MASTER));
        assertTrue(low.events.containsAll(List.of("leaveMaster", "state BACKUP 100")));
        assertEquals(s(13.414062) + 3_609_375_000L, low.timer.deadlineNs);
    }

    @Test
    void nopreemptKeepsAHigherPriorityBackupBackup() {
        Lan.Node low = lan.add(TestSettings.v2(100).build(), "192.0.2.2");
        lan.startAll();
        lan.runUntil(s(10));
        TestSettings t = TestSettings.v2(150);
        t.preempt = false;
        Lan.Node high = lan.add(t.build(), "192.0.2.1");
        high.fsm.start(lan.clock.nanoTime());
        lan.runUntil(s(120));
        assertEquals(VrrpState.BACKUP, high.state());
        assertEquals(VrrpState.MASTER, low.state());
        assertFalse(high.log.stream().anyMatch(l -> l.contains("discarding")));
    }

    @Test
    void preemptDelayPostponesPreemption() {
        Lan.Node low = lan.add(TestSettings.v2(100).build(), "192.0.2.2");
        lan.startAll();
        lan.runUntil(s(10)); // low advertises at x.609375 s
        TestSettings t = TestSettings.v2(150);
        t.preemptDelayUs = 10_000_000;
        Lan.Node high = lan.add(t.build(), "192.0.2.1");
        high.fsm.start(lan.clock.nanoTime());
        lan.runUntil(s(10.609375));
        assertTrue(high.log.contains("[detail] (VI_1) start preempt delay (10.000000)"), high.log.toString());
        // adverts are accepted until 20.609375 s (the delay's end), the one at that instant is discarded:
        // the last accepted one (19.609375 s) + 3.414062 s
        lan.runUntil(s(23.023437) - 1);
        assertEquals(VrrpState.BACKUP, high.state());
        lan.runUntil(s(23.023437));
        assertEquals(VrrpState.MASTER, high.state());
        // discarded: the adverts at 20.609375, 21.609375 and 22.609375 s
        assertEquals(3, high.log.stream().filter(l -> l.contains("discarding")).count());
    }

    @Test
    void equalPriorityBackupAcceptsTheMaster() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        lan.startAll();
        lan.clock.setNs(s(1));
        assertEquals(RxVerdict.ACCEPTED, n.receive(Adv.v2(100).bytes(B, GROUP), B, GROUP, 255));
        assertEquals(s(1) + 3_609_375_000L, n.timer.deadlineNs);
        assertEquals(VrrpState.BACKUP, n.state());
    }

    @Test
    void v3BackupAdoptsTheMastersAdvertIntervalAndDropsItWhenMaster() {
        Lan.Node n = lan.add(TestSettings.v3(100).build(), "192.0.2.1");
        lan.startAll();
        lan.clock.setNs(s(1));
        assertEquals(RxVerdict.ACCEPTED, n.receive(Adv.v3(150).interval(50).bytes(B, GROUP), B, GROUP, 255));
        assertEquals(500_000, n.fsm.masterAdverIntervalUs());
        // 3 * 0.5 s + (156 * 50 cs * 10^4 / 256) µs = 1.5 s + 304687 µs
        assertEquals(1_804_687, n.fsm.masterDownIntervalUs());
        assertEquals(s(1) + 1_804_687_000L, n.timer.deadlineNs);
        assertTrue(n.log.contains("[detail] (VI_1) advertisement interval updated from 1000ms to 500ms by master"));
        lan.runUntil(s(1) + 1_804_687_000L);
        assertEquals(VrrpState.MASTER, n.state());
        assertEquals(1_000_000, n.fsm.masterAdverIntervalUs(), "a master advertises its own interval");
        assertEquals(s(1) + 1_804_687_000L + 1_000_000_000L, n.timer.deadlineNs);
    }

    @Test
    void v2BackupKeepsItsOwnInterval() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        lan.startAll();
        n.receive(Adv.v2(150).bytes(B, GROUP), B, GROUP, 255);
        assertEquals(1_000_000, n.fsm.masterAdverIntervalUs());
    }

    // ---------------------------------------------------------------- MASTER receiving adverts

    private Lan.Node master(TestSettings t) {
        Lan.Node n = lan.add(t.build(), "192.0.2.2");
        lan.startAll();
        lan.runUntil(s(5));
        assertEquals(VrrpState.MASTER, n.state());
        n.events.clear();
        n.log.clear();
        return n;
    }

    @Test
    void masterStepsDownForHigherPriority() {
        Lan.Node n = master(TestSettings.v2(100));
        assertEquals(RxVerdict.ACCEPTED, n.receive(Adv.v2(150).bytes(A, GROUP), A, GROUP, 255));
        assertEquals(VrrpState.BACKUP, n.state());
        assertEquals(List.of("(VI_1) Master received advert from 192.0.2.1 with higher priority 150, ours 100",
                "(VI_1) Entering BACKUP STATE"), n.log);
        assertEquals(List.of("leaveMaster", "state BACKUP 100"), n.events);
        assertEquals(s(5) + 3_609_375_000L, n.timer.deadlineNs);
    }

    @Test
    void masterStepsDownForEqualPriorityFromAHigherAddress() {
        Lan.Node n = master(TestSettings.v2(100));
        n.receive(Adv.v2(100).bytes(C, GROUP), C, GROUP, 255);
        assertEquals(VrrpState.BACKUP, n.state());
        assertEquals("(VI_1) Master received advert from 192.0.2.3 with same priority 100 but higher IP address"
                + " than ours", n.log.get(0));
    }

    @Test
    void masterAnswersEqualPriorityFromALowerAddressAndStays() {
        Lan.Node n = master(TestSettings.v2(100));
        n.receive(Adv.v2(100).bytes(A, GROUP), A, GROUP, 255);
        assertEquals(VrrpState.MASTER, n.state());
        assertEquals(List.of("(VI_1) Received advert from 192.0.2.1 with lower priority 100, ours 100,"
                + " forcing new election"), n.log);
        assertEquals(List.of("send 100", "lowerPrio"), n.events);
        assertEquals(s(6), n.timer.deadlineNs, "the answer restarts the Adver_Timer");
    }

    @Test
    void equalPriorityMastersResolveToTheHigherAddress() {
        // two masters at once (e.g. after a partition heals): the lower address yields
        Lan.Node a = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        Lan.Node b = lan.add(TestSettings.v2(100).build(), "192.0.2.2");
        a.fsm.start(0);
        b.crash();
        b.fsm.start(0);
        lan.runUntil(s(4));
        b.crashed = false;
        b.fsm.onTimer(b.timer.deadlineNs); // b's expired timer fires now that it is reachable
        lan.deliver();
        lan.runUntil(s(10));
        assertEquals(VrrpState.BACKUP, a.state());
        assertEquals(VrrpState.MASTER, b.state());
    }

    @Test
    void masterAnswersLowerPriority() {
        Lan.Node n = master(TestSettings.v2(100));
        n.receive(Adv.v2(50).bytes(A, GROUP), A, GROUP, 255);
        assertEquals(List.of("send 100", "lowerPrio"), n.events);
    }

    @Test
    void lowerPrioNoAdvertStaysQuiet() {
        TestSettings quiet = TestSettings.v2(100);
        quiet.lowerPrioNoAdvert = true;
        Lan.Node q = master(quiet);
        long deadline = q.timer.deadlineNs;
        q.receive(Adv.v2(50).bytes(A, GROUP), A, GROUP, 255);
        assertEquals(List.of("lowerPrio"), q.events);
        assertEquals(List.of("(VI_1) Received advert from 192.0.2.1 with lower priority 50, ours 100"), q.log);
        assertEquals(deadline, q.timer.deadlineNs);
    }

    @Test
    void higherPrioSendAdvertSendsBeforeSteppingDown() {
        TestSettings t = TestSettings.v2(100);
        t.higherPrioSendAdvert = true;
        Lan.Node n = master(t);
        n.receive(Adv.v2(150).bytes(A, GROUP), A, GROUP, 255);
        assertEquals(List.of("send 100", "leaveMaster", "state BACKUP 100"), n.events);
    }

    @Test
    void masterAnswersPriorityZeroAndStaysMaster() {
        Lan.Node n = master(TestSettings.v2(100));
        n.receive(Adv.v2(0).bytes(A, GROUP), A, GROUP, 255);
        assertEquals(VrrpState.MASTER, n.state());
        assertEquals(List.of("send 100"), n.events);
        assertEquals(1, n.fsm.stats().get(Counter.PRI_ZERO_RCVD));
        assertEquals(s(6), n.timer.deadlineNs);
    }

    @Test
    void twoOwnersConflict() {
        Lan.Node n = master(TestSettings.v2(255));
        n.receive(Adv.v2(255).bytes(C, GROUP), C, GROUP, 255);
        assertTrue(n.log.get(0).startsWith("(VI_1) CONFIGURATION ERROR: local instance and a remote instance are"
                + " both configured as address owner"));
        assertEquals(254, n.fsm.effectivePriority());
        assertEquals(VrrpState.BACKUP, n.state());
    }

    // ---------------------------------------------------------------- fault, tracking priority, stop

    @Test
    void faultFromBackupAndRecovery() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        lan.startAll();
        lan.clock.setNs(s(1));
        n.fsm.setFaulted(true, s(1));
        assertEquals(VrrpState.FAULT, n.state());
        assertEquals("(VI_1) Entering FAULT STATE", n.log.get(n.log.size() - 1));
        assertFalse(n.timer.armed);
        assertEquals(RxVerdict.NOT_LISTENING, n.receive(Adv.v2(150).bytes(B, GROUP), B, GROUP, 255));
        assertEquals(0, n.fsm.stats().get(Counter.ADVERT_RCVD));
        lan.runUntil(s(30));
        assertEquals(VrrpState.FAULT, n.state());
        n.fsm.setFaulted(false, s(30));
        assertEquals(VrrpState.BACKUP, n.state());
        assertEquals("(VI_1) Entering BACKUP STATE", n.log.get(n.log.size() - 1));
        assertEquals(s(30) + 3_609_375_000L, n.timer.deadlineNs);
        assertEquals(List.of("state BACKUP 100", "state FAULT 100", "state BACKUP 100"), n.events);
    }

    @Test
    void faultFromMasterSendsPriorityZeroAndReleases() {
        Lan.Node n = master(TestSettings.v2(100));
        n.fsm.setFaulted(true, s(5));
        assertEquals(List.of("send 0", "leaveMaster", "state FAULT 100"), n.events);
        assertEquals(1, n.fsm.stats().get(Counter.PRI_ZERO_SENT));
        assertEquals(1, n.fsm.stats().get(Counter.RELEASE_MASTER));
    }

    @Test
    void faultedAtStartEntersFaultInit() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        n.fsm.setFaulted(true, 0);
        lan.startAll();
        assertEquals(VrrpState.FAULT, n.state());
        assertEquals(List.of("(VI_1) Entering FAULT STATE (init)"), n.log);
    }

    @Test
    void ownerLeavesFaultStraightToMaster() {
        Lan.Node n = master(TestSettings.v2(255));
        n.fsm.setFaulted(true, s(5));
        n.fsm.setFaulted(false, s(6));
        assertEquals(VrrpState.MASTER, n.state());
    }

    @Test
    void effectivePriorityChangeMovesTheBackupTimerBySkewDifference() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        lan.startAll();
        n.fsm.setEffectivePriority(150, 0);
        assertEquals(List.of("(VI_1) Entering BACKUP STATE (init)", "(VI_1) Changing effective priority from 100 to 150"),
                n.log);
        assertEquals(3_414_062_000L, n.timer.deadlineNs);
        assertEquals(3_414_062, n.fsm.masterDownIntervalUs());
        lan.runUntil(s(4));
        n.events.clear();
        lan.runUntil(s(5));
        assertEquals(List.of("send 150"), n.events, "adverts carry the effective priority");
    }

    @Test
    void ownerPriorityNeverChanges() {
        Lan.Node n = master(TestSettings.v2(255));
        n.fsm.setEffectivePriority(200, s(5));
        assertEquals(255, n.fsm.effectivePriority());
        assertTrue(n.log.isEmpty());
    }

    @Test
    void stopFromBackupSendsNothing() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        lan.startAll();
        n.fsm.stop(s(1));
        assertEquals(List.of("state BACKUP 100", "state STOP 100"), n.events);
        assertFalse(n.timer.armed);
        n.fsm.stop(s(2));
        assertEquals(2, n.events.size(), "stop is idempotent");
        assertEquals(RxVerdict.NOT_LISTENING, n.receive(Adv.v2(150).bytes(B, GROUP), B, GROUP, 255));
    }

    @Test
    void staleTimerCallsAreIgnored() {
        Lan.Node n = lan.add(TestSettings.v2(100).build(), "192.0.2.1");
        lan.startAll();
        n.fsm.onTimer(s(3)); // early
        assertEquals(VrrpState.BACKUP, n.state());
        n.fsm.setFaulted(true, s(3));
        n.fsm.onTimer(s(4)); // cancelled
        assertEquals(VrrpState.FAULT, n.state());
    }
}
