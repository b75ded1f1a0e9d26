package org.keepalivedjava.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.IpAddress;

/**
 * The HMAC trailer against the two "appendix" vectors published in keepalived's own unit test of the extension
 * (key 00..1f, VRID 51, VRRPv3, IPv4 source 198.51.100.10 / IPv6 source fe80::10, timestamp 0x68000000.8000):
 * the format is checked against keepalived's source, not against a running keepalived (none here has it).
 */
class AuthHmacCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = new byte[32];
    /** 0x68000000 s and half a second: the vectors' timestamp. */
    private static final long VECTOR_TIME_NS = 0x68000000L * 1_000_000_000L + 500_000_000L;

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) i;
        }
    }

    private static final String V4_MESSAGE = "3133c80100644402c0000264";
    private static final String V4_TRAILER = "010100006800000080000000" + "1b84bc4e8e43892dc6d98448f8ee2265";
    private static final String V6_MESSAGE = "3133c8010064a2e9" + "fe800000000000000000000000000100";
    private static final String V6_TRAILER = "010100006800000080000000" + "c8c56146ebfd66ee10ec4d8186461b78";

    private long nowNs = VECTOR_TIME_NS;

    private AuthHmac auth(int windowSeconds) {
        return new AuthHmac(Map.of(1, KEY), 1, windowSeconds, () -> nowNs);
    }

    private static byte[] address(String a) {
        byte[] b = new byte[16];
        IpAddress.parse(a).copyTo(b);
        return b;
    }

    private static ByteBuffer image(String hex) {
        return ByteBuffer.wrap(HEX.parseHex(hex));
    }

    @Test
    void keepalivedsVectorsVerify() {
        assertEquals(AuthHmac.Result.OK, auth(0).verify(image(V4_MESSAGE + V4_TRAILER), 0, 12, 3, 51,
                address("198.51.100.10"), 4));
        assertEquals(AuthHmac.Result.OK, auth(0).verify(image(V6_MESSAGE + V6_TRAILER), 0, 24, 3, 51,
                address("fe80::10"), 16));
    }

    @Test
    void signingAtTheVectorsTimeGivesTheVectorsBytes() {
        for (String[] v : new String[][] {{V4_MESSAGE, V4_TRAILER, "198.51.100.10"},
                {V6_MESSAGE, V6_TRAILER, "fe80::10"}}) {
            int messageLength = v[0].length() / 2;
            ByteBuffer b = ByteBuffer.allocate(messageLength + AuthHmacCodec.TRAILER_BYTES);
            b.put(0, HEX.parseHex(v[0]));
            int sourceLength = v[2].contains(":") ? 16 : 4;
            int length = auth(5).sign(b, 0, messageLength, 3, 51, address(v[2]), sourceLength);
            assertEquals(messageLength + 28, length);
            byte[] out = new byte[length];
            b.get(0, out);
            assertEquals(v[0] + v[1], HEX.formatHex(out));
        }
    }

    @Test
    void everyTamperingIsCaughtExceptTheChecksum() {
        Object[][] cases = {
            {"priority", 2, AuthHmac.Result.BAD_HMAC},
            {"advert interval", 5, AuthHmac.Result.BAD_HMAC},
            {"checksum (left out of the HMAC)", 6, AuthHmac.Result.OK},
            {"address", 8 + 15, AuthHmac.Result.BAD_HMAC},
            {"ext type", 24, AuthHmac.Result.MALFORMED},
            {"key id", 25, AuthHmac.Result.UNKNOWN_KEY},
            {"reserved", 26, AuthHmac.Result.MALFORMED},
            {"seconds", 28, AuthHmac.Result.BAD_HMAC},
            {"counter", 34, AuthHmac.Result.BAD_HMAC},
            {"hmac", 36, AuthHmac.Result.BAD_HMAC},
        };
        for (Object[] c : cases) {
            byte[] bytes = HEX.parseHex(V6_MESSAGE + V6_TRAILER);
            bytes[(int) c[1]] ^= 1;
            assertEquals(c[2], auth(0).verify(ByteBuffer.wrap(bytes), 0, 24, 3, 51, address("fe80::10"), 16),
                    (String) c[0]);
        }
        assertEquals(AuthHmac.Result.BAD_HMAC, auth(0).verify(image(V6_MESSAGE + V6_TRAILER), 0, 24, 3, 51,
                address("fe80::20"), 16), "the source is bound in");
        assertEquals(AuthHmac.Result.BAD_HMAC, auth(0).verify(image(V6_MESSAGE + V6_TRAILER), 0, 24, 3, 52,
                address("fe80::10"), 16), "the VRID is bound in");
    }

    @Test
    void aReplayedAdvertIsRefusedAndASecondSenderHasItsOwnMark() {
        AuthHmac receiver = auth(0);
        ByteBuffer advert = image(V4_MESSAGE + V4_TRAILER);
        byte[] source = address("198.51.100.10");
        assertEquals(AuthHmac.Result.OK, receiver.verify(advert, 0, 12, 3, 51, source, 4));
        assertEquals(AuthHmac.Result.REPLAY, receiver.verify(advert, 0, 12, 3, 51, source, 4));

        AuthHmac sender = auth(5);
        ByteBuffer b = ByteBuffer.allocate(40);
        b.put(0, HEX.parseHex(V4_MESSAGE));
        sender.sign(b, 0, 12, 3, 51, source, 4);
        assertEquals(AuthHmac.Result.REPLAY, receiver.verify(b, 0, 12, 3, 51, source, 4),
                "same clock reading as the vector: not after it");
        sender.sign(b, 0, 12, 3, 51, source, 4); // the clock has not moved: counter + 1
        assertEquals(AuthHmac.Result.OK, receiver.verify(b, 0, 12, 3, 51, source, 4));
    }

    /** Five senders through four slots: the least recently seen loses its mark; one slot more and none does. */
    @Test
    void replayMarksAreEvictedLeastRecentlyUsedFirst() {
        byte[] key = KEY;
        AuthHmac small = new AuthHmac(Map.of(1, key), 1, 0, 4, () -> nowNs);
        AuthHmac large = new AuthHmac(Map.of(1, key), 1, 0, 6, () -> nowNs);
        ByteBuffer[] adverts = new ByteBuffer[5];
        byte[][] sources = new byte[5][];
        for (int i = 0; i < 5; i++) {
            sources[i] = address("192.0.2." + (10 + i));
            adverts[i] = ByteBuffer.allocate(40);
            adverts[i].put(0, HEX.parseHex(V4_MESSAGE));
            new AuthHmac(Map.of(1, key), 1, 0, () -> nowNs).sign(adverts[i], 0, 12, 3, 51, sources[i], 4);
            assertEquals(AuthHmac.Result.OK, small.verify(adverts[i], 0, 12, 3, 51, sources[i], 4));
            assertEquals(AuthHmac.Result.OK, large.verify(adverts[i], 0, 12, 3, 51, sources[i], 4));
        }
        assertEquals(AuthHmac.Result.OK, small.verify(adverts[0], 0, 12, 3, 51, sources[0], 4),
                "the first sender's mark was evicted by the fifth: its replay goes through once");
        assertEquals(AuthHmac.Result.REPLAY, large.verify(adverts[0], 0, 12, 3, 51, sources[0], 4));
    }

    @Test
    void aTimestampOutsideTheWindowIsStaleBeforeAnyDigest() {
        AuthHmac receiver = auth(5);
        ByteBuffer advert = image(V4_MESSAGE + V4_TRAILER);
        nowNs = VECTOR_TIME_NS + 6_000_000_000L;
        assertEquals(AuthHmac.Result.STALE, receiver.verify(advert, 0, 12, 3, 51, address("198.51.100.10"), 4));
        nowNs = VECTOR_TIME_NS - 6_000_000_000L;
        assertEquals(AuthHmac.Result.STALE, receiver.verify(advert, 0, 12, 3, 51, address("198.51.100.10"), 4));
        nowNs = VECTOR_TIME_NS + 4_000_000_000L;
        assertEquals(AuthHmac.Result.OK, receiver.verify(advert, 0, 12, 3, 51, address("198.51.100.10"), 4));
    }

    @Test
    void clockSequencePacksSecondsAndFraction() {
        assertEquals(0x68000000_8000_0000L, AuthHmacCodec.clockSequence(VECTOR_TIME_NS));
        assertEquals(0x68000000_0000_0000L, AuthHmacCodec.clockSequence(0x68000000L * 1_000_000_000L));
        assertEquals(true, AuthHmacCodec.after(0x0000_0001_0000_0000L, 0xffff_ffff_0000_0000L),
                "serial order across the wrap of the seconds");
    }
}
