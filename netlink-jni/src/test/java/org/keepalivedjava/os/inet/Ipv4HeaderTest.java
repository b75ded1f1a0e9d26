package org.keepalivedjava.os.inet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {
    private static final int ETH = Captures.ETHERNET_BYTES;

    @Test
    void encodesTheHeaderKeepalivedSendsByteForByte() {
        ByteBuffer captured = Hex.buffer(Captures.V3_V4);
        ByteBuffer b = ByteBuffer.allocate(40);
        int n = Ipv4Header.put(b, 3, 0xc0, 32, 1, false, 255, 112, 0xc0000201, 0xe0000012);
        assertEquals(20, n);
        assertEquals(Hex.of(captured, ETH, 20), Hex.of(b, 3, 20));

        ByteBuffer prio0 = Hex.buffer(Captures.V2_PRIO0);
        Ipv4Header.put(b, 0, 0xc0, 40, 5, false, 255, 112, 0xc0000201, 0xe0000012);
        assertEquals(Hex.of(prio0, ETH, 20), Hex.of(b, 0, 20));
    }

    @Test
    void decodesTheCapturedHeader() {
        ByteBuffer b = Hex.buffer(Captures.V3_UNICAST);
        assertEquals(4, Ipv4Header.version(b, ETH));
        assertEquals(20, Ipv4Header.headerLength(b, ETH));
        assertEquals(0xc0, Ipv4Header.tos(b, ETH));
        assertEquals(32, Ipv4Header.totalLength(b, ETH));
        assertEquals(1, Ipv4Header.id(b, ETH));
        assertEquals(0, Ipv4Header.flagsFragment(b, ETH), "keepalived does not set DF");
        assertEquals(255, Ipv4Header.ttl(b, ETH));
        assertEquals(112, Ipv4Header.protocol(b, ETH));
        assertEquals(0x36a9, Ipv4Header.checksum(b, ETH));
        assertEquals(0xc0000201, Ipv4Header.source(b, ETH));
        assertEquals(0xc0000202, Ipv4Header.destination(b, ETH));
        assertTrue(Ipv4Header.checksumOk(b, ETH));
        b.put(ETH + Ipv4Header.TTL, (byte) 254);
        assertFalse(Ipv4Header.checksumOk(b, ETH), "a changed TTL breaks the header checksum");
    }

    @Test
    void dontFragmentBit() {
        ByteBuffer b = ByteBuffer.allocate(20);
        Ipv4Header.put(b, 0, 0, 20, 7, true, 64, 1, 1, 2);
        assertEquals(Ipv4Header.FLAG_DONT_FRAGMENT, Ipv4Header.flagsFragment(b, 0));
        assertTrue(Ipv4Header.checksumOk(b, 0));
    }
}
