package org.keepalivedjava.smtp;

import java.util.List;
import java.util.Objects;

/**
 * One alert mail, fully formatted: the header values and body keepalived would send, plus the envelope.
 *
 * @param date       the {@code Date:} value, e.g. {@code Sat, 21 Nov 2026 13:27:24 +0000}
 * @param from       the {@code From:} value, verbatim {@code notification_email_from}
 * @param subject    the {@code Subject:} value
 * @param to         the {@code To:} value: every {@code notification_email} entry, verbatim, joined by {@code ", "}
 * @param body       the one body line, without line end
 * @param recipients the {@code notification_email} entries (the envelope recipients, one RCPT each)
 */
public record MailText(String date, String from, String subject, String to, String body, List<String> recipients) {

    public MailText {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
        recipients = List.copyOf(recipients);
    }

    /**
     * The message exactly as keepalived 2.2.7 writes it after DATA, minus the final {@code .} line: five header
     * lines in this order (Date, From, Subject, X-Mailer, To), an empty line, the body line, and one more empty line
     * (keepalived sends {@code body CRLF} then {@code CRLF . CRLF}). No MIME headers, no Message-ID: keepalived
     * sends none, and operators' filters match on these exact messages.
     */
    public String rfc822() {
        return "Date: " + date + "\r\n"
                + "From: " + from + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "X-Mailer: Keepalived\r\n"
                + "To: " + to + "\r\n"
                + "\r\n"
                + body + "\r\n"
                + "\r\n";
    }
}
