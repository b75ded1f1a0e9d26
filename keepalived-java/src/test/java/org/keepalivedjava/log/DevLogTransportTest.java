package org.keepalivedjava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logger through the real Unix datagram path to a socket we bind, checking the exact bytes received. */
class DevLogTransportTest {
    @TempDir
    Path dir;

    @Test
    void loggerDeliversGlibcShapedDatagramToTheSocket() throws Exception {
        Path socket = dir.resolve("log");
        try (UnixDatagramChannel receiver = UnixDatagramChannel.open()) {
            receiver.bind(new UnixSocketAddress(socket.toFile()));
            Clock clock = Clock.fixed(Instant.parse("2026-03-07T08:09:10Z"), ZoneOffset.UTC);
            try (Logger log = new Logger(new Logger.Settings(Ident.CHECKERS, 99, false, true, Facility.DAEMON, false),
                    clock, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new DevLogTransport(socket))) {
                log.error("Removing service [192.0.2.20]:tcp:80");
            }
            ByteBuffer in = ByteBuffer.allocate(1024);
            receiver.receive(in);
            in.flip();
            assertEquals("<27>Mar  7 08:09:10 Keepalived_healthcheckers[99]: Removing service [192.0.2.20]:tcp:80",
                    StandardCharsets.UTF_8.decode(in).toString());
        }
    }

    @Test
    void missingSocketCountsDrops() {
        try (DevLogTransport t = new DevLogTransport(dir.resolve("absent"))) {
            t.send(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1, t.dropped());
        }
    }
}
