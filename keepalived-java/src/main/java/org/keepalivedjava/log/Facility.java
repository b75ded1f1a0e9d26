package org.keepalivedjava.log;

import java.util.Optional;

/**
 * The syslog facilities keepalived lets {@code -S/--log-facility} choose (RFC 3164 §4.1.1 codes): daemon (the
 * default), user and local0..local7.
 */
public enum Facility {
    USER(1), DAEMON(3),
    LOCAL0(16), LOCAL1(17), LOCAL2(18), LOCAL3(19), LOCAL4(20), LOCAL5(21), LOCAL6(22), LOCAL7(23);

    /** The RFC 3164 facility number; PRI = code * 8 + severity. */
    public final int code;

    Facility(int code) {
        this.code = code;
    }

    /**
     * Parses the argument of -S as keepalived does: a digit 0..7 means local0..local7; otherwise "local0".."local7",
     * "user" or "daemon". Empty when keepalived would say {@code Invalid log facility 'X'}.
     */
    public static Optional<Facility> parseOption(String text) {
        if (text.length() == 1 && text.charAt(0) >= '0' && text.charAt(0) <= '7') {
            return Optional.of(local(text.charAt(0) - '0'));
        }
        if (text.length() == 6 && text.startsWith("local") && text.charAt(5) >= '0' && text.charAt(5) <= '7') {
            return Optional.of(local(text.charAt(5) - '0'));
        }
        return switch (text) {
            case "user" -> Optional.of(USER);
            case "daemon" -> Optional.of(DAEMON);
            default -> Optional.empty();
        };
    }

    private static Facility local(int n) {
        return values()[LOCAL0.ordinal() + n];
    }
}
