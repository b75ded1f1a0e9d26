package org.keepalivedjava.smtp;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Delivers mail with Jakarta Mail (Angus SMTP). Sender thread only; one connection per mail, as keepalived.
 *
 * <p>What goes on the wire, and why:
 * <ul>
 *   <li>{@code HELO smtp_helo_name} like keepalived, unless STARTTLS or AUTH is configured: those are ESMTP
 *       extensions and need {@code EHLO}.</li>
 *   <li>{@code MAIL FROM:<addr>} and one {@code RCPT TO:<addr>} per recipient, with the bare address parsed out of
 *       {@code "Name <addr>"} forms. keepalived 2.2.7 writes the entry verbatim ({@code RCPT TO:<Name <addr>>}),
 *       which real servers reject; this is the one place we knowingly differ.</li>
 *   <li>The message after DATA is {@link MailText#rfc822()} byte for byte (no MIME headers added): the
 *       {@link MimeMessage} is parsed from those bytes and sent without {@code saveChanges()}.</li>
 *   <li>{@code smtp_connect_timeout} bounds the TCP connect, every read and every write, so an SMTP server that
 *       accepts and never answers costs one timeout per attempt, on this thread only.</li>
 *   <li>{@code smtp_ssl}: TLS from the first byte; {@code smtp_starttls}: STARTTLS is required (no fall back to
 *       clear text). Server certificates are checked against the JVM's trust store and the host name.</li>
 * </ul>
 */
public final class JakartaMailTransport implements MailTransport {

    private final SmtpSettings settings;
    private final Session session;
    private final Optional<String> password;
    private final Address[] envelopeRecipients;

    /**
     * @param password         the AUTH password when {@code smtp_user} is set (see {@link SmtpPassword#read})
     * @param sslSocketFactory the TLS sockets to use, or null for the JVM default (tests pass one trusting their
     *                         own certificate)
     * @throws SmtpSetupException when the sender or a recipient is not an address at all
     */
    public JakartaMailTransport(SmtpSettings settings, Optional<String> password, SSLSocketFactory sslSocketFactory)
            throws SmtpSetupException {
        if (settings.serverHost().isEmpty()) {
            throw new SmtpSetupException("no smtp_server configured");
        }
        if (settings.user().isPresent() && password.isEmpty()) {
            throw new SmtpSetupException("smtp_user " + settings.user().get() + " needs a password");
        }
        this.settings = settings;
        this.password = password;
        this.envelopeRecipients = parseRecipients(settings.recipients());
        this.session = Session.getInstance(properties(settings, envelopeAddress(settings.emailFrom()),
                sslSocketFactory));
    }

    /** The Jakarta Mail properties for {@code settings}: package-private so a test can check the mapping. */
    static Properties properties(SmtpSettings settings, String envelopeFrom, SSLSocketFactory sslSocketFactory) {
        String timeoutMs = Long.toString(Math.min(settings.connectTimeoutMs(), Integer.MAX_VALUE));
        boolean auth = settings.user().isPresent();
        boolean startTls = settings.startTls() && !settings.ssl();
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", settings.serverHost().orElseThrow());
        p.setProperty("mail.smtp.port", Integer.toString(settings.serverPort()));
        p.setProperty("mail.smtp.localhost", settings.heloName());
        p.setProperty("mail.smtp.ehlo", Boolean.toString(startTls || auth));
        p.setProperty("mail.smtp.from", envelopeFrom);
        p.setProperty("mail.smtp.connectiontimeout", timeoutMs);
        p.setProperty("mail.smtp.timeout", timeoutMs);
        p.setProperty("mail.smtp.writetimeout", timeoutMs);
        p.setProperty("mail.smtp.auth", Boolean.toString(auth));
        p.setProperty("mail.smtp.ssl.enable", Boolean.toString(settings.ssl()));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(startTls));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(startTls));
        p.setProperty("mail.smtp.ssl.checkserveridentity", Boolean.toString(sslSocketFactory == null));
        if (sslSocketFactory != null) {
            p.put("mail.smtp.ssl.socketFactory", sslSocketFactory);
        }
        return p;
    }

    @Override
    public void send(MailText mail) throws DeliveryException {
        Transport transport = null;
        try {
            MimeMessage message = new MimeMessage(session,
                    new ByteArrayInputStream(mail.rfc822().getBytes(StandardCharsets.UTF_8)));
            transport = session.getTransport("smtp");
            transport.connect(settings.serverHost().orElseThrow(), settings.serverPort(),
                    settings.user().orElse(null), password.orElse(null));
            transport.sendMessage(message, envelopeRecipients);
        } catch (MessagingException e) {
            throw new DeliveryException(describe(e), isPermanent(e), e);
        } finally {
            closeQuietly(transport);
        }
    }

    /**
     * SMTP 5xx replies and rejected credentials will not get better by retrying. Anything else (refused or timed-out
     * connection, 4xx) may.
     */
    static boolean isPermanent(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return true;
        }
        int code = replyCode(e);
        return code >= 500 && code <= 599;
    }

    /** The first SMTP reply code in the exception chain, or -1. */
    static int replyCode(Exception e) {
        for (Exception x = e; x != null; x = next(x)) {
            if (x instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            } else if (x instanceof SMTPSenderFailedException s) {
                return s.getReturnCode();
            } else if (x instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
        }
        return -1;
    }

    /** One line for the log: every distinct message in the chain (Jakarta's own often says little alone). */
    static String describe(Exception e) {
        List<String> parts = new ArrayList<>();
        for (Throwable x = e; x != null; x = x instanceof Exception ex ? next(ex) : x.getCause()) {
            String text = x instanceof SMTPAddressFailedException a
                    ? "recipient " + a.getAddress() + " rejected: " + oneLine(a.getMessage())
                    : oneLine(x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage());
            if (!text.isEmpty() && !parts.contains(text)) {
                parts.add(text);
            }
            if (parts.size() == 4) {
                break;
            }
        }
        return String.join("; ", parts);
    }

    private static Exception next(Exception x) {
        if (x instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return x.getCause() instanceof Exception cause && cause != x ? cause : null;
    }

    private static String oneLine(String s) {
        return s.replace("\r", "").replace('\n', ' ').trim();
    }

    private static Address[] parseRecipients(List<String> recipients) throws SmtpSetupException {
        Address[] out = new Address[recipients.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new InternetAddressOrError(recipients.get(i)).address();
        }
        return out;
    }

    /** The bare address of a {@code notification_email_from} value, as used in MAIL FROM. */
    static String envelopeAddress(String from) throws SmtpSetupException {
        return new InternetAddressOrError(from).address().getAddress();
    }

    private static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            // QUIT after a failure (or after success) may fail too; the mail's fate is already decided.
        }
    }

    /** Parses one config entry ({@code a@b} or {@code Name <a@b>}) leniently, as keepalived accepts anything. */
    private record InternetAddressOrError(String text) {
        InternetAddress address() throws SmtpSetupException {
            try {
                return new InternetAddress(text, false);
            } catch (AddressException e) {
                throw new SmtpSetupException("email address '" + text + "' cannot be used: " + e.getMessage(), e);
            }
        }
    }
}
