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
import org.keepalivedjava.os.packet.AddressAnnouncer;
import org.keepalivedjava.os.packet.RecordingFrameSender;

/** The schedule, driven by a hand clock; frames recorded in memory. */
class GarpSchedulerTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final byte[] MAC = {2, 0, 0x5e, 0, 1, 1};
    private static final IpAddress VIP1 = IpAddress.parse("192.0.2.100");
    private static final IpAddress VIP2 = IpAddress.parse("192.0.2.101");
    private static final IpAddress VIP6 = IpAddress.parse("2001:db8::100");

    private final ManualClock clock = new ManualClock(1_000 * S);
    private final EventLoop loop = new EventLoop(clock);
    private final RecordingFrameSender frames = new RecordingFrameSender(2, MAC);
    private final TestLogs logs = new TestLogs(true);

    @AfterEach
    void close() {
        loop.close();
    }

    private GarpPacer pacer(long garpIntervalNs, long gnaIntervalNs) {
        return new GarpPacer(loop, new AddressAnnouncer(frames), "eth0", false, garpIntervalNs, gnaIntervalNs,
                logs.logger);
    }

    private GarpScheduler scheduler(GarpPacer pacer, GarpScheduler.Settings settings, IpAddress... addresses) {
        List<GarpScheduler.Target> targets = new ArrayList<>();
        for (IpAddress a : addresses) {
            targets.add(new GarpScheduler.Target(a, pacer));
        }
        return new GarpScheduler(loop, "VI_1", targets, settings, logs.logger);
    }

    private static GarpScheduler.Settings defaults() {
        return new GarpScheduler.Settings(5 * S, 5, 5 * S, 5, 0, 1);
    }

    /** Moves the clock, then runs loop turns until one does nothing (delayed sets yield a turn, see GarpScheduler). */
    private void advance(long ns) {
        clock.advanceNs(ns);
        for (int turns = 0; loop.runOnce(0) > 0; turns++) {
            assertTrue(turns < 1_000, "the loop never went idle");
        }
    }

    /** The ARP sender protocol address of a recorded frame (Ethernet 14 + ARP 14 bytes in). */
    private String arpSender(int i) {
        byte[] f = frames.frames().get(i);
        return (f[28] & 0xff) + "." + (f[29] & 0xff) + "." + (f[30] & 0xff) + "." + (f[31] & 0xff);
    }

    private int etherType(int i) {
        byte[] f = frames.frames().get(i);
        return ((f[12] & 0xff) << 8) | (f[13] & 0xff);
    }

    @Test
    void becomingMasterSendsFiveRoundsNowAndFiveMoreAfterFiveSeconds() {
        GarpScheduler g = scheduler(pacer(0, 0), defaults(), VIP1, VIP2);
        g.onBecomeMaster(loop.nowNs());
        assertEquals(10, frames.frames().size());
        for (int i = 0; i < 10; i++) {
            assertEquals(i % 2 == 0 ? "192.0.2.100" : "192.0.2.101", arpSender(i), "round-robin per round");
            assertEquals(0x0806, etherType(i));
        }
        advance(5 * S - 1);
        assertEquals(10, frames.frames().size());
        advance(1);
        assertEquals(20, frames.frames().size());
        advance(60 * S);
        assertEquals(20, frames.frames().size(), "no refresh by default");
        assertTrue(logs.text().contains("(VI_1) Sending/queueing gratuitous ARPs on eth0 for 192.0.2.100"));
        assertTrue(logs.text().contains("Sending gratuitous ARP on eth0 for 192.0.2.101"));
    }

    @Test
    void leavingMasterCancelsTheSecondSet() {
        GarpScheduler g = scheduler(pacer(0, 0), defaults(), VIP1);
        g.onBecomeMaster(loop.nowNs());
        advance(2 * S);
        g.onLeaveMaster();
        advance(10 * S);
        assertEquals(5, frames.frames().size());
        assertEquals(0, loop.scheduledTimerCount());
    }

    @Test
    void minGarpSettingsSendOneAndNoSecondSet() {
        GarpScheduler g = scheduler(pacer(0, 0), new GarpScheduler.Settings(0, 1, 0, 1, 0, 1), VIP1, VIP6);
        g.onBecomeMaster(loop.nowNs());
        advance(30 * S);
        assertEquals(2, frames.frames().size());
        assertEquals(0x86dd, etherType(1), "the IPv6 VIP is announced by an unsolicited NA");
    }

    @Test
    void refreshRepeatsWhileMaster() {
        GarpScheduler g = scheduler(pacer(0, 0), new GarpScheduler.Settings(0, 1, 0, 1, 60 * S, 2), VIP1);
        g.onBecomeMaster(loop.nowNs());
        assertEquals(1, frames.frames().size());
        advance(60 * S);
        assertEquals(3, frames.frames().size());
        advance(60 * S);
        assertEquals(5, frames.frames().size());
        g.onLeaveMaster();
        advance(120 * S);
        assertEquals(5, frames.frames().size());
    }

    @Test
    void lowerPriorityAdvertSendsItsOwnBurstAndDelayedSet() {
        GarpScheduler g = scheduler(pacer(0, 0), new GarpScheduler.Settings(0, 1, 3 * S, 2, 0, 1), VIP1);
        g.onLowerPriorityAdvert(loop.nowNs());
        assertEquals(0, frames.frames().size(), "only a MASTER reacts");
        g.onBecomeMaster(loop.nowNs());
        g.onLowerPriorityAdvert(loop.nowNs());
        assertEquals(3, frames.frames().size());
        advance(3 * S);
        assertEquals(5, frames.frames().size());
    }

    @Test
    void garpIntervalSpacesFramesAndCollapsesRepeatsOfAQueuedAddress() {
        GarpScheduler g = scheduler(pacer(MS, 0), defaults(), VIP1, VIP2);
        g.onBecomeMaster(loop.nowNs());
        assertEquals(1, frames.frames().size(), "the first goes at once, the rest wait for the interval");
        advance(MS - 1);
        assertEquals(1, frames.frames().size());
        advance(1);
        assertEquals(2, frames.frames().size());
        assertEquals("192.0.2.101", arpSender(1));
        advance(MS);
        assertEquals(3, frames.frames().size());
        assertEquals("192.0.2.100", arpSender(2));
        advance(10 * MS);
        assertEquals(3, frames.frames().size(), "keepalived keeps one pending flag per address");
    }

    @Test
    void ipv4AndIpv6AreSpacedIndependently() {
        GarpScheduler g = scheduler(pacer(MS, MS), new GarpScheduler.Settings(0, 1, 0, 1, 0, 1), VIP1, VIP6, VIP2);
        g.onBecomeMaster(loop.nowNs());
        assertEquals(2, frames.frames().size(), "one ARP and one NA at once");
        advance(MS);
        assertEquals(3, frames.frames().size());
    }

    @Test
    void leavingMasterDropsQueuedAnnouncements() {
        GarpPacer p = pacer(MS, 0);
        GarpScheduler g = scheduler(p, defaults(), VIP1, VIP2);
        g.onBecomeMaster(loop.nowNs());
        g.onLeaveMaster();
        assertEquals(0, p.pendingCount());
        advance(10 * MS);
        assertEquals(1, frames.frames().size());
    }

    @Test
    void fullSocketBufferIsCountedNotFatal() {
        GarpPacer p = pacer(0, 0);
        frames.socketBufferFull(true);
        scheduler(p, new GarpScheduler.Settings(0, 2, 0, 1, 0, 1), VIP1).onBecomeMaster(loop.nowNs());
        assertEquals(2, p.framesDropped());
        assertEquals(0, p.framesSent());
    }
}
