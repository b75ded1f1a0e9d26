package org.keepalivedjava.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.loop.ManualClock;
import org.keepalivedjava.watchdog.HelloTracker.Answer;

/** The missed-answer logic on a hand-driven clock (watchdog_interval 1 s). */
class HelloTrackerTest {
    private static final long MS = 1_000_000L;
    private static final long INTERVAL_NS = 1000 * MS;

    private final ManualClock clock = new ManualClock(5_000 * MS);
    private final HelloTracker tracker = new HelloTracker(INTERVAL_NS);

    private long tick() {
        return tracker.onHelloTimer(clock.nanoTime());
    }

    private Answer answer(long sequence) {
        return tracker.onAnswer(sequence, clock.nanoTime());
    }

    /** Hellos go out every half interval (the tick); each is due an answer within the interval. */
    private static final long TICK_NS = INTERVAL_NS / 2;

    /** Found by the chaos suite: a child still starting (no answer yet) was killed as hung after two intervals. */
    @Test
    void beforeTheFirstAnswerOnlyTheStartupDeadlineMakesAChildHung() {
        HelloTracker starting = new HelloTracker(INTERVAL_NS, clock.nanoTime() + 10_000 * MS);
        long seq = 0;
        for (int i = 0; i < 20; i++) {                           // 10 s of unanswered hellos, one per tick
            seq = starting.onHelloTimer(clock.nanoTime());
            assertTrue(seq > 0, "not hung at " + i);
            clock.advanceNs(TICK_NS);
        }
        assertTrue(starting.consecutiveMisses() >= HelloTracker.MISSES_TO_HUNG, "the misses are counted");
        assertEquals(HelloTracker.HUNG, starting.onHelloTimer(clock.nanoTime()), "hung at the deadline");

        HelloTracker up = new HelloTracker(INTERVAL_NS, clock.nanoTime() + 10_000 * MS);
        long first = up.onHelloTimer(clock.nanoTime());
        clock.advanceNs(3 * MS);
        assertEquals(Answer.CURRENT, up.onAnswer(first, clock.nanoTime()));
        clock.advanceNs(TICK_NS);
        up.onHelloTimer(clock.nanoTime());                      // then the child stops answering
        clock.advanceNs(TICK_NS);
        up.onHelloTimer(clock.nanoTime());
        clock.advanceNs(TICK_NS);
        up.onHelloTimer(clock.nanoTime());
        clock.advanceNs(TICK_NS);
        assertEquals(HelloTracker.HUNG, up.onHelloTimer(clock.nanoTime()),
                "after the first answer: two intervals, however far the start-up deadline");
    }

    @Test
    void tickIsHalfTheInterval() {
        assertEquals(TICK_NS, tracker.tickNs());
    }

    @Test
    void answeredInTime() {
        assertEquals(1, tick());
        assertTrue(tracker.awaitingAnswer());
        clock.advanceNs(3 * MS);
        assertEquals(Answer.CURRENT, answer(1));
        assertEquals(3 * MS, tracker.lastRoundTripNs());
        assertFalse(tracker.awaitingAnswer());
        for (long seq = 2; seq <= 10; seq++) {
            clock.advanceNs(TICK_NS - 3 * MS);
            assertEquals(seq, tick());
            clock.advanceNs(3 * MS);
            assertEquals(Answer.CURRENT, answer(seq));
            assertEquals(0, tracker.consecutiveMisses());
        }
        assertFalse(tracker.isHung());
    }

    @Test
    void anAnswerSlowerThanATickButWithinTheIntervalIsNoMiss() {
        tick();                                   // hello 1 at 0
        clock.advanceNs(TICK_NS);
        assertEquals(2, tick());                  // hello 2 at 0.5 s; 1 not overdue yet
        assertEquals(0, tracker.consecutiveMisses());
        clock.advanceNs(TICK_NS - 1);
        assertEquals(Answer.LATE, answer(1));     // 1 answered just within its interval
        clock.advanceNs(1);
        assertEquals(3, tick());
        assertEquals(0, tracker.consecutiveMisses());
    }

    @Test
    void answerArrivingInTheSameIterationAsTheTimerIsInTime() {
        tick();
        clock.advanceNs(INTERVAL_NS);
        assertEquals(Answer.CURRENT, answer(1)); // the loop dispatches fd events before timers
        assertEquals(2, tick());
        assertEquals(0, tracker.consecutiveMisses());
    }

    @Test
    void oneMissIsNotHung() {
        tick();                                   // hello 1 at 0
        clock.advanceNs(TICK_NS);
        tick();                                   // hello 2 at 0.5
        clock.advanceNs(TICK_NS);
        assertEquals(3, tick());                  // 1 is overdue: one miss
        assertEquals(1, tracker.consecutiveMisses());
        assertFalse(tracker.isHung());
        clock.advanceNs(10 * MS);
        assertEquals(Answer.LATE, answer(2));
        assertEquals(0, tracker.consecutiveMisses());
        clock.advanceNs(TICK_NS - 10 * MS);
        assertEquals(4, tick());
        assertEquals(0, tracker.consecutiveMisses(), "3 was sent 0.5 s ago: not overdue");
    }

    @Test
    void twoMissesInARowAreHung() {
        tick();                                   // 1 at 0
        clock.advanceNs(TICK_NS);
        tick();                                   // 2 at 0.5
        clock.advanceNs(TICK_NS);
        tick();                                   // 3 at 1.0; 1 overdue
        clock.advanceNs(TICK_NS);
        assertEquals(HelloTracker.HUNG, tick());  // 1.5: 2 overdue too
        assertTrue(tracker.isHung());
        assertEquals(2, tracker.consecutiveMisses());
        // Final: a late answer after the verdict changes nothing, no further hello is issued.
        answer(3);
        clock.advanceNs(INTERVAL_NS);
        assertEquals(HelloTracker.HUNG, tick());
    }

    @Test
    void missesMustBeConsecutive() {
        tick();                                   // 1 at 0
        clock.advanceNs(TICK_NS);
        tick();                                   // 2 at 0.5
        answer(2);                                // 1 never answered, but 2 is: the loop turns
        clock.advanceNs(TICK_NS);
        tick();                                   // 3 at 1.0
        clock.advanceNs(TICK_NS);
        tick();                                   // 4 at 1.5
        clock.advanceNs(TICK_NS);
        assertEquals(5, tick());                  // 5 at 2.0: 3 overdue, 4 not yet
        assertEquals(1, tracker.consecutiveMisses());
        assertFalse(tracker.isHung());
    }

    @Test
    void lateAnswerRecovers() {
        tick();                                   // 1 at 0
        clock.advanceNs(TICK_NS);
        tick();                                   // 2 at 0.5
        clock.advanceNs(TICK_NS);
        assertEquals(3, tick());                  // 3 at 1.0: 1 overdue
        assertEquals(1, tracker.consecutiveMisses());
        clock.advanceNs(200 * MS);
        assertEquals(Answer.LATE, answer(1));     // the loop turned after hello 1 was sent
        assertEquals(0, tracker.consecutiveMisses());
        assertTrue(tracker.awaitingAnswer());
        clock.advanceNs(TICK_NS - 200 * MS);
        assertEquals(4, tick());                  // 1.5: 2 overdue: one miss only
        assertEquals(1, tracker.consecutiveMisses());
        clock.advanceNs(5 * MS);
        assertEquals(Answer.CURRENT, answer(4));
        assertEquals(0, tracker.consecutiveMisses());
    }

    @Test
    void duplicateAndUnknownAnswersAreIgnored() {
        tick();
        assertEquals(Answer.UNKNOWN, answer(2));
        assertEquals(Answer.UNKNOWN, answer(0));
        assertEquals(Answer.UNKNOWN, answer(-5));
        assertTrue(tracker.awaitingAnswer());
        assertEquals(Answer.CURRENT, answer(1));
        assertEquals(Answer.DUPLICATE, answer(1));
        clock.advanceNs(TICK_NS);
        tick();                                   // 2 at 0.5
        clock.advanceNs(TICK_NS);
        tick();                                   // 3 at 1.0
        clock.advanceNs(TICK_NS);
        assertEquals(Answer.DUPLICATE, answer(1)); // an old duplicate is no proof of life
        tick();                                   // 1.5: 2 overdue
        assertEquals(1, tracker.consecutiveMisses());
    }

    /**
     * The detection bound the supervisor relies on (issue 5: within 2 x watchdog_interval): a child that stops
     * at any moment is declared hung at most 2 intervals later, and never before 1.5 intervals.
     */
    @Test
    void aStoppedChildIsHungWithinTwoIntervalsWhenEverItStops() {
        for (long stopOffsetNs = 0; stopOffsetNs < TICK_NS; stopOffsetNs += TICK_NS / 10) {
            ManualClock c = new ManualClock(0);
            HelloTracker t = new HelloTracker(INTERVAL_NS);
            long seq = t.onHelloTimer(c.nanoTime());
            t.onAnswer(seq, c.nanoTime());
            long stopNs = c.nanoTime() + stopOffsetNs;   // the child answers everything sent before it stops
            long verdictNs = -1;
            for (int i = 1; i < 20 && verdictNs < 0; i++) {
                c.advanceNs(TICK_NS);
                long s2 = t.onHelloTimer(c.nanoTime());
                if (s2 == HelloTracker.HUNG) {
                    verdictNs = c.nanoTime();
                } else if (c.nanoTime() < stopNs) {
                    t.onAnswer(s2, c.nanoTime());
                }
            }
            long detectionNs = verdictNs - stopNs;
            assertTrue(detectionNs <= 2 * INTERVAL_NS, "stopped at +" + stopOffsetNs + " ns: hung after " + detectionNs);
            assertTrue(detectionNs >= INTERVAL_NS, "not before a hello sent after the stop could be overdue");
        }
    }

    @Test
    void intervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new HelloTracker(0));
        assertThrows(IllegalArgumentException.class, () -> new HelloTracker(-1));
    }

    @Test
    void missedHellosAreCountedOnceEachEvenWhenALateAnswerRecovers() {
        assertEquals(1, tick());                  // hello 1 at 0
        clock.advanceNs(TICK_NS);
        assertEquals(2, tick());                  // hello 2 at 0.5 s
        clock.advanceNs(TICK_NS);
        assertEquals(3, tick());                  // at 1 s: hello 1 overdue (one miss), hello 3 sent
        assertEquals(1, tracker.missedHellos());
        assertEquals(Answer.LATE, answer(2));     // the loop turned: recovered, 1 stays counted
        clock.advanceNs(TICK_NS);
        assertEquals(4, tick());                  // at 1.5 s: hello 3 not overdue yet
        assertEquals(1, tracker.missedHellos());
        clock.advanceNs(TICK_NS);
        assertEquals(5, tick());                  // at 2 s: hello 3 overdue
        assertEquals(2, tracker.missedHellos());
        assertEquals(Answer.CURRENT, answer(5));
        assertEquals(2, tracker.missedHellos(), "an answer never uncounts a miss");
    }
}
