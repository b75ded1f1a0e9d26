package org.keepalivedjava.lab;

/**
 * One line of keepalived's notify FIFO, as both children write it: {@code INSTANCE "VI_1" MASTER 150},
 * {@code GROUP "G1" BACKUP 0}, {@code RS [192.0.2.21]:tcp:80 [192.0.2.100]:tcp:80 UP}, {@code VS ... DOWN}. Pure.
 *
 * @param subject INSTANCE, GROUP, RS or VS
 * @param name    the instance or group name without quotes, or the real server ("RS") / virtual server ("VS")
 * @param state   MASTER, BACKUP, FAULT, STOP (VRRP) or UP, DOWN (checkers)
 * @param detail  the priority (VRRP) or the virtual server of a real server; may be empty
 */
public record FifoLine(String subject, String name, String state, String detail) {

    /** The parsed line, or null when it is none of the four shapes. */
    public static FifoLine parse(String line) {
        String[] w = line.trim().split("\\s+");
        if (w.length < 3) {
            return null;
        }
        switch (w[0]) {
            case "INSTANCE", "GROUP" -> {
                if (w.length != 4) {
                    return null;
                }
                return new FifoLine(w[0], unquote(w[1]), w[2], w[3]);
            }
            case "RS" -> {
                if (w.length != 4) {
                    return null;
                }
                return new FifoLine(w[0], w[1], w[3], w[2]);
            }
            case "VS" -> {
                return w.length == 3 ? new FifoLine(w[0], w[1], w[2], "") : null;
            }
            default -> {
                return null;
            }
        }
    }

    public boolean vrrp() {
        return subject.equals("INSTANCE") || subject.equals("GROUP");
    }

    /** Words for the timeline, e.g. "VI_1 MASTER (priority 150)" or "real server [..]:tcp:80 UP". */
    public String describe() {
        return switch (subject) {
            case "INSTANCE" -> name + " " + state + " (priority " + detail + ")";
            case "GROUP" -> "sync group " + name + " " + state;
            case "RS" -> "real server " + name + " of " + detail + " " + state;
            default -> "virtual server " + name + " " + state;
        };
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
