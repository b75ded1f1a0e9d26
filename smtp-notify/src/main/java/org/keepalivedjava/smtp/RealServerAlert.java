package org.keepalivedjava.smtp;

import java.util.Objects;

/**
 * A real server went UP or DOWN. Subject
 * {@code [router_id] Realserver RS of virtual server VS - UP|DOWN}; the body is the checker's own one-line message,
 * because keepalived lets each checker word it (check_tcp.c: {@code => TCP CHECK succeed on service <=} /
 * {@code => TCP CHECK failed on service <=}; HTTP/SSL: {@code => CHECK succeed on service <=}, SMTP_CHECK, MISC,
 * DNS, UDP, ICMP, BFD have theirs). On shutdown/removal keepalived (ipwrapper.c) sends DOWN with
 * {@link #SHUTTING_DOWN} or {@link #REMOVING}.
 *
 * <p>keepalived mails from the checker only when that checker's up/down state changed and the real server has
 * {@code smtp_alert}; with global {@code no_checker_emails}, only when the real server's own alive state changed
 * too (several checkers on one server).
 *
 * @param realServer     the real server as keepalived's format_rs() writes it, e.g. {@code [192.0.2.5]:tcp:80}
 * @param virtualServer  the virtual server as format_vs() writes it, e.g. {@code [192.0.2.1]:tcp:80}
 * @param up             the real server's alive state after the change (subject {@code UP} or {@code DOWN})
 * @param checkerMessage the body line, e.g. {@code => TCP CHECK failed on service <=}
 */
public record RealServerAlert(String realServer, String virtualServer, boolean up, String checkerMessage)
        implements Alert {

    public static final String TCP_CHECK_SUCCEED = "=> TCP CHECK succeed on service <=";
    public static final String TCP_CHECK_FAILED = "=> TCP CHECK failed on service <=";
    /** Body of the DOWN mail when the checker process shuts down (with {@code omega}). */
    public static final String SHUTTING_DOWN = "=> Shutting down <=";
    /** Body of the DOWN mail when a reload removes the real server. */
    public static final String REMOVING = "=> Removing <=";

    public RealServerAlert {
        Objects.requireNonNull(realServer, "realServer");
        Objects.requireNonNull(virtualServer, "virtualServer");
        Objects.requireNonNull(checkerMessage, "checkerMessage");
    }
}
