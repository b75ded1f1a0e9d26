package org.keepalivedjava.parent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ControlProtocolTest {
    private static ByteBuffer written(String s) {
        ByteBuffer b = ByteBuffer.allocate(ControlProtocol.MAX_REQUEST_BYTES);
        b.put(s.getBytes(StandardCharsets.UTF_8));
        return b;
    }

    @Test
    void everyRequestSplitAtEveryByteIsRecognisedOnlyOnceComplete() {
        for (ControlProtocol.Request r : ControlProtocol.Request.values()) {
            String line = r.line();
            for (int cut = 0; cut < line.length(); cut++) {
                assertNull(ControlProtocol.parse(written(line.substring(0, cut)), false), r + " cut " + cut);
            }
            assertEquals(r, ControlProtocol.parse(written(line), false).request());
        }
    }

    @Test
    void aLineWithoutNewlineCountsAtEndOfStream() {
        assertEquals(ControlProtocol.Request.STOP, ControlProtocol.parse(written("stop"), true).request());
        assertEquals(ControlProtocol.Request.STATUS_JSON,
                ControlProtocol.parse(written("status json\r\n"), false).request());
    }

    @Test
    void unknownAndOverlongRequestsAreErrors() {
        assertEquals("unknown request 'STATUS'", ControlProtocol.parse(written("STATUS\n"), false).error());
        assertEquals("unknown request 'sta?us'", ControlProtocol.parse(written("sta\u0001us\n"), false).error());
        ByteBuffer full = written("x".repeat(ControlProtocol.MAX_REQUEST_BYTES));
        assertEquals("request too long (at most 128 bytes)", ControlProtocol.parse(full, false).error());
    }

    @Test
    void onlyRootAndTheDaemonsUidMayTalk() {
        assertNull(ControlProtocol.refusal(0, 0));
        assertNull(ControlProtocol.refusal(0, 1000));
        assertNull(ControlProtocol.refusal(1000, 1000));
        assertEquals("uid 65534 is neither root nor the daemon's uid 0", ControlProtocol.refusal(65534, 0));
    }

    @Test
    void responsesStartWithTheirVerdict() throws Exception {
        assertEquals("OK\nbody", ControlProtocol.response(true, "body"));
        assertEquals(new ControlClient.Response(false, "a\nb\n"), ControlClient.parse("ERROR\na\nb\n"));
        assertEquals(new ControlClient.Response(true, ""), ControlClient.parse("OK\n"));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ControlClient.parse("HTTP/1.0 200"));
    }
}
