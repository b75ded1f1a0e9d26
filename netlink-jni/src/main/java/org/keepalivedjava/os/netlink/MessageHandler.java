package org.keepalivedjava.os.netlink;

/** Receives netlink messages read by a {@link NetlinkSocket}, on the thread that reads (the loop thread). */
public interface MessageHandler {
    /**
     * One message. The view and the bytes it points at are reused for the next message: decode what you need
     * now, keep nothing.
     */
    void onMessage(NetlinkMessage message);

    /**
     * The kernel dropped messages for this socket because its receive buffer was full (ENOBUFS): state seen
     * through events is stale, re-dump it.
     */
    default void onOverrun() {
    }

    /** Drops everything; for sockets nobody listens to. */
    MessageHandler IGNORE = message -> { };
}
