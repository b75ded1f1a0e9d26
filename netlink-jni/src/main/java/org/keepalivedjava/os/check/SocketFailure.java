package org.keepalivedjava.os.check;

import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.libc.NativeException;

/**
 * Why a checker socket failed, as a value (checkers log it and count the check as failed; nothing is thrown).
 *
 * @param errno   the Linux errno for a system-call failure (e.g. {@link Errno#ECONNREFUSED}), 0 when the cause
 *                is not a system call (a TLS alert, a malformed handshake)
 * @param message one line for the log, e.g. "connect: ECONNREFUSED (111) Connection refused"
 */
public record SocketFailure(int errno, String message) {

    /** A failure reported by the kernel through SO_ERROR or a failed call, named after {@code operation}. */
    public static SocketFailure ofErrno(String operation, int errno, String description) {
        return new SocketFailure(errno, operation + ": " + Errno.name(errno) + " (" + errno + ") " + description);
    }

    public static SocketFailure of(NativeException e) {
        return new SocketFailure(e.errno(), e.getMessage());
    }

    /** A failure that is not a system call (errno 0). */
    public static SocketFailure of(String message) {
        return new SocketFailure(0, message);
    }

    /** The same failure with {@code prefix} before its message, e.g. "TLS handshake: " + "read(fd 7): ECONNRESET ...". */
    public SocketFailure prefixed(String prefix) {
        return new SocketFailure(errno, prefix + message);
    }

    @Override
    public String toString() {
        return message;
    }
}
