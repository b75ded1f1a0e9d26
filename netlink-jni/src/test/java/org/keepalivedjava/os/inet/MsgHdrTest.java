package org.keepalivedjava.os.inet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class MsgHdrTest {
    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void cmsgMacrosMatchGlibcOnLp64() {
        assertEquals(16, MsgHdr.cmsgLen(0));
        assertEquals(20, MsgHdr.cmsgLen(4));              // CMSG_LEN(sizeof(int))
        assertEquals(24, MsgHdr.cmsgSpace(4));            // CMSG_SPACE(sizeof(int))
        assertEquals(32, MsgHdr.cmsgSpace(12));           // CMSG_SPACE(sizeof(struct in_pktinfo))
        assertEquals(40, MsgHdr.cmsgSpace(20));           // CMSG_SPACE(sizeof(struct in6_pktinfo))
        assertEquals(0, MsgHdr.cmsgAlign(0));
        assertEquals(8, MsgHdr.cmsgAlign(1));
        assertEquals(8, MsgHdr.cmsgAlign(8));
        assertEquals(16, MsgHdr.cmsgAlign(9));
    }

    @Test
    void msghdrLayout() {
        ByteBuffer b = le(MsgHdr.BYTES);
        b.put(0, (byte) 0x5a); // stale bytes are overwritten, padding included
        MsgHdr.put(b, 0, 0x1111_2222_3333L, 28, 0x4444_5555_6666L, 1, 0x7777_8888_9999L, 64);
        assertEquals("3333222211110000" + "1c00000000000000" + "6666555544440000" + "0100000000000000"
                + "9999888877770000" + "4000000000000000" + "0000000000000000", Hex.of(b, 0, 56));
        assertEquals(28, MsgHdr.nameLength(b, 0));
        assertEquals(0x1111_2222_3333L, MsgHdr.nameAddress(b, 0));
        assertEquals(0x4444_5555_6666L, MsgHdr.iovAddress(b, 0));
        assertEquals(1, MsgHdr.iovCount(b, 0));
        assertEquals(0x7777_8888_9999L, MsgHdr.controlAddress(b, 0));
        assertEquals(64, MsgHdr.controlLength(b, 0));
        b.putInt(48, 0x20);
        assertEquals(0x20, MsgHdr.flags(b, 0));
        MsgHdr.setLengths(b, 0, 16, 128);
        assertEquals(16, MsgHdr.nameLength(b, 0));
        assertEquals(128, MsgHdr.controlLength(b, 0));
        assertEquals(0, MsgHdr.flags(b, 0));

        ByteBuffer iov = le(32);
        MsgHdr.putIovec(iov, 0, 1, 0xabcdL, 1500);
        assertEquals("cdab000000000000" + "dc05000000000000", Hex.of(iov, 16, 16));
    }

    @Test
    void buildsAndWalksControlMessages() {
        ByteBuffer c = le(128);
        int at = MsgHdr.putCmsg(c, 0, InetConsts.IPPROTO_IP, InetConsts.IP_TTL, 4);
        c.putInt(MsgHdr.cmsgData(0), 254);
        assertEquals(24, at);
        int end = MsgHdr.putCmsg(c, at, InetConsts.IPPROTO_IP, InetConsts.IP_PKTINFO, 12);
        c.putInt(MsgHdr.cmsgData(at), 5);
        assertEquals(56, end);
        assertEquals("1400000000000000" + "00000000" + "02000000" + "fe000000" + "00000000", Hex.of(c, 0, 24));

        int first = MsgHdr.cmsgFirst(c, 0, end);
        assertEquals(0, first);
        assertEquals(InetConsts.IP_TTL, MsgHdr.cmsgType(c, first));
        assertEquals(4, MsgHdr.cmsgDataLength(c, first));
        assertEquals(254, c.getInt(MsgHdr.cmsgData(first)));
        int second = MsgHdr.cmsgNext(c, first, 0, end);
        assertEquals(24, second);
        assertEquals(InetConsts.IPPROTO_IP, MsgHdr.cmsgLevel(c, second));
        assertEquals(InetConsts.IP_PKTINFO, MsgHdr.cmsgType(c, second));
        assertEquals(12, MsgHdr.cmsgDataLength(c, second));
        assertEquals(5, c.getInt(MsgHdr.cmsgData(second)));
        assertEquals(-1, MsgHdr.cmsgNext(c, second, 0, end));
    }

    @Test
    void theLastMessageNeedNotBePadded() {
        // The kernel reports controllen = end of the last message's data, without its padding.
        ByteBuffer c = le(64);
        MsgHdr.putCmsg(c, 0, InetConsts.IPPROTO_IPV6, InetConsts.IPV6_HOPLIMIT, 4);
        assertEquals(0, MsgHdr.cmsgFirst(c, 0, 20));
        assertEquals(-1, MsgHdr.cmsgNext(c, 0, 0, 20));
    }

    @Test
    void corruptLengthsEndTheWalkInsteadOfRunningOff() {
        ByteBuffer c = le(64);
        assertEquals(-1, MsgHdr.cmsgFirst(c, 0, 0), "no control data");
        assertEquals(-1, MsgHdr.cmsgFirst(c, 0, 10), "shorter than a header");
        c.putLong(0, 8); // cmsg_len smaller than the header
        assertEquals(-1, MsgHdr.cmsgFirst(c, 0, 64));
        c.putLong(0, 1000); // beyond the control data
        assertEquals(-1, MsgHdr.cmsgFirst(c, 0, 64));
        c.putLong(0, 20);
        c.putLong(24, 100); // second message too long
        assertEquals(0, MsgHdr.cmsgFirst(c, 0, 64));
        assertEquals(-1, MsgHdr.cmsgNext(c, 0, 0, 64));
    }
}
