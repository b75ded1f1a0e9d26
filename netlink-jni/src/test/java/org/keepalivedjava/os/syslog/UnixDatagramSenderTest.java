package org.keepalivedjava.os.syslog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixDatagramSenderTest {

    @TempDir
    Path dir;

    private static byte[] receive(UnixDatagramChannel receiver) throws Exception {
        ByteBuffer in = ByteBuffer.allocate(2048);
        receiver.receive(in);
        in.flip();
        byte[] got = new byte[in.remaining()];
        in.get(got);
        return got;
    }

    @Test
    void deliversExactBytesAsOneDatagramEach() throws Exception {
        Path socket = dir.resolve("log");
        try (UnixDatagramChannel receiver = UnixDatagramChannel.open();
             UnixDatagramSender sender = new UnixDatagramSender(socket)) {
            receiver.bind(new UnixSocketAddress(socket.toFile()));
            byte[] first = "<30>Nov 21 13:00:40 Keepalived[42]: Starting".getBytes(StandardCharsets.UTF_8);
            byte[] second = "<156>Nov  1 01:02:03 Keepalived_vrrp[7]: two".getBytes(StandardCharsets.UTF_8);
            assertTrue(sender.send(ByteBuffer.wrap(first)));
            assertTrue(sender.send(ByteBuffer.wrap(second)));
            assertArrayEquals(first, receive(receiver));
            assertArrayEquals(second, receive(receiver));
            assertEquals(0, sender.dropped());
        }
    }

    @Test
    void missingSocketDropsWithoutThrowingAndRecoversWhenItAppears() throws Exception {
        Path socket = dir.resolve("late");
        try (UnixDatagramSender sender = new UnixDatagramSender(socket)) {
            assertFalse(sender.send(ByteBuffer.wrap(new byte[] {'x'})));
            assertEquals(1, sender.dropped());
            try (UnixDatagramChannel receiver = UnixDatagramChannel.open()) {
                receiver.bind(new UnixSocketAddress(socket.toFile()));
                assertTrue(sender.send(ByteBuffer.wrap(new byte[] {'y'})));
                assertArrayEquals(new byte[] {'y'}, receive(receiver));
            }
        }
    }

    @Test
    void fullReceiverDropsInsteadOfBlocking() throws Exception {
        Path socket = dir.resolve("full");
        try (UnixDatagramChannel receiver = UnixDatagramChannel.open();
             UnixDatagramSender sender = new UnixDatagramSender(socket)) {
            receiver.bind(new UnixSocketAddress(socket.toFile()));
            byte[] big = new byte[1024];
            // Nobody reads: the receive queue fills (net.unix.max_dgram_qlen, default 10-512) and sends are dropped.
            int attempts = 0;
            while (sender.dropped() == 0 && attempts < 100_000) {
                sender.send(ByteBuffer.wrap(big));
                attempts++;
            }
            assertTrue(sender.dropped() > 0, "a full receiver must make the sender drop, not block");
        }
    }
}
