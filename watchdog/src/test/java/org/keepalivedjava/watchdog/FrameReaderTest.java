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
}
