package org.keepalivedjava.os.check;

/**
 * The negative results of the checker sockets' read/write/receive calls (a non-negative result is a byte count).
 * Distinct codes instead of 0 for "nothing now", because a UDP or ICMP datagram may really be empty.
 */
public final class IoResult {
    /** Stream only: the peer closed its side (a TCP FIN, or TLS close_notify / end of stream). */
    public static final int EOF = -1;
    /** The socket failed (reset, refused, unreachable, TLS error); see the socket's {@code failure()}. */
    public static final int FAILED = -2;
    /** Nothing to read, or no room to write, right now: wait for the listener's next call. */
    public static final int WOULD_BLOCK = -3;

    private IoResult() {
    }

    /** "EOF", "FAILED", "WOULD_BLOCK" or the count, for messages and test output. */
    public static String describe(int result) {
        switch (result) {
            case EOF: return "EOF";
            case FAILED: return "FAILED";
            case WOULD_BLOCK: return "WOULD_BLOCK";
            default: return Integer.toString(result);
        }
    }
}
