package org.keepalivedjava.config.values;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.tree.Words;

/**
 * Number readers of the health-check keywords, reporting exactly as keepalived 2.2.7 does (measured with
 * {@code keepalived -t}): {@code invalid number 'x'}, {@code negative number '-1'},
 * {@code number '0' outside range [1, 65535]}, and for timers (seconds with micro-second resolution)
 * {@code number '0' outside range [0.000001, 4294.967295]}. Every reader returns null after reporting, so the
 * keyword handler can add its own keepalived message and keep the previous value.
 */
public final class CheckValues {
    /** keepalived's "no upper limit" for a timer is ULONG_MAX - 1 micro-seconds. */
    public static final BigInteger TIMER_UNLIMITED_US = new BigInteger("18446744073709551614");
    /** UINT_MAX micro-seconds: the upper bound of connect_timeout. */
    public static final long UINT_MAX = 4_294_967_295L;

    private CheckValues() {
    }

    /**
     * An unsigned decimal integer in [min, max] (keepalived's read_unsigned_strvec); a missing word reads as
     * the empty string, which is an invalid number.
     */
    public static Long unsigned(Words w, int index, long min, long max) {
        String s = w.has(index) ? w.get(index) : "";
        return unsigned(w, s, min, max);
    }

    public static Long unsigned(Words w, String s, long min, long max) {
        String t = s.strip();
        if (t.startsWith("-") && t.length() > 1 && t.substring(1).chars().allMatch(Character::isDigit)) {
            w.error(ConfigStatus.INVALID_NUMBER, "negative number '" + s + "'");
            return null;
        }
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty() || !t.chars().allMatch(Character::isDigit)) {
            w.error(ConfigStatus.INVALID_NUMBER, "invalid number '" + s + "'");
            return null;
        }
        BigInteger v = new BigInteger(t);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            w.error(ConfigStatus.INVALID_NUMBER, "number '" + s + "' outside range [" + min + ", " + max + "]");
            return null;
        }
        return v.longValue();
    }

    /** A signed decimal integer in [min, max] (keepalived's read_int_strvec). */
    public static Long signed(Words w, int index, long min, long max) {
        String s = w.has(index) ? w.get(index) : "";
        String t = s.strip();
        String digits = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            w.error(ConfigStatus.INVALID_NUMBER, "invalid number '" + s + "'");
            return null;
        }
        BigInteger v = new BigInteger(t.startsWith("+") ? digits : t);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            w.error(ConfigStatus.INVALID_NUMBER, "number '" + s + "' outside range [" + min + ", " + max + "]");
            return null;
        }
        return v.longValue();
    }

    /**
     * A timer in seconds with up to 6 decimal places (keepalived's read_timer), returned in micro-seconds.
     *
     * @param minUs lower bound in micro-seconds
     * @param maxUs upper bound in micro-seconds, or null for keepalived's "unlimited"
     */
    public static Long timerUs(Words w, int index, long minUs, Long maxUs) {
        String s = w.has(index) ? w.get(index) : "";
        String t = s.strip();
        if (t.startsWith("-") && t.length() > 1 && isDecimal(t.substring(1))) {
            w.error(ConfigStatus.INVALID_NUMBER, "negative number '" + s + "'");
            return null;
        }
        if (!isDecimal(t)) {
            w.error(ConfigStatus.INVALID_NUMBER, "invalid number '" + s + "'");
            return null;
        }
        BigDecimal seconds = new BigDecimal(t);
        BigInteger us = seconds.movePointRight(6).setScale(0, java.math.RoundingMode.DOWN).toBigIntegerExact();
        BigInteger max = maxUs == null ? TIMER_UNLIMITED_US : BigInteger.valueOf(maxUs);
        if (us.compareTo(BigInteger.valueOf(minUs)) < 0 || us.compareTo(max) > 0) {
            w.error(ConfigStatus.INVALID_NUMBER, "number '" + s + "' outside range [" + seconds(BigInteger.valueOf(minUs))
                    + ", " + seconds(max) + "]");
            return null;
        }
        return us.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    private static boolean isDecimal(String t) {
        return t.matches("\\+?(\\d+(\\.\\d*)?|\\.\\d+)");
    }

    private static String seconds(BigInteger us) {
        BigDecimal d = new BigDecimal(us, 6).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /** A TCP/UDP port 1..65535, or null after keepalived's range message. */
    public static Integer port(Words w, String s) {
        Long v = unsigned(w, s, 1, 65535);
        return v == null ? null : v.intValue();
    }

    /**
     * The port of a virtual or real server: absent, or written as zeros only ("0", "00"), means no port (0: a
     * fwmark service's real servers, or a persistent port-0 service); anything else is {@link #port}.
     */
    public static Integer serverPort(Words w, String s) {
        if (s == null || s.chars().allMatch(ch -> ch == '0')) {
            return 0;
        }
        return port(w, s);
    }

    /** keepalived's check_true_false: true/on/yes, false/off/no; null if neither (no message: callers add theirs). */
    public static Boolean trueFalse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "yes" -> Boolean.TRUE;
            case "false", "off", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** An IP literal (no DNS), or null. */
    public static InetAddress ip(String s) {
        return InetValues.parseLiteral(s);
    }

    /**
     * keepalived's rendering of an address with port in messages: {@code [192.0.2.1]:tcp:80}; the protocol is
     * {@code none} when not (yet) set.
     */
    public static String serviceName(InetAddress address, String protocol, int port) {
        return "[" + format(address) + "]:" + protocol + ":" + port;
    }

    /** An address as keepalived (inet_ntop) prints it: IPv6 in its shortest form (RFC 5952), no scope. */
    public static String format(InetAddress address) {
        return org.keepalivedjava.os.inet.IpAddress.of(address).toString();
    }
}
