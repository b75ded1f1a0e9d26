package org.keepalivedjava.os.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.check.IcmpEchoCodec.MalformedIcmpException;

/** Byte vectors computed with an independent reference (a 6-line Python RFC 1071 sum), plus round trips. */
class IcmpEchoCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ByteBuffer PAYLOAD = ByteBuffer.wrap("abcde".getBytes(StandardCharsets.US_ASCII));

    private static byte[] bytes(ByteBuffer b, int length) {
        byte[] out = new byte[length];
        b.get(0, out);
        return out;
    }

    @Test
    void encodesAnIcmpv4EchoRequestWithItsChecksum() {
        ByteBuffer out = ByteBuffer.allocate(64);
        int n = IcmpEchoCodec.encodeRequest(out, false, 0x1234, 1, PAYLOAD.duplicate());
        assertEquals(13, n);
        assertEquals(13, out.position());
        assertArrayEquals(HEX.parseHex("0800bc03123400016162636465"), bytes(out, n));
        assertEquals(0, PAYLOAD.position(), "the payload is not consumed");
    }

    @Test
    void encodesAnIcmpv6EchoRequestLeavingTheChecksumToTheKernel() {
        ByteBuffer out = ByteBuffer.allocate(64);
        int n = IcmpEchoCodec.encodeRequest(out, true, 0xbeef, 0x0102, PAYLOAD.duplicate());
        assertArrayEquals(HEX.parseHex("80000000beef01026162636465"), bytes(out, n));
    }

    @Test
    void decodesAnIcmpv4EchoReply() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("0000c403123400016162636465"));
        IcmpEcho echo = IcmpEchoCodec.decode(in, false);
        assertEquals(new IcmpEcho(0, 0x1234, 1, 8, 5), echo);
        assertTrue(echo.isReply());
        assertEquals(0, in.position(), "decode does not move the position");
    }

    @Test
    void decodesAnIcmpv6EchoReplyAtAnOffset() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("ffff" + "81007777beef0102" + "6162"));
        in.position(2);
        IcmpEcho echo = IcmpEchoCodec.decode(in, true);
        assertEquals(new IcmpEcho(129, 0xbeef, 0x0102, 10, 2), echo);
    }

    @Test
    void rejectsMalformedMessages() {
        assertEquals("ICMP message of 7 bytes, shorter than its 8-byte header",
                assertThrows(MalformedIcmpException.class,
                        () -> IcmpEchoCodec.decode(ByteBuffer.wrap(HEX.parseHex("00000000123400")), false)).getMessage());
        assertEquals("bad ICMP checksum 0xc404", assertThrows(MalformedIcmpException.class,
                () -> IcmpEchoCodec.decode(ByteBuffer.wrap(HEX.parseHex("0000c404123400016162636465")), false)).getMessage());
        // destination unreachable (3) is not an echo
        assertEquals("ICMP type 3 is not an echo", assertThrows(MalformedIcmpException.class,
                () -> IcmpEchoCodec.decode(ByteBuffer.wrap(HEX.parseHex("0303fcfc00000000")), false)).getMessage());
        // an ICMPv4 echo reply is not an ICMPv6 one
        assertEquals("ICMPv6 type 0 is not an echo", assertThrows(MalformedIcmpException.class,
                () -> IcmpEchoCodec.decode(ByteBuffer.wrap(HEX.parseHex("0000c403123400016162636465")), true)).getMessage());
        assertEquals("echo with code 1 (must be 0)", assertThrows(MalformedIcmpException.class,
                () -> IcmpEchoCodec.decode(ByteBuffer.wrap(HEX.parseHex("81010000beef0102")), true)).getMessage());
    }

    @Test
    void rfc1071Example() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (after the end-around carry); checksum = ~ddf2.
        assertEquals(0x220d, IcmpEchoCodec.internetChecksum(ByteBuffer.wrap(HEX.parseHex("0001f203f4f5f6f7")), 0, 8));
    }

    @Test
    void checksumOfAnOddLengthPadsWithZero() {
        assertEquals(IcmpEchoCodec.internetChecksum(ByteBuffer.wrap(HEX.parseHex("abcdef00")), 0, 4),
                IcmpEchoCodec.internetChecksum(ByteBuffer.wrap(HEX.parseHex("abcdef")), 0, 3));
    }

    @Test
    void randomRequestsRoundTripAndVerify() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[random.nextInt(100)];
            random.nextBytes(data);
            int id = random.nextInt(65536);
            int seq = random.nextInt(65536);
            ByteBuffer out = ByteBuffer.allocate(200);
            int n = IcmpEchoCodec.encodeRequest(out, false, id, seq, ByteBuffer.wrap(data));
            out.flip();
            IcmpEcho echo = IcmpEchoCodec.decode(out, false);
            assertEquals(new IcmpEcho(8, id, seq, 8, data.length), echo);
            assertFalse(echo.isReply());
            byte[] back = new byte[data.length];
            out.get(8, back);
            assertArrayEquals(data, back);
            assertEquals(n, out.limit());
        }
    }

    @Test
    void aMessageThatDoesNotFitIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> IcmpEchoCodec.encodeRequest(ByteBuffer.allocate(12), false, 1, 1, PAYLOAD.duplicate()));
    }
}
