package org.keepalivedjava.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.vrrp.fsm.VrrpStats.Counter;

/**
 * Steady state allocates nothing per advert: a BACKUP decoding, checking and accepting 100,000 adverts (each
 * restarting its Master_Down_Timer) and a MASTER sending 100,000 adverts (timer expiry, encode), measured with
 * the thread's allocated-bytes counter.
 */
class FsmAllocationTest {
    private static final int ITERATIONS = 100_000;
    private static final long BOUND_BYTES = 64 * 1024; // in total, i.e. < 1 byte per event

    /** Records nothing but counts; reuses one buffer: a runtime's actions look like this. */
    private static final class CountingActions implements InstanceActions {
        final ByteBuffer tx = ByteBuffer.allocateDirect(256);
        final IpAddress source = IpAddress.parse("192.0.2.2");
        VrrpInstanceFsm fsm;
        long sent;
        int lastLength;

        @Override
        public void sendAdvert(int priority) {
            lastLength = fsm.encodeAdvert(tx, 0, priority, source, IpAddress.VRRP_MULTICAST_V4);
            sent++;
        }

        @Override
        public void becomeMaster() {
        }

        @Override
        public void leaveMaster() {
        }

        @Override
        public void lowerPriorityAdvertReceived() {
        }

        @Override
        public void stateChanged(VrrpState state, int effectivePriority) {
        }
    }

    @Test
    void steadyStateAdvertsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        Lan.FakeTimer backupTimer = new Lan.FakeTimer();
        CountingActions backupActions = new CountingActions();
        VrrpInstanceFsm backup = new VrrpInstanceFsm(TestSettings.v3(100).build(), backupActions, backupTimer,
                FsmLog.NONE);
        backupActions.fsm = backup;
        Lan.FakeTimer masterTimer = new Lan.FakeTimer();
        CountingActions masterActions = new CountingActions();
        VrrpInstanceFsm master = new VrrpInstanceFsm(TestSettings.v3(150).build(), masterActions, masterTimer,
                FsmLog.NONE);
        masterActions.fsm = master;

        backup.start(0);
        master.start(0);
        long now = masterTimer.deadlineNs;
        master.onTimer(now);
        assertEquals(VrrpState.MASTER, master.state());

        // the master's own advert, as the backup receives it
        ByteBuffer rx = ByteBuffer.allocateDirect(256);
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        masterActions.source.copyTo(src);
        IpAddress.VRRP_MULTICAST_V4.copyTo(dst);
        int length = master.encodeAdvert(rx, 0, 150, masterActions.source, IpAddress.VRRP_MULTICAST_V4);

        now = run(backup, master, masterTimer, rx, length, src, dst, now, ITERATIONS / 2); // warm up
        long receivedBefore = backup.stats().get(Counter.ADVERT_RCVD);
        long sentBefore = masterActions.sent;
        long before = threads.getCurrentThreadAllocatedBytes();
        run(backup, master, masterTimer, rx, length, src, dst, now, ITERATIONS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        System.out.println("allocated bytes over " + ITERATIONS + " adverts received + sent: " + allocated);
        assertEquals(ITERATIONS, backup.stats().get(Counter.ADVERT_RCVD) - receivedBefore);
        assertEquals(ITERATIONS, masterActions.sent - sentBefore);
        assertEquals(VrrpState.BACKUP, backup.state());
        assertTrue(allocated < BOUND_BYTES, "allocated " + allocated + " bytes");
    }

    private static long run(VrrpInstanceFsm backup, VrrpInstanceFsm master, Lan.FakeTimer masterTimer,
            ByteBuffer rx, int length, byte[] src, byte[] dst, long now, int iterations) {
        for (int i = 0; i < iterations; i++) {
            now = masterTimer.deadlineNs;
            master.onTimer(now);
            if (backup.onAdvert(rx, 0, length, src, dst, 255, now) != RxVerdict.ACCEPTED) {
                throw new AssertionError("advert rejected");
            }
        }
        return now;
    }
}
