package org.keepalivedjava.log;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/**
 * The two line shapes keepalived produces, as pure functions of their inputs (time is a parameter, in local time
 * as glibc uses it).
 */
public final class LogFormat {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private LogFormat() {
    }

    /**
     * A syslog datagram exactly as glibc syslog(3) sends it to /dev/log (RFC 3164 §4.1 shape):
     * {@code <PRI>Mmm dd hh:mm:ss IDENT[PID]: MSG}, PRI = facility * 8 + severity, the day of month padded with a
     * space ({@code Nov  1}), no trailing newline and no NUL (checked against glibc 2.36 on Debian 12).
     */
    public static byte[] syslogDatagram(Facility facility, Severity severity, LocalDateTime time, String ident,
                                        long pid, String message) {
        String text = "<" + (facility.code * 8 + severity.code()) + ">"
                + MONTHS[time.getMonthValue() - 1] + " " + pad2(time.getDayOfMonth(), ' ') + " " + clock(time)
                + " " + ident + "[" + pid + "]: " + message;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A console line as keepalived -l writes it on stderr: ctime(3)'s date without its newline, then ": " and the
     * message, e.g. {@code Sat Nov 21 12:59:58 2026: Starting Keepalived v2.2.7}.
     */
    public static String consoleLine(LocalDateTime time, String message) {
        return DAYS[time.getDayOfWeek().getValue() - 1] + " " + MONTHS[time.getMonthValue() - 1] + " "
                + pad2(time.getDayOfMonth(), ' ') + " " + clock(time) + " " + time.getYear() + ": " + message;
    }

    private static String clock(LocalDateTime t) {
        return pad2(t.getHour(), '0') + ":" + pad2(t.getMinute(), '0') + ":" + pad2(t.getSecond(), '0');
    }

    private static String pad2(int value, char padding) {
        return value < 10 ? padding + Integer.toString(value) : Integer.toString(value);
    }
}
