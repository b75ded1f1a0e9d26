package org.keepalivedjava.watchdog;

/**
 * The parent's judgement of one child from its hellos and answers: pure, driven by {@code nowNs}.
 *
 * <p>The parent calls {@link #onHelloTimer} every {@link #tickNs()} = half of {@code watchdog_interval}, sending a
 * hello each time. Each hello is due an answer within the interval. {@value #MISSES_TO_HUNG} hellos in a row left
 * unanswered past their interval mean the child's loop is not turning: it is hung. Any answer, even a late one to
 * an older hello, proves the loop turned after that hello was sent, so only hellos sent after it can count as
 * misses ("a late answer recovers").
 *
 * <p>Why half an interval: with one hello per interval, a child that stops right after answering leaves its next
 * hello unanswered one interval later and the one after that two intervals later, so it would be declared hung up
 * to 3 intervals after it stopped. With hellos every half interval the second unanswered hello's deadline falls at
 * most 2 intervals after the stop (issue 5: "within 2 x watchdog_interval").
 *
 * <p>A hello that could not be written (connection lost, socket buffer full) counts as sent: a child that
 * closed its socket or stopped reading is judged like a child that stopped answering.
 *
 * <p>Start-up: a child opens its socket before its loop turns (configuration, netlink, residual VIPs come first),
 * and on a loaded host that takes more than two intervals: such children used to be killed as hung before their
 * first answer (found by the chaos suite, watchdog_interval 1 with six JVM builds on two cores). With a
 * first-answer deadline, misses before the first answer make the child hung only from that deadline on (the
 * parent gives the start-up timeout it already allows for opening the socket); after the first answer the rule
 * above applies.
 *
 * <p>Loop thread only (no synchronisation); allocates nothing.
 */
public final class HelloTracker {
    /** Consecutive hellos unanswered past their interval that make a child hung. */
    public static final int MISSES_TO_HUNG = 2;
    /** {@link #onHelloTimer} result: the child is hung, send nothing more. */
    public static final long HUNG = -1;
    /** Send times kept for the latest hellos; a child this far behind is hung long before the ring wraps. */
    private static final int RING = 8;

    /** What an answer meant. */
    public enum Answer {
        /** Answer to the latest hello. */
        CURRENT,
        /** Answer to an older hello: proof of life, the later hellos still await their answers. */
        LATE,
        /** An answer to a hello already answered (or older): ignored. */
        DUPLICATE,
        /** A sequence never sent: a protocol error (the caller logs it); ignored. */
        UNKNOWN
    }

    private final long intervalNs;
    private final long[] sentNs = new long[RING];
    private long lastSentSequence;
    private long lastAnsweredSequence;
    private long lastAnswerNs;
    private long lastRoundTripNs = -1;
    private int consecutiveMisses;
    private long missedHellos;
    /** The highest sequence already counted in {@link #missedHellos}: each hello is counted once. */
    private long lastCountedMiss;
    private boolean hung;
    private final boolean graceUntilFirstAnswer;
    private final long firstAnswerDeadlineNs;

    /** @param intervalNs watchdog_interval in ns, > 1; no start-up grace */
    public HelloTracker(long intervalNs) {
        this(intervalNs, false, 0);
    }

    /**
     * @param intervalNs            watchdog_interval in ns, > 1
     * @param firstAnswerDeadlineNs until the first answer, the child is not judged hung before this time
     */
    public HelloTracker(long intervalNs, long firstAnswerDeadlineNs) {
        this(intervalNs, true, firstAnswerDeadlineNs);
    }

    private HelloTracker(long intervalNs, boolean graceUntilFirstAnswer, long firstAnswerDeadlineNs) {
        if (intervalNs <= 1) {
            throw new IllegalArgumentException("watchdog interval must be > 1 ns: " + intervalNs);
        }
        this.intervalNs = intervalNs;
        this.graceUntilFirstAnswer = graceUntilFirstAnswer;
        this.firstAnswerDeadlineNs = firstAnswerDeadlineNs;
    }

    /** Not answered yet and still within the start-up grace. */
    private boolean startingUp(long nowNs) {
        return graceUntilFirstAnswer && lastAnsweredSequence == 0 && nowNs - firstAnswerDeadlineNs < 0;
    }

    /** How often {@link #onHelloTimer} must be called: half the interval. */
    public long tickNs() {
        return intervalNs / 2;
    }

    /**
     * The hello timer fired: judge the hellos still open, then either give the sequence of the next hello to send
     * now or say the child is hung.
     *
     * @return the sequence (1, 2, 3, ...) of the hello to send, or {@link #HUNG}
     */
    public long onHelloTimer(long nowNs) {
        if (hung) {
            return HUNG;
        }
        consecutiveMisses = 0;
        for (long seq = lastAnsweredSequence + 1; seq <= lastSentSequence; seq++) {
            if (lastSentSequence - seq >= RING || nowNs - sentNs[(int) (seq % RING)] >= intervalNs) {
                consecutiveMisses++;
                if (seq > lastCountedMiss) {
                    lastCountedMiss = seq;
                    missedHellos++;
                }
            } else {
                break; // later hellos were sent later still: none of them is overdue
            }
        }
        if (consecutiveMisses >= MISSES_TO_HUNG && !startingUp(nowNs)) {
            hung = true;
            return HUNG;
        }
        lastSentSequence++;
        sentNs[(int) (lastSentSequence % RING)] = nowNs;
        return lastSentSequence;
    }

    /** An answer carrying {@code sequence} arrived. */
    public Answer onAnswer(long sequence, long nowNs) {
        if (sequence <= 0 || sequence > lastSentSequence) {
            return Answer.UNKNOWN;
        }
        if (sequence <= lastAnsweredSequence) {
            return Answer.DUPLICATE;
        }
        lastAnsweredSequence = sequence;
        lastAnswerNs = nowNs;
        consecutiveMisses = 0;
        if (sequence == lastSentSequence) {
            lastRoundTripNs = nowNs - sentNs[(int) (sequence % RING)];
            return Answer.CURRENT;
        }
        return Answer.LATE;
    }

    /** True when the latest hello has not been answered yet. */
    public boolean awaitingAnswer() {
        return lastSentSequence > lastAnsweredSequence;
    }

    /** Hellos unanswered past their interval, counted at the last timer (0 after any answer). */
    public int consecutiveMisses() {
        return consecutiveMisses;
    }

    /**
     * Hellos found unanswered past their interval so far, each counted once, whether or not a late answer came
     * afterwards (the metric "watchdog misses": a loop that stalls for an interval shows here before it is hung).
     */
    public long missedHellos() {
        return missedHellos;
    }

    public boolean isHung() {
        return hung;
    }

    public long lastSentSequence() {
        return lastSentSequence;
    }

    public long lastAnsweredSequence() {
        return lastAnsweredSequence;
    }

    /** When the last accepted answer arrived (meaningless before the first: see {@link #lastAnsweredSequence}). */
    public long lastAnswerNs() {
        return lastAnswerNs;
    }

    /** Round trip of the last answer to the then-current hello, -1 before the first. */
    public long lastRoundTripNs() {
        return lastRoundTripNs;
    }

    public long intervalNs() {
        return intervalNs;
    }
}
