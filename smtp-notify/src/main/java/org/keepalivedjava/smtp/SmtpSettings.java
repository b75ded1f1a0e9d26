package org.keepalivedjava.smtp;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything smtp-notify needs from {@code global_defs}, as one immutable value. The parent maps its config model
 * onto this record; smtp-notify never reads the config model itself.
 *
 * <p>keepalived 2.2.7 facts (checked with {@code keepalived -d} on the real binary):
 * <ul>
 *   <li>{@code router_id} defaults to the local host name; it is always present in subjects as {@code [router_id]}.</li>
 *   <li>{@code notification_email_from} defaults to {@code <user>@<host name>} (e.g. {@code root@vm}), not the
 *       {@code keepalived@<host>} the man page claims.</li>
 *   <li>{@code smtp_helo_name} defaults to the local host name (smtp.c falls back to {@code localhost} only when
 *       that is unset too).</li>
 *   <li>{@code smtp_server IP|name [port]}: port 25 by default. A name is resolved by keepalived when the config
 *       is read; here it is resolved on each delivery.</li>
 *   <li>{@code smtp_connect_timeout} seconds, default 30: keepalived uses it for the connect and for every
 *       read/write of the dialogue.</li>
 *   <li>Mail is only sent when {@code notification_email} is non-empty AND {@code smtp_server} is set
 *       ({@link #mailConfigured()}).</li>
 *   <li>{@code notification_email} entries are kept verbatim, so a quoted {@code "Name <addr>"} entry is one entry;
 *       keepalived writes it as is in {@code To:} (and, unlike us, in {@code RCPT TO:<...>}).</li>
 * </ul>
 *
 * <p>New keywords (not in keepalived; all off by default so existing configs behave as before): {@code smtp_ssl}
 * (SMTPS, TLS from the first byte, usually port 465), {@code smtp_starttls} (STARTTLS required before MAIL),
 * {@code smtp_user} + {@code smtp_password_file} (SMTP AUTH). When both {@code smtp_ssl} and {@code smtp_starttls} are
 * set, {@code smtp_ssl} wins: the connection is already encrypted.
 *
 * @param routerId          {@code router_id} (keepalived's default: the host name)
 * @param recipients        {@code notification_email} entries, verbatim ({@code a@b} or {@code Name <a@b>})
 * @param emailFrom         {@code notification_email_from} (keepalived's default: {@code user@host})
 * @param serverHost        {@code smtp_server} host name or IP literal; empty when not configured
 * @param serverPort        {@code smtp_server}'s port, 25 by default
 * @param heloName          {@code smtp_helo_name} (keepalived's default: the host name)
 * @param connectTimeoutMs  {@code smtp_connect_timeout} in milliseconds (keepalived's default: 30 s); also the
 *                          read and write timeout
 * @param startTls          {@code smtp_starttls}: STARTTLS is required
 * @param ssl               {@code smtp_ssl}: SMTPS (implicit TLS)
 * @param user              {@code smtp_user}; empty for no AUTH
 * @param passwordFile      {@code smtp_password_file}; must be set when {@code user} is
 * @param smtpAlert         global {@code smtp_alert}; empty when unset (keepalived's -1)
 * @param smtpAlertVrrp     global {@code smtp_alert_vrrp}; empty when unset
 * @param smtpAlertChecker  global {@code smtp_alert_checker}; empty when unset
 * @param noEmailFaults     {@code no_email_faults}: no mail for FAULT states of instances and sync groups
 */
public record SmtpSettings(String routerId, List<String> recipients, String emailFrom,
                           Optional<String> serverHost, int serverPort, String heloName, long connectTimeoutMs,
                           boolean startTls, boolean ssl, Optional<String> user, Optional<Path> passwordFile,
                           Optional<Boolean> smtpAlert, Optional<Boolean> smtpAlertVrrp,
                           Optional<Boolean> smtpAlertChecker, boolean noEmailFaults) {

    public static final int DEFAULT_PORT = 25;
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

    public SmtpSettings {
        Objects.requireNonNull(routerId, "routerId");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(emailFrom, "emailFrom");
        Objects.requireNonNull(serverHost, "serverHost");
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(smtpAlert, "smtpAlert");
        Objects.requireNonNull(smtpAlertVrrp, "smtpAlertVrrp");
        Objects.requireNonNull(smtpAlertChecker, "smtpAlertChecker");
        if (serverPort < 1 || serverPort > 65535) {
            throw new IllegalArgumentException("smtp_server port " + serverPort + " outside [1, 65535]");
        }
        if (connectTimeoutMs <= 0) {
            throw new IllegalArgumentException("smtp_connect_timeout must be positive, got " + connectTimeoutMs + " ms");
        }
        if (user.isPresent() && passwordFile.isEmpty()) {
            throw new IllegalArgumentException("smtp_user needs smtp_password_file");
        }
    }

    /**
     * Settings with keepalived's defaults for everything but the identity: no recipients, no server (so no mail),
     * port 25, 30 s timeout, no TLS/AUTH, every {@code smtp_alert*} unset. Use the {@code with*} methods to fill in.
     */
    public static SmtpSettings defaults(String routerId, String emailFrom, String heloName) {
        return new SmtpSettings(routerId, List.of(), emailFrom, Optional.empty(), DEFAULT_PORT, heloName,
                DEFAULT_CONNECT_TIMEOUT_MS, false, false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false);
    }

    /** keepalived sends mail only with both recipients and a server. */
    public boolean mailConfigured() {
        return !recipients.isEmpty() && serverHost.isPresent();
    }

    /** The server as keepalived's log lines write it: {@code [host]:port}. */
    public String serverForLog() {
        return "[" + serverHost.orElse("") + "]:" + serverPort;
    }

    /**
     * Effective {@code smtp_alert} of a vrrp_instance or vrrp_sync_group that did not set its own: global
     * {@code smtp_alert_vrrp}, else global {@code smtp_alert}, else off (keepalived vrrp_parser/vrrp.c).
     */
    public boolean vrrpAlertDefault() {
        return smtpAlertVrrp.or(() -> smtpAlert).orElse(false);
    }

    /**
     * Effective {@code smtp_alert} of a virtual_server (quorum mail) that did not set its own: global
     * {@code smtp_alert_checker}, else global {@code smtp_alert}, else off.
     */
    public boolean virtualServerAlertDefault() {
        return smtpAlertChecker.or(() -> smtpAlert).orElse(false);
    }

    /**
     * Effective {@code smtp_alert} of a real_server that did not set its own: global {@code smtp_alert_checker},
     * else global {@code smtp_alert}, else ON: keepalived keeps real servers alerting by default for backwards
     * compatibility, unlike every other kind.
     */
    public boolean realServerAlertDefault() {
        return smtpAlertChecker.or(() -> smtpAlert).orElse(true);
    }

    public SmtpSettings withRecipients(List<String> newRecipients) {
        return new SmtpSettings(routerId, newRecipients, emailFrom, serverHost, serverPort, heloName,
                connectTimeoutMs, startTls, ssl, user, passwordFile, smtpAlert, smtpAlertVrrp, smtpAlertChecker,
                noEmailFaults);
    }

    public SmtpSettings withServer(String host, int port) {
        return new SmtpSettings(routerId, recipients, emailFrom, Optional.of(host), port, heloName,
                connectTimeoutMs, startTls, ssl, user, passwordFile, smtpAlert, smtpAlertVrrp, smtpAlertChecker,
                noEmailFaults);
    }

    public SmtpSettings withConnectTimeoutMs(long timeoutMs) {
        return new SmtpSettings(routerId, recipients, emailFrom, serverHost, serverPort, heloName, timeoutMs,
                startTls, ssl, user, passwordFile, smtpAlert, smtpAlertVrrp, smtpAlertChecker, noEmailFaults);
    }

    public SmtpSettings withTls(boolean newStartTls, boolean newSsl) {
        return new SmtpSettings(routerId, recipients, emailFrom, serverHost, serverPort, heloName,
                connectTimeoutMs, newStartTls, newSsl, user, passwordFile, smtpAlert, smtpAlertVrrp,
                smtpAlertChecker, noEmailFaults);
    }

    public SmtpSettings withAuth(String newUser, Path newPasswordFile) {
        return new SmtpSettings(routerId, recipients, emailFrom, serverHost, serverPort, heloName,
                connectTimeoutMs, startTls, ssl, Optional.of(newUser), Optional.of(newPasswordFile), smtpAlert,
                smtpAlertVrrp, smtpAlertChecker, noEmailFaults);
    }

    public SmtpSettings withAlertFlags(Optional<Boolean> newSmtpAlert, Optional<Boolean> newSmtpAlertVrrp,
                                       Optional<Boolean> newSmtpAlertChecker, boolean newNoEmailFaults) {
        return new SmtpSettings(routerId, recipients, emailFrom, serverHost, serverPort, heloName,
                connectTimeoutMs, startTls, ssl, user, passwordFile, newSmtpAlert, newSmtpAlertVrrp,
                newSmtpAlertChecker, newNoEmailFaults);
    }
}
