package org.keepalivedjava.vrrp.net;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.keepalivedjava.log.Facility;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;

/** A console-only logger whose lines the test can read. */
final class TestLogs {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Logger logger;

    TestLogs(boolean detail) {
        logger = new Logger(new Logger.Settings("Keepalived_vrrp", 1, true, false, Facility.DAEMON, detail),
                Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8), SyslogTransport.NONE);
    }

    String text() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
