package org.keepalivedjava.os.netlink;

/**
 * A received netlink message or attribute is not well formed (a length that does not fit). The kernel never
 * sends one, so this means a bug in a codec or a truncated read; it names the offset to find it.
 */
public final class MalformedNetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedNetlinkException(String message) {
        super(message);
    }
}
