package org.keepalivedjava.packaging.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite's judge, without root: overlaps, gaps and holders computed from hand-made event streams. (Named
 * *IT because this module's tests run with failsafe after the distribution is assembled.)
 */
class VipTimelineIT {
    @Test
    void takeoverWithAShortOverlapAndNoGap() {
        VipTimeline t = new VipTimeline("192.0.2.100");
        t.add(100, "a", true);
        t.add(500, "b", true);   // b takes over before a lets go
        t.add(800, "a", false);
        VipTimeline.Analysis r = t.analyse(0, 1_000);
        assertEquals(300, r.longestOverlapNs());
        assertEquals(Set.of("a", "b"), r.longestOverlap().holders());
        assertEquals(1, r.overlaps());
        assertEquals(100, r.longestGapNs(), "nobody before a's first appearance");
        assertEquals(Set.of("b"), t.holdersAt(900));
        assertEquals(Set.of("a", "b"), t.holdersAt(500), "an event at the instant counts");
    }

    @Test
    void gapsAreCutAtTheWindowAndRepeatedEventsCloseNothing() {
        VipTimeline t = new VipTimeline("192.0.2.100");
        t.add(10, "a", true);
        t.add(200, "a", false);
        t.add(250, "a", false);  // a second "Deleted" line changes nothing
        t.add(900, "c", true);
        VipTimeline.Analysis r = t.analyse(100, 700);
        assertEquals(500, r.longestGapNs(), "from 200 to the window's end");
        assertNull(r.longestOverlap());
        assertEquals(1, r.changes());
        assertEquals(3, t.changesSince(200), "raw events, repeated ones included");
    }

    @Test
    void eventsArriveOutOfOrderFromTheWatchers() {
        VipTimeline t = new VipTimeline("192.0.2.100");
        t.add(700, "a", false);
        t.add(100, "a", true);
        t.add(600, "b", true);
        VipTimeline.Analysis r = t.analyse(100, 1_000);
        assertEquals(100, r.longestOverlapNs());
        assertEquals(0, r.longestGapNs());
    }
}
