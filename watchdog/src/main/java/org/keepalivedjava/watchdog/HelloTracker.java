package org.keepalivedjava.watchdog;

/**
 * The parent's judgement of one child from its hellos and answers: pure, driven by {@code nowNs}.
 *
 * <p>The parent calls {@link #onHelloTimer} every {@code intervalNs}. Each hello is due an answer within the
 * interval. A hello still unanswered when the next timer fires is a miss; {@value #MISSES_TO_HUNG} misses in a
 * row mean the child's loop is not turning: it is hung. Any answer, even a late one to an older hello, proves
 * the loop turned after that hello was sent, so it clears the miss count ("a late answer recovers").
 *
 * <p>Detection time: a child that stops right after answering is declared hung {@value #MISSES_TO_HUNG}
 * intervals after the first hello it leaves unanswered, so between 2 and 3 intervals after it stopped.
 *
 * <p>A hello that could not be written (connection lost, socket buffer full) counts as sent: a child that
 * closed its socket or stopped reading is judged like a child that stopped answering.
 *
 * <p>Loop thread only (no synchronisation); allocates nothing.
 */
public final class HelloTracker {
    /** Consecutive unanswered hellos that make a child hung. */
    public static final int MISSES_TO_HUNG = 2;
    /** {@link #onHelloTimer} result: the child is hung, send nothing more. */
    public static final long HUNG = -1;

    /** What an answer meant. */
    public enum Answer {
        /** Answer to the latest hello. */
        CURRENT,
        /** Answer to an older hello: proof of life (misses cleared), the latest hello still awaits its answer. */
        LATE,
        /** An answer to a hello already answered: ignored. */
        DUPLICATE,
        /** A sequence never sent: a protocol error (the caller logs it); ignored. */
        UNKNOWN
    }

    private final long intervalNs;
    private long lastSentSequence;
    private long lastSentNs;
    private long lastAnsweredSequence;
    private long lastAnswerNs;
    private long lastRoundTripNs = -1;
    private int consecutiveMisses;
    private boolean hung;

    /** @param intervalNs watchdog_interval in ns, > 0 */
    public HelloTracker(long intervalNs) {
        if (intervalNs <= 0) {
            throw new IllegalArgumentException("watchdog interval must be > 0 ns: " + intervalNs);
        }
        this.intervalNs = intervalNs;
    }

    /**
     * The interval timer fired: judge the last hello, then either give the sequence of the next hello to send
     * now or say the child is hung.
     *
     * @return the sequence (1, 2, 3, ...) of the hello to send, or {@link #HUNG}
     */
    public long onHelloTimer(long nowNs) {
        if (hung) {
            return HUNG;
        }
        if (awaitingAnswer() && nowNs - lastSentNs >= intervalNs) {
            consecutiveMisses++;
        }
        if (consecutiveMisses >= MISSES_TO_HUNG) {
            hung = true;
            return HUNG;
        }
        lastSentSequence++;
        lastSentNs = nowNs;
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
            lastRoundTripNs = nowNs - lastSentNs;
            return Answer.CURRENT;
        }
        return Answer.LATE;
    }

    /** True when the latest hello has not been answered yet. */
    public boolean awaitingAnswer() {
        return lastSentSequence > lastAnsweredSequence;
    }

    public int consecutiveMisses() {
        return consecutiveMisses;
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
