package org.keepalivedjava.lab;

/**
 * One thing the lab saw or did, stamped when it was seen ({@code System.nanoTime()} at the IO boundary).
 *
 * @param atNs   monotonic time the event was observed
 * @param source who it is about: a node name ("lb1"), "mail", "services" or "lab"
 * @param kind   what sort of event
 * @param text   the detail, already in words (e.g. "VI_1 MASTER (priority 150)")
 */
public record LabEvent(long atNs, String source, Kind kind, String text) {

    /** Kinds of event, in the order a reader cares about them. */
    public enum Kind {
        /** Something the lab or the operator did (start, kill, cut, reload). */
        ACTION,
        /** A VRRP instance or sync group changed state (from the node's notify FIFO). */
        STATE,
        /** A virtual address appeared on a node's interface. */
        VIP_ADDED,
        /** A virtual address went away from a node's interface. */
        VIP_REMOVED,
        /** A real server or virtual server went up or down (notify FIFO of the checker). */
        REAL_SERVER,
        /** A notify script ran (its line in the lab's notify log). */
        NOTIFY,
        /** The SMTP sink received a mail. */
        MAIL,
        /** A node's daemon process exited. */
        EXITED,
        /** A conclusion of the scenario (election, failover...) or a remark. */
        INFO,
        /** A step of the scenario did not happen in time. */
        FAILED
    }
}
