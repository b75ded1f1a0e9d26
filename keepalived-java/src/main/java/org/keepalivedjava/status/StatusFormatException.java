package org.keepalivedjava.status;

/** A status payload that is not what {@link StatusCodec} writes (a bug or a mismatched child). */
public final class StatusFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public StatusFormatException(int line, String message) {
        super("status line " + line + ": " + message);
    }
}
