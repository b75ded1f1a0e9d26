package org.keepalivedjava.smtp;

/**
 * When keepalived 2.2.7 sends a mail at all; pure decisions for the children to call from their loops.
 */
public final class AlertPolicy {

    private AlertPolicy() {
    }

    /**
     * For a vrrp_instance or vrrp_sync_group that just entered {@code state} (vrrp_notify.c): only with its
     * effective {@code smtp_alert}, never for FAULT under {@code no_email_faults}, and never twice in a row for the
     * same state ({@code lastMailedState}, null before the first mail; the caller records {@code state} as the new
     * last mailed state when this returns true). A BACKUP at start-up is mailed like any other entry.
     */
    public static boolean shouldSendVrrp(boolean smtpAlert, boolean noEmailFaults, VrrpAlertState state,
                                         VrrpAlertState lastMailedState) {
        if (!smtpAlert) {
            return false;
        }
        if (noEmailFaults && state == VrrpAlertState.FAULT) {
            return false;
        }
        return state != lastMailedState;
    }

    /**
     * For one checker of a real server whose check result just changed that checker's up/down state (the checker
     * epilogues in check_*.c): only with the real server's effective {@code smtp_alert}; with global
     * {@code no_checker_emails}, only when the real server's alive state itself changed (another checker may keep
     * it alive or dead).
     */
    public static boolean shouldSendRealServer(boolean smtpAlert, boolean noCheckerEmails, boolean rsWasAlive,
                                               boolean rsIsAlive) {
        return smtpAlert && (!noCheckerEmails || rsWasAlive != rsIsAlive);
    }
}
