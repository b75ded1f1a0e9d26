package org.keepalivedjava.os.libc;

/**
 * A system call failed: names the call, the errno (symbolic and numeric) and strerror(3)'s text, e.g.
 * {@code epoll_ctl(ADD fd 12): EBADF (9) Bad file descriptor}.
 *
 * <p>Unchecked on purpose: the loop's callers handle failure per call (log, close the fd, retry on a timer),
 * and a checked exception on every wrapper would only be rethrown. EINTR never reaches callers and EAGAIN is
 * a return value, so a NativeException always means the call really failed.
 */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String syscall;
    private final int errno;

    public NativeException(String syscall, int errno, String description) {
        super(syscall + ": " + Errno.name(errno) + " (" + errno + ") " + description);
        this.syscall = syscall;
        this.errno = errno;
    }

    /** The call and, where it helps, its key argument: "epoll_ctl(ADD fd 12)". */
    public String syscall() {
        return syscall;
    }

    public int errno() {
        return errno;
    }
}
