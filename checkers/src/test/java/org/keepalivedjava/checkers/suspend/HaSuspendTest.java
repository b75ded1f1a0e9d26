package org.keepalivedjava.checkers.suspend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.checkers.lvs.IpvsProgrammer;
import org.keepalivedjava.checkers.lvs.LvsRuntime;
import org.keepalivedjava.checkers.lvs.VirtualServerState;
import org.keepalivedjava.checkers.notify.LvsNotifier;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.smtp.AlertSink;

/** Which addresses ha_suspend waits for, and when a virtual server is suspended. */
class HaSuspendTest {
    static final String CONFIG = """
            virtual_server_group G {
              198.51.100.10-20 80
              203.0.113.5 80
            }
            virtual_server 192.0.2.100 80 {
              ha_suspend
              protocol TCP
              real_server 192.0.2.2 80 {
                TCP_CHECK {
                }
              }
            }
            virtual_server 192.0.2.101 80 {
              protocol TCP
              real_server 192.0.2.2 80 {
                TCP_CHECK {
                }
              }
            }
            virtual_server group G {
              ha_suspend
              protocol TCP
              real_server 192.0.2.2 80 {
                TCP_CHECK {
                }
              }
            }
            virtual_server 2001:db8::100 80 {
              ha_suspend
              protocol TCP
              real_server 2001:db8::2 80 {
                TCP_CHECK {
                }
              }
            }
            """;

    static List<VirtualServerState> virtualServers(KeepalivedConfig config) {
        LvsNotifier notifier = new LvsNotifier((argv, user, group, timeoutNs, onDone) -> () -> { }, line -> { },
                AlertSink.NONE);
        LvsRuntime runtime = new LvsRuntime(config.lvs(), config.global().lvs(),
                IpvsProgrammer.unavailable("test", line -> { }), notifier, line -> { }, false, false, false);
        return runtime.virtualServers();
    }

    static KeepalivedConfig load(String text) {
        Diagnostics d = new Diagnostics();
        KeepalivedConfig c = ConfigLoader.loadText("t.conf", text, LoadOptions.defaults(), HostView.system(), d)
                .config();
        assertTrue(d.all().stream().noneMatch(x -> x.toString().contains("group")), d.all()::toString);
        return c;
    }

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void watchesTheVirtualServerAddressAndGroupRangesOnly() throws Exception {
        KeepalivedConfig config = load(CONFIG);
        List<VirtualServerState> vss = virtualServers(config);
        HaSuspend hs = new HaSuspend(vss, config.lvs());
        assertTrue(hs.inUse());
        assertTrue(hs.concerns(ip("192.0.2.100")));
        assertFalse(hs.concerns(ip("192.0.2.101")), "no ha_suspend on that one");
        assertTrue(hs.concerns(ip("198.51.100.10")));
        assertTrue(hs.concerns(ip("198.51.100.20")));
        assertFalse(hs.concerns(ip("198.51.100.21")));
        assertFalse(hs.concerns(ip("198.51.100.9")));
        assertTrue(hs.concerns(ip("203.0.113.5")));
        assertFalse(hs.concerns(ip("203.0.113.6")));
        assertTrue(hs.concerns(ip("2001:db8::100")));
        assertFalse(hs.concerns(ip("2001:db8::101")));
        assertEquals(-1, hs.count(vss.get(1), List.of(ip("192.0.2.101"))));
    }

    @Test
    void suspendedWhileNoCopyOfTheAddressIsOnTheHost() throws Exception {
        KeepalivedConfig config = load(CONFIG);
        List<VirtualServerState> vss = virtualServers(config);
        VirtualServerState v4 = vss.get(0);
        VirtualServerState plain = vss.get(1);
        VirtualServerState group = vss.get(2);
        VirtualServerState v6 = vss.get(3);
        HaSuspend hs = new HaSuspend(vss, config.lvs());
        assertFalse(hs.isSuspended(v4), "nothing suspended before the first dump");

        List<HaSuspend.Change> first = hs.update(List.of(ip("127.0.0.1"), ip("198.51.100.15"), ip("::1")));
        assertEquals(List.of(new HaSuspend.Change(v4, true), new HaSuspend.Change(v6, true)), first);
        assertFalse(hs.isSuspended(group));
        assertFalse(hs.isSuspended(plain), "a virtual server without ha_suspend is never suspended");

        // the VIP on two interfaces (e.g. an IPv6 address on two links): suspended only when both are gone
        List<InetAddress> twice = List.of(ip("192.0.2.100"), ip("192.0.2.100"), ip("198.51.100.15"));
        assertEquals(List.of(new HaSuspend.Change(v4, false)), hs.update(twice));
        assertEquals(2, hs.count(v4, twice));
        assertEquals(List.of(), hs.update(List.of(ip("192.0.2.100"), ip("198.51.100.15"))), "one copy left");
        assertEquals(List.of(new HaSuspend.Change(v4, true), new HaSuspend.Change(group, true)),
                hs.update(List.of()));
        assertEquals(List.of(new HaSuspend.Change(v6, false)), hs.update(List.of(ip("2001:db8::100"),
                ip("192.0.2.99"))));
    }

    @Test
    void notInUseWithoutHaSuspend() {
        KeepalivedConfig config = load("""
                virtual_server 192.0.2.101 80 {
                  protocol TCP
                  real_server 192.0.2.2 80 {
                    TCP_CHECK {
                    }
                  }
                }
                """);
        HaSuspend hs = new HaSuspend(virtualServers(config), config.lvs());
        assertFalse(hs.inUse());
        assertEquals(List.of(), hs.update(List.of()));
    }
}
