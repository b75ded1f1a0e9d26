package org.keepalivedjava.os.inet;

import java.nio.ByteBuffer;

/**
 * Pure codec of the IPv4 header without options (RFC 791 §3.1), as a raw socket with IP_HDRINCL sends it and as
 * every raw IPv4 socket receives it.
 *
 * <pre>
 *  0 version(4) IHL(4) | 1 TOS | 2 total length      | 4 identification | 6 flags(3) fragment offset(13)
 *  8 TTL               | 9 protocol | 10 header checksum | 12 source address | 16 destination address
 * </pre>
 * keepalived 2.2.7 sends VRRP with TOS 0xc0, TTL 255, DF clear, an id that starts at 1 and grows by one per
 * advert (captured, ANNOTATED.txt); the checksum covers the header only.
 */
public final class Ipv4Header {
    /** Header length without options. */
    public static final int BYTES = 20;
    /** The DF bit in the flags/fragment word. */
    public static final int FLAG_DONT_FRAGMENT = 0x4000;
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    public static final int VERSION_IHL = 0;
    public static final int TOS = 1;
    public static final int TOTAL_LENGTH = 2;
    public static final int ID = 4;
    public static final int FLAGS_FRAGMENT = 6;
    public static final int TTL = 8;
    public static final int PROTOCOL = 9;
    public static final int CHECKSUM = 10;
    public static final int SOURCE = 12;
    public static final int DESTINATION = 16;

    private Ipv4Header() {
    }

    /**
     * Writes a 20-byte header at {@code offset}, checksum included.
     * @param totalLength header plus payload, bytes
     * @return {@link #BYTES}
     */
    public static int put(ByteBuffer b, int offset, int tos, int totalLength, int id, boolean dontFragment, int ttl,
            int protocol, int source, int destination) {
        NetOrder.putU8(b, offset + VERSION_IHL, 0x45);
        NetOrder.putU8(b, offset + TOS, tos);
        NetOrder.putU16(b, offset + TOTAL_LENGTH, totalLength);
        NetOrder.putU16(b, offset + ID, id);
        NetOrder.putU16(b, offset + FLAGS_FRAGMENT, dontFragment ? FLAG_DONT_FRAGMENT : 0);
        NetOrder.putU8(b, offset + TTL, ttl);
        NetOrder.putU8(b, offset + PROTOCOL, protocol);
        NetOrder.putU16(b, offset + CHECKSUM, 0);
        NetOrder.putI32(b, offset + SOURCE, source);
        NetOrder.putI32(b, offset + DESTINATION, destination);
        NetOrder.putU16(b, offset + CHECKSUM, InetChecksum.checksum(b, offset, BYTES));
        return BYTES;
    }

    public static int version(ByteBuffer b, int offset) {
        return NetOrder.u8(b, offset + VERSION_IHL) >>> 4;
    }

    /** The header length in bytes (IHL * 4), options included. */
    public static int headerLength(ByteBuffer b, int offset) {
        return (NetOrder.u8(b, offset + VERSION_IHL) & 0x0f) * 4;
    }

    public static int tos(ByteBuffer b, int offset) {
        return NetOrder.u8(b, offset + TOS);
    }

    public static int totalLength(ByteBuffer b, int offset) {
        return NetOrder.u16(b, offset + TOTAL_LENGTH);
    }

    public static int id(ByteBuffer b, int offset) {
        return NetOrder.u16(b, offset + ID);
    }

    /** The flags and fragment offset word. */
    public static int flagsFragment(ByteBuffer b, int offset) {
        return NetOrder.u16(b, offset + FLAGS_FRAGMENT);
    }

    public static int ttl(ByteBuffer b, int offset) {
        return NetOrder.u8(b, offset + TTL);
    }

    public static int protocol(ByteBuffer b, int offset) {
        return NetOrder.u8(b, offset + PROTOCOL);
    }

    public static int checksum(ByteBuffer b, int offset) {
        return NetOrder.u16(b, offset + CHECKSUM);
    }

    public static int source(ByteBuffer b, int offset) {
        return NetOrder.i32(b, offset + SOURCE);
    }

    public static int destination(ByteBuffer b, int offset) {
        return NetOrder.i32(b, offset + DESTINATION);
    }

    /** True when the header checksum (over the IHL bytes) verifies. */
    public static boolean checksumOk(ByteBuffer b, int offset) {
        return InetChecksum.finish(InetChecksum.add(0, b, offset, headerLength(b, offset))) == 0;
    }
}
