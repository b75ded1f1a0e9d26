package org.keepalivedjava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:59:58Z"), ZoneOffset.UTC);

    private final List<String> datagrams = new ArrayList<>();
    private final SyslogTransport recorder = buffer -> {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        datagrams.add(new String(b, StandardCharsets.UTF_8));
        return true;
    };
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private Logger logger(boolean toConsole, boolean toSyslog, boolean detail) {
        return new Logger(new Logger.Settings(Ident.VRRP, 4242, toConsole, toSyslog, Facility.LOCAL1, detail), CLOCK,
                new PrintStream(console, true, StandardCharsets.UTF_8), recorder);
    }

    @Test
    void syslogOnlyByDefault() {
        logger(false, true, false).warning("VI_1 entering MASTER");
        assertEquals(List.of("<140>Nov 21 12:59:58 Keepalived_vrrp[4242]: VI_1 entering MASTER"), datagrams);
        assertEquals("", console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void consoleAndNoSyslog() {
        logger(true, false, false).info("hello");
        assertTrue(datagrams.isEmpty());
        assertEquals("Sat Nov 21 12:59:58 2026: hello\n", console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void detailMessagesOnlyWithDashD() {
        logger(true, true, false).detail("hidden");
        assertTrue(datagrams.isEmpty());
        logger(true, true, true).detail("shown");
        assertEquals(1, datagrams.size());
        assertTrue(console.toString(StandardCharsets.UTF_8).endsWith(": shown\n"));
    }

    @Test
    void severityReachesThePriority() {
        Logger log = logger(false, true, false);
        log.error("e");
        log.notice("n");
        log.info("i");
        assertEquals(List.of("<139>", "<141>", "<142>"), datagrams.stream().map(d -> d.substring(0, 5)).toList());
    }

    @Test
    void aFailingTransportNeverDisturbsTheCaller() {
        Logger log = new Logger(new Logger.Settings(Ident.PARENT, 1, true, true, Facility.DAEMON, false), CLOCK,
                new PrintStream(console, true, StandardCharsets.UTF_8), (ByteBuffer b) -> false);
        log.info("still on console");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("still on console"));
    }
}
