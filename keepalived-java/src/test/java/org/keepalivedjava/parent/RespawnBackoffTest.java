package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.parent.RespawnBackoff.Decision;

class RespawnBackoffTest {
    private static final long S = RespawnBackoff.SECOND_NS;

    @Test
    void consecutiveQuickDeathsWaitZeroOneTwoFourUpToSixty() {
        List<Long> delays = new ArrayList<>();
        long pending = 0;
        for (int i = 0; i < 10; i++) {
            Decision d = RespawnBackoff.decide(5 * S, pending);
            delays.add(d.delayNs() / S);
            pending = d.nextDelayNs();
        }
        assertEquals(List.of(0L, 1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), delays);
    }

    @Test
    void aChildThatRanSixtySecondsRestartsAtOnceAndForgetsTheBackOff() {
        assertEquals(new Decision(0, 0), RespawnBackoff.decide(60 * S, 32 * S));
        assertEquals(new Decision(0, 0), RespawnBackoff.decide(3600 * S, 60 * S));
    }

    @Test
    void justUnderSixtySecondsStillBacksOff() {
        assertEquals(new Decision(32 * S, 60 * S), RespawnBackoff.decide(60 * S - 1, 32 * S));
    }

    @Test
    void firstQuickDeathIsAtOnceSecondWaitsOneSecond() {
        Decision first = RespawnBackoff.decide(0, 0);
        assertEquals(new Decision(0, S), first);
        assertEquals(new Decision(S, 2 * S), RespawnBackoff.decide(2 * S, first.nextDelayNs()));
    }

    @Test
    void afterAStableRunTheSequenceStartsOver() {
        long pending = RespawnBackoff.decide(1 * S, 16 * S).nextDelayNs();
        assertEquals(32 * S, pending);
        pending = RespawnBackoff.decide(120 * S, pending).nextDelayNs();
        assertEquals(new Decision(0, S), RespawnBackoff.decide(1 * S, pending));
    }
}
