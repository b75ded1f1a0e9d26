package org.keepalivedjava.os.netlink;

import static org.keepalivedjava.os.netlink.Netlink.NLA_F_NESTED;
import static org.keepalivedjava.os.netlink.Netlink.NLA_HDRLEN;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_FLAGS_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_HDRLEN;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_LEN_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_PID_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_SEQ_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.NLMSG_TYPE_OFFSET;
import static org.keepalivedjava.os.netlink.Netlink.align;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds ONE netlink message at the start of a byte buffer: the nlmsghdr, a protocol's fixed header (written
 * with the {@code put*} methods), then attributes ({@code attr*}), nested with {@link #nestStart}/{@link #nestEnd}.
 * {@link #finish()} writes the total length. Pure: no IO; the buffer is any ByteBuffer (heap in tests, a
 * {@code NativeBuffer}'s in {@link NetlinkSocket}).
 *
 * <pre>
 *  0               16                       align(16 + fixed)
 *  | nlmsghdr      | fixed header (+pad)   | nlattr | nlattr{nlattr nlattr} ... |
 *  nlattr: | len u16 | type u16 | value | pad to 4 |   len = 4 + value length (without the pad)
 * </pre>
 * Integers are written in the host byte order, except the explicit {@code *Be} methods (network order). Not
 * thread-safe; reused for every message, so building allocates nothing (string attributes encode ASCII in place).
 */
public final class NetlinkWriter {
    private final ByteBuffer buf;
    private final ByteOrder hostOrder = ByteOrder.nativeOrder();
    private int position;

    /** @param buffer where messages are built, from index 0; its byte order is set to the host's */
    public NetlinkWriter(ByteBuffer buffer) {
        this.buf = buffer.order(ByteOrder.nativeOrder());
    }

    public ByteBuffer buffer() {
        return buf;
    }

    /** Bytes written so far (the message length once {@link #finish()} has run). */
    public int position() {
        return position;
    }

    /** Starts a message: header with type and flags; seq and port id 0 (the socket sets the sequence). */
    public NetlinkWriter begin(int type, int flags) {
        return begin(type, flags, 0, 0);
    }

    public NetlinkWriter begin(int type, int flags, int seq, int portId) {
        checkRoom(NLMSG_HDRLEN);
        buf.putInt(NLMSG_LEN_OFFSET, NLMSG_HDRLEN);
        buf.putShort(NLMSG_TYPE_OFFSET, (short) type);
        buf.putShort(NLMSG_FLAGS_OFFSET, (short) flags);
        buf.putInt(NLMSG_SEQ_OFFSET, seq);
        buf.putInt(NLMSG_PID_OFFSET, portId);
        position = NLMSG_HDRLEN;
        return this;
    }

    /** Writes nlmsg_len; returns the message length in bytes. */
    public int finish() {
        buf.putInt(NLMSG_LEN_OFFSET, position);
        return position;
    }

    // ------------------------------------------------------------------ fixed header fields

    public NetlinkWriter putU8(int value) {
        checkRoom(1);
        buf.put(position++, (byte) value);
        return this;
    }

    public NetlinkWriter putU16(int value) {
        checkRoom(2);
        buf.putShort(position, (short) value);
        position += 2;
        return this;
    }

    public NetlinkWriter putU32(int value) {
        checkRoom(4);
        buf.putInt(position, value);
        position += 4;
        return this;
    }

    /** Zero bytes up to the next 4-byte boundary (after a fixed header whose size is not a multiple of 4). */
    public NetlinkWriter pad() {
        int padded = align(position);
        checkRoom(padded - position);
        while (position < padded) {
            buf.put(position++, (byte) 0);
        }
        return this;
    }

    // ------------------------------------------------------------------ attributes

    public NetlinkWriter attrU8(int type, int value) {
        int at = attrHeader(type, 1);
        buf.put(at, (byte) value);
        return attrEnd(at, 1);
    }

    public NetlinkWriter attrU16(int type, int value) {
        int at = attrHeader(type, 2);
        buf.putShort(at, (short) value);
        return attrEnd(at, 2);
    }

    /** A 16-bit value in network byte order ({@code __be16}, e.g. ports). */
    public NetlinkWriter attrU16Be(int type, int value) {
        int at = attrHeader(type, 2);
        buf.put(at, (byte) (value >>> 8)).put(at + 1, (byte) value);
        return attrEnd(at, 2);
    }

    public NetlinkWriter attrU32(int type, int value) {
        int at = attrHeader(type, 4);
        buf.putInt(at, value);
        return attrEnd(at, 4);
    }

    /** A 32-bit value in network byte order ({@code __be32}, e.g. an IPv4 netmask). */
    public NetlinkWriter attrU32Be(int type, int value) {
        int at = attrHeader(type, 4);
        buf.order(ByteOrder.BIG_ENDIAN).putInt(at, value).order(hostOrder);
        return attrEnd(at, 4);
    }

    public NetlinkWriter attrU64(int type, long value) {
        int at = attrHeader(type, 8);
        buf.putLong(at, value);
        return attrEnd(at, 8);
    }

    /** An attribute with no value (a flag). */
    public NetlinkWriter attrFlag(int type) {
        int at = attrHeader(type, 0);
        return attrEnd(at, 0);
    }

    /** A NUL-terminated string (NLA_NUL_STRING / NLA_STRING). Characters above 0x7f are not allowed. */
    public NetlinkWriter attrString(int type, String value) {
        int n = value.length();
        int at = attrHeader(type, n + 1);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == 0 || c > 0x7f) {
                throw new IllegalArgumentException("netlink string attribute must be ASCII without NUL: " + value);
            }
            buf.put(at + i, (byte) c);
        }
        buf.put(at + n, (byte) 0);
        return attrEnd(at, n + 1);
    }

    public NetlinkWriter attrBytes(int type, byte[] value) {
        return attrBytes(type, value, 0, value.length);
    }

    public NetlinkWriter attrBytes(int type, byte[] value, int offset, int length) {
        int at = attrHeader(type, length);
        buf.put(at, value, offset, length);
        return attrEnd(at, length);
    }

    /** The raw address bytes (4 for IPv4, 16 for IPv6), network order as always for addresses. */
    public NetlinkWriter attrAddress(int type, InetAddress address) {
        return attrBytes(type, address.getAddress());
    }

    /**
     * The address in a 16-byte {@code union nf_inet_addr} (IPVS): an IPv4 address in the first 4 bytes, the
     * rest zero.
     */
    public NetlinkWriter attrInetUnion(int type, InetAddress address) {
        int at = attrHeader(type, 16);
        byte[] raw = address.getAddress();
        buf.put(at, raw, 0, raw.length);
        for (int i = raw.length; i < 16; i++) {
            buf.put(at + i, (byte) 0);
        }
        return attrEnd(at, 16);
    }

    /** Opens a nested attribute; pass the returned offset to {@link #nestEnd}. */
    public int nestStart(int type) {
        int start = position;
        position = attrHeader(type | NLA_F_NESTED, 0);
        return start;
    }

    public NetlinkWriter nestEnd(int start) {
        buf.putShort(start, (short) (position - start));
        return this;
    }

    /** Writes the attribute header; returns where the value goes. */
    private int attrHeader(int type, int valueLength) {
        int total = align(NLA_HDRLEN + valueLength);
        checkRoom(total);
        buf.putShort(position, (short) (NLA_HDRLEN + valueLength));
        buf.putShort(position + 2, (short) type);
        return position + NLA_HDRLEN;
    }

    private NetlinkWriter attrEnd(int valueStart, int valueLength) {
        int end = valueStart + valueLength;
        int padded = align(end);
        for (int i = end; i < padded; i++) {
            buf.put(i, (byte) 0);
        }
        position = padded;
        return this;
    }

    private void checkRoom(int bytes) {
        if (position + bytes > buf.capacity()) {
            throw new IllegalStateException("netlink message does not fit in " + buf.capacity() + " bytes");
        }
    }
}
