package org.keepalivedjava.checkers.check;

import org.keepalivedjava.config.model.lvs.CheckerConfig;

/**
 * One running health check of one real server: keepalived's checker state machine for its kind (TCP_CHECK,
 * HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK, MISC_CHECK, FILE_CHECK). It schedules its own
 * attempts on the loop (warmup, delay_loop, connect_timeout, retry x delay_before_retry) and reports only changes
 * of verdict, after keepalived's retry logic, to its {@link CheckListener}.
 *
 * <p>Loop thread only. No blocking call, no thread: sockets and scripts are driven by loop events and timers.
 */
public interface Check {

    /** Starts checking; the first attempt comes after a random delay in [0, warmup] as keepalived does. */
    void start(long nowNs);

    /** Stops checking: cancels timers, closes its socket, terminates a running script. Idempotent. */
    void stop();

    /**
     * ha_suspend (keepalived's checker->enabled): a disabled check does not start new attempts; at each due attempt
     * it only waits delay_loop again, so its verdict, its real server and IPVS stay as they are. An attempt already
     * in progress completes. Enabled when created.
     */
    void setEnabled(boolean enabled);

    boolean isEnabled();

    /** The current verdict: true = up. Starts up, or down when {@code alpha} is set (keepalived). */
    boolean isUp();

    CheckerConfig config();

    /** How long the last finished attempt took (connect to verdict, timeout included), -1 when unknown or none yet. */
    default long lastAttemptDurationNs() {
        return -1;
    }
}
