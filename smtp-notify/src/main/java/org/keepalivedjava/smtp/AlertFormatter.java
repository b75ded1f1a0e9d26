package org.keepalivedjava.smtp;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Turns an {@link Alert} into the mail keepalived 2.2.7 would send. Pure: no IO, no clock (the date is a parameter).
 *
 * <p>Facts, from keepalived's smtp.c/vrrp_notify.c/ipwrapper.c and checked byte for byte against the real 2.2.7
 * binary talking to a recording SMTP server:
 * <ul>
 *   <li>Subjects: {@code [ROUTER_ID] VRRP Instance NAME - Entering MASTER state} (BACKUP, FAULT; {@code Stopping}
 *       on shutdown), {@code [ROUTER_ID] VRRP Group NAME - ...} for sync groups,
 *       {@code [ROUTER_ID] Realserver RS of virtual server VS - UP|DOWN},
 *       {@code [ROUTER_ID] Virtualserver VS - UP|DOWN} (quorum).</li>
 *   <li>Date: strftime {@code %a, %d %b %Y %H:%M:%S %z} in local time, C locale (day zero-padded, numeric zone).</li>
 *   <li>From: {@code notification_email_from} verbatim; To: all recipients verbatim, separated by {@code ", "}
 *       (one message for all of them; one RCPT per recipient); X-Mailer: {@code Keepalived}.</li>
 * </ul>
 */
public final class AlertFormatter {

    /** strftime("%a, %d %b %Y %H:%M:%S %z") in the C locale. */
    private static final DateTimeFormatter RFC822_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss xx", Locale.US);

    private AlertFormatter() {
    }

    /** The whole message for {@code alert} under {@code settings}, dated {@code date}. */
    public static MailText format(SmtpSettings settings, Alert alert, ZonedDateTime date) {
        return new MailText(date(date), settings.emailFrom(), subject(settings.routerId(), alert),
                toHeader(settings.recipients()), body(alert), settings.recipients());
    }

    public static String subject(String routerId, Alert alert) {
        String prefix = "[" + routerId + "] ";
        if (alert instanceof VrrpInstanceAlert a) {
            return prefix + "VRRP Instance " + a.instanceName() + " - " + a.state().subject;
        } else if (alert instanceof VrrpGroupAlert g) {
            return prefix + "VRRP Group " + g.groupName() + " - " + g.state().subject;
        } else if (alert instanceof RealServerAlert r) {
            return prefix + "Realserver " + r.realServer() + " of virtual server " + r.virtualServer() + " - "
                    + upDown(r.up());
        } else if (alert instanceof VirtualServerAlert v) {
            return prefix + "Virtualserver " + v.virtualServer() + " - " + upDown(v.up());
        }
        throw new IllegalArgumentException("unknown alert " + alert);
    }

    public static String body(Alert alert) {
        if (alert instanceof VrrpInstanceAlert a) {
            switch (a.state()) {
                case MASTER:
                    return "=> VRRP Instance is now owning VRRP VIPs <=";
                case BACKUP:
                case FAULT:
                    return "=> VRRP Instance is no longer owning VRRP VIPs <=";
                case STOP:
                    return "=> VRRP Instance stopping <=";
                default:
                    throw new IllegalArgumentException("state " + a.state());
            }
        } else if (alert instanceof VrrpGroupAlert g) {
            if (g.state() == VrrpAlertState.STOP) {
                return "=> All VRRP group instances are now stopping <=";
            }
            return "=> All VRRP group instances are now in " + g.state().name() + " state <=";
        } else if (alert instanceof RealServerAlert r) {
            return r.checkerMessage();
        } else if (alert instanceof VirtualServerAlert v) {
            return v.message();
        }
        throw new IllegalArgumentException("unknown alert " + alert);
    }

    /** The {@code To:} value: every entry verbatim, in config order, separated by comma and space. */
    public static String toHeader(List<String> recipients) {
        return String.join(", ", recipients);
    }

    public static String date(ZonedDateTime date) {
        return RFC822_DATE.format(date);
    }

    private static String upDown(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
