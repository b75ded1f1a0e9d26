package org.keepalivedjava.smtp;

/**
 * The VRRP states keepalived mails about (vrrp_notify.c). The VRRP child maps its own state enum onto this one.
 * INIT/GOTO_MASTER and the like never produce mail.
 */
public enum VrrpAlertState {
    MASTER("Entering MASTER state"),
    BACKUP("Entering BACKUP state"),
    FAULT("Entering FAULT state"),
    /** On shutdown; keepalived's subject is just {@code Stopping}. */
    STOP("Stopping");

    /** The subject suffix after {@code [router_id] VRRP Instance NAME - } (or {@code VRRP Group NAME - }). */
    final String subject;

    VrrpAlertState(String subject) {
        this.subject = subject;
    }
}
