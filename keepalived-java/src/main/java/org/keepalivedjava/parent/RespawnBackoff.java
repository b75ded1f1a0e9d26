package org.keepalivedjava.parent;

/**
 * keepalived's respawn rate limit (lib/scheduler.c calc_restart_delay in 2.2.7, as behaviour): a child that ran
 * for 60 s or more is restarted at once and the back-off is forgotten; a child that died sooner is restarted
 * after the pending delay, which goes 0, 1, 2, 4, 8, 16, 32, 60, 60 ... seconds over consecutive quick deaths.
 * So the first quick death restarts at once (a one-off crash costs no time) and a crash loop settles at one
 * start a minute. Pure.
 */
public final class RespawnBackoff {
    public static final long SECOND_NS = 1_000_000_000L;
    /** A child that ran at least this long is healthy enough to restart at once. */
    public static final long STABLE_RUN_NS = 60 * SECOND_NS;
    public static final long FIRST_DELAY_NS = SECOND_NS;
    public static final long MAX_DELAY_NS = 60 * SECOND_NS;
    /** Past this the doubling would overshoot the cap, so the next delay is the cap itself. */
    private static final long DOUBLING_LIMIT_NS = 30 * SECOND_NS;

    /**
     * @param delayNs      wait before the next start (0 = at once)
     * @param nextDelayNs  the pending delay to pass to the following {@link #decide} of this child
     */
    public record Decision(long delayNs, long nextDelayNs) {
    }

    private RespawnBackoff() {
    }

    /**
     * @param ranNs          how long the child that just exited ran (exit time - start time)
     * @param pendingDelayNs the {@link Decision#nextDelayNs} of the previous decision, 0 for a child's first
     */
    public static Decision decide(long ranNs, long pendingDelayNs) {
        if (ranNs >= STABLE_RUN_NS) {
            return new Decision(0, 0);
        }
        long next;
        if (pendingDelayNs <= 0) {
            next = FIRST_DELAY_NS;
        } else if (pendingDelayNs > DOUBLING_LIMIT_NS) {
            next = MAX_DELAY_NS;
        } else {
            next = pendingDelayNs * 2;
        }
        return new Decision(Math.max(0, pendingDelayNs), next);
    }
}
