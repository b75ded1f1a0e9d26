package org.keepalivedjava.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.loop.ErrorListener;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.ManualClock;

/** The FSM's timer on a real netlink-jni event loop driven by a manual clock. */
class LoopInstanceTimerTest {

    @Test
    void electionRunsOnTheEventLoop() {
        ManualClock clock = new ManualClock(0);
        try (EventLoop loop = new EventLoop(clock, ErrorListener.STDERR, 16, 16)) {
            LoopInstanceTimer timer = new LoopInstanceTimer(loop);
            int[] adverts = new int[1];
            InstanceActions actions = new InstanceActions() {
                @Override
                public void sendAdvert(int priority) {
                    adverts[0]++;
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
            };
            VrrpInstanceFsm fsm = new VrrpInstanceFsm(TestSettings.v2(100).build(), actions, timer, FsmLog.NONE);
            timer.attach(fsm);
            fsm.start(clock.nanoTime());
            assertEquals(1, loop.scheduledTimerCount());

            clock.setNs(3_609_374_999L);
            loop.runOnce(0);
            assertEquals(VrrpState.BACKUP, fsm.state());
            clock.setNs(3_609_375_000L);
            loop.runOnce(0);
            assertEquals(VrrpState.MASTER, fsm.state());
            assertEquals(1, adverts[0]);
            for (int k = 1; k <= 5; k++) {
                clock.advanceNs(1_000_000_000L);
                loop.runOnce(0);
            }
            assertEquals(6, adverts[0]);

            fsm.setFaulted(true, clock.nanoTime());
            assertEquals(0, loop.scheduledTimerCount());
            assertFalse(fsm.timerArmed());
            fsm.setFaulted(false, clock.nanoTime());
            assertTrue(fsm.timerArmed());
            assertEquals(1, loop.scheduledTimerCount());
        }
    }
}
