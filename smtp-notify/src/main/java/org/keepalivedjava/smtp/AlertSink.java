package org.keepalivedjava.smtp;

/**
 * Where a child's event loop hands alerts. {@link #offer} never blocks and never throws for delivery problems: mail
 * is best effort and must not delay a single VRRP advert.
 *
 * <p>Threading: {@link #offer} may be called from any thread (in practice the child's loop thread).
 */
public interface AlertSink extends AutoCloseable {

    /**
     * Queue {@code alert} for sending; returns at once.
     *
     * @return false when the alert was dropped at once (queue full, or the sink is closed or does not send mail)
     */
    boolean offer(Alert alert);

    /** Stops sending at shutdown (see {@link AlertSender#close()}); nothing to do for {@link #NONE}. */
    @Override
    default void close() {
    }

    /** For configs without {@code notification_email} or {@code smtp_server}: keepalived sends nothing then. */
    AlertSink NONE = alert -> false;
}
