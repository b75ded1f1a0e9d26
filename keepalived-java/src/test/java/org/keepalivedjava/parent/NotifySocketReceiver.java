package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * systemd's side of sd_notify for tests: a bound Unix datagram socket (a path, or an abstract name given with
 * '@') that hands back each datagram as a string. Waits are hang guards only.
 */
public final class NotifySocketReceiver implements AutoCloseable {
    static final long HANG_GUARD_MS = 30_000;

    private final UnixDatagramChannel channel;
    private final String name;

    /** @param name what NOTIFY_SOCKET will say: a file path, or "@name" for the abstract namespace */
    public NotifySocketReceiver(String name) throws IOException {
        this.name = name;
        channel = UnixDatagramChannel.open();
        channel.bind(new UnixSocketAddress(SystemdNotifier.kernelPath(name)));
        channel.configureBlocking(false);
    }

    public String name() {
        return name;
    }

    /** The next datagram (hang guard {@link #HANG_GUARD_MS}). */
    public String next() throws IOException, InterruptedException {
        return next(HANG_GUARD_MS);
    }

    /** The next datagram within {@code ms}, or null. */
    public String next(long ms) throws IOException, InterruptedException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        long giveUp = System.nanoTime() + ms * 1_000_000L;
        while (System.nanoTime() - giveUp < 0) {
            if (receive(buffer)) {
                buffer.flip();
                return StandardCharsets.UTF_8.decode(buffer).toString();
            }
            Thread.sleep(5);
        }
        return null;
    }

    /** jnr's non-blocking receive throws EAGAIN ("Resource temporarily unavailable") rather than return null. */
    private boolean receive(ByteBuffer buffer) throws IOException {
        try {
            return channel.receive(buffer) != null && buffer.position() > 0;
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("temporarily unavailable")) {
                return false;
            }
            throw e;
        }
    }

    /** Fails the test unless the next datagram comes and is exactly {@code expected}. */
    public void expect(String expected) throws IOException, InterruptedException {
        String got = next();
        if (!expected.equals(got)) {
            fail("expected notification '" + expected + "', got '" + got + "'");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
