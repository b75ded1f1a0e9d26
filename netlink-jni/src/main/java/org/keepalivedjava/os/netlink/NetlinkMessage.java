package org.keepalivedjava.os.netlink;

import static org.keepalivedjava.os.netlink.Netlink.NLMSG_ERROR;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_FLAGS_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_HDRLEN;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_LEN_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_PID_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_SEQ_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_TYPE_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.align;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A reusable view (flyweight) of one netlink message inside a received datagram: {@link #wrap} points it at an
 * offset, the getters read the nlmsghdr in place. A datagram holds several messages back to back (a dump part,
 * or an event then an ACK); walk them with {@link #next()}.
 *
 * <p>Well-formedness only: {@link #wrap} checks that the header and its length fit in the datagram. What a
 * message means is the protocol codec's business. Not thread-safe.
 */
public final class NetlinkMessage {
    private ByteBuffer buf;
    private int offset;
    private int limit;

    /**
     * Points this view at the message starting at {@code offset} in a datagram ending at {@code limit}.
     * @return false when no complete message starts there (end of datagram)
     * @throws MalformedNetlinkException when the header's length is shorter than a header or runs past the end
     */
    public boolean wrap(ByteBuffer buffer, int offset, int limit) {
        this.buf = buffer.order(ByteOrder.nativeOrder());
        this.offset = offset;
        this.limit = limit;
        if (limit - offset < NLMSG_HDRLEN) {
            return false;
        }
        int length = buffer.getInt(offset + NLMSG_LEN_OFFSET);
        if (length < NLMSG_HDRLEN || length > limit - offset) {
            throw new MalformedNetlinkException("netlink message at offset " + offset + " has length " + length
                    + " but " + (limit - offset) + " bytes remain");
        }
        return true;
    }

    /** Moves to the following message of the same datagram; false at its end. */
    public boolean next() {
        int nextOffset = offset + align(length());
        if (nextOffset >= limit) {
            return false;
        }
        return wrap(buf, nextOffset, limit);
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return buf.getInt(offset + NLMSG_LEN_OFFSET);
    }

    public int type() {
        return buf.getShort(offset + NLMSG_TYPE_OFFSET) & 0xffff;
    }

    public int flags() {
        return buf.getShort(offset + NLMSG_FLAGS_OFFSET) & 0xffff;
    }

    public int seq() {
        return buf.getInt(offset + NLMSG_SEQ_OFFSET);
    }

    public int portId() {
        return buf.getInt(offset + NLMSG_PID_OFFSET);
    }

    /** Where the payload (the protocol's fixed header) starts. */
    public int payloadOffset() {
        return offset + NLMSG_HDRLEN;
    }

    /** One past the last byte of this message. */
    public int end() {
        return offset + length();
    }

    public int payloadLength() {
        return length() - NLMSG_HDRLEN;
    }

    /**
     * For NLMSG_ERROR: the error, a NEGATIVE errno, or 0 for an ACK. For NLMSG_DONE: the int some dumps put
     * there (0 when absent).
     */
    public int errorCode() {
        if (payloadLength() < 4) {
            if (type() == NLMSG_ERROR) {
                throw new MalformedNetlinkException("NLMSG_ERROR without its error code");
            }
            return 0;
        }
        return buf.getInt(payloadOffset());
    }

    @Override
    public String toString() {
        return "nlmsg(type " + type() + ", flags 0x" + Integer.toHexString(flags()) + ", seq " + seq()
                + ", pid " + portId() + ", len " + length() + ")";
    }
}
