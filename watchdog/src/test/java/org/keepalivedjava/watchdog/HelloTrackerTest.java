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

    @Test
    void answeredInTime() {
        assertEquals(1, tick());
        assertTrue(tracker.awaitingAnswer());
        clock.advanceNs(3 * MS);
        assertEquals(Answer.CURRENT, answer(1));
        assertEquals(3 * MS, tracker.lastRoundTripNs());
        assertFalse(tracker.awaitingAnswer());
        for (long seq = 2; seq <= 10; seq++) {
            clock.advanceNs(INTERVAL_NS - 3 * MS);
            assertEquals(seq, tick());
            clock.advanceNs(3 * MS);
            assertEquals(Answer.CURRENT, answer(seq));
            assertEquals(0, tracker.consecutiveMisses());
        }
        assertFalse(tracker.isHung());
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
        tick();
        clock.advanceNs(INTERVAL_NS);
        assertEquals(2, tick());
        assertEquals(1, tracker.consecutiveMisses());
        assertFalse(tracker.isHung());
        clock.advanceNs(10 * MS);
        assertEquals(Answer.CURRENT, answer(2));
        assertEquals(0, tracker.consecutiveMisses());
        clock.advanceNs(INTERVAL_NS - 10 * MS);
        assertEquals(3, tick());
    }

    @Test
    void twoMissesInARowAreHung() {
        tick();
        clock.advanceNs(INTERVAL_NS);
        assertEquals(2, tick());
        clock.advanceNs(INTERVAL_NS);
        assertEquals(HelloTracker.HUNG, tick());
        assertTrue(tracker.isHung());
        assertEquals(2, tracker.consecutiveMisses());
        // Final: a late answer after the verdict changes nothing, no further hello is issued.
        answer(2);
        clock.advanceNs(INTERVAL_NS);
        assertEquals(HelloTracker.HUNG, tick());
    }

    @Test
    void missesMustBeConsecutive() {
        tick();
        clock.advanceNs(INTERVAL_NS);
        tick();                       // miss of 1
        answer(2);
        clock.advanceNs(INTERVAL_NS);
        tick();                       // 2 answered: no miss; hello 3
        clock.advanceNs(INTERVAL_NS);
        assertEquals(4, tick());      // miss of 3
        assertEquals(1, tracker.consecutiveMisses());
        assertFalse(tracker.isHung());
    }

    @Test
    void lateAnswerRecovers() {
        tick();                                   // hello 1
        clock.advanceNs(INTERVAL_NS);
        assertEquals(2, tick());                  // 1 missed its interval; hello 2
        clock.advanceNs(200 * MS);
        assertEquals(Answer.LATE, answer(1));     // the loop turned after hello 1 was sent
        assertEquals(0, tracker.consecutiveMisses());
        assertTrue(tracker.awaitingAnswer());     // hello 2 still open
        clock.advanceNs(INTERVAL_NS - 200 * MS);
        assertEquals(3, tick());                  // 2 missed: one miss only, not hung
        assertEquals(1, tracker.consecutiveMisses());
        clock.advanceNs(5 * MS);
        assertEquals(Answer.CURRENT, answer(3));
        assertEquals(0, tracker.consecutiveMisses());
    }

    @Test
    void aTimerBeforeTheIntervalEndsCountsNoMiss() {
        tick();
        clock.advanceNs(INTERVAL_NS - 1);
        assertEquals(2, tick());
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
        clock.advanceNs(INTERVAL_NS);
        tick();
        clock.advanceNs(INTERVAL_NS);
        tick();
        assertEquals(Answer.DUPLICATE, answer(1)); // an old duplicate is no proof of life
        assertEquals(1, tracker.consecutiveMisses());
    }

    /**
     * The detection time the supervisor relies on: a child that stops right after answering hello k is hung on
     * the third tick after that hello, i.e. 2 intervals after the first hello it leaves unanswered.
     */
    @Test
    void childStoppingJustAfterAnAnswerIsHungTwoIntervalsAfterItsFirstUnansweredHello() {
        tick();
        clock.advanceNs(1 * MS);
        answer(1);                               // last sign of life, then SIGSTOP
        clock.advanceNs(INTERVAL_NS - 1 * MS);
        assertEquals(2, tick());                 // first unanswered hello
        long firstUnansweredNs = clock.nanoTime();
        clock.advanceNs(INTERVAL_NS);
        assertEquals(3, tick());
        clock.advanceNs(INTERVAL_NS);
        assertEquals(HelloTracker.HUNG, tick());
        assertEquals(2 * INTERVAL_NS, clock.nanoTime() - firstUnansweredNs);
    }

    @Test
    void intervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new HelloTracker(0));
        assertThrows(IllegalArgumentException.class, () -> new HelloTracker(-1));
    }
}
