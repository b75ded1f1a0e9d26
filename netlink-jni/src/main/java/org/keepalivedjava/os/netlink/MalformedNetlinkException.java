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

    /**
     * A well-framed message whose values the record refuses (a prefix length of 134, a port out of range...): a
     * malformed message too, not a bug of ours, so it is reported the same way.
     */
    public static MalformedNetlinkException invalidValue(String what, IllegalArgumentException e) {
        return new MalformedNetlinkException(what + " with an invalid value: " + e.getMessage());
    }
}
