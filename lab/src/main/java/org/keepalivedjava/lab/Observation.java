package org.keepalivedjava.lab;

/**
 * A raw line the lab's reader threads saw, queued for the main loop, which alone owns {@link LabState}.
 *
 * @param atNs   when it was read
 * @param source the node it concerns, or "services", "notify", "operator"
 * @param type   which reader saw it
 * @param line   the line as read
 */
public record Observation(long atNs, String source, Type type, String line) {
    public enum Type {
        /** {@code ip -o monitor address} of a node. */
        ADDRESS,
        /** A node's notify FIFO. */
        FIFO,
        /** The lab's notify log (notify scripts of the demo). */
        NOTIFY_LOG,
        /** The services process's stdout (MAIL / HTTP / READY lines). */
        SERVICES,
        /** A node's daemon exited; line is its exit status. */
        EXITED,
        /** A command the operator typed (interactive mode). */
        COMMAND
    }
}
