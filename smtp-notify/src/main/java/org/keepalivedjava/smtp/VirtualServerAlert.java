package org.keepalivedjava.smtp;

import java.util.Objects;

/**
 * A virtual server's quorum went UP or DOWN. Subject {@code [router_id] Virtualserver VS - UP|DOWN}; body built by
 * {@link #quorum} or {@link #shuttingDown} exactly as keepalived's ipwrapper.c does.
 *
 * @param virtualServer the virtual server as keepalived's format_vs() writes it, e.g. {@code [192.0.2.1]:tcp:80}
 * @param up            quorum state after the change
 * @param message       the body line
 */
public record VirtualServerAlert(String virtualServer, boolean up, String message) implements Alert {

    public VirtualServerAlert {
        Objects.requireNonNull(virtualServer, "virtualServer");
        Objects.requireNonNull(message, "message");
    }

    /**
     * A quorum change: body {@code => WHAT QUORUM+HYSTERESIS=THRESHOLD <= WEIGHTSUM <=} where WHAT is
     * {@code Gained quorum} / {@code Lost quorum}, or at start-up {@code Starting with quorum up} /
     * {@code Starting with quorum down}; e.g. {@code => Lost quorum 2+0=2 <= 1 <=}.
     *
     * @param atStartup keepalived's {@code init}: the first evaluation after start
     * @param threshold the weight sum the quorum was compared with (quorum + or - hysteresis)
     * @param weightSum the current sum of the weights of the alive real servers
     */
    public static VirtualServerAlert quorum(String virtualServer, boolean up, boolean atStartup, long quorum,
                                            long hysteresis, long threshold, long weightSum) {
        String what = up ? (atStartup ? "Starting with quorum up" : "Gained quorum")
                : (atStartup ? "Starting with quorum down" : "Lost quorum");
        return new VirtualServerAlert(virtualServer, up,
                "=> " + what + " " + quorum + "+" + hysteresis + "=" + threshold + " <= " + weightSum + " <=");
    }

    /** The mail keepalived sends on shutdown (virtual servers with {@code omega}): body {@code => Shutting down <=}. */
    public static VirtualServerAlert shuttingDown(String virtualServer, boolean up) {
        return new VirtualServerAlert(virtualServer, up, RealServerAlert.SHUTTING_DOWN);
    }
}
