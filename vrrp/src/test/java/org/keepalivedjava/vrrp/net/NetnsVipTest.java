package org.keepalivedjava.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpAddress;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpRoute;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpRule;
import org.keepalivedjava.config.values.IpPrefix;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.packet.AddressAnnouncer;
import org.keepalivedjava.os.packet.PacketSocket;
import org.keepalivedjava.os.rtnl.IfAddress;
import org.keepalivedjava.os.rtnl.NetlinkRtnl;
import org.keepalivedjava.os.rtnl.RtnlMonitor;
import org.keepalivedjava.os.testing.Netns;

/** VipManager and GARPs against the real kernel, in two kj- namespaces joined by a veth pair. */
@Tag("root")
class NetnsVipTest {
    private static Netns a;
    private static Netns b;

    @BeforeAll
    static void lab() {
        a = Netns.create("vip");
        b = Netns.create("vipb");
        a.vethTo(b, "eth0", "eth0");
        a.ip("addr", "add", "192.0.2.1/24", "dev", "eth0");
        b.ip("addr", "add", "192.0.2.2/24", "dev", "eth0");
    }

    @AfterAll
    static void cleanUp() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    static IpAddress addr(String prefix, String brd, String brdBits, String dev, String scope, String label,
                          boolean noPrefixRoute) {
        return new IpAddress(IpPrefix.parse(prefix), brd == null ? null : ip(brd), brdBits, dev, scope, label, null,
                false, false, false, noPrefixRoute, false, false, false, null, null, null);
    }

    static InetAddress ip(String s) {
        return IpPrefix.parse(s).address();
    }

    private static void runUntil(EventLoop loop, BooleanSupplier done) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("not reached within 20 s");
            }
            loop.runOnce(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void vipsRoutesRulesReflectorAndLinkEvents() throws Exception {
        // A leftover of a "crashed predecessor": one of our VIPs already on the interface.
        a.ip("addr", "add", "192.0.2.101/32", "dev", "eth0", "scope", "link");
        a.call(() -> {
            TestLogs logs = new TestLogs(false);
            List<String> events = new ArrayList<>();
            try (NetlinkRtnl rtnl = NetlinkRtnl.open(); EventLoop loop = new EventLoop(Clock.SYSTEM)) {
                VipManager vm = new VipManager(rtnl, logs.logger, new VipManager.Listener() {
                    @Override
                    public void onLinkChange(String name, boolean up) {
                        events.add(name + (up ? " up" : " down"));
                    }

                    @Override
                    public void onVipRemoved(String instance, IfAddress address) {
                        events.add(instance + " lost " + address.address().getHostAddress());
                    }
                }, true);
                vm.addInstance("VI_1", "eth0",
                        List.of(addr("192.0.2.100/24", null, "+", null, null, "eth0:vip", false),
                                addr("192.0.2.101", null, null, "eth0", "link", null, false),
                                addr("198.51.100.7/24", "198.51.100.255", null, null, null, null, true)),
                        List.of(addr("2001:db8::100/64", null, null, null, null, null, false)),
                        List.of(new IpRoute("unicast", IpPrefix.parse("203.0.113.0/25"), null, null, ip("192.0.2.1"),
                                "eth0", "100", 7L, null, false, false, null, Map.of(), null)),
                        List.of(new IpRule(false, IpPrefix.parse("192.0.2.100"), null, "table", "100", 100L, false,
                                null, Map.of(), null)));
                vm.setStatic(List.of(addr("203.0.113.50/24", null, null, null, null, "eth0:st", false)), List.of(),
                        List.of(), "eth0");
                vm.start();
                String v4 = a.ip("-4", "addr", "show", "dev", "eth0");
                assertFalse(v4.contains("192.0.2.101"), "residual VIP removed at startup:\n" + v4);
                assertTrue(v4.contains("inet 203.0.113.50/24 scope global eth0:st"), v4);
                assertTrue(logs.text().contains("(VI_1) removing VIPs."), logs.text());

                vm.install("VI_1");
                vm.install("VI_1"); // idempotent: EEXIST is not an error
                v4 = a.ip("-4", "addr", "show", "dev", "eth0");
                assertTrue(v4.contains("inet 192.0.2.100/24 brd 192.0.2.255 scope global secondary eth0:vip"), v4);
                assertTrue(v4.contains("inet 192.0.2.101/32 scope link eth0"), v4);
                assertTrue(v4.contains("inet 198.51.100.7/24 brd 198.51.100.255 scope global noprefixroute eth0"),
                        v4);
                String v6 = a.ip("-6", "addr", "show", "dev", "eth0");
                assertTrue(v6.contains("inet6 2001:db8::100/64 scope global nodad"), v6);
                assertTrue(a.ip("route", "show", "table", "100")
                        .contains("203.0.113.0/25 via 192.0.2.1 dev eth0 proto keepalived metric 7"));
                assertTrue(a.ip("rule").contains("100:\tfrom 192.0.2.100 lookup 100"), a.ip("rule"));
                assertFalse(logs.text().contains("error"), logs.text());

                try (RtnlMonitor monitor = vm.startMonitor(loop)) {
                    a.ip("addr", "del", "192.0.2.100/24", "dev", "eth0");
                    runUntil(loop, () -> events.contains("VI_1 lost 192.0.2.100"));
                    assertTrue(a.ip("-4", "addr", "show", "dev", "eth0").contains("192.0.2.100/24"),
                            "restored by the reflector");
                    assertTrue(logs.text().contains("Netlink reflector reports IP 192.0.2.100 removed from eth0"));

                    a.ip("addr", "del", "203.0.113.50/24", "dev", "eth0");
                    runUntil(loop, () -> logs.text().contains("Restoring deleted static address 203.0.113.50/24 dev "
                            + "eth0 scope global label eth0:st set"));
                    assertTrue(a.ip("-4", "addr", "show", "dev", "eth0").contains("203.0.113.50/24"));

                    a.ip("link", "set", "eth0", "down");
                    runUntil(loop, () -> events.contains("eth0 down"));
                    a.ip("link", "set", "eth0", "up");
                    runUntil(loop, () -> events.contains("eth0 up"));
                    assertTrue(logs.text().contains("Netlink reports eth0 down"));
                    assertTrue(logs.text().contains("Netlink reports eth0 up"));
                }

                vm.uninstall("VI_1");
                v4 = a.ip("-4", "addr", "show", "dev", "eth0");
                assertFalse(v4.contains("192.0.2.100") || v4.contains("198.51.100.7"), v4);
                assertTrue(v4.contains("203.0.113.50/24"), "static addresses stay");
                assertFalse(a.ip("-6", "addr", "show", "dev", "eth0").contains("2001:db8::100"));
                assertEquals("", a.ip("route", "show", "table", "100").trim());
                assertFalse(a.ip("rule").contains("lookup 100"));
                vm.uninstall("VI_1"); // idempotent: EADDRNOTAVAIL/ESRCH are not errors
                assertFalse(logs.text().contains("error"), logs.text());
            }
            return null;
        });
    }

    @Test
    void garpsAreSeenInThePeerNamespace() throws Exception {
        PacketSocket capture = b.call(() -> PacketSocket.open("eth0", 0x0806));
        try {
            a.call(() -> {
                TestLogs logs = new TestLogs(false);
                try (PacketSocket sender = PacketSocket.openSender("eth0"); EventLoop loop = new EventLoop(Clock.SYSTEM)) {
                    GarpPacer pacer = new GarpPacer(loop, new AddressAnnouncer(sender), "eth0", false, 0, 0,
                            logs.logger);
                    GarpScheduler g = new GarpScheduler(loop, "VI_1",
                            List.of(new GarpScheduler.Target(org.keepalivedjava.os.inet.IpAddress.parse("192.0.2.100"),
                                    pacer)), new GarpScheduler.Settings(0, 5, 0, 1, 0, 1), logs.logger);
                    g.onBecomeMaster(loop.nowNs());
                    assertEquals(5, pacer.framesSent());
                }
                return null;
            });
            NativeBuffer buf = NativeBuffer.allocate(2048);
            int seen = 0;
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen < 5 && System.nanoTime() - giveUp < 0) {
                long n = capture.receive(buf);
                if (n == Native.WOULD_BLOCK) {
                    Thread.onSpinWait();
                    continue;
                }
                byte[] f = new byte[(int) n];
                buf.buffer().get(0, f);
                // SOCK_RAW packet sockets keep the Ethernet header: EtherType, then ARP sender/target IP
                assertEquals(0x0806, ((f[12] & 0xff) << 8) | (f[13] & 0xff));
                assertEquals("192.0.2.100", (f[28] & 0xff) + "." + (f[29] & 0xff) + "." + (f[30] & 0xff) + "."
                        + (f[31] & 0xff));
                assertEquals("192.0.2.100", (f[38] & 0xff) + "." + (f[39] & 0xff) + "." + (f[40] & 0xff) + "."
                        + (f[41] & 0xff), "gratuitous: target IP = sender IP");
                seen++;
            }
            assertEquals(5, seen);
        } finally {
            capture.close();
        }
    }
}
