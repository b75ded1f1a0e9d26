package org.keepalivedjava.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StatusCodecTest {
    static ChildStatus sample() {
        Map<String, Long> errors = new LinkedHashMap<>();
        errors.put("ip_ttl_err", 3L);
        errors.put("auth_failure", 0L);
        ChildStatus.Instance vi1 = new ChildStatus.Instance("VI_1", "eth0", 51, "MASTER", 100, 90,
                List.of("192.0.2.10/32 dev eth0 scope global", "2001:db8::10/128 dev eth0"), 1_700_000_000_123L,
                2, 1, 1000, 17, errors);
        // Names a config may hold when quoted: spaces, a percent sign, a newline, non-ASCII, and an empty string.
        ChildStatus.Instance odd = new ChildStatus.Instance("odd name %20\nline\u00e9", "", 1, "BACKUP", 1, 1,
                List.of(), 0, 0, 0, 0, 0, Map.of());
        ChildStatus.VirtualServer vs = new ChildStatus.VirtualServer("192.0.2.1:80", "TCP", true, List.of(
                new ChildStatus.RealServer("198.51.100.2:80", true, 3, 1, 0, -1),
                new ChildStatus.RealServer("198.51.100.3:80", false, 0, 1, 2, 1500)));
        ChildStatus.VirtualServer empty = new ChildStatus.VirtualServer("FWM 7", "none", false, List.of());
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("alerts_sent", 4L);
        counters.put("alerts_dropped", 1L);
        return new ChildStatus("VRRP", 1_700_000_001_000L, List.of(vi1, odd), List.of(vs, empty), counters);
    }

    @Test
    void roundTripKeepsEverythingIncludingAwkwardNames() throws StatusFormatException {
        ChildStatus status = sample();
        assertEquals(status, StatusCodec.decode(StatusCodec.encode(status)));
    }

    @Test
    void theWireFormIsOneRecordPerLine() {
        String text = new String(StatusCodec.encode(sample()), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("KJSTATUS 1 VRRP 1700000001000\nC alerts_sent 4\nC alerts_dropped 1\n"
                + "I VI_1 eth0 51 MASTER 100 90 1700000000123 2 1 1000 17\nV 192.0.2.10/32%20dev%20eth0%20scope%20global\n"),
                text);
        assertTrue(text.contains("\nI odd%20name%20%2520%0aline\u00e9 %00 1 BACKUP"), text);
        assertTrue(text.endsWith("S FWM%207 none 0\n"), text);
    }

    @Test
    void malformedPayloadsAreErrorsWithTheirLine() {
        assertEquals("status line 2: unknown record 'X'",
                assertThrows(StatusFormatException.class, () -> decode("KJSTATUS 1 VRRP 0\nX 1\n")).getMessage());
        assertEquals("status line 2: VIP outside an instance",
                assertThrows(StatusFormatException.class, () -> decode("KJSTATUS 1 VRRP 0\nV a\n")).getMessage());
        assertEquals("status line 2: not a number: 'x'",
                assertThrows(StatusFormatException.class, () -> decode("KJSTATUS 1 VRRP 0\nC a x\n")).getMessage());
        assertEquals("status line 2: expected 3 fields, found 2",
                assertThrows(StatusFormatException.class, () -> decode("KJSTATUS 1 VRRP 0\nC a\n")).getMessage());
        assertEquals("status line 2: truncated escape in 'a%2'",
                assertThrows(StatusFormatException.class, () -> decode("KJSTATUS 1 VRRP 0\nC a%2 1\n")).getMessage());
        assertThrows(StatusFormatException.class, () -> decode("KJSTATUS 2 VRRP 0\n"));
        assertThrows(StatusFormatException.class, () -> decode("KJSTATUS 1 VRRP 0"));
        assertThrows(StatusFormatException.class, () -> decode(""));
    }

    @Test
    void everyTruncationOfAValidPayloadIsRejectedOrAPrefix() {
        byte[] whole = StatusCodec.encode(sample());
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            try {
                ChildStatus decoded = StatusCodec.decode(part);
                // Cut exactly after a line: a valid, shorter status (the parent never sees one: frames are whole).
                assertTrue(part.length > 0 && part[part.length - 1] == '\n', "cut " + cut);
                assertEquals("VRRP", decoded.child());
            } catch (StatusFormatException expected) {
                // fine: no exception other than this one, never a runtime exception
            }
        }
    }

    private static ChildStatus decode(String text) throws StatusFormatException {
        return StatusCodec.decode(text.getBytes(StandardCharsets.UTF_8));
    }
}
