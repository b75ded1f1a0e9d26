package org.keepalivedjava.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FrameReaderTest {
    /** Three frames back to back, as the stream would carry them. */
    private static byte[] stream() {
        ByteBuffer buf = ByteBuffer.allocate(48);
        WatchdogFrame.encode(buf, 0, WatchdogFrame.TYPE_HELLO, 1);
        WatchdogFrame.encode(buf, 16, WatchdogFrame.TYPE_ACK, 0x0102030405060708L);
        WatchdogFrame.encode(buf, 32, WatchdogFrame.TYPE_HELLO, 3);
        return buf.array();
    }

    private static List<String> readInChunks(byte[] data, int... cuts) {
        FrameReader reader = new FrameReader();
        List<String> frames = new ArrayList<>();
        int from = 0;
        int[] ends = new int[cuts.length + 1];
        System.arraycopy(cuts, 0, ends, 0, cuts.length);
        ends[cuts.length] = data.length;
        for (int end : ends) {
            ByteBuffer chunk = ByteBuffer.wrap(data, from, end - from);
            while (chunk.hasRemaining()) {
                if (reader.feed(chunk)) {
                    ByteBuffer f = reader.frame();
                    assertEquals(WatchdogFrame.Status.OK, WatchdogFrame.check(f, 0));
                    frames.add(WatchdogFrame.type(f, 0) + ":" + Long.toHexString(WatchdogFrame.sequence(f, 0)));
                    reader.reset();
                }
            }
            from = end;
        }
        assertEquals(0, reader.pendingBytes(), "no partial frame left over");
        return frames;
    }

    private static final List<String> EXPECTED = List.of("1:1", "2:102030405060708", "1:3");

    @Test
    void oneReadWithSeveralFrames() {
        assertEquals(EXPECTED, readInChunks(stream()));
    }

    @Test
    void everySingleSplitPoint() {
        byte[] data = stream();
        for (int cut = 0; cut <= data.length; cut++) {
            assertEquals(EXPECTED, readInChunks(data, cut), "cut at " + cut);
        }
    }

    @Test
    void everyPairOfSplitPoints() {
        byte[] data = stream();
        for (int a = 0; a <= data.length; a++) {
            for (int b = a; b <= data.length; b++) {
                assertEquals(EXPECTED, readInChunks(data, a, b), "cuts at " + a + ", " + b);
            }
        }
    }

    @Test
    void byteByByte() {
        byte[] data = stream();
        int[] cuts = new int[data.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertEquals(EXPECTED, readInChunks(data, cuts));
    }

    @Test
    void partialFrameIsNotComplete() {
        FrameReader reader = new FrameReader();
        ByteBuffer part = ByteBuffer.wrap(stream(), 0, 15);
        assertFalse(reader.feed(part));
        assertEquals(15, reader.pendingBytes());
        assertFalse(part.hasRemaining());
        assertTrue(reader.feed(ByteBuffer.wrap(stream(), 15, 1)));
    }

    @Test
    void leavesTheNextFrameInTheSource() {
        FrameReader reader = new FrameReader();
        ByteBuffer all = ByteBuffer.wrap(stream());
        assertTrue(reader.feed(all));
        assertEquals(16, all.position());
    }

    /** A hello, a status answer with a 5-byte payload, an empty status answer, an ack. */
    private static byte[] streamWithPayloads() {
        byte[] text = "a=1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(16 + 16 + 4 + text.length + 1 + 16 + 4 + 16);
        WatchdogFrame.encode(buf, 0, WatchdogFrame.TYPE_HELLO, 1);
        WatchdogFrame.encode(buf, 16, WatchdogFrame.TYPE_STATUS, 7);
        buf.putInt(32, text.length + 1);
        buf.put(36, text);
        buf.put(36 + text.length, (byte) '!');
        int next = 36 + text.length + 1;
        WatchdogFrame.encode(buf, next, WatchdogFrame.TYPE_STATUS, 8);
        buf.putInt(next + 16, 0);
        WatchdogFrame.encode(buf, next + 20, WatchdogFrame.TYPE_ACK, 9);
        return buf.array();
    }

    private static List<String> readWithPayloads(byte[] data, int cut) {
        FrameReader reader = new FrameReader();
        List<String> frames = new ArrayList<>();
        for (ByteBuffer chunk : new ByteBuffer[] {ByteBuffer.wrap(data, 0, cut), ByteBuffer.wrap(data, cut, data.length - cut)}) {
            while (chunk.hasRemaining()) {
                if (reader.feed(chunk)) {
                    ByteBuffer p = reader.payload();
                    String body = p == null ? "-" : java.nio.charset.StandardCharsets.US_ASCII.decode(p).toString();
                    frames.add(WatchdogFrame.type(reader.frame(), 0) + ":" + WatchdogFrame.sequence(reader.frame(), 0)
                            + ":" + body);
                    reader.reset();
                }
            }
        }
        assertEquals(0, reader.pendingBytes());
        return frames;
    }

    @Test
    void payloadsSplitAtEveryOffset() {
        byte[] data = streamWithPayloads();
        List<String> expected = List.of("1:1:-", "4:7:a=1\n!", "4:8:", "2:9:-");
        for (int cut = 0; cut <= data.length; cut++) {
            assertEquals(expected, readWithPayloads(data, cut), "cut at " + cut);
        }
    }

    @Test
    void aPayloadOverTheLimitIsReportedNotAllocated() {
        ByteBuffer buf = ByteBuffer.allocate(20);
        WatchdogFrame.encode(buf, 0, WatchdogFrame.TYPE_STATUS, 1);
        buf.putInt(16, WatchdogFrame.MAX_PAYLOAD_BYTES + 1);
        FrameReader reader = new FrameReader();
        assertTrue(reader.feed(buf));
        assertTrue(reader.payloadTooLong());
        assertEquals(null, reader.payload());
        reader.reset();
        assertFalse(reader.payloadTooLong());
    }
}
