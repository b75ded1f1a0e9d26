package org.keepalivedjava.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A manual clock: nowNs is whatever the test says. */
class ProcessQuorumTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theFirstLookDecidesAtOnceWhateverTheDelays() {
        ProcessQuorum q = new ProcessQuorum(1, Integer.MAX_VALUE, 5 * S, 5 * S);
        assertFalse(q.known());
        assertTrue(q.onCount(1, 0));
        assertTrue(q.known());
        assertTrue(q.up());
        ProcessQuorum none = new ProcessQuorum(1, Integer.MAX_VALUE, 5 * S, 5 * S);
        assertTrue(none.onCount(0, 0));
        assertFalse(none.up());
    }

    @Test
    void quorumAndQuorumMaxBoundTheCount() {
        ProcessQuorum q = new ProcessQuorum(2, 3, 0, 0);
        q.onCount(1, 0);
        assertFalse(q.up());
        assertTrue(q.onCount(2, 1));
        assertTrue(q.up());
        assertFalse(q.onCount(3, 2));
        assertTrue(q.onCount(4, 3), "more than quorum_max loses the quorum");
        assertFalse(q.up());
    }

    @Test
    void quorumMaxZeroMeansTheProcessMustNotRun() {
        ProcessQuorum q = new ProcessQuorum(1, 0, 0, 0);
        q.onCount(0, 0);
        assertTrue(q.up());
        assertTrue(q.onCount(1, 1));
        assertFalse(q.up());
    }

    @Test
    void terminateDelayHoldsTheLossAndARestartWithinItCancelsIt() {
        ProcessQuorum q = new ProcessQuorum(1, Integer.MAX_VALUE, 0, 2 * S);
        q.onCount(1, 0);
        assertFalse(q.onCount(0, 10 * S), "lost, but terminate_delay runs");
        assertTrue(q.changePending());
        assertEquals(12 * S, q.changeDeadlineNs());
        assertFalse(q.onCount(1, 11 * S), "back before the deadline: no change at all");
        assertFalse(q.changePending());
        assertTrue(q.up());
        assertFalse(q.onCount(0, 20 * S));
        assertFalse(q.onCount(0, 22 * S - 1));
        assertTrue(q.onCount(0, 22 * S), "at the deadline");
        assertFalse(q.up());
    }

    @Test
    void forkDelayHoldsAGainAndAForkAboveQuorumMax() {
        ProcessQuorum q = new ProcessQuorum(1, 1, 3 * S, 0);
        q.onCount(0, 0);
        assertFalse(q.onCount(1, S), "gained by a fork: fork_delay");
        assertTrue(q.onCount(1, 4 * S));
        assertTrue(q.up());
        assertFalse(q.onCount(2, 5 * S), "a fork beyond quorum_max waits fork_delay too");
        assertFalse(q.onCount(1, 6 * S), "the forked child exec'd or left: no bounce");
        assertTrue(q.up());
        assertTrue(q.onCount(0, 7 * S), "terminate_delay 0: a loss is reported at once");
        assertFalse(q.up());
    }
}
