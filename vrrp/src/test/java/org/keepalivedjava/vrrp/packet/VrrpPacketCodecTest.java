package org.keepalivedjava.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.vrrp.packet.Captured.buffer;
import static org.keepalivedjava.vrrp.packet.Captured.hex;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keepalivedjava.os.inet.IpAddress;

class VrrpPacketCodecTest {
    private static final IpAddress KL1 = IpAddress.parse("192.0.2.1");
    private static final IpAddress KL2 = IpAddress.parse("192.0.2.2");
    private static final IpAddress GROUP4 = IpAddress.VRRP_MULTICAST_V4;
    private static final IpAddress KL1_V6 = IpAddress.parse("fe80::5eff:fec0:201");
    private static final IpAddress GROUP6 = IpAddress.VRRP_MULTICAST_V6;
    private static final List<IpAddress> VIP4 = List.of(IpAddress.parse("192.0.2.100"));
    private static final List<IpAddress> VIP6 = List.of(IpAddress.parse("fe80::100"), IpAddress.parse("2001:db8::100"));

    private static long pseudo4(IpAddress src, IpAddress dst, int length) {
        return VrrpPacketCodec.pseudoHeaderV4(src.v4(), dst.v4(), length);
    }

    private static long pseudo6(IpAddress src, IpAddress dst, int length) {
        byte[] s = new byte[16];
        byte[] d = new byte[16];
        src.copyTo(s);
        dst.copyTo(d);
        return VrrpPacketCodec.pseudoHeaderV6(s, d, length);
    }

    private static VrrpAdvert v2(int priority, int authType, byte[] auth) {
        return new VrrpAdvert().version(2).type(1).vrid(51).priority(priority).advertIntervalRaw(1)
                .auth(authType, auth).addresses(false, VIP4);
    }

    private static VrrpAdvert v3(boolean ipv6, int priority) {
        return new VrrpAdvert().version(3).type(1).vrid(51).priority(priority).advertIntervalRaw(100)
                .addresses(ipv6, ipv6 ? VIP6 : VIP4);
    }

    private static String encode(VrrpAdvert a, long pseudo) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        int n = VrrpPacketCodec.encode(b, 3, a, pseudo);
        return hex(b, 3, n);
    }

    // ---------------------------------------------------------------- encoding is byte-exact with keepalived

    @Test
    void encodesKeepalivedsV2Adverts() {
        assertEquals(Captured.V2_NOAUTH, encode(v2(150, 0, null), 0));
        assertEquals(Captured.V2_PASS, encode(v2(150, 1, "secret1".getBytes()), 0));
        assertEquals(Captured.V2_PRIO0, encode(v2(0, 0, null), 0));
        // a pseudo-header sum never affects v2 (RFC 3768 §5.3.8: over the VRRP message only)
        assertEquals(Captured.V2_NOAUTH, encode(v2(150, 0, null), pseudo4(KL1, GROUP4, 20)));
    }

    @Test
    void encodesKeepalivedsV3Ipv4AdvertsWithThePseudoHeader() {
        assertEquals(Captured.V3_V4, encode(v3(false, 150), pseudo4(KL1, GROUP4, 12)));
        assertEquals(Captured.V3_V4_UNICAST, encode(v3(false, 150), pseudo4(KL1, KL2, 12)));
        // ANNOTATED.txt: without the pseudo-header the checksum would be 7602 (v3_checksum_as_v2 peers)
        assertEquals("3133 9601 0064 7602 c000 0264", encode(v3(false, 150), VrrpPacketCodec.NO_PSEUDO_HEADER));
    }

    @Test
    void encodesKeepalivedsV3Ipv6Advert() {
        assertEquals(Captured.V3_V6, encode(v3(true, 150), pseudo6(KL1_V6, GROUP6, 40)));
    }

    @Test
    void encodeStoresTheChecksumAndReturnsTheLength() {
        VrrpAdvert a = v3(false, 150);
        ByteBuffer b = ByteBuffer.allocate(64);
        assertEquals(12, VrrpPacketCodec.encode(b, 0, a, pseudo4(KL1, GROUP4, 12)));
        assertEquals(0xd371, a.checksum());
        assertEquals(20, VrrpPacketCodec.length(2, false, 1));
        assertEquals(12, VrrpPacketCodec.length(3, false, 1));
        assertEquals(40, VrrpPacketCodec.length(3, true, 2));
        assertEquals(8 + 255 * 16, VrrpPacketCodec.length(3, true, 255));
    }

    // ---------------------------------------------------------------- decoding the captures

    @Test
    void decodesV2NoAuth() {
        VrrpAdvert a = new VrrpAdvert();
        ByteBuffer b = buffer(Captured.V2_NOAUTH, 20);
        assertEquals(ParseError.NONE, VrrpPacketCodec.decode(b, 20, 20, false, 0, a));
        assertEquals(2, a.version());
        assertEquals(1, a.type());
        assertEquals(51, a.vrid());
        assertEquals(150, a.priority());
        assertEquals(1, a.addressCount());
        assertEquals(0, a.authType());
        assertEquals(1, a.advertIntervalRaw());
        assertEquals(1_000_000, a.advertIntervalUs());
        assertEquals(0x8665, a.checksum());
        assertEquals(IpAddress.parse("192.0.2.100"), a.address(0));
        assertTrue(a.containsAddress(IpAddress.parse("192.0.2.100")));
        assertFalse(a.containsAddress(IpAddress.parse("192.0.2.101")));
        assertTrue(a.authDataEquals(new byte[8]));
    }

    @Test
    void decodesV2PassAndPriorityZero() {
        VrrpAdvert a = new VrrpAdvert();
        assertEquals(ParseError.NONE, VrrpPacketCodec.decode(buffer(Captured.V2_PASS, 0), 0, 20, false, 0, a));
        assertEquals(1, a.authType());
        assertTrue(a.authDataEquals(new byte[] {'s', 'e', 'c', 'r', 'e', 't', '1', 0}));
        assertFalse(a.authDataEquals(new byte[] {'s', 'e', 'c', 'r', 'e', 't', '2', 0}));
        assertEquals(ParseError.NONE, VrrpPacketCodec.decode(buffer(Captured.V2_PRIO0, 0), 0, 20, false, 0, a));
        assertEquals(0, a.priority());
    }

    @Test
    void decodesV3Ipv4MulticastAndUnicastWithTheirPseudoHeaders() {
        VrrpAdvert a = new VrrpAdvert();
        assertEquals(ParseError.NONE,
                VrrpPacketCodec.decode(buffer(Captured.V3_V4, 0), 0, 12, false, pseudo4(KL1, GROUP4, 12), a));
        assertEquals(3, a.version());
        assertEquals(100, a.advertIntervalRaw());
        assertEquals(1_000_000, a.advertIntervalUs());
        assertEquals(ParseError.NONE, VrrpPacketCodec.decode(buffer(Captured.V3_V4_UNICAST, 0), 0, 12, false,
                pseudo4(KL1, KL2, 12), a));
        // the multicast capture does not verify against the unicast pseudo-header, nor without one
        assertEquals(ParseError.BAD_CHECKSUM,
                VrrpPacketCodec.decode(buffer(Captured.V3_V4, 0), 0, 12, false, pseudo4(KL1, KL2, 12), a));
        assertEquals(ParseError.BAD_CHECKSUM, VrrpPacketCodec.decode(buffer(Captured.V3_V4, 0), 0, 12, false,
                VrrpPacketCodec.NO_PSEUDO_HEADER, a));
        assertEquals(ParseError.NONE, VrrpPacketCodec.decode(buffer(Captured.V3_V4, 0), 0, 12, false,
                VrrpPacketCodec.SKIP_CHECKSUM, a));
    }

    @Test
    void decodesV3Ipv6() {
        VrrpAdvert a = new VrrpAdvert();
        ByteBuffer b = buffer(Captured.V3_V6, 0);
        assertEquals(ParseError.NONE, VrrpPacketCodec.decode(b, 0, 40, true, pseudo6(KL1_V6, GROUP6, 40), a));
        assertEquals(2, a.addressCount());
        assertEquals(IpAddress.parse("fe80::100"), a.address(0));
        assertEquals(IpAddress.parse("2001:db8::100"), a.address(1));
        assertTrue(a.addressIs(1, IpAddress.parse("2001:db8::100")));
        assertFalse(a.addressIs(1, IpAddress.parse("192.0.2.100")));
        assertEquals(0xac3c, a.checksum());
        assertEquals(ParseError.NONE, VrrpPacketCodec.decode(b, 0, 40, true, VrrpPacketCodec.SKIP_CHECKSUM, a));
        assertEquals(ParseError.BAD_CHECKSUM, VrrpPacketCodec.decode(b, 0, 40, true, pseudo6(KL1_V6, KL1_V6, 40), a));
    }

    // ---------------------------------------------------------------- every ParseError

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7})
    void tooShort(int length) {
        VrrpAdvert a = new VrrpAdvert();
        assertEquals(ParseError.TOO_SHORT, VrrpPacketCodec.decode(buffer(Captured.V2_NOAUTH, 0), 0, length, false, 0, a));
        assertEquals(-1, VrrpPacketCodec.vrid(buffer(Captured.V2_NOAUTH, 0), 0, length));
    }

    @Test
    void vridIsReadableFromEightBytes() {
        assertEquals(-1, VrrpPacketCodec.vrid(buffer(Captured.V2_NOAUTH, 0), 0, 7));
        assertEquals(51, VrrpPacketCodec.vrid(buffer(Captured.V2_NOAUTH, 0), 0, 8));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 15})
    void badVersion(int version) {
        ByteBuffer b = buffer(Captured.V2_NOAUTH, 0);
        b.put(0, (byte) (version << 4 | 1));
        VrrpAdvert a = new VrrpAdvert();
        assertEquals(ParseError.BAD_VERSION, VrrpPacketCodec.decode(b, 0, 20, false, 0, a));
        assertEquals(version, a.version());
        assertEquals(51, a.vrid());
    }

    @Test
    void badLength() {
        VrrpAdvert a = new VrrpAdvert();
        ByteBuffer b = buffer(Captured.V2_NOAUTH, 0);
        assertEquals(ParseError.BAD_LENGTH, VrrpPacketCodec.decode(b, 0, 19, false, 0, a));
        assertEquals(ParseError.BAD_LENGTH, VrrpPacketCodec.decode(b, 0, 21, false, 0, a));
        // the same bytes read as IPv6 (no auth data, 16-byte addresses) do not add up
        assertEquals(ParseError.BAD_LENGTH, VrrpPacketCodec.decode(b, 0, 20, true, 0, a));
        // count says 2 addresses but the message has room for 1
        b.put(3, (byte) 2);
        assertEquals(ParseError.BAD_LENGTH, VrrpPacketCodec.decode(b, 0, 20, false, 0, a));
        // v3 message one address short
        assertEquals(ParseError.BAD_LENGTH,
                VrrpPacketCodec.decode(buffer(Captured.V3_V6, 0), 0, 24, true, VrrpPacketCodec.SKIP_CHECKSUM, a));
    }

    @Test
    void badTypeStillFillsTheFields() {
        ByteBuffer b = buffer(Captured.V2_PASS, 0);
        b.put(0, (byte) 0x22);
        VrrpAdvert a = new VrrpAdvert();
        assertEquals(ParseError.BAD_TYPE, VrrpPacketCodec.decode(b, 0, 20, false, 0, a));
        assertEquals(2, a.type());
        assertEquals(150, a.priority());
        assertEquals(1, a.authType());
        assertEquals(IpAddress.parse("192.0.2.100"), a.address(0));
    }

    @Test
    void everyFlippedBitIsABadChecksumOrWorse() {
        VrrpAdvert a = new VrrpAdvert();
        for (int bit = 0; bit < 20 * 8; bit++) {
            ByteBuffer b = buffer(Captured.V2_NOAUTH, 0);
            b.put(bit / 8, (byte) (b.get(bit / 8) ^ (1 << (bit % 8))));
            ParseError e = VrrpPacketCodec.decode(b, 0, 20, false, 0, a);
            assertTrue(e != ParseError.NONE, "bit " + bit);
            if (bit >= 8) { // past version/type/vrid/prio/count nothing else can be wrong
                assertEquals(bit / 8 == 3 ? ParseError.BAD_LENGTH : ParseError.BAD_CHECKSUM, e, "bit " + bit);
            }
        }
    }

    // ---------------------------------------------------------------- round trips and a reference checksum

    @Test
    void roundTripsAcrossVersionsFamiliesAndCounts() {
        Random r = new Random(5798);
        ByteBuffer b = ByteBuffer.allocate(8 + 255 * 16 + 16).order(ByteOrder.nativeOrder());
        VrrpAdvert back = new VrrpAdvert();
        for (int round = 0; round < 500; round++) {
            int version = 2 + r.nextInt(2);
            boolean ipv6 = version == 3 && r.nextBoolean();
            int count = r.nextInt(round % 50 == 0 ? 256 : 8);
            List<IpAddress> addrs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] raw = new byte[ipv6 ? 16 : 4];
                r.nextBytes(raw);
                addrs.add(IpAddress.of(raw));
            }
            byte[] auth = new byte[8];
            r.nextBytes(auth);
            VrrpAdvert a = new VrrpAdvert().version(version).type(1).vrid(1 + r.nextInt(255))
                    .priority(r.nextInt(256)).advertIntervalRaw(version == 2 ? 1 + r.nextInt(255) : r.nextInt(4096))
                    .auth(version == 2 ? r.nextInt(3) : 0, version == 2 && !ipv6 ? auth : null)
                    .addresses(ipv6, addrs);
            long pseudo = version == 2 ? 0 : ipv6 ? pseudo6(KL1_V6, GROUP6, VrrpPacketCodec.length(3, true, count))
                    : pseudo4(KL1, GROUP4, VrrpPacketCodec.length(3, false, count));
            int offset = r.nextInt(16);
            int n = VrrpPacketCodec.encode(b, offset, a, pseudo);
            assertEquals(referenceChecksum(b, offset, n, version == 2 ? 0 : pseudo), 0, "checksum verifies");
            assertEquals(ParseError.NONE, VrrpPacketCodec.decode(b, offset, n, ipv6, pseudo, back), a.toString());
            assertEquals(a.toString(), back.toString());
            assertEquals(a.checksum(), back.checksum());
            for (int i = 0; i < count; i++) {
                assertEquals(addrs.get(i), back.address(i));
            }
            if (version == 2 && !ipv6) {
                assertTrue(back.authDataEquals(auth));
            }
        }
    }

    /** RFC 1071 written independently: sum 16-bit words into an int, fold, complement. */
    private static int referenceChecksum(ByteBuffer b, int offset, int length, long pseudo) {
        long sum = pseudo;
        for (int i = 0; i < length; i += 2) {
            int hi = b.get(offset + i) & 0xff;
            int lo = i + 1 < length ? b.get(offset + i + 1) & 0xff : 0;
            sum += hi * 256 + lo;
        }
        while (sum > 0xffff) {
            sum = (sum >> 16) + (sum & 0xffff);
        }
        return (int) (~sum & 0xffff);
    }

    @Test
    void v3ReservedBitsAreIgnoredOnReceive() {
        ByteBuffer b = buffer(Captured.V3_V4, 0);
        // set the 4 reserved bits and compensate the checksum so only the reserved bits differ
        VrrpAdvert a = new VrrpAdvert();
        b.put(4, (byte) 0xf0);
        int csum = ((b.get(6) & 0xff) << 8 | (b.get(7) & 0xff));
        long s = (~csum & 0xffff) + (~0x0064 & 0xffff) + 0xf064;
        while (s > 0xffff) {
            s = (s >> 16) + (s & 0xffff);
        }
        int fixed = (int) (~s & 0xffff);
        b.put(6, (byte) (fixed >> 8));
        b.put(7, (byte) fixed);
        assertEquals(ParseError.NONE, VrrpPacketCodec.decode(b, 0, 12, false, pseudo4(KL1, GROUP4, 12), a));
        assertEquals(100, a.advertIntervalRaw());
    }
}
