package org.keepalivedjava.os.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_ACK;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_CREATE;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_EXCL;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_REQUEST;
import static org.keepalivedjava.os.rtnl.RtnlConstants.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.netlink.Attributes;
import org.keepalivedjava.os.netlink.Captures;
import org.keepalivedjava.os.netlink.NetlinkMessage;
import org.keepalivedjava.os.netlink.NetlinkWriter;

/** rtnetlink bodies: decoding real kernel events and dumps (resources/rtnl/captures.txt), encoding, round trips. */
class RtnlCodecTest {
    private static final Captures KERNEL = Captures.load("/rtnl/captures.txt");
    private static final int A0 = 3;
    private static final int A1 = 2;
    private final Attributes attrs = new Attributes(64);

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static String hex(NetlinkWriter w) {
        byte[] b = new byte[w.position()];
        w.buffer().get(0, b);
        return HexFormat.of().formatHex(b);
    }

    private static NetlinkWriter writer() {
        return new NetlinkWriter(ByteBuffer.allocate(512).order(ByteOrder.nativeOrder()));
    }

    private static NetlinkMessage view(NetlinkWriter w) {
        NetlinkMessage m = new NetlinkMessage();
        assertTrue(m.wrap(w.buffer(), 0, w.position()));
        return m;
    }

    @Test
    void decodesTheKernelsIpv4AddressEvent() throws Exception {
        NetlinkMessage m = KERNEL.message("event_newaddr_v4");
        assertEquals(RTM_NEWADDR, m.type());
        IfAddress a = RtnlCodec.decodeAddress(m, attrs);
        assertEquals(new IfAddress(A0, ip("192.0.2.1"), 24, null, ip("192.0.2.255"), "a0:vip", RT_SCOPE_UNIVERSE,
                IFA_F_PERMANENT), a);
    }

    @Test
    void decodesTheKernelsIpv6AddressEventWithFlagsAboveEightBits() throws Exception {
        IfAddress a = RtnlCodec.decodeAddress(KERNEL.message("event_newaddr_v6"), attrs);
        assertEquals(ip("2001:db8::1"), a.address());
        assertEquals(64, a.prefixLength());
        assertEquals(A0, a.ifIndex());
        assertNull(a.peer());
        assertEquals(IFA_F_NODAD | IFA_F_NOPREFIXROUTE | IFA_F_PERMANENT, a.flags(), "IFA_FLAGS wins over the u8 field");
    }

    @Test
    void encodesAnAddressAsIpDoes() throws Exception {
        NetlinkWriter w = writer();
        w.begin(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 1, 0);
        RtnlCodec.writeAddress(w, IfAddress.of(A0, ip("192.0.2.1"), 24).withBroadcast(ip("192.0.2.255")).withLabel("a0:vip"));
        w.finish();
        // ifaddrmsg {AF_INET, 24, flags 0, scope 0, index 3}, IFA_LOCAL, IFA_ADDRESS (= local), IFA_BROADCAST, IFA_LABEL
        assertEquals("3c000000" + "1400" + "0506" + "01000000" + "00000000"
                + "02180000" + "03000000"
                + "08000200c0000201" + "08000100c0000201" + "08000400c00002ff"
                + "0b00030061303a76697000" + "00", hex(w));
        assertEquals(HexFormat.of().formatHex(KERNEL.bytes("request_newaddr_v4")), hex(w), "the request the kernel accepted");
    }

    @Test
    void encodesAMacvlanAsIpLinkAddDoes() {
        NetlinkWriter w = writer();
        w.begin(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 1, 0);
        RtnlCodec.writeMacvlan(w, "vrrp.51", A0, new byte[] {0, 0, 0x5e, 0, 1, 0x33}, MACVLAN_MODE_PRIVATE);
        w.finish();
        // ifinfomsg {AF_UNSPEC, index 0, flags 0}, IFLA_IFNAME, IFLA_LINK 3, IFLA_ADDRESS (padded),
        // IFLA_LINKINFO {IFLA_INFO_KIND "macvlan", IFLA_INFO_DATA {IFLA_MACVLAN_MODE private}}, nests with NLA_F_NESTED
        assertEquals("5c000000" + "1000" + "0506" + "01000000" + "00000000"
                + "00000000" + "00000000" + "00000000" + "00000000"
                + "0c000300767272702e353100" + "0800050003000000" + "0a00010000005e0001330000"
                + "1c001280" + "0c0001006d6163766c616e00" + "0c000280" + "0800010001000000", hex(w));
    }

    @Test
    void addressesRoundTripWithPeerAndFlags() throws Exception {
        for (IfAddress a : List.of(
                IfAddress.of(7, ip("198.51.100.1"), 32).withPeer(ip("198.51.100.2")).withScope(RT_SCOPE_LINK),
                IfAddress.of(7, ip("2001:db8::5"), 128).withFlags(IFA_F_NODAD | IFA_F_HOMEADDRESS | IFA_F_NOPREFIXROUTE),
                IfAddress.of(1, ip("203.0.113.9"), 0).withScope(RT_SCOPE_HOST).withLabel("lo:x"))) {
            NetlinkWriter w = writer();
            w.begin(RTM_NEWADDR, 0);
            RtnlCodec.writeAddress(w, a);
            w.finish();
            assertEquals(a, RtnlCodec.decodeAddress(view(w), attrs));
        }
    }

    @Test
    void decodesTheKernelsRouteEventAndEncodesTheSameRoute() throws Exception {
        Route expected = Route.to(ip("203.0.113.0"), 24).via(ip("192.0.2.254")).dev(A0).table(100).metric(50)
                .protocol(RTPROT_KEEPALIVED);
        Route decoded = RtnlCodec.decodeRoute(KERNEL.message("event_newroute"), attrs);
        assertEquals(expected.scope(RT_SCOPE_UNIVERSE), decoded);

        NetlinkWriter w = writer();
        w.begin(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 3, 0);
        RtnlCodec.writeRoute(w, expected, false);
        w.finish();
        // rtmsg {AF_INET, 24, 0, 0, table 100, proto 18, scope universe, unicast, 0}, RTA_TABLE, DST, GATEWAY, OIF, PRIORITY
        assertEquals("44000000" + "1800" + "0506" + "03000000" + "00000000"
                + "02180000" + "64120001" + "00000000"
                + "08000f0064000000" + "08000100cb007100" + "08000500c00002fe" + "0800040003000000" + "0800060032000000",
                hex(w));
        assertEquals(HexFormat.of().formatHex(KERNEL.bytes("request_newroute")), hex(w));
    }

    @Test
    void routeScopeTableAndDeleteConventions() throws Exception {
        NetlinkWriter w = writer();
        w.begin(RTM_NEWROUTE, 0);
        RtnlCodec.writeRoute(w, Route.to(ip("198.51.100.0"), 24).dev(4).table(1000), false);
        w.finish();
        ByteBuffer b = w.buffer();
        assertEquals(RT_TABLE_UNSPEC, b.get(16 + 4), "a table above 255 is only in RTA_TABLE");
        assertEquals(RT_SCOPE_LINK, b.get(16 + 6) & 0xff, "IPv4 device route without gateway: link scope, as ip(8)");
        assertEquals(1000, RtnlCodec.decodeRoute(view(w), attrs).table());

        w.begin(RTM_DELROUTE, 0);
        RtnlCodec.writeRoute(w, Route.to(ip("198.51.100.0"), 24).dev(4), true);
        w.finish();
        assertEquals(RT_SCOPE_NOWHERE, b.get(16 + 6) & 0xff, "delete: scope nowhere matches any scope");

        w.begin(RTM_NEWROUTE, 0);
        RtnlCodec.writeRoute(w, Route.to(ip("0.0.0.0"), 0).type(RTN_BLACKHOLE), false);
        w.finish();
        attrs.parse(view(w), RTMSG_BYTES);
        assertFalse(attrs.has(RTA_DST), "a default route has no RTA_DST");
        assertEquals(RT_SCOPE_UNIVERSE, b.get(16 + 6) & 0xff);
        Route back = RtnlCodec.decodeRoute(view(w), attrs);
        assertEquals(ip("0.0.0.0"), back.destination());
        assertEquals(RTN_BLACKHOLE, back.type());

        for (Route r : List.of(Route.to(ip("2001:db8:1::"), 48).via(ip("2001:db8::1")).dev(2).metric(1024).src(ip("2001:db8::2")),
                Route.to(ip("203.0.113.0"), 25).type(RTN_PROHIBIT).table(7).protocol(RTPROT_STATIC).scope(RT_SCOPE_UNIVERSE))) {
            w.begin(RTM_NEWROUTE, 0);
            RtnlCodec.writeRoute(w, r, false);
            w.finish();
            assertEquals(r.scope(r.effectiveScope()), RtnlCodec.decodeRoute(view(w), attrs));
        }
    }

    @Test
    void decodesTheKernelsRuleEventAndEncodesTheSameRule() throws Exception {
        Rule expected = Rule.forFamily(Consts.AF_INET).priority(101).to(ip("203.0.113.0"), 24).fwmark(0x10, 0xff)
                .iif("a0").table(1000);
        assertEquals(expected, RtnlCodec.decodeRule(KERNEL.message("event_newrule"), attrs));
        NetlinkWriter w = writer();
        w.begin(RTM_NEWRULE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 4, 0);
        RtnlCodec.writeRule(w, expected);
        w.finish();
        assertEquals(HexFormat.of().formatHex(KERNEL.bytes("request_newrule")), hex(w));
        assertEquals(expected, RtnlCodec.decodeRule(view(w), attrs));
    }

    @Test
    void rulesRoundTrip() throws Exception {
        for (Rule r : List.of(
                Rule.forFamily(Consts.AF_INET6).priority(5).from(ip("2001:db8::"), 32).oif("eth1").table(100),
                Rule.forFamily(Consts.AF_INET).from(ip("192.0.2.0"), 24).action(FR_ACT_UNREACHABLE),
                Rule.forFamily(Consts.AF_INET).priority(9).fwmark(0xffffffffL, -1).action(FR_ACT_BLACKHOLE))) {
            NetlinkWriter w = writer();
            w.begin(RTM_NEWRULE, 0);
            RtnlCodec.writeRule(w, r);
            w.finish();
            Rule back = RtnlCodec.decodeRule(view(w), attrs);
            assertEquals(r.action() == FR_ACT_TO_TBL ? r : r.table(0).action(r.action()), back);
        }
    }

    @Test
    void decodesTheLinkDumpAndALinkDownEvent() {
        List<Link> links = new ArrayList<>();
        ByteBuffer part = KERNEL.buffer("dump_links_0");
        NetlinkMessage m = new NetlinkMessage();
        assertTrue(m.wrap(part, 0, part.capacity()));
        do {
            links.add(RtnlCodec.decodeLink(m, attrs));
        } while (m.next());
        assertEquals(List.of("lo", "a1", "a0"), links.stream().map(Link::name).toList());
        Link lo = links.get(0);
        assertEquals(1, lo.index());
        assertEquals("00:00:00:00:00:00", lo.mac());
        assertTrue((lo.flags() & IFF_LOOPBACK) != 0);
        assertFalse(lo.isUp(), "lo was left down in the capture namespace");
        Link a0 = links.get(2);
        assertEquals(A0, a0.index());
        assertEquals("02:00:00:00:00:a0", a0.mac());
        assertEquals(1500, a0.mtu());
        assertTrue(a0.isUp());
        assertFalse(a0.isRunning(), "its veth peer a1 was down when the dump was captured: no carrier");

        Link down = RtnlCodec.decodeLink(KERNEL.message("event_link_down"), attrs);
        assertEquals("a1", down.name());
        assertEquals(A1, down.index());
        assertEquals("02:00:00:00:00:a1", down.mac());
        assertFalse(down.isUp());
        assertFalse(down.isRunning());
    }
}
