package org.keepalivedjava.vrrp.track;

/**
 * The up/down state of one vrrp_track_process from the number of matching processes seen at each look, with
 * keepalived's {@code quorum}, {@code quorum_max}, {@code fork_delay} and {@code terminate_delay}. Pure: time is a
 * parameter.
 *
 * <ul>
 *   <li>Quorum: {@code quorum <= count <= quorum_max}. {@code quorum_max 0} means "the process must not run"
 *       (keepalived then sets the quorum to 0).</li>
 *   <li>The first look decides at once (the state at start-up is not a change).</li>
 *   <li>A look whose quorum differs from the reported state starts a delay: {@code fork_delay} when the count went
 *       up (a fork: e.g. a daemon's worker briefly exceeding quorum_max, or a restart bringing it back),
 *       {@code terminate_delay} when it went down. When the delay is 0 the change is reported at once. If a look
 *       before the deadline finds the reported state again, the change is cancelled (no bounce); at the deadline
 *       the state the latest look gives is reported.</li>
 * </ul>
 * One instance per tracked process; loop thread only.
 */
public final class ProcessQuorum {
    private final int quorum;
    private final int quorumMax;
    private final long forkDelayNs;
    private final long terminateDelayNs;
    private boolean known;
    private boolean up;
    private int lastCount;
    private boolean changePending;
    private long changeDeadlineNs;

    public ProcessQuorum(int quorum, int quorumMax, long forkDelayNs, long terminateDelayNs) {
        this.quorum = quorumMax == 0 ? 0 : quorum;
        this.quorumMax = quorumMax;
        this.forkDelayNs = forkDelayNs;
        this.terminateDelayNs = terminateDelayNs;
    }

    /**
     * One look: {@code count} matching processes at {@code nowNs}.
     *
     * @return true when the reported state changed (or was decided for the first time)
     */
    public boolean onCount(int count, long nowNs) {
        boolean quorate = count >= quorum && count <= quorumMax;
        int previousCount = lastCount;
        lastCount = count;
        if (!known) {
            known = true;
            up = quorate;
            return true;
        }
        if (quorate == up) {
            changePending = false;
            return false;
        }
        if (!changePending) {
            long delayNs = count > previousCount ? forkDelayNs : terminateDelayNs;
            changePending = true;
            changeDeadlineNs = nowNs + delayNs;
        }
        if (changeDeadlineNs - nowNs <= 0) {
            changePending = false;
            up = quorate;
            return true;
        }
        return false;
    }

    /** True once a look has decided the state. */
    public boolean known() {
        return known;
    }

    public boolean up() {
        return up;
    }

    /** True while a change waits for its delay; {@link #changeDeadlineNs} says until when. */
    public boolean changePending() {
        return changePending;
    }

    public long changeDeadlineNs() {
        return changeDeadlineNs;
    }
}
