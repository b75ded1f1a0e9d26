package org.keepalivedjava.os.netlink;

import org.keepalivedjava.os.libc.Errno;

/**
 * The kernel refused a netlink request: names the request (as its caller described it), the errno and the
 * kernel's extended-ack text when it sent one, e.g.
 * {@code add address 192.0.2.1/24 dev 7: EEXIST (17) File exists}.
 *
 * <p>Unchecked like {@link org.keepalivedjava.os.libc.NativeException}: callers that expect a particular errno
 * (EEXIST on add, EADDRNOTAVAIL/ESRCH on delete) catch it and look at {@link #errno()}.
 */
public final class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String request;
    private final int errno;
    private final String kernelMessage;

    public NetlinkException(String request, int errno, String description, String kernelMessage) {
        super(request + ": " + Errno.name(errno) + " (" + errno + ") " + description
                + (kernelMessage == null || kernelMessage.isEmpty() ? "" : " (kernel: " + kernelMessage + ")"));
        this.request = request;
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    /** The request that failed, as described by the caller. */
    public String request() {
        return request;
    }

    /** The positive errno. */
    public int errno() {
        return errno;
    }

    /** The kernel's extended-ack message (NLMSGERR_ATTR_MSG), or null. */
    public String kernelMessage() {
        return kernelMessage;
    }
}
