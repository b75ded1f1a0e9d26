package org.keepalivedjava.os.inet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;

class InetChecksumTest {
    private static final int ETH = Captures.ETHERNET_BYTES;

    /**
     * The reference: RFC 1071 §4.1's loop written differently, one's complement addition with the end-around carry
     * applied after every word, over an explicit byte array (pseudo-headers are built as real bytes and prepended).
     */
    static int reference(byte[] data) {
        int sum = 0;
        for (int i = 0; i < data.length; i += 2) {
            int word = (data[i] & 0xff) << 8 | (i + 1 < data.length ? data[i + 1] & 0xff : 0);
            sum += word;
            if (sum > 0xffff) {
                sum = (sum & 0xffff) + 1;
            }
        }
        return ~sum & 0xffff;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] slice(byte[] b, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(b, from, out, 0, length);
        return out;
    }

    static byte[] ipv4Pseudo(byte[] src, byte[] dst, int proto, int length) {
        return concat(src, dst, new byte[] {0, (byte) proto, (byte) (length >> 8), (byte) length});
    }

    static byte[] ipv6Pseudo(byte[] src, byte[] dst, int next, int length) {
        return concat(src, dst, new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                (byte) length, 0, 0, 0, (byte) next});
    }

    @Test
    void matchesTheReferenceOnRandomDataOfEveryLengthAndOffset() {
        Random random = new Random(1071);
        for (int length = 0; length < 300; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            int offset = random.nextInt(2) * 2; // messages start on a word boundary of the buffer
            ByteBuffer b = ByteBuffer.allocate(length + 4);
            for (int i = 0; i < length; i++) {
                b.put(offset + i, data[i]);
            }
            assertEquals(reference(data), InetChecksum.checksum(b, offset, length), "length " + length);
        }
    }

    @Test
    void allOnesDataFoldsManyCarries() {
        byte[] data = new byte[65536];
        java.util.Arrays.fill(data, (byte) 0xff);
        assertEquals(reference(data), InetChecksum.checksum(ByteBuffer.wrap(data), 0, data.length));
        assertEquals(0, InetChecksum.checksum(ByteBuffer.wrap(data), 0, data.length));
    }

    @Test
    void rfc1071ExampleSum() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (complement 220d).
        ByteBuffer b = Hex.buffer("0001 f203 f4f5 f6f7");
        assertEquals(0xddf2, InetChecksum.fold(InetChecksum.add(0, b, 0, 8)));
        assertEquals(0x220d, InetChecksum.checksum(b, 0, 8));
    }

    @Test
    void capturedIpv4HeaderChecksumsVerifyAndRecompute() {
        for (String frame : new String[] {Captures.V2_NOAUTH, Captures.V3_V4, Captures.V3_UNICAST, Captures.V2_PRIO0}) {
            ByteBuffer b = Hex.buffer(frame);
            int captured = NetOrder.u16(b, ETH + Ipv4Header.CHECKSUM);
            assertEquals(0, InetChecksum.checksum(b, ETH, Ipv4Header.BYTES), "a valid header sums to zero");
            NetOrder.putU16(b, ETH + Ipv4Header.CHECKSUM, 0);
            assertEquals(captured, InetChecksum.checksum(b, ETH, Ipv4Header.BYTES));
            assertEquals(captured, reference(slice(b.array(), ETH, Ipv4Header.BYTES)));
        }
    }

    @Test
    void vrrpV2ChecksumCoversTheMessageOnly() {
        ByteBuffer b = Hex.buffer(Captures.V2_NOAUTH);
        int vrrp = ETH + Ipv4Header.BYTES;
        NetOrder.putU16(b, vrrp + 6, 0);
        assertEquals(0x8665, InetChecksum.checksum(b, vrrp, 20));
        ByteBuffer prio0 = Hex.buffer(Captures.V2_PRIO0);
        NetOrder.putU16(prio0, vrrp + 6, 0);
        assertEquals(0x1c66, InetChecksum.checksum(prio0, vrrp, 20));
    }

    @Test
    void vrrpV3OverIpv4IncludesThePseudoHeader() {
        checkV3V4(Captures.V3_V4, 0xd371);
        checkV3V4(Captures.V3_UNICAST, 0xf181);
        // Without the pseudo-header it would be 7602 (ANNOTATED.txt): what a v3_checksum_as_v2 peer sends.
        ByteBuffer b = Hex.buffer(Captures.V3_V4);
        NetOrder.putU16(b, ETH + Ipv4Header.BYTES + 6, 0);
        assertEquals(0x7602, InetChecksum.checksum(b, ETH + Ipv4Header.BYTES, 12));
    }

    private static void checkV3V4(String frame, int expected) {
        ByteBuffer b = Hex.buffer(frame);
        int ip = ETH;
        int vrrp = ETH + Ipv4Header.BYTES;
        int length = 12;
        NetOrder.putU16(b, vrrp + 6, 0);
        long sum = InetChecksum.ipv4PseudoHeader(Ipv4Header.source(b, ip), Ipv4Header.destination(b, ip),
                InetConsts.IPPROTO_VRRP, length);
        assertEquals(expected, InetChecksum.finish(InetChecksum.add(sum, b, vrrp, length)));
        byte[] bytes = b.array();
        assertEquals(expected, reference(concat(
                ipv4Pseudo(slice(bytes, ip + 12, 4), slice(bytes, ip + 16, 4), 112, length), slice(bytes, vrrp, length))));
    }

    @Test
    void vrrpV3OverIpv6IncludesTheIpv6PseudoHeader() {
        ByteBuffer b = Hex.buffer(Captures.V3_V6);
        int ip = ETH;
        int vrrp = ETH + Ipv6Header.BYTES;
        int length = Ipv6Header.payloadLength(b, ip);
        assertEquals(40, length);
        NetOrder.putU16(b, vrrp + 6, 0);
        long sum = Ipv6Header.pseudoHeaderSum(b, ip);
        assertEquals(0xac3c, InetChecksum.finish(InetChecksum.add(sum, b, vrrp, length)));
        byte[] bytes = b.array();
        assertEquals(0xac3c, reference(concat(ipv6Pseudo(slice(bytes, ip + 8, 16), slice(bytes, ip + 24, 16), 112, length),
                slice(bytes, vrrp, length))));
        // The same through the array form of the pseudo-header.
        long sum2 = InetChecksum.ipv6PseudoHeader(slice(bytes, ip + 8, 16), slice(bytes, ip + 24, 16), 112, length);
        assertEquals(0xac3c, InetChecksum.finish(InetChecksum.add(sum2, b, vrrp, length)));
    }

    @Test
    void icmpv6NeighbourAdvertChecksums() {
        for (String frame : new String[] {Captures.NA_LINK_LOCAL, Captures.NA_GLOBAL}) {
            ByteBuffer b = Hex.buffer(frame);
            int ip = ETH;
            int icmp = ETH + Ipv6Header.BYTES;
            int captured = NetOrder.u16(b, icmp + 2);
            long pseudo = Ipv6Header.pseudoHeaderSum(b, ip);
            assertEquals(0, InetChecksum.finish(InetChecksum.add(pseudo, b, icmp, 32)), "verifies as received");
            NetOrder.putU16(b, icmp + 2, 0);
            assertEquals(captured, InetChecksum.finish(InetChecksum.add(pseudo, b, icmp, 32)));
        }
    }
}
