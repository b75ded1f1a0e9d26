package org.keepalivedjava.packaging.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who held one VIP when, from the address events of every node ({@code ip monitor address}, stamped with the test
 * JVM's nanoTime as each line is read). Pure: the lab feeds events, the tests ask questions about a time window.
 * A node "holds" the VIP from an appearance to the next disappearance, whether or not its daemon is alive: a stale
 * address on a dead or stopped node still answers ARP, so it counts (that is what the peers and the network see).
 *
 * <p>Threading: {@link #add} from the watcher threads, the queries from the test thread (synchronized).
 */
final class VipTimeline {
    /** One appearance ({@code present}) or disappearance of the VIP on {@code node}. */
    record Event(long atNs, String node, boolean present) {
    }

    /** A span during which the holder count was {@code holders} (0 = gap, 2+ = overlap). */
    record Span(long fromNs, long toNs, Set<String> holders) {
        long lengthNs() {
            return toNs - fromNs;
        }
    }

    /** What a window showed: the longest overlap (two or more holders) and the longest gap (no holder). */
    record Analysis(Span longestOverlap, Span longestGap, int overlaps, int changes) {
        long longestOverlapNs() {
            return longestOverlap == null ? 0 : longestOverlap.lengthNs();
        }

        long longestGapNs() {
            return longestGap == null ? 0 : longestGap.lengthNs();
        }
    }

    final String vip;
    private final List<Event> events = new ArrayList<>();

    VipTimeline(String vip) {
        this.vip = vip;
    }

    synchronized void add(long atNs, String node, boolean present) {
        events.add(new Event(atNs, node, present));
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The nodes holding the VIP just after {@code atNs} (every event at or before it applied). */
    synchronized Set<String> holdersAt(long atNs) {
        Map<String, Boolean> state = new HashMap<>();
        for (Event e : sorted()) {
            if (e.atNs - atNs > 0) {
                break;
            }
            state.put(e.node, e.present);
        }
        Set<String> holders = new TreeSet<>();
        state.forEach((node, present) -> {
            if (present) {
                holders.add(node);
            }
        });
        return holders;
    }

    /** The number of events at or after {@code sinceNs}. */
    synchronized int changesSince(long sinceNs) {
        int n = 0;
        for (Event e : events) {
            if (e.atNs - sinceNs >= 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Overlaps and gaps within [fromNs, toNs]. A span open at either end is cut at the window's edge (a gap that
     * began before the window counts only from {@code fromNs}).
     */
    synchronized Analysis analyse(long fromNs, long toNs) {
        Set<String> holders = new HashSet<>(holdersAt(fromNs));
        long spanStart = fromNs;
        Span longestOverlap = null;
        Span longestGap = null;
        int overlaps = holders.size() >= 2 ? 1 : 0;
        int changes = 0;
        List<Event> inWindow = new ArrayList<>();
        for (Event e : sorted()) {
            if (e.atNs - fromNs > 0 && e.atNs - toNs <= 0) {
                inWindow.add(e);
            }
        }
        for (Event e : inWindow) {
            Set<String> next = new HashSet<>(holders);
            if (e.present) {
                next.add(e.node);
            } else {
                next.remove(e.node);
            }
            if (next.equals(holders)) {
                continue; // a repeated event (e.g. an address change notice) closes no span
            }
            Span span = new Span(spanStart, e.atNs, Set.copyOf(holders));
            if (holders.size() >= 2 && (longestOverlap == null || span.lengthNs() > longestOverlap.lengthNs())) {
                longestOverlap = span;
            } else if (holders.isEmpty() && (longestGap == null || span.lengthNs() > longestGap.lengthNs())) {
                longestGap = span;
            }
            if (holders.size() < 2 && next.size() >= 2) {
                overlaps++;
            }
            changes++;
            holders = next;
            spanStart = e.atNs;
        }
        Span last = new Span(spanStart, toNs, Set.copyOf(holders));
        if (holders.size() >= 2 && (longestOverlap == null || last.lengthNs() > longestOverlap.lengthNs())) {
            longestOverlap = last;
        } else if (holders.isEmpty() && (longestGap == null || last.lengthNs() > longestGap.lengthNs())) {
            longestGap = last;
        }
        return new Analysis(longestOverlap, longestGap, overlaps, changes);
    }

    private List<Event> sorted() {
        List<Event> copy = new ArrayList<>(events);
        copy.sort((x, y) -> Long.compare(x.atNs, y.atNs));
        return copy;
    }
}
