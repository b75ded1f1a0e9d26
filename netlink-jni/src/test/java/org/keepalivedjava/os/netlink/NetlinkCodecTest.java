package org.keepalivedjava.os.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** nlmsghdr, attributes and control messages: hand-built vectors, real kernel datagrams and round trips. */
class NetlinkCodecTest {
    private static final Captures KERNEL = Captures.load("/rtnl/captures.txt");

    private static ByteBuffer heap(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    private static String hex(ByteBuffer b, int length) {
        byte[] bytes = new byte[length];
        b.get(0, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void writesHeaderAndAlignedAttributesOfEveryKind() {
        ByteBuffer b = heap(256);
        NetlinkWriter w = new NetlinkWriter(b);
        w.begin(0x1234, 0x0305, 7, 99).putU8(1).putU8(2).pad();
        w.attrU8(1, 0xab).attrU16(2, 0x0102).attrU16Be(3, 80).attrU32(4, 0x01020304).attrU32Be(5, 0xffffff00)
                .attrU64(6, 0x0102030405060708L).attrString(7, "rr").attrFlag(8).attrBytes(9, new byte[] {1, 2, 3, 4, 5});
        int len = w.finish();
        // little-endian host assumed by the vector (x86_64, aarch64)
        String expected = "60000000" + "3412" + "0503" + "07000000" + "63000000" // nlmsghdr
                + "01020000" // fixed header + pad
                + "05000100" + "ab000000" // u8: len 5, padded to 8
                + "06000200" + "02010000" // u16
                + "06000300" + "00500000" // be16 port 80
                + "08000400" + "04030201" // u32
                + "08000500" + "ffffff00" // be32 mask
                + "0c000600" + "0807060504030201" // u64
                + "07000700" + "72720000" // "rr\0" + pad
                + "04000800" // flag
                + "09000900" + "0102030405000000"; // 5 bytes + pad
        assertEquals(expected.length() / 2, len);
        assertEquals(expected, hex(b, len));
    }

    @Test
    void attributesRoundTripIncludingNesting() throws Exception {
        ByteBuffer b = heap(512);
        NetlinkWriter w = new NetlinkWriter(b);
        w.begin(20, 0).putU32(0);
        w.attrString(1, "eth0:vip");
        int outer = w.nestStart(2);
        w.attrU16Be(1, 443);
        int inner = w.nestStart(2);
        w.attrInetUnion(3, InetAddress.getByName("192.0.2.7"));
        w.attrAddress(4, InetAddress.getByName("2001:db8::7"));
        w.nestEnd(inner);
        w.attrU32(5, -2);
        w.nestEnd(outer);
        w.attrU64(3, Long.MIN_VALUE);
        int len = w.finish();

        NetlinkMessage m = new NetlinkMessage();
        assertTrue(m.wrap(b, 0, len));
        assertEquals(len, m.length());
        assertFalse(m.next(), "one message only");
        Attributes top = new Attributes(3).parse(m, 4);
        assertEquals("eth0:vip", top.string(1));
        assertEquals(Long.MIN_VALUE, top.u64(3, 0));
        Attributes mid = new Attributes(5);
        assertTrue(top.nested(2, mid));
        assertEquals(443, mid.u16Be(1, 0));
        assertEquals(-2, mid.u32(5, 0));
        Attributes in = new Attributes(4);
        assertTrue(mid.nested(2, in));
        assertEquals(InetAddress.getByName("192.0.2.7"), in.address(3, 4));
        assertEquals(16, in.valueLength(3), "IPv4 in a 16-byte nf_inet_addr union");
        assertEquals(InetAddress.getByName("2001:db8::7"), in.address(4, 16));
        assertFalse(in.has(1));
        assertEquals(-1, in.u32(1, -1), "absent gives the default");
        assertNull(in.string(2));
    }

    @Test
    void unknownTypesAboveTheMaximumAreSkippedAndRepeatsKeepTheLast() {
        ByteBuffer b = heap(64);
        NetlinkWriter w = new NetlinkWriter(b);
        w.begin(1, 0).attrU32(1, 10).attrU32(40, 11).attrU32(1, 12);
        int len = w.finish();
        Attributes a = new Attributes(2).parse(b, 16, len);
        assertEquals(12, a.u32(1, 0));
    }

    @Test
    void malformedLengthsAreReportedWithTheirOffset() {
        ByteBuffer b = heap(64);
        NetlinkWriter w = new NetlinkWriter(b);
        w.begin(1, 0).attrU32(1, 10);
        int len = w.finish();
        b.putShort(16, (short) 40); // attribute claims more than the message holds
        MalformedNetlinkException e = assertThrows(MalformedNetlinkException.class, () -> new Attributes(2).parse(b, 16, len));
        assertTrue(e.getMessage().contains("offset 16"), e.getMessage());
        b.putShort(16, (short) 2); // shorter than its own header
        assertThrows(MalformedNetlinkException.class, () -> new Attributes(2).parse(b, 16, len));
        b.putInt(0, 200); // message longer than the datagram
        assertThrows(MalformedNetlinkException.class, () -> new NetlinkMessage().wrap(b, 0, len));
        b.putInt(0, 8); // shorter than a header
        assertThrows(MalformedNetlinkException.class, () -> new NetlinkMessage().wrap(b, 0, len));
        assertFalse(new NetlinkMessage().wrap(b, 0, 10), "less than a header left: end of datagram");
        b.putInt(0, 16);
        b.putShort(4, (short) Netlink.NLMSG_ERROR);
        assertThrows(MalformedNetlinkException.class, () -> {
            NetlinkMessage m = new NetlinkMessage();
            m.wrap(b, 0, 16);
            m.errorCode();
        });
    }

    @Test
    void aValueShorterThanItsTypeIsMalformed() {
        ByteBuffer b = heap(64);
        NetlinkWriter w = new NetlinkWriter(b);
        w.begin(1, 0).attrU16(1, 7);
        int len = w.finish();
        Attributes a = new Attributes(1).parse(b, 16, len);
        assertThrows(MalformedNetlinkException.class, () -> a.u32(1, 0));
        assertEquals(7, a.u16(1, 0));
    }

    @Test
    void writerRefusesWhatDoesNotFitAndNonAsciiStrings() {
        NetlinkWriter w = new NetlinkWriter(heap(24));
        w.begin(1, 0);
        assertThrows(IllegalStateException.class, () -> w.attrU64(1, 1));
        NetlinkWriter w2 = new NetlinkWriter(heap(64));
        w2.begin(1, 0);
        assertThrows(IllegalArgumentException.class, () -> w2.attrString(1, "caf\u00e9"));
    }

    @Test
    void kernelAckIsAnErrorMessageWithCodeZero() {
        NetlinkMessage ack = KERNEL.message("ack_newaddr");
        assertEquals(Netlink.NLMSG_ERROR, ack.type());
        assertEquals(0, ack.errorCode());
        assertEquals(1, ack.seq(), "the request's sequence number");
        assertTrue((ack.flags() & Netlink.NLM_F_CAPPED) != 0, "NETLINK_CAP_ACK: request not echoed in full");
        assertNull(NetlinkErrors.extAckMessage(ack, new Attributes(2)));
    }

    @Test
    void kernelErrorCarriesErrnoAndExtendedAckText() {
        NetlinkMessage error = KERNEL.message("error_eexist");
        assertEquals(Netlink.NLMSG_ERROR, error.type());
        assertEquals(-17, error.errorCode());
        assertTrue((error.flags() & Netlink.NLM_F_ACK_TLVS) != 0);
        assertEquals("ipv4: Address already assigned", NetlinkErrors.extAckMessage(error, new Attributes(2)));
    }

    @Test
    void multiPartDumpIsWalkedMessageByMessageUntilDone() {
        ByteBuffer part = KERNEL.buffer("dump_links_0");
        NetlinkMessage m = new NetlinkMessage();
        List<Integer> types = new ArrayList<>();
        assertTrue(m.wrap(part, 0, part.capacity()));
        do {
            types.add(m.type());
            assertTrue((m.flags() & Netlink.NLM_F_MULTI) != 0, "dump parts carry NLM_F_MULTI");
            assertEquals(5, m.seq());
        } while (m.next());
        assertEquals(List.of(16, 16, 16), types, "three RTM_NEWLINK in the first datagram");
        NetlinkMessage done = KERNEL.message("dump_links_1");
        assertEquals(Netlink.NLMSG_DONE, done.type());
        assertEquals(0, done.errorCode());
    }

    @Test
    void everyCapturedDatagramParsesAtEveryTruncationWithoutAnythingButMalformedErrors() {
        // the walker must never index out of bounds whatever the cut
        byte[] full = KERNEL.bytes("dump_links_0");
        for (int cut = 0; cut <= full.length; cut++) {
            ByteBuffer b = ByteBuffer.wrap(full).order(ByteOrder.nativeOrder());
            NetlinkMessage m = new NetlinkMessage();
            try {
                if (m.wrap(b, 0, cut)) {
                    while (m.next()) {
                        new Attributes(64).parse(m, 16);
                    }
                }
            } catch (MalformedNetlinkException expected) {
                // fine: reported, not an IndexOutOfBounds
            }
        }
        assertArrayEquals(KERNEL.bytes("dump_links_0"), full, "parsing never writes");
    }
}
