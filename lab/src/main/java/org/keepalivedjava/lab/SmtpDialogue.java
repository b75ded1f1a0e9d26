package org.keepalivedjava.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server side of one SMTP session of the lab's sink (RFC 5321, the subset a mail client needs to deliver:
 * HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT). It accepts every mail and keeps nothing but the envelope
 * and the Subject header. No STARTTLS: the nodes' mails go in plain text inside the lab. Pure: lines in, replies
 * out; the socket loop is in {@link LabServices}.
 */
public final class SmtpDialogue {
    public static final String GREETING = "220 keepalived-lab SMTP sink ready";

    /** A delivered mail. */
    public record Mail(String from, List<String> to, String subject) {
        /** One line for the timeline: {@code to=a@x subject=...}. */
        public String summary() {
            return "to=" + String.join(",", to) + " subject=" + (subject == null ? "(none)" : subject);
        }
    }

    /**
     * What to answer a line.
     *
     * @param reply  the reply line without CRLF, or null (a line of the message body gets none)
     * @param close  the client said QUIT: close after replying
     * @param mail   the mail completed by this line (the "." ending DATA), else null
     */
    public record Reply(String reply, boolean close, Mail mail) {
    }

    private String from;
    private final List<String> to = new ArrayList<>();
    private boolean inData;
    private boolean inHeaders;
    private String subject;

    public Reply onLine(String line) {
        if (inData) {
            return dataLine(line);
        }
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("HELO") || upper.startsWith("EHLO")) {
            reset();
            return reply("250 keepalived-lab");
        }
        if (upper.startsWith("MAIL FROM:")) {
            reset();
            from = path(line.substring(10));
            return reply("250 OK");
        }
        if (upper.startsWith("RCPT TO:")) {
            if (from == null) {
                return reply("503 MAIL first");
            }
            to.add(path(line.substring(8)));
            return reply("250 OK");
        }
        if (upper.equals("DATA")) {
            if (to.isEmpty()) {
                return reply("503 RCPT first");
            }
            inData = true;
            inHeaders = true;
            return reply("354 end with <CRLF>.<CRLF>");
        }
        if (upper.equals("RSET")) {
            reset();
            return reply("250 OK");
        }
        if (upper.startsWith("NOOP")) {
            return reply("250 OK");
        }
        if (upper.equals("QUIT")) {
            return new Reply("221 bye", true, null);
        }
        return reply("502 not implemented");
    }

    private Reply dataLine(String line) {
        if (line.equals(".")) {
            Mail mail = new Mail(from, List.copyOf(to), subject);
            reset();
            return new Reply("250 OK queued", false, mail);
        }
        if (inHeaders) {
            if (line.isEmpty()) {
                inHeaders = false;
            } else if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
                subject = line.substring(8).trim();
            }
        }
        return new Reply(null, false, null);
    }

    private void reset() {
        from = null;
        to.clear();
        inData = false;
        inHeaders = false;
        subject = null;
    }

    private static Reply reply(String text) {
        return new Reply(text, false, null);
    }

    /** "&lt;a@x&gt; SIZE=10" -> "a@x". */
    static String path(String s) {
        String t = s.trim();
        int lt = t.indexOf('<');
        int gt = t.indexOf('>');
        if (lt >= 0 && gt > lt) {
            return t.substring(lt + 1, gt);
        }
        int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }
}
