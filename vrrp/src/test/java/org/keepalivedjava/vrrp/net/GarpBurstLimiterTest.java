package org.keepalivedjava.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.ManualClock;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.os.packet.AddressAnnouncer;
import org.keepalivedjava.os.packet.RecordingFrameSender;

/**
 * The per-turn budget of announcements without an interval, and the delayed sets yielding a turn to the adverts:
 * hand clock, frames recorded in memory, one {@code runOnce(0)} per loop turn.
 */
class GarpBurstLimiterTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final byte[] MAC = {2, 0, 0x5e, 0, 1, 1};
    private static final IpAddress VIP1 = IpAddress.parse("192.0.2.100");
    private static final IpAddress VIP2 = IpAddress.parse("192.0.2.101");
    private static final IpAddress VIP6 = IpAddress.parse("2001:db8::100");
    /** Small, so that a test burst of 10 needs three turns. */
    private static final int BUDGET = 4;

    private final ManualClock clock = new ManualClock(1_000 * S);
    private final EventLoop loop = new EventLoop(clock);
    /** Frames of all pacers in the order they left (one sender behind every pacer). */
    private final RecordingFrameSender frames = new RecordingFrameSender(2, MAC);
    private final TestLogs logs = new TestLogs(true);
    private final GarpBurstLimiter limiter = new GarpBurstLimiter(loop, BUDGET);

    @AfterEach
    void close() {
        loop.close();
    }

    private GarpPacer pacer(String interfaceName, long garpIntervalNs, long gnaIntervalNs, GarpBurstLimiter l) {
        return new GarpPacer(loop, new AddressAnnouncer(frames), interfaceName, false, garpIntervalNs, gnaIntervalNs,
                logs.logger, l);
    }

    private GarpScheduler scheduler(String name, GarpPacer pacer, GarpScheduler.Settings settings,
                                    IpAddress... addresses) {
        List<GarpScheduler.Target> targets = new ArrayList<>();
        for (IpAddress a : addresses) {
            targets.add(new GarpScheduler.Target(a, pacer));
        }
        return new GarpScheduler(loop, name, targets, settings, logs.logger);
    }

    /** keepalived's defaults: 5 rounds at once and 5 more after 5 s. */
    private static GarpScheduler.Settings defaults() {
        return new GarpScheduler.Settings(5 * S, 5, 5 * S, 5, 0, 1);
    }

    /** IPv4 sender address, or "v6" for an NA: enough to check which address each frame announced. */
    private List<String> sent() {
        List<String> out = new ArrayList<>();
        for (byte[] f : frames.frames()) {
            boolean arp = ((f[12] & 0xff) << 8 | (f[13] & 0xff)) == 0x0806;
            out.add(arp ? (f[28] & 0xff) + "." + (f[29] & 0xff) + "." + (f[30] & 0xff) + "." + (f[31] & 0xff) : "v6");
        }
        return out;
    }

    private static List<String> alternating(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i % 2 == 0 ? "192.0.2.100" : "192.0.2.101");
        }
        return out;
    }

    private long logLines(String text) {
        return logs.text().lines().filter(l -> l.contains(text)).count();
    }

    /** Runs {@code action} as a timer callback in the next turn, as the VRRP child does (a master-down timer). */
    private void inATimer(Runnable action) {
        Timer t = loop.newTimer((timer, nowNs) -> action.run());
        t.scheduleAt(clock.nanoTime());
        loop.runOnce(0);
    }

    @Test
    void aBurstLargerThanTheBudgetIsSplitOverTurnsInOrder() {
        GarpPacer p = pacer("eth0", 0, 0, limiter);
        GarpScheduler g = scheduler("VI_1", p, defaults(), VIP1, VIP2);
        inATimer(() -> g.onBecomeMaster(clock.nanoTime()));
        assertEquals(alternating(4), sent(), "the budget leaves at once");
        assertEquals(6, p.pendingCount());
        assertEquals(6, limiter.queued());
        loop.runOnce(0);
        assertEquals(alternating(8), sent(), "the next turn sends the next budget's worth");
        loop.runOnce(0);
        assertEquals(alternating(10), sent(), "5 rounds over 2 addresses: all 10, in keepalived's order");
        assertEquals(0, p.pendingCount());
        assertEquals(10, p.framesSent());
        assertEquals(0, loop.runOnce(0), "nothing left to do");
        assertEquals(10, logLines("Sending gratuitous ARP on eth0 for"), "one log line per frame, as it leaves");
    }

    @Test
    void aBurstWithinTheBudgetLeavesAtOnce() {
        GarpPacer p = pacer("eth0", 0, 0, new GarpBurstLimiter(loop, GarpBurstLimiter.DEFAULT_FRAMES_PER_TURN));
        scheduler("VI_1", p, defaults(), VIP1, VIP2).onBecomeMaster(clock.nanoTime());
        assertEquals(10, frames.frames().size());
        assertEquals(1, loop.scheduledTimerCount(), "only the delayed set's timer is armed, no drain");
    }

    @Test
    void anAdvertDueInTheSameTurnGoesBeforeTheRestOfTheBurst() {
        GarpPacer p = pacer("eth0", 0, 0, limiter);
        GarpScheduler g = scheduler("VI_1", p, defaults(), VIP1, VIP2);
        List<Integer> framesBeforeAdvert = new ArrayList<>();
        Timer advert = loop.newTimer((t, nowNs) -> framesBeforeAdvert.add(frames.frames().size()));
        Timer becomeMaster = loop.newTimer((t, nowNs) -> g.onBecomeMaster(nowNs));
        // Both due in the same turn; the burst's timer first, as when the master-down timers of many instances
        // and the advert of another share a turn.
        becomeMaster.scheduleAt(clock.nanoTime());
        advert.scheduleAt(clock.nanoTime());
        loop.runOnce(0);
        assertEquals(List.of(BUDGET), framesBeforeAdvert, "only the budget went ahead of the advert");
        loop.runOnce(0);
        loop.runOnce(0);
        assertEquals(10, frames.frames().size());
    }

    @Test
    void theDelayedSetYieldsToTheAdvertsDueAtTheSameMoment() {
        GarpPacer p = pacer("eth0", 0, 0, limiter);
        GarpScheduler g = scheduler("VI_1", p, new GarpScheduler.Settings(5 * S, 3, 0, 1, 0, 1), VIP1);
        long masterAt = clock.nanoTime();
        List<Integer> framesAtAdvert = new ArrayList<>();
        // The instance's advert timer: armed after the delayed set's (as the FSM re-arms it every second), due
        // at masterAt + 1 s, + 2 s ... and so at masterAt + 5 s together with the delayed set.
        Timer advert = loop.newTimer((t, nowNs) -> {
            framesAtAdvert.add(frames.frames().size());
            t.scheduleAt(t.deadlineNs() + S);
        });
        g.onBecomeMaster(masterAt);
        assertEquals(3, frames.frames().size());
        advert.scheduleAt(masterAt + S);
        for (int second = 1; second <= 5; second++) {
            clock.setNs(masterAt + second * S);
            loop.runOnce(0);
        }
        assertEquals(List.of(3, 3, 3, 3, 3), framesAtAdvert, "the advert at +5 s left before the second set");
        assertEquals(3, frames.frames().size());
        loop.runOnce(0);
        assertEquals(6, frames.frames().size(), "the second set in the next turn");
    }

    @Test
    void theBudgetIsPerTurnEvenWhenAnFdHandlerStartsTheBurst() {
        // A task runs in the fd-dispatch part of a turn, like a received advert making an instance MASTER; the
        // drain timer it arms is due in the SAME turn's timer pass, which must not get a fresh budget.
        GarpPacer p = pacer("eth0", 0, 0, limiter);
        GarpScheduler g = scheduler("VI_1", p, defaults(), VIP1, VIP2);
        assertTrue(loop.execute(() -> g.onBecomeMaster(loop.nowNs())));
        loop.runOnce(0);
        assertEquals(BUDGET, frames.frames().size());
        loop.runOnce(0);
        assertEquals(2 * BUDGET, frames.frames().size());
    }

    @Test
    void oneBudgetForAllPacersSharingIt_andTheirOrderKept() {
        GarpPacer eth0 = pacer("eth0", 0, 0, limiter);
        GarpPacer eth1 = pacer("eth1", 0, 0, limiter);
        GarpScheduler a = scheduler("VI_A", eth0, new GarpScheduler.Settings(0, 3, 0, 1, 0, 1), VIP1);
        GarpScheduler b = scheduler("VI_B", eth1, new GarpScheduler.Settings(0, 3, 0, 1, 0, 1), VIP2);
        inATimer(() -> {
            a.onBecomeMaster(clock.nanoTime());
            b.onBecomeMaster(clock.nanoTime());
        });
        assertEquals(List.of("192.0.2.100", "192.0.2.100", "192.0.2.100", "192.0.2.101"), sent());
        assertEquals(0, eth0.pendingCount());
        assertEquals(2, eth1.pendingCount());
        loop.runOnce(0);
        assertEquals(6, frames.frames().size());
        assertEquals(3, logLines("Sending gratuitous ARP on eth1 for 192.0.2.101"));
    }

    @Test
    void leavingMasterDropsWhatIsQueuedForThatInstanceOnly() {
        GarpPacer p = pacer("eth0", 0, 0, limiter);
        GarpScheduler a = scheduler("VI_A", p, new GarpScheduler.Settings(0, 5, 0, 1, 0, 1), VIP1);
        GarpScheduler b = scheduler("VI_B", p, new GarpScheduler.Settings(0, 5, 0, 1, 0, 1), VIP2);
        inATimer(() -> {
            a.onBecomeMaster(clock.nanoTime());
            b.onBecomeMaster(clock.nanoTime());
        });
        assertEquals(6, p.pendingCount(), "1 of VI_A's and 5 of VI_B's wait");
        a.onLeaveMaster();
        assertEquals(5, p.pendingCount());
        b.onLeaveMaster();
        assertEquals(0, p.pendingCount());
        assertEquals(0, limiter.queued());
        assertEquals(0, loop.scheduledTimerCount(), "the drain timer is cancelled with the queue empty");
        clock.advanceNs(10 * S);
        loop.runOnce(0);
        assertEquals(BUDGET, frames.frames().size());
    }

    @Test
    void intervalsAreNotBudgeted_andStillSpaceTheFrames() {
        GarpBurstLimiter one = new GarpBurstLimiter(loop, 1);
        GarpPacer p = pacer("eth0", MS, MS, one);
        GarpScheduler g = scheduler("VI_1", p, new GarpScheduler.Settings(0, 1, 0, 1, 0, 1), VIP1, VIP6, VIP2);
        g.onBecomeMaster(clock.nanoTime());
        assertEquals(List.of("192.0.2.100", "v6"), sent(), "one ARP and one NA at once despite a budget of 1");
        clock.advanceNs(MS - 1);
        loop.runOnce(0);
        assertEquals(2, frames.frames().size(), "VIP2 waits for vrrp_garp_interval");
        clock.advanceNs(1);
        loop.runOnce(0);
        assertEquals(List.of("192.0.2.100", "v6", "192.0.2.101"), sent());
        assertEquals(0, one.queued());
    }

    @Test
    void aFamilyWithoutIntervalIsBudgetedWhileTheOtherIsPaced() {
        GarpPacer p = pacer("eth0", MS, 0, limiter);
        GarpScheduler g = scheduler("VI_1", p, new GarpScheduler.Settings(0, 5, 0, 1, 0, 1), VIP6, VIP1);
        inATimer(() -> g.onBecomeMaster(clock.nanoTime()));
        // NAs (no interval): 4 at once, then the budget is spent; ARPs (1 ms interval): the first at once, the
        // repeats of the queued address merged (keepalived's pending flag).
        assertEquals(List.of("v6", "192.0.2.100", "v6", "v6", "v6"), sent());
        loop.runOnce(0);
        assertEquals(6, frames.frames().size(), "the fifth NA in the next turn");
        clock.advanceNs(MS);
        loop.runOnce(0);
        assertEquals(List.of("v6", "192.0.2.100", "v6", "v6", "v6", "v6", "192.0.2.100"), sent());
        clock.advanceNs(10 * MS);
        loop.runOnce(0);
        assertEquals(7, frames.frames().size());
    }

    @Test
    void theRefreshKeepsItsPeriodFromTheDueTimeNotFromTheYield() {
        GarpPacer p = pacer("eth0", 0, 0, limiter);
        long start = clock.nanoTime();
        GarpScheduler g = scheduler("VI_1", p, new GarpScheduler.Settings(0, 1, 0, 1, 60 * S, 1), VIP1);
        g.onBecomeMaster(start);
        assertEquals(1, frames.frames().size());
        clock.setNs(start + 60 * S);
        loop.runOnce(0);
        assertEquals(1, frames.frames().size(), "due: yields one turn");
        clock.setNs(start + 60 * S + 7 * MS);
        loop.runOnce(0);
        assertEquals(2, frames.frames().size());
        clock.setNs(start + 120 * S);
        loop.runOnce(0);
        loop.runOnce(0);
        assertEquals(3, frames.frames().size(), "the next refresh is due at 120 s, not 120 s + 7 ms");
        g.onLeaveMaster();
        assertEquals(0, loop.scheduledTimerCount());
    }
}
