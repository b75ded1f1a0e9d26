package org.keepalivedjava.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class LogFormatTest {

    /** Bytes captured from glibc 2.36 syslog(3) (openlog(ident, LOG_PID, facility)) on a socket bound at /dev/log. */
    @Test
    void syslogDatagramMatchesGlibcByteForByte() {
        assertArrayEquals("<30>Nov 21 13:00:40 Keepalived[27163]: Starting x".getBytes(StandardCharsets.US_ASCII),
                LogFormat.syslogDatagram(Facility.DAEMON, Severity.INFO, LocalDateTime.of(2026, 11, 21, 13, 0, 40),
                        "Keepalived", 27163, "Starting x"));
        assertArrayEquals("<156>Nov 21 13:00:40 Keepalived_vrrp[27163]: two words".getBytes(StandardCharsets.US_ASCII),
                LogFormat.syslogDatagram(Facility.LOCAL3, Severity.WARNING, LocalDateTime.of(2026, 11, 21, 13, 0, 40),
                        "Keepalived_vrrp", 27163, "two words"));
    }

    @Test
    void dayOfMonthIsSpacePaddedAndClockZeroPadded() {
        assertEquals("<11>Jan  5 04:03:02 Keepalived_healthcheckers[1]: m", new String(
                LogFormat.syslogDatagram(Facility.USER, Severity.ERR, LocalDateTime.of(2030, 1, 5, 4, 3, 2),
                        Ident.CHECKERS, 1, "m"), StandardCharsets.US_ASCII));
    }

    @Test
    void priorityIsFacilityTimesEightPlusSeverity() {
        LocalDateTime t = LocalDateTime.of(2026, 1, 1, 0, 0, 0);
        assertEquals("<191>", new String(LogFormat.syslogDatagram(Facility.LOCAL7, Severity.DEBUG, t, "x", 1, ""),
                StandardCharsets.US_ASCII).substring(0, 5));
        assertEquals("<24>", new String(LogFormat.syslogDatagram(Facility.DAEMON, Severity.EMERG, t, "x", 1, ""),
                StandardCharsets.US_ASCII).substring(0, 4));
    }

    @Test
    void nonAsciiMessagesAreUtf8() {
        byte[] d = LogFormat.syslogDatagram(Facility.DAEMON, Severity.INFO, LocalDateTime.of(2026, 1, 1, 0, 0, 0),
                "K", 2, "é");
        assertEquals((byte) 0xc3, d[d.length - 2]);
        assertEquals((byte) 0xa9, d[d.length - 1]);
    }

    /** Shape measured from keepalived -l: ctime(3) date without newline, ": ", message. */
    @Test
    void consoleLineIsCtimeThenMessage() {
        assertEquals("Sat Nov 21 12:59:58 2026: Starting Keepalived v2.2.7 (01/16,2022)",
                LogFormat.consoleLine(LocalDateTime.of(2026, 11, 21, 12, 59, 58),
                        "Starting Keepalived v2.2.7 (01/16,2022)"));
        assertEquals("Mon Mar  2 09:05:07 2026: x", LogFormat.consoleLine(LocalDateTime.of(2026, 3, 2, 9, 5, 7), "x"));
        assertEquals("Sun Dec 31 23:59:59 2023: y",
                LogFormat.consoleLine(LocalDateTime.of(2023, 12, 31, 23, 59, 59), "y"));
    }
}
