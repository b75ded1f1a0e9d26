package org.keepalivedjava.os.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timers driven by a ManualClock and runOnce(0): no sleeping, no wall-clock dependence. */
class EventLoopTimerTest {
    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final List<Object[]> errors = new ArrayList<>();
    private final EventLoop loop = new EventLoop(clock, (source, error) -> errors.add(new Object[] {source, error}),
            16, 16);
    private final List<String> fired = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    private Timer recording(String name) {
        return loop.newTimer((timer, nowNs) -> fired.add(name + "@" + (nowNs - 1_000_000_000L)));
    }

    @Test
    void firesInDeadlineOrderOnlyWhenDue() {
        Timer c = recording("c");
        Timer a = recording("a");
        Timer b = recording("b");
        c.scheduleAt(clock.nanoTime() + 300);
        a.scheduleAt(clock.nanoTime() + 100);
        b.scheduleAt(clock.nanoTime() + 200);
        assertEquals(0, loop.runOnce(0));
        clock.advanceNs(99);
        assertEquals(0, loop.runOnce(0));
        assertEquals(List.of(), fired);
        clock.advanceNs(1);
        assertEquals(1, loop.runOnce(0));
        clock.advanceNs(1000);
        assertEquals(2, loop.runOnce(0));
        assertEquals(List.of("a@100", "b@1100", "c@1100"), fired);
        assertFalse(a.isScheduled());
        assertEquals(0, loop.scheduledTimerCount());
    }

    @Test
    void equalDeadlinesFireFirstScheduledFirst() {
        long deadline = clock.nanoTime() + 50;
        for (String name : new String[] {"1", "2", "3", "4", "5"}) {
            recording(name).scheduleAt(deadline);
        }
        clock.advanceNs(50);
        assertEquals(5, loop.runOnce(0));
        assertEquals(List.of("1@50", "2@50", "3@50", "4@50", "5@50"), fired);
    }

    @Test
    void cancelAndReschedule() {
        Timer a = recording("a");
        Timer b = recording("b");
        Timer c = recording("c");
        long t0 = clock.nanoTime();
        a.scheduleAt(t0 + 10);
        b.scheduleAt(t0 + 20);
        c.scheduleAt(t0 + 30);
        a.cancel();
        a.cancel(); // harmless twice
        c.scheduleAt(t0 + 5); // earlier
        b.scheduleAt(t0 + 40); // later
        assertEquals(t0 + 40, b.deadlineNs());
        clock.advanceNs(100);
        loop.runOnce(0);
        assertEquals(List.of("c@100", "b@100"), fired);
    }

    @Test
    void periodicTimerReschedulesFromItsDeadlineWithoutDrift() {
        long periodNs = 1_000;
        List<Long> latenesses = new ArrayList<>();
        Timer periodic = loop.newTimer((timer, nowNs) -> {
            latenesses.add(nowNs - timer.deadlineNs());
            timer.scheduleAt(timer.deadlineNs() + periodNs);
        });
        periodic.scheduleAt(clock.nanoTime() + periodNs);
        clock.advanceNs(1_300); // fires 300 ns late...
        loop.runOnce(0);
        clock.advanceNs(700); // ...the next deadline is still on the 1000 ns grid
        loop.runOnce(0);
        assertEquals(List.of(300L, 0L), latenesses);
        assertTrue(periodic.isScheduled());
    }

    @Test
    void timerRearmedForNowWaitsForTheNextIteration() {
        int[] count = {0};
        Timer greedy = loop.newTimer((timer, nowNs) -> {
            count[0]++;
            timer.scheduleAt(nowNs);
        });
        greedy.scheduleAt(clock.nanoTime());
        assertEquals(1, loop.runOnce(0));
        assertEquals(1, loop.runOnce(0));
        assertEquals(2, count[0]);
    }

    @Test
    void iterationCountsTurnsEvenWhenTheClockStandsStill() {
        List<Long> seen = new ArrayList<>();
        Timer t = loop.newTimer((timer, nowNs) -> {
            seen.add(loop.iteration());
            if (seen.size() < 3) {
                timer.scheduleAt(nowNs);
            }
        });
        assertEquals(0, loop.iteration(), "no turn yet");
        t.scheduleAt(clock.nanoTime());
        loop.runOnce(0);
        loop.runOnce(0);
        loop.runOnce(0);
        assertEquals(List.of(1L, 2L, 3L), seen);
        assertEquals(3, loop.iteration());
    }

    @Test
    void throwingTimerIsReportedAndCancelledAndOthersStillFire() {
        RuntimeException boom = new IllegalStateException("boom");
        Timer bad = loop.newTimer((timer, nowNs) -> {
            timer.scheduleAt(nowNs + 10); // re-armed before throwing: must end up cancelled
            throw boom;
        });
        Timer good = recording("good");
        bad.scheduleAt(clock.nanoTime() + 1);
        good.scheduleAt(clock.nanoTime() + 2);
        clock.advanceNs(5);
        assertEquals(2, loop.runOnce(0));
        assertEquals(List.of("good@5"), fired);
        assertEquals(1, errors.size());
        assertSame(bad, errors.get(0)[0]);
        assertSame(boom, errors.get(0)[1]);
        assertFalse(bad.isScheduled());
        clock.advanceNs(100);
        assertEquals(0, loop.runOnce(0));
    }

    @Test
    void timerOfAnotherLoopIsRejected() {
        try (EventLoop other = new EventLoop(clock)) {
            Timer foreign = other.newTimer((t, n) -> { });
            assertThrows(IllegalArgumentException.class, () -> loop.cancelTimer(foreign));
        }
    }

    @Test
    void waitIsUntilTheEarliestDeadlinePlusSlackCappedByMaxWait() {
        long now = clock.nanoTime();
        assertEquals(-1, loop.waitNs(-1, now), "no timer: wait for ever");
        assertEquals(500, loop.waitNs(500, now));
        Timer timer = recording("t");
        timer.scheduleAt(now + 100);
        assertEquals(100, loop.waitNs(-1, now));
        assertEquals(40, loop.waitNs(40, now));
        loop.timerSlackNs(1_000);
        assertEquals(1_100, loop.waitNs(-1, now));
        assertEquals(0, loop.waitNs(-1, now + 100), "due: no slack, no wait");
        assertEquals(0, loop.waitNs(-1, now + 5_000), "overdue");
        assertThrows(IllegalArgumentException.class, () -> loop.timerSlackNs(-1));
        loop.stop();
        assertEquals(0, loop.waitNs(-1, now), "stopping: do not block");
    }

    /** With slack, timers within the slack of the earliest share one wakeup; none fires before its deadline. */
    @Test
    void slackCoalescesNearbyTimersIntoOneWakeup() {
        loop.timerSlackNs(1_000);
        long now = clock.nanoTime();
        recording("a").scheduleAt(now + 100);
        recording("b").scheduleAt(now + 600);
        recording("c").scheduleAt(now + 1_200);
        long waitNs = loop.waitNs(-1, now);
        assertEquals(1_100, waitNs);
        clock.advanceNs(waitNs); // what the kernel wait amounts to
        assertEquals(2, loop.runOnce(0));
        assertEquals(List.of("a@1100", "b@1100"), fired);
    }

    /** With a real clock, the earliest deadline is the epoll timeout: runOnce returns once it is due. */
    @Test
    void earliestDeadlineSetsTheWait() {
        try (EventLoop real = new EventLoop(Clock.SYSTEM)) {
            long[] firedAt = {0};
            Timer timer = real.newTimer((t, nowNs) -> firedAt[0] = nowNs);
            long deadline = System.nanoTime() + 2_000_000;
            timer.scheduleAt(deadline);
            int work = 0;
            for (int i = 0; i < 100 && work == 0; i++) {
                work = real.runOnce(-1); // no cap: only the timer (or an EINTR, then 0) can end this wait
            }
            assertEquals(1, work);
            assertTrue(firedAt[0] - deadline >= 0, "not before its deadline");
        }
    }
}
