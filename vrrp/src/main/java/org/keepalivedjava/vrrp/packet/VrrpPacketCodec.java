package org.keepalivedjava.vrrp.packet;

import java.nio.ByteBuffer;

import org.keepalivedjava.os.inet.InetChecksum;
import org.keepalivedjava.os.inet.NetOrder;

/**
 * Pure codec of the VRRP advertisement message (the IP payload, protocol 112): VRRPv2 (RFC 3768 §5.3) and
 * VRRPv3 (RFC 5798 §5.2), IPv4 and IPv6. No IO, no logging, no clock, no allocation; absolute offsets (the
 * buffer's position is ignored).
 *
 * <pre>
 * VRRPv2 (RFC 3768 §5.1)                          VRRPv3 (RFC 5798 §5.1)
 *  0 version(4)=2 type(4)=1                         0 version(4)=3 type(4)=1
 *  1 virtual router id                              1 virtual router id
 *  2 priority                                       2 priority
 *  3 count IP addrs                                 3 count IPvX addrs
 *  4 auth type | 5 advert interval (seconds)        4 rsvd(4) max advert interval(12, centiseconds)
 *  6 checksum (16)                                  6 checksum (16)
 *  8 IPv4 address(es), 4 bytes each                 8 IPv4 or IPv6 address(es), 4 or 16 bytes each
 *  then authentication data (8 bytes)
 * </pre>
 * Checksums (RFC 1071 one's complement): v2 over the VRRP message only (RFC 3768 §5.3.8); v3 adds the IPv4 or
 * IPv6 pseudo-header (RFC 5798 §5.2.8) whose partial sum the caller gives ({@link #pseudoHeaderV4},
 * {@link #pseudoHeaderV6}, or {@link #NO_PSEUDO_HEADER} for peers that compute the v3 checksum as v2 does).
 *
 * <p>keepalived 2.2.7 specifics kept here: an IPv6 advert never carries authentication data, whatever the
 * version (its "IPv6 with VRRP version 2" has no auth field); the v3 reserved bits are sent as zero and ignored
 * on receive.
 */
public final class VrrpPacketCodec {
    /** IANA protocol number of VRRP. */
    public static final int PROTOCOL = 112;
    public static final int VERSION_2 = 2;
    public static final int VERSION_3 = 3;
    public static final int TYPE_ADVERTISEMENT = 1;
    /** RFC 3768 §5.3.6 (v2 only). AH is RFC 2338's IPsec AH, which keepalived still accepts in the config. */
    public static final int AUTH_NONE = 0;
    public static final int AUTH_PASS = 1;
    public static final int AUTH_AH = 2;

    public static final int HEADER_BYTES = 8;
    public static final int AUTH_DATA_BYTES = 8;

    public static final int VERSION_TYPE = 0;
    public static final int VRID = 1;
    public static final int PRIORITY = 2;
    public static final int COUNT = 3;
    /** v2: auth type byte. */
    public static final int AUTH_TYPE = 4;
    /** v2: advert interval byte, seconds. */
    public static final int ADVER_INT_V2 = 5;
    /** v3: 4 reserved bits + 12-bit max advert interval, centiseconds. */
    public static final int ADVER_INT_V3 = 4;
    public static final int CHECKSUM = 6;
    public static final int ADDRESSES = 8;

    /** v3 max advert interval field mask (12 bits). */
    public static final int V3_INTERVAL_MASK = 0x0fff;

    /** Pseudo-header sum meaning "none": the checksum covers the VRRP message only (v2, or v3 as v2). */
    public static final long NO_PSEUDO_HEADER = 0;
    /** Pseudo-header sum meaning "do not verify" (IPv6 when the kernel verified it, IPV6_CHECKSUM). */
    public static final long SKIP_CHECKSUM = -1;

    private VrrpPacketCodec() {
    }

    /** The message length for a version, family and address count. */
    public static int length(int version, boolean ipv6, int addressCount) {
        return HEADER_BYTES + addressCount * (ipv6 ? 16 : 4) + (version == VERSION_2 && !ipv6 ? AUTH_DATA_BYTES : 0);
    }

    /** The VRID of a message, or -1 if it is too short to have one (for dispatching to the instance). */
    public static int vrid(ByteBuffer b, int offset, int length) {
        return length < HEADER_BYTES ? -1 : NetOrder.u8(b, offset + VRID);
    }

    /** The partial sum of the IPv4 pseudo-header (source, destination as network-order ints) for a message. */
    public static long pseudoHeaderV4(int source, int destination, int vrrpLength) {
        return InetChecksum.ipv4PseudoHeader(source, destination, PROTOCOL, vrrpLength);
    }

    /** The partial sum of the IPv6 pseudo-header (16-byte source and destination) for a message. */
    public static long pseudoHeaderV6(byte[] source, byte[] destination, int vrrpLength) {
        return InetChecksum.ipv6PseudoHeader(source, destination, PROTOCOL, vrrpLength);
    }

    /**
     * Writes {@code advert} at {@code offset}, checksum included, and stores the checksum back into the advert.
     *
     * @param pseudoHeaderSum v3 only: the pseudo-header's partial sum (or {@link #NO_PSEUDO_HEADER}); ignored for v2
     * @return the message length in bytes
     */
    public static int encode(ByteBuffer b, int offset, VrrpAdvert advert, long pseudoHeaderSum) {
        int version = advert.version;
        int length = length(version, advert.ipv6, advert.addressCount);
        NetOrder.putU8(b, offset + VERSION_TYPE, (version & 0x0f) << 4 | (advert.type & 0x0f));
        NetOrder.putU8(b, offset + VRID, advert.vrid);
        NetOrder.putU8(b, offset + PRIORITY, advert.priority);
        NetOrder.putU8(b, offset + COUNT, advert.addressCount);
        if (version == VERSION_2) {
            NetOrder.putU8(b, offset + AUTH_TYPE, advert.authType);
            NetOrder.putU8(b, offset + ADVER_INT_V2, advert.advertInterval);
        } else {
            NetOrder.putU16(b, offset + ADVER_INT_V3, advert.advertInterval & V3_INTERVAL_MASK);
        }
        NetOrder.putU16(b, offset + CHECKSUM, 0);
        int addressBytes = advert.addressCount * advert.addressLength();
        NetOrder.putBytes(b, offset + ADDRESSES, advert.addresses, 0, addressBytes);
        if (version == VERSION_2 && !advert.ipv6) {
            NetOrder.putBytes(b, offset + ADDRESSES + addressBytes, advert.authData, 0, AUTH_DATA_BYTES);
        }
        long sum = version == VERSION_2 ? 0 : pseudoHeaderSum;
        int checksum = InetChecksum.finish(InetChecksum.add(sum, b, offset, length));
        NetOrder.putU16(b, offset + CHECKSUM, checksum);
        advert.checksum = checksum;
        return length;
    }

    /**
     * Decodes the message of {@code length} bytes at {@code offset} into {@code out}, checking only that it is
     * well-formed, in this order: length of the fixed header, version, length against the address count, type,
     * checksum. On {@link ParseError#BAD_TYPE} and {@link ParseError#BAD_CHECKSUM} every field is filled (the
     * receive checks still judge version, auth and interval first, as keepalived does).
     *
     * @param ipv6            the address family the packet arrived on (the message does not say)
     * @param pseudoHeaderSum v3: the pseudo-header partial sum, {@link #NO_PSEUDO_HEADER} (as v2) or
     *                        {@link #SKIP_CHECKSUM}; ignored for v2 (always verified over the message)
     */
    public static ParseError decode(ByteBuffer b, int offset, int length, boolean ipv6, long pseudoHeaderSum,
            VrrpAdvert out) {
        out.ipv6 = ipv6;
        if (length < HEADER_BYTES) {
            out.vrid = length >= 2 ? NetOrder.u8(b, offset + VRID) : -1;
            return ParseError.TOO_SHORT;
        }
        int versionType = NetOrder.u8(b, offset + VERSION_TYPE);
        out.version = versionType >>> 4;
        out.type = versionType & 0x0f;
        out.vrid = NetOrder.u8(b, offset + VRID);
        out.priority = NetOrder.u8(b, offset + PRIORITY);
        out.addressCount = NetOrder.u8(b, offset + COUNT);
        out.checksum = NetOrder.u16(b, offset + CHECKSUM);
        if (out.version != VERSION_2 && out.version != VERSION_3) {
            return ParseError.BAD_VERSION;
        }
        if (length != length(out.version, ipv6, out.addressCount)) {
            return ParseError.BAD_LENGTH;
        }
        int addressBytes = out.addressCount * out.addressLength();
        NetOrder.getBytes(b, offset + ADDRESSES, out.addresses, 0, addressBytes);
        if (out.version == VERSION_2) {
            out.authType = NetOrder.u8(b, offset + AUTH_TYPE);
            out.advertInterval = NetOrder.u8(b, offset + ADVER_INT_V2);
            if (ipv6) {
                java.util.Arrays.fill(out.authData, (byte) 0);
            } else {
                NetOrder.getBytes(b, offset + ADDRESSES + addressBytes, out.authData, 0, AUTH_DATA_BYTES);
            }
        } else {
            out.authType = AUTH_NONE;
            out.advertInterval = NetOrder.u16(b, offset + ADVER_INT_V3) & V3_INTERVAL_MASK;
            java.util.Arrays.fill(out.authData, (byte) 0);
        }
        if (out.type != TYPE_ADVERTISEMENT) {
            return ParseError.BAD_TYPE;
        }
        if (!checksumOk(b, offset, length, out.version, pseudoHeaderSum)) {
            return ParseError.BAD_CHECKSUM;
        }
        return ParseError.NONE;
    }

    /**
     * Verifies the checksum of a message: v2 over the message only, v3 with {@code pseudoHeaderSum} added
     * ({@link #SKIP_CHECKSUM}: not verified, true).
     */
    public static boolean checksumOk(ByteBuffer b, int offset, int length, int version, long pseudoHeaderSum) {
        if (version == VERSION_2) {
            return InetChecksum.finish(InetChecksum.add(0, b, offset, length)) == 0;
        }
        if (pseudoHeaderSum == SKIP_CHECKSUM) {
            return true;
        }
        return InetChecksum.finish(InetChecksum.add(pseudoHeaderSum, b, offset, length)) == 0;
    }
}
