package org.keepalivedjava.os.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.os.rtnl.RtnlConstants.*;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.netlink.Netlink;
import org.keepalivedjava.os.netlink.NetlinkException;
import org.keepalivedjava.os.netlink.NetlinkSocket;
import org.keepalivedjava.os.testing.Netns;

/**
 * {@link NetlinkRtnl} and {@link RtnlMonitor} against the real kernel, in a namespace of our own holding a veth
 * pair a0/a1, checked with ip(8) run from outside our process.
 */
@Tag("root")
class NetlinkRtnlTest {
    private static Netns ns;
    private static NetlinkRtnl rtnl;
    private static int a0;

    @BeforeAll
    static void setUp() throws Exception {
        ns = Netns.create("rtnl");
        ns.ip("link", "add", "a0", "type", "veth", "peer", "name", "a1");
        ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.a0.accept_dad=0");
        ns.ip("link", "set", "a0", "up");
        ns.ip("link", "set", "a1", "up");
        rtnl = ns.call(NetlinkRtnl::open);
        a0 = ns.call(() -> org.keepalivedjava.os.libc.Native.interfaceIndex("a0"));
    }

    @AfterAll
    static void tearDown() {
        if (rtnl != null) {
            rtnl.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void createsSetsUpAndDeletesAMacvlan() throws Exception {
        rtnl.addMacvlan("kjvm.7", a0, new byte[] {0, 0, 0x5e, 0, 1, 7}, MACVLAN_MODE_PRIVATE);
        try {
            String shown = ns.ip("-d", "link", "show", "kjvm.7");
            assertTrue(shown.contains("kjvm.7@a0"), shown);
            assertTrue(shown.contains("link/ether 00:00:5e:00:01:07"), shown);
            assertTrue(shown.contains("macvlan mode private"), shown);
            Link vmac = rtnl.links().stream().filter(l -> l.name().equals("kjvm.7")).findFirst().orElseThrow();
            assertFalse(vmac.isUp(), "created down");
            rtnl.setLinkUp(vmac.index(), true);
            assertTrue(rtnl.links().stream().anyMatch(l -> l.name().equals("kjvm.7") && l.isUp()));
            rtnl.deleteLink(vmac.index());
            assertFalse(ns.ip("link", "show").contains("kjvm.7"));
        } finally {
            ns.exec("sh", "-c", "ip link del kjvm.7 2>/dev/null || true");
        }
    }

    @Test
    void addsAndDeletesIpv4AndIpv6AddressesWithTheirOptions() throws Exception {
        IfAddress v4 = IfAddress.of(a0, ip("192.0.2.1"), 24).withBroadcast(ip("192.0.2.255")).withLabel("a0:vip");
        IfAddress v6 = IfAddress.of(a0, ip("2001:db8::1"), 64).withFlags(IFA_F_NODAD | IFA_F_NOPREFIXROUTE);
        IfAddress ptp = IfAddress.of(a0, ip("198.51.100.1"), 32).withPeer(ip("198.51.100.2"))
                .withScope(RT_SCOPE_LINK);
        IfAddress home = IfAddress.of(a0, ip("2001:db8:2::1"), 128).withFlags(IFA_F_HOMEADDRESS | IFA_F_NODAD);
        rtnl.addAddress(v4);
        rtnl.addAddress(v6);
        rtnl.addAddress(ptp);
        rtnl.addAddress(home);

        String shown = ns.ip("addr", "show", "dev", "a0");
        assertTrue(shown.contains("inet 192.0.2.1/24 brd 192.0.2.255 scope global a0:vip"), shown);
        assertTrue(shown.contains("inet 198.51.100.1 peer 198.51.100.2/32 scope link a0"), shown);
        assertTrue(shown.contains("inet6 2001:db8::1/64 scope global nodad noprefixroute"), shown);
        assertTrue(shown.contains("inet6 2001:db8:2::1/128 scope global nodad home"), shown);
        assertFalse(ns.ip("-6", "route", "show", "dev", "a0").contains("2001:db8::/64"),
                "noprefixroute: no prefix route");

        List<IfAddress> dumped = rtnl.addresses(0);
        assertTrue(dumped.stream().anyMatch(a -> a.equals(v4.withScope(RT_SCOPE_UNIVERSE).withFlags(IFA_F_PERMANENT))),
                dumped.toString());
        assertTrue(dumped.stream().anyMatch(a -> a.address().equals(ptp.address()) && ptp.peer().equals(a.peer())),
                dumped.toString());
        assertTrue(dumped.stream().anyMatch(a -> a.address().equals(v6.address())
                && (a.flags() & (IFA_F_NODAD | IFA_F_NOPREFIXROUTE)) == (IFA_F_NODAD | IFA_F_NOPREFIXROUTE)), dumped.toString());

        rtnl.deleteAddress(v4);
        rtnl.deleteAddress(v6);
        rtnl.deleteAddress(ptp);
        rtnl.deleteAddress(home);
        shown = ns.ip("addr", "show", "dev", "a0");
        assertFalse(shown.contains("192.0.2.1"), shown);
        assertFalse(shown.contains("198.51.100.1"), shown);
        assertFalse(shown.contains("2001:db8::1"), shown);
        assertFalse(shown.contains("2001:db8:2::1"), shown);
    }

    @Test
    void errorsNameTheRequestAndTheErrno() throws Exception {
        IfAddress a = IfAddress.of(a0, ip("192.0.2.9"), 24);
        rtnl.addAddress(a);
        try {
            NetlinkException dup = assertThrows(NetlinkException.class, () -> rtnl.addAddress(a));
            assertEquals(Errno.EEXIST, dup.errno());
            assertEquals("add address 192.0.2.9/24 dev " + a0, dup.request());
            assertTrue(dup.getMessage().startsWith("add address 192.0.2.9/24 dev " + a0 + ": EEXIST (17) "),
                    dup.getMessage());
        } finally {
            rtnl.deleteAddress(a);
        }
        NetlinkException noDev = assertThrows(NetlinkException.class,
                () -> rtnl.addAddress(IfAddress.of(9999, ip("192.0.2.10"), 24)));
        assertEquals(Errno.ENODEV, noDev.errno());
        assertTrue(noDev.getMessage().contains("dev 9999"), noDev.getMessage());
        NetlinkException gone = assertThrows(NetlinkException.class, () -> rtnl.deleteAddress(a));
        assertEquals(Errno.EADDRNOTAVAIL, gone.errno(), gone.getMessage());
        // the socket still works after errors
        assertTrue(rtnl.links().stream().anyMatch(l -> l.name().equals("a0")));
    }

    @Test
    void dumpsLinksWithFlagsAndMac() throws Exception {
        String mac = ns.ip("-br", "link", "show", "dev", "a0").trim().split("\\s+")[2];
        List<Link> links = rtnl.links();
        Link link = links.stream().filter(l -> l.name().equals("a0")).findFirst().orElseThrow();
        assertEquals(a0, link.index());
        assertEquals(mac, link.mac());
        assertTrue(link.isUp());
        assertTrue(link.isRunning(), "both veth ends are up");
        Link lo = links.stream().filter(l -> l.name().equals("lo")).findFirst().orElseThrow();
        assertEquals(1, lo.index());
        assertTrue((lo.flags() & IFF_LOOPBACK) != 0);
    }

    @Test
    void anEventQueuedBeforeTheAckGoesToTheEventListener() throws Exception {
        List<String> events = new ArrayList<>();
        NetlinkSocket socket = ns.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE));
        try (NetlinkRtnl grouped = new NetlinkRtnl(socket)) {
            socket.joinGroup(5); // RTNLGRP_IPV4_IFADDR
            socket.eventListener(m -> events.add(m.type() + " seq " + m.seq()));
            IfAddress a = IfAddress.of(a0, ip("203.0.113.5"), 24);
            grouped.addAddress(a);
            assertEquals(1, events.size(), "the RTM_NEWADDR caused by our own add came before its ACK: " + events);
            assertTrue(events.get(0).startsWith(RTM_NEWADDR + " "), events.toString());
            grouped.deleteAddress(a);
            assertEquals(2, events.size(), events.toString());
            assertTrue(events.get(1).startsWith(RTM_DELADDR + " "), events.toString());
        }
    }

    @Test
    void monitorSeesOurChangesChangesByIpAndLinkDown() throws Exception {
        List<String> seen = new ArrayList<>();
        RtnlListener listener = new RtnlListener() {
            @Override
            public void onLink(Link link, boolean removed) {
                seen.add("link " + link.name() + (link.isUp() ? " up" : " down") + (removed ? " removed" : ""));
            }

            @Override
            public void onAddress(IfAddress address, boolean removed) {
                seen.add((removed ? "del " : "add ") + address.address().getHostAddress() + "/" + address.prefixLength()
                        + " dev " + address.ifIndex());
            }
        };
        try (EventLoop loop = new EventLoop(System::nanoTime);
             RtnlMonitor monitor = ns.call(() -> RtnlMonitor.start(loop, RtnlMonitor.LINKS_AND_ADDRESSES, listener))) {
            IfAddress ours = IfAddress.of(a0, ip("192.0.2.33"), 24);
            rtnl.addAddress(ours);
            runUntil(loop, () -> seen.contains("add 192.0.2.33/24 dev " + a0), seen);

            ns.ip("addr", "add", "198.51.100.33/24", "dev", "a0");
            runUntil(loop, () -> seen.contains("add 198.51.100.33/24 dev " + a0), seen);
            ns.ip("addr", "add", "2001:db8::33/64", "dev", "a0", "nodad");
            runUntil(loop, () -> seen.contains("add 2001:db8:0:0:0:0:0:33/64 dev " + a0), seen);
            ns.ip("addr", "del", "198.51.100.33/24", "dev", "a0");
            runUntil(loop, () -> seen.contains("del 198.51.100.33/24 dev " + a0), seen);
            rtnl.deleteAddress(ours);
            runUntil(loop, () -> seen.contains("del 192.0.2.33/24 dev " + a0), seen);
            ns.ip("addr", "del", "2001:db8::33/64", "dev", "a0");

            ns.ip("link", "set", "a1", "down");
            runUntil(loop, () -> seen.contains("link a1 down"), seen);
            ns.ip("link", "set", "a1", "up");
            runUntil(loop, () -> seen.contains("link a1 up"), seen);
        }
    }

    /** A malformed event (here an RTM_NEWROUTE with an IPv4 prefix length of 134) is an overrun, not a crash. */
    @Test
    void monitorReportsAMalformedEventAsAnOverrun() throws Exception {
        int[] overruns = {0};
        RtnlListener listener = new RtnlListener() {
            @Override
            public void onOverrun() {
                overruns[0]++;
            }
        };
        java.nio.ByteBuffer datagram = java.nio.ByteBuffer.allocate(28).order(java.nio.ByteOrder.nativeOrder());
        datagram.putInt(0, 28).putShort(4, (short) RTM_NEWROUTE);
        datagram.put(16, (byte) 2 /* AF_INET */).put(17, (byte) 134 /* dst_len */);
        org.keepalivedjava.os.netlink.NetlinkMessage m = new org.keepalivedjava.os.netlink.NetlinkMessage();
        m.wrap(datagram, 0, 28);
        try (EventLoop loop = new EventLoop(System::nanoTime);
             RtnlMonitor monitor = ns.call(() -> RtnlMonitor.start(loop, RtnlMonitor.ALL, listener))) {
            monitor.onMessage(m);
            assertEquals(1, overruns[0]);
            assertEquals(1, monitor.malformedMessages());
        }
    }

    /** Runs the loop until {@code done}; fails after 10 s (a bound for a broken test, not a timing assertion). */
    private static void runUntil(EventLoop loop, BooleanSupplier done, List<String> seen) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("event not seen; seen: " + seen);
            }
            loop.runOnce(100_000_000L);
        }
    }

    @Test
    void addsAndDeletesRoutesOfEachKind() throws Exception {
        rtnl.addAddress(IfAddress.of(a0, ip("192.0.2.1"), 24));
        try {
            List<Route> routes = List.of(
                    Route.to(ip("203.0.113.0"), 24).via(ip("192.0.2.254")).dev(a0).table(100).metric(50)
                            .protocol(RTPROT_KEEPALIVED),
                    Route.to(ip("198.51.100.0"), 25).dev(a0).src(ip("192.0.2.1")).table(100),
                    Route.to(ip("198.51.100.128"), 25).type(RTN_BLACKHOLE).table(100),
                    Route.to(ip("203.0.113.128"), 25).type(RTN_UNREACHABLE).table(1000),
                    Route.to(ip("0.0.0.0"), 0).type(RTN_PROHIBIT).table(1000).metric(7),
                    Route.to(ip("2001:db8:1::"), 48).dev(a0).metric(10).table(100),
                    Route.to(ip("2001:db8:3::"), 48).type(RTN_BLACKHOLE).table(100));
            for (Route r : routes) {
                rtnl.addRoute(r);
            }
            String t100 = ns.ip("route", "show", "table", "100");
            assertTrue(t100.contains("203.0.113.0/24 via 192.0.2.254 dev a0 proto keepalived metric 50"), t100);
            assertTrue(t100.contains("198.51.100.0/25 dev a0 scope link src 192.0.2.1"), t100);
            assertTrue(t100.contains("blackhole 198.51.100.128/25"), t100);
            String t1000 = ns.ip("route", "show", "table", "1000");
            assertTrue(t1000.contains("unreachable 203.0.113.128/25"), t1000);
            assertTrue(t1000.contains("prohibit default metric 7"), t1000);
            String v6 = ns.ip("-6", "route", "show", "table", "100");
            assertTrue(v6.contains("2001:db8:1::/48 dev a0 metric 10"), v6);
            assertTrue(v6.contains("blackhole 2001:db8:3::/48 dev lo"), v6);

            List<Route> dumped = rtnl.routes(Consts.AF_INET);
            assertTrue(dumped.contains(routes.get(0).scope(RT_SCOPE_UNIVERSE)), dumped.toString());
            assertTrue(dumped.contains(routes.get(3).scope(RT_SCOPE_UNIVERSE)), dumped.toString());

            NetlinkException dup = assertThrows(NetlinkException.class, () -> rtnl.addRoute(routes.get(0)));
            assertEquals(Errno.EEXIST, dup.errno());
            assertTrue(dup.getMessage().startsWith("add route 203.0.113.0/24 via 192.0.2.254 dev " + a0), dup.getMessage());

            for (Route r : routes) {
                rtnl.deleteRoute(r);
            }
            assertEquals("", ns.ip("route", "show", "table", "100").trim());
            assertEquals("", ns.ip("route", "show", "table", "1000").trim());
            assertEquals("", ns.ip("-6", "route", "show", "table", "100").trim());
            NetlinkException gone = assertThrows(NetlinkException.class, () -> rtnl.deleteRoute(routes.get(0)));
            assertEquals(Errno.ESRCH, gone.errno(), gone.getMessage());
        } finally {
            rtnl.deleteAddress(IfAddress.of(a0, ip("192.0.2.1"), 24));
        }
    }

    @Test
    void addsAndDeletesRules() throws Exception {
        List<Rule> rules = List.of(
                Rule.forFamily(Consts.AF_INET).priority(100).from(ip("192.0.2.0"), 24).table(100),
                Rule.forFamily(Consts.AF_INET).priority(101).to(ip("203.0.113.0"), 24).fwmark(0x10, 0xff).iif("a0")
                        .table(1000),
                Rule.forFamily(Consts.AF_INET).priority(102).oif("a1").action(FR_ACT_PROHIBIT),
                Rule.forFamily(Consts.AF_INET).priority(103).fwmark(7, -1).action(FR_ACT_BLACKHOLE),
                Rule.forFamily(Consts.AF_INET6).priority(104).from(ip("2001:db8::"), 32).table(100));
        for (Rule r : rules) {
            rtnl.addRule(r);
        }
        String v4 = ns.ip("rule", "show");
        assertTrue(v4.contains("100:\tfrom 192.0.2.0/24 lookup 100"), v4);
        assertTrue(v4.contains("101:\tfrom all to 203.0.113.0/24 fwmark 0x10/0xff iif a0 lookup 1000"), v4);
        assertTrue(v4.contains("102:\tfrom all oif a1 prohibit"), v4);
        assertTrue(v4.contains("103:\tfrom all fwmark 0x7 blackhole"), v4);
        String v6 = ns.ip("-6", "rule", "show");
        assertTrue(v6.contains("104:\tfrom 2001:db8::/32 lookup 100"), v6);

        List<Rule> dumped = rtnl.rules(Consts.AF_INET);
        assertTrue(dumped.stream().anyMatch(r -> r.priority() == 101 && r.fwmark() == 0x10 && r.fwmask() == 0xff
                && "a0".equals(r.iif()) && r.table() == 1000), dumped.toString());

        NetlinkException dup = assertThrows(NetlinkException.class, () -> rtnl.addRule(rules.get(0)));
        assertEquals(Errno.EEXIST, dup.errno());
        assertTrue(dup.getMessage().startsWith("add rule priority 100 from 192.0.2.0/24 table 100: EEXIST"),
                dup.getMessage());
        for (Rule r : rules) {
            rtnl.deleteRule(r);
        }
        v4 = ns.ip("rule", "show");
        for (String p : List.of("100:", "101:", "102:", "103:")) {
            assertFalse(v4.contains(p), v4);
        }
        assertFalse(ns.ip("-6", "rule", "show").contains("104:"));
    }
}
