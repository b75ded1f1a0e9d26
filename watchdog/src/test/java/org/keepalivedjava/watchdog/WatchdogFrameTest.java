package org.keepalivedjava.watchdog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class WatchdogFrameTest {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Hello #258: 'K' 'J' 'W' 'D', version 2, type 1, reserved 0, sequence 0x0102 big-endian. */
    private static final byte[] HELLO_258 = bytes(0x4b, 0x4a, 0x57, 0x44, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2);
    /** Ack of the largest sequence (unsigned 2^64-1 as a Java long is -1). */
    private static final byte[] ACK_MAX = bytes(0x4b, 0x4a, 0x57, 0x44, 2, 2, 0, 0,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

    @Test
    void encodesTheDocumentedBytes() {
        ByteBuffer buf = ByteBuffer.allocate(16);
        WatchdogFrame.encode(buf, 0, WatchdogFrame.TYPE_HELLO, 258);
        assertArrayEquals(HELLO_258, buf.array());
        WatchdogFrame.encode(buf, 0, WatchdogFrame.TYPE_ACK, -1L);
        assertArrayEquals(ACK_MAX, buf.array());
    }

    @Test
    void encodesAtAnOffsetWithoutTouchingPositionOrNeighbours() {
        ByteBuffer buf = ByteBuffer.allocate(20);
        buf.put(0, (byte) 0x55).put(19, (byte) 0x66).position(3);
        WatchdogFrame.encode(buf, 2, WatchdogFrame.TYPE_HELLO, 258);
        assertEquals(3, buf.position());
        assertEquals(0x55, buf.get(0));
        assertEquals(0x66, buf.get(19));
        byte[] middle = new byte[16];
        buf.get(2, middle);
        assertArrayEquals(HELLO_258, middle);
    }

    @Test
    void decodesTheDocumentedBytes() {
        ByteBuffer hello = ByteBuffer.wrap(HELLO_258);
        assertEquals(WatchdogFrame.Status.OK, WatchdogFrame.check(hello, 0));
        assertEquals(WatchdogFrame.TYPE_HELLO, WatchdogFrame.type(hello, 0));
        assertEquals(258, WatchdogFrame.sequence(hello, 0));
        ByteBuffer ack = ByteBuffer.wrap(ACK_MAX);
        assertEquals(WatchdogFrame.Status.OK, WatchdogFrame.check(ack, 0));
        assertEquals(WatchdogFrame.TYPE_ACK, WatchdogFrame.type(ack, 0));
        assertEquals(-1L, WatchdogFrame.sequence(ack, 0));
    }

    @Test
    void rejectsBadMagicVersionAndType() {
        byte[] magic = HELLO_258.clone();
        magic[3] = 0x45;
        assertEquals(WatchdogFrame.Status.BAD_MAGIC, WatchdogFrame.check(ByteBuffer.wrap(magic), 0));
        assertEquals("bad magic 0x4b4a5745",
                WatchdogFrame.describe(WatchdogFrame.Status.BAD_MAGIC, ByteBuffer.wrap(magic), 0));

        byte[] version = HELLO_258.clone();
        version[4] = 1;
        assertEquals(WatchdogFrame.Status.BAD_VERSION, WatchdogFrame.check(ByteBuffer.wrap(version), 0));
        assertEquals("unsupported version 1 (we speak 2)",
                WatchdogFrame.describe(WatchdogFrame.Status.BAD_VERSION, ByteBuffer.wrap(version), 0));

        for (int type : new int[] {0, 5, 0xff}) {
            byte[] bad = HELLO_258.clone();
            bad[5] = (byte) type;
            assertEquals(WatchdogFrame.Status.BAD_TYPE, WatchdogFrame.check(ByteBuffer.wrap(bad), 0), "type " + type);
        }
    }

    @Test
    void onlyTheStatusAnswerCarriesAPayload() {
        assertTrue(WatchdogFrame.hasPayload(WatchdogFrame.TYPE_STATUS));
        assertFalse(WatchdogFrame.hasPayload(WatchdogFrame.TYPE_STATUS_REQUEST));
        assertFalse(WatchdogFrame.hasPayload(WatchdogFrame.TYPE_HELLO));
        assertFalse(WatchdogFrame.hasPayload(WatchdogFrame.TYPE_ACK));
        byte[] request = HELLO_258.clone();
        request[5] = 3;
        assertEquals(WatchdogFrame.Status.OK, WatchdogFrame.check(ByteBuffer.wrap(request), 0));
    }

    @Test
    void ignoresReservedBitsForLaterVersions() {
        byte[] flagged = HELLO_258.clone();
        flagged[6] = (byte) 0x80;
        flagged[7] = 1;
        assertEquals(WatchdogFrame.Status.OK, WatchdogFrame.check(ByteBuffer.wrap(flagged), 0));
        assertEquals(258, WatchdogFrame.sequence(ByteBuffer.wrap(flagged), 0));
    }
}
