package org.keepalivedjava.vrrp.notify;

/**
 * What a notification reports, with the word keepalived 2.2.7 writes for it. The first five are states (generic
 * {@code notify} script and FIFO); the last three are FIFO-only events (vrrp_notify.c: a master receiving a
 * lower-priority advert, and priority changes when {@code notify_priority_changes} is set).
 */
public enum NotifyEvent {
    MASTER("MASTER"),
    BACKUP("BACKUP"),
    FAULT("FAULT"),
    STOP("STOP"),
    /** Sent instead of FAULT for an instance removed by a reload when {@code notify_deleted} is set. */
    DELETED("DELETED"),
    MASTER_RX_LOWER_PRI("MASTER_RX_LOWER_PRI"),
    MASTER_PRIORITY("MASTER_PRIORITY"),
    BACKUP_PRIORITY("BACKUP_PRIORITY");

    private final String word;

    NotifyEvent(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** True for the states the generic notify script is called with (not the FIFO-only events). */
    public boolean isState() {
        return ordinal() <= DELETED.ordinal();
    }
}
