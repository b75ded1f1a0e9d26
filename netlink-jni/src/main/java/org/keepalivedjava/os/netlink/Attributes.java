package org.keepalivedjava.os.netlink;

import static org.keepalivedjava.os.netlink.Netlink.NLA_HDRLEN;
import static org.keepalivedjava.os.netlink.Netlink.NLA_TYPE_MASK;
import static org.keepalivedjava.os.netlink.Netlink.align;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An index of the attributes (nlattr/rtattr, the same layout) in a byte range: {@link #parse} records where
 * each type's value is, so lookups are O(1) and nothing is copied. Reusable: keep one per nesting level and
 * re-parse. Types above the {@code maxType} given at construction are skipped (newer kernels add attributes);
 * when a type repeats, the last one wins. The NLA_F_NESTED and NLA_F_NET_BYTEORDER bits are ignored.
 *
 * <p>Integers are read in the host byte order except the {@code *Be} getters. The getters for absent types
 * return the given default; the value-length checks throw {@link MalformedNetlinkException} (a well-formedness
 * error: the kernel sent a shorter value than its type has). Not thread-safe.
 */
public final class Attributes {
    private final int[] valueOffsets;
    private final int[] valueLengths;
    private ByteBuffer buf;

    public Attributes(int maxType) {
        valueOffsets = new int[maxType + 1];
        valueLengths = new int[maxType + 1];
        Arrays.fill(valueOffsets, -1);
    }

    /**
     * Indexes the attributes in [{@code from}, {@code to}) of {@code buffer}.
     * @throws MalformedNetlinkException when an attribute's length is below 4 or runs past {@code to}
     */
    public Attributes parse(ByteBuffer buffer, int from, int to) {
        buf = buffer.order(ByteOrder.nativeOrder());
        Arrays.fill(valueOffsets, -1);
        int at = from;
        while (to - at >= NLA_HDRLEN) {
            int length = buffer.getShort(at) & 0xffff;
            if (length < NLA_HDRLEN || length > to - at) {
                throw new MalformedNetlinkException("netlink attribute at offset " + at + " has length " + length
                        + " but " + (to - at) + " bytes remain");
            }
            int type = buffer.getShort(at + 2) & NLA_TYPE_MASK;
            if (type < valueOffsets.length) {
                valueOffsets[type] = at + NLA_HDRLEN;
                valueLengths[type] = length - NLA_HDRLEN;
            }
            at += align(length);
        }
        return this;
    }

    /**
     * The attributes of the message after its fixed header of {@code fixedHeaderBytes} (aligned).
     *
     * @throws MalformedNetlinkException when the message is too short to hold the fixed header (the decoders call
     *                                   this before reading the header, so a short message is reported, not read
     *                                   past)
     */
    public Attributes parse(NetlinkMessage message, int fixedHeaderBytes) {
        if (message.payloadLength() < fixedHeaderBytes) {
            throw new MalformedNetlinkException("netlink message type " + message.type() + " has "
                    + message.payloadLength()
                    + " payload bytes, shorter than its " + fixedHeaderBytes + "-byte header");
        }
        return parse(message.buffer(), message.payloadOffset() + align(fixedHeaderBytes), message.end());
    }

    /** The attributes inside nested attribute {@code type} of this index, into {@code into}; false if absent. */
    public boolean nested(int type, Attributes into) {
        if (!has(type)) {
            return false;
        }
        into.parse(buf, valueOffsets[type], valueOffsets[type] + valueLengths[type]);
        return true;
    }

    public boolean has(int type) {
        return type < valueOffsets.length && valueOffsets[type] >= 0;
    }

    /** Where the value of {@code type} starts in the buffer, -1 if absent. */
    public int valueOffset(int type) {
        return type < valueOffsets.length ? valueOffsets[type] : -1;
    }

    /** The value's length in bytes (without padding), -1 if absent. */
    public int valueLength(int type) {
        return has(type) ? valueLengths[type] : -1;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int u8(int type, int absent) {
        return has(type) ? buf.get(checked(type, 1)) & 0xff : absent;
    }

    public int u16(int type, int absent) {
        return has(type) ? buf.getShort(checked(type, 2)) & 0xffff : absent;
    }

    /** A {@code __be16} (network order) value, e.g. a port. */
    public int u16Be(int type, int absent) {
        if (!has(type)) {
            return absent;
        }
        int at = checked(type, 2);
        return (buf.get(at) & 0xff) << 8 | (buf.get(at + 1) & 0xff);
    }

    public int u32(int type, int absent) {
        return has(type) ? buf.getInt(checked(type, 4)) : absent;
    }

    /** A {@code __be32} (network order) value, e.g. an IPv4 netmask. */
    public int u32Be(int type, int absent) {
        if (!has(type)) {
            return absent;
        }
        int at = checked(type, 4);
        return (buf.get(at) & 0xff) << 24 | (buf.get(at + 1) & 0xff) << 16 | (buf.get(at + 2) & 0xff) << 8
                | (buf.get(at + 3) & 0xff);
    }

    public long u64(int type, long absent) {
        return has(type) ? buf.getLong(checked(type, 8)) : absent;
    }

    /** A string value, up to its NUL (or the value's end); null if absent. */
    public String string(int type) {
        if (!has(type)) {
            return null;
        }
        int at = valueOffsets[type];
        int n = 0;
        while (n < valueLengths[type] && buf.get(at + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        buf.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A copy of the value bytes; null if absent. */
    public byte[] bytes(int type) {
        if (!has(type)) {
            return null;
        }
        byte[] bytes = new byte[valueLengths[type]];
        buf.get(valueOffsets[type], bytes);
        return bytes;
    }

    /**
     * An address value of {@code family}'s size (4 or 16 bytes; IPVS sends IPv4 in a 16-byte union, only the
     * first 4 count); null if absent.
     */
    public InetAddress address(int type, int addressBytes) {
        if (!has(type)) {
            return null;
        }
        byte[] raw = new byte[addressBytes];
        buf.get(checked(type, addressBytes), raw);
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private int checked(int type, int minLength) {
        if (valueLengths[type] < minLength) {
            throw new MalformedNetlinkException("netlink attribute type " + type + " at offset " + valueOffsets[type]
                    + " has " + valueLengths[type] + " value bytes, expected " + minLength);
        }
        return valueOffsets[type];
    }
}
