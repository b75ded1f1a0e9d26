package org.keepalivedjava.parent.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The control socket's little text protocol, pure (no IO): the client sends ONE line, the server answers
 * {@code OK} or {@code ERROR} on the first line followed by a free-form body, then closes.
 *
 * <pre>
 * request  = ("status" | "status json" | "reload" | "stop") LF       at most {@value #MAX_REQUEST_BYTES} bytes
 * response = ("OK" | "ERROR") LF body
 * </pre>
 */
public final class ControlProtocol {
    /** Far more than any request; a longer one is refused rather than buffered. */
    public static final int MAX_REQUEST_BYTES = 128;

    /** What a client may ask. */
    public enum Request {
        STATUS("status"), STATUS_JSON("status json"), RELOAD("reload"), STOP("stop");

        private final String line;

        Request(String line) {
            this.line = line;
        }

        /** The request as sent, newline included. */
        public String line() {
            return line + "\n";
        }
    }

    /** A complete request line read: the request, or the error to answer. */
    public record Parsed(Request request, String error) {
    }

    private ControlProtocol() {
    }

    /**
     * Looks for a complete request in {@code buffer} (write mode: bytes 0 to position).
     *
     * @param endOfStream the client closed its side: what is there is all there will be
     * @return null while the line is incomplete, else the request or an error
     */
    public static Parsed parse(ByteBuffer buffer, boolean endOfStream) {
        int end = -1;
        for (int i = 0; i < buffer.position(); i++) {
            if (buffer.get(i) == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            if (!buffer.hasRemaining()) {
                return new Parsed(null, "request too long (at most " + MAX_REQUEST_BYTES + " bytes)");
            }
            if (!endOfStream) {
                return null;
            }
            end = buffer.position();
        }
        byte[] bytes = new byte[end];
        for (int i = 0; i < end; i++) {
            bytes[i] = buffer.get(i);
        }
        String line = new String(bytes, StandardCharsets.UTF_8).strip();
        for (Request r : Request.values()) {
            if (r.line.equals(line)) {
                return new Parsed(r, null);
            }
        }
        return new Parsed(null, "unknown request '" + printable(line) + "'");
    }

    public static String response(boolean ok, String body) {
        return (ok ? "OK\n" : "ERROR\n") + body;
    }

    /** Who may use the control socket: root and the daemon's own uid. @return null when allowed, else why not */
    public static String refusal(int peerUid, int daemonUid) {
        if (peerUid == 0 || peerUid == daemonUid) {
            return null;
        }
        return "uid " + peerUid + " is neither root nor the daemon's uid " + daemonUid;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }
}
