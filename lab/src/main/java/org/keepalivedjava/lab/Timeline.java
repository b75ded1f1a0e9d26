package org.keepalivedjava.lab;

import java.util.Locale;

/**
 * Formats events as the lab's timeline: seconds since the lab started (millisecond resolution), the source, and
 * a marker per kind so a reader scanning the column sees VIP moves and mails at a glance. Pure.
 */
public final class Timeline {
    private final long startNs;

    public Timeline(long startNs) {
        this.startNs = startNs;
    }

    public long startNs() {
        return startNs;
    }

    /** E.g. {@code "   4.120s  lb1       + VIP 192.0.2.100/24 on lab0"}. */
    public String format(LabEvent e) {
        return String.format(Locale.ROOT, "%8s  %-8s  %s %s", seconds(e.atNs() - startNs), e.source(), marker(e.kind()),
                e.text());
    }

    /** Seconds with millisecond resolution, e.g. 4.120s; negative times (events before the start) as 0. */
    public static String seconds(long ns) {
        long ms = Math.max(0, ns) / 1_000_000;
        return String.format(Locale.ROOT, "%d.%03ds", ms / 1000, ms % 1000);
    }

    static String marker(LabEvent.Kind kind) {
        return switch (kind) {
            case ACTION -> ">>";
            case STATE -> "==";
            case VIP_ADDED -> "+ ";
            case VIP_REMOVED -> "- ";
            case REAL_SERVER -> "rs";
            case NOTIFY -> "ns";
            case MAIL -> "@ ";
            case EXITED -> "x ";
            case INFO -> "**";
            case FAILED -> "!!";
        };
    }
}
