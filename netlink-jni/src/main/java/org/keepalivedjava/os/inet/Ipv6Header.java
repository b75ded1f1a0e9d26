package org.keepalivedjava.os.inet;

import java.nio.ByteBuffer;

/**
 * Pure codec of the fixed IPv6 header (RFC 8200 §3). A raw IPv6 socket never shows it (the kernel builds it and
 * strips it on receive); packet sockets sending neighbour advertisements write it themselves.
 *
 * <pre>
 *  0 version(4) traffic class(8) flow label(20) | 4 payload length | 6 next header | 7 hop limit
 *  8 source address (16)                        | 24 destination address (16)
 * </pre>
 */
public final class Ipv6Header {
    public static final int BYTES = 40;
    public static final int VERSION_CLASS_FLOW = 0;
    public static final int PAYLOAD_LENGTH = 4;
    public static final int NEXT_HEADER = 6;
    public static final int HOP_LIMIT = 7;
    public static final int SOURCE = 8;
    public static final int DESTINATION = 24;

    private Ipv6Header() {
    }

    /** Writes a 40-byte header; returns {@link #BYTES}. */
    public static int put(ByteBuffer b, int offset, int trafficClass, int flowLabel, int payloadLength, int nextHeader,
            int hopLimit, IpAddress source, IpAddress destination) {
        NetOrder.putI32(b, offset + VERSION_CLASS_FLOW, 6 << 28 | (trafficClass & 0xff) << 20 | (flowLabel & 0xfffff));
        NetOrder.putU16(b, offset + PAYLOAD_LENGTH, payloadLength);
        NetOrder.putU8(b, offset + NEXT_HEADER, nextHeader);
        NetOrder.putU8(b, offset + HOP_LIMIT, hopLimit);
        source.write(b, offset + SOURCE);
        destination.write(b, offset + DESTINATION);
        return BYTES;
    }

    public static int version(ByteBuffer b, int offset) {
        return NetOrder.u8(b, offset) >>> 4;
    }

    public static int trafficClass(ByteBuffer b, int offset) {
        return NetOrder.i32(b, offset + VERSION_CLASS_FLOW) >>> 20 & 0xff;
    }

    public static int flowLabel(ByteBuffer b, int offset) {
        return NetOrder.i32(b, offset + VERSION_CLASS_FLOW) & 0xfffff;
    }

    public static int payloadLength(ByteBuffer b, int offset) {
        return NetOrder.u16(b, offset + PAYLOAD_LENGTH);
    }

    public static int nextHeader(ByteBuffer b, int offset) {
        return NetOrder.u8(b, offset + NEXT_HEADER);
    }

    public static int hopLimit(ByteBuffer b, int offset) {
        return NetOrder.u8(b, offset + HOP_LIMIT);
    }

    /** The partial checksum sum of this header's pseudo-header for its payload (RFC 8200 §8.1). */
    public static long pseudoHeaderSum(ByteBuffer b, int offset) {
        return InetChecksum.ipv6PseudoHeader(b, offset + SOURCE, offset + DESTINATION, nextHeader(b, offset),
                payloadLength(b, offset));
    }
}
