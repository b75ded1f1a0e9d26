package org.keepalivedjava.checkers.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.lvs.FakeCheck;
import org.keepalivedjava.checkers.lvs.InMemoryIpvs;
import org.keepalivedjava.checkers.lvs.IpvsProgrammer;
import org.keepalivedjava.checkers.notify.LvsNotifier;
import org.keepalivedjava.checkers.suspend.AddressSource;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.ManualClock;
import org.keepalivedjava.smtp.AlertSink;

/** ha_suspend in the checker child: a fake address source, fake checks, IPVS in memory. */
class CheckerChildHaSuspendTest {
    static final String CONFIG = """
            virtual_server 192.0.2.100 80 {
              ha_suspend
              protocol TCP
              real_server 192.0.2.2 80 {
                TCP_CHECK {
                }
              }
              real_server 192.0.2.3 80 {
                TCP_CHECK {
                }
              }
            }
            virtual_server 192.0.2.101 80 {
              protocol TCP
              real_server 192.0.2.4 80 {
                TCP_CHECK {
                }
              }
            }
            """;

    /** Addresses changed by hand; changes are delivered when the test says. */
    static final class FakeAddresses implements AddressSource {
        final List<InetAddress> present = new ArrayList<>();
        Listener listener;
        int dumps;
        boolean closed;

        @Override
        public List<InetAddress> addresses() {
            dumps++;
            return List.copyOf(present);
        }

        @Override
        public void watch(Listener l) {
            listener = l;
        }

        @Override
        public void close() {
            closed = true;
        }

        void add(String ip) throws Exception {
            InetAddress a = InetAddress.getByName(ip);
            present.add(a);
            listener.onAddress(a, true);
        }

        void remove(String ip) throws Exception {
            InetAddress a = InetAddress.getByName(ip);
            present.remove(a);
            listener.onAddress(a, false);
        }
    }

    final ManualClock clock = new ManualClock(1_000_000_000_000L);
    final EventLoop loop = new EventLoop(clock);
    final List<String> log = new ArrayList<>();
    final InMemoryIpvs ipvs = new InMemoryIpvs();
    final Map<String, FakeCheck> checks = new LinkedHashMap<>();
    final FakeAddresses addresses = new FakeAddresses();
    CheckerChild child;

    @AfterEach
    void close() {
        loop.close();
    }

    CheckerChild child(String text, boolean logDetail) {
        Diagnostics d = new Diagnostics();
        KeepalivedConfig config = ConfigLoader.loadText("t.conf", text, LoadOptions.defaults(), HostView.system(), d)
                .config();
        LvsNotifier notifier = new LvsNotifier((argv, user, group, timeoutNs, onDone) -> () -> { }, line -> { },
                AlertSink.NONE);
        CheckContext context = new CheckContext(loop, null, null, new SplittableRandom(1), log::add);
        child = new CheckerChild(config, loop, IpvsProgrammer.of(ipvs, log::add),
                (checker, ctx, listener, rs, vs) -> {
                    FakeCheck c = new FakeCheck(checker, listener, true);
                    checks.put(rs, c);
                    return c;
                }, context, notifier, CheckerChild.AlertDefaults.NONE, log::add, true,
                Path.of("/nonexistent/keepalived_check.data"), () -> { });
        child.useAddresses(addresses, logDetail);
        return child;
    }

    @Test
    void haSuspendGainedAtReloadOpensTheAddressMonitorAndIsWatched() throws Exception {
        int[] opens = {0};
        String without = CONFIG.replace("  ha_suspend\n", "");
        child(without, true);
        child.useAddresses(() -> {
            opens[0]++;
            return addresses;
        }, true);
        child.start(clock.nanoTime());
        assertEquals(0, opens[0], "no ha_suspend at start: no address monitor");
        assertTrue(checks.get("[192.0.2.2]:tcp:80").isEnabled());

        Diagnostics d = new Diagnostics();
        KeepalivedConfig next = ConfigLoader.loadText("t.conf", CONFIG, LoadOptions.defaults(), HostView.system(), d)
                .config();
        log.clear();
        assertTrue(child.reload(next));
        assertEquals(1, opens[0], "the reload that brings ha_suspend opens the monitor");
        assertTrue(log.contains("Deactivating healthchecker for service [192.0.2.2]:tcp:80 for VS [192.0.2.100]:tcp:80"),
                log::toString);
        FakeCheck rs2 = checks.get("[192.0.2.2]:tcp:80");
        assertFalse(rs2.isEnabled(), "192.0.2.100 is not on the host");
        assertTrue(checks.get("[192.0.2.4]:tcp:80").isEnabled());

        log.clear();
        addresses.add("192.0.2.100");
        assertTrue(rs2.isEnabled(), "the address event after the reload is watched: " + log);
        assertTrue(log.contains("Activating healthchecker for service [192.0.2.2]:tcp:80 for VS [192.0.2.100]:tcp:80"),
                log::toString);
        addresses.remove("192.0.2.100");
        assertFalse(rs2.isEnabled());

        assertTrue(child.reload(next));
        assertEquals(1, opens[0], "opened once");
    }

    @Test
    void anAddressMonitorThatCannotOpenIsLoggedAndChecksRunRegardless() {
        child(CONFIG, false);
        child.useAddresses(() -> {
            throw new IllegalStateException("netlink says no");
        }, false);
        child.start(clock.nanoTime());
        assertTrue(log.stream().anyMatch(l -> l.contains("netlink says no")), log::toString);
        assertTrue(checks.get("[192.0.2.2]:tcp:80").isEnabled());
    }

    @Test
    void addressAbsentAtStartDeactivatesOnlyThatVirtualServersChecksButIpvsIsProgrammed() {
        child(CONFIG, false).start(clock.nanoTime());
        assertTrue(log.contains("Deactivating healthchecker for service [192.0.2.2]:tcp:80 for VS [192.0.2.100]:tcp:80"),
                log::toString);
        assertTrue(log.contains("Deactivating healthchecker for service [192.0.2.3]:tcp:80 for VS [192.0.2.100]:tcp:80"),
                log::toString);
        assertTrue(log.contains("Activating healthchecker for service [192.0.2.4]:tcp:80 for VS [192.0.2.101]:tcp:80"),
                log::toString);
        assertFalse(checks.get("[192.0.2.2]:tcp:80").isEnabled());
        assertFalse(checks.get("[192.0.2.3]:tcp:80").isEnabled());
        assertTrue(checks.get("[192.0.2.4]:tcp:80").isEnabled());
        // keepalived initialises IPVS whatever ha_suspend says: both services with their real servers
        String table = ipvs.saved();
        assertTrue(table.contains("-a -t 192.0.2.100:80 -r 192.0.2.2:80"), table);
        assertTrue(table.contains("-a -t 192.0.2.101:80 -r 192.0.2.4:80"), table);
        assertEquals(1, addresses.dumps);
    }

    @Test
    void addressPresentAtStartActivates() throws Exception {
        addresses.present.add(InetAddress.getByName("192.0.2.100"));
        child(CONFIG, false).start(clock.nanoTime());
        assertTrue(log.contains("Activating healthchecker for service [192.0.2.2]:tcp:80 for VS [192.0.2.100]:tcp:80"),
                log::toString);
        assertTrue(checks.get("[192.0.2.2]:tcp:80").isEnabled());
    }

    @Test
    void addressEventsSuspendAndActivateWithoutTouchingIpvs() throws Exception {
        child(CONFIG, true).start(clock.nanoTime());
        FakeCheck rs2 = checks.get("[192.0.2.2]:tcp:80");
        rs2.report(false); // went down before suspension: IPVS already has it removed
        int requests = ipvs.requests.size();
        log.clear();

        addresses.add("192.0.2.100");
        assertEquals(List.of("Netlink reflector reports IP 192.0.2.100 added",
                "Activating healthchecker for service [192.0.2.2]:tcp:80 for VS [192.0.2.100]:tcp:80",
                "Activating healthchecker for service [192.0.2.3]:tcp:80 for VS [192.0.2.100]:tcp:80"), log);
        assertTrue(rs2.isEnabled());

        log.clear();
        addresses.add("192.0.2.7"); // not watched: no log, no dump
        int dumps = addresses.dumps;
        addresses.remove("192.0.2.7");
        assertEquals(List.of(), log);
        assertEquals(dumps, addresses.dumps);

        addresses.remove("192.0.2.100");
        assertEquals(List.of("Netlink reflector reports IP 192.0.2.100 removed",
                "Suspending healthchecker for service [192.0.2.2]:tcp:80 for VS [192.0.2.100]:tcp:80",
                "Suspending healthchecker for service [192.0.2.3]:tcp:80 for VS [192.0.2.100]:tcp:80"), log);
        assertFalse(rs2.isEnabled());
        assertTrue(checks.get("[192.0.2.4]:tcp:80").isEnabled());
        assertEquals(requests, ipvs.requests.size(), "suspension leaves IPVS as it is: " + ipvs.requests);
        assertEquals(0, rs2.stops, "suspended checks are not stopped, only disabled");
    }

    @Test
    void withoutLogDetailNoReflectorLine() throws Exception {
        child(CONFIG, false).start(clock.nanoTime());
        log.clear();
        addresses.add("192.0.2.100");
        assertFalse(log.stream().anyMatch(l -> l.startsWith("Netlink reflector")), log::toString);
        assertEquals(2, log.size(), log::toString);
    }

    @Test
    void resyncAfterLostEventsReadsTheAddressesAgain() throws Exception {
        child(CONFIG, false).start(clock.nanoTime());
        addresses.present.add(InetAddress.getByName("192.0.2.100"));
        addresses.listener.onResync();
        assertTrue(checks.get("[192.0.2.2]:tcp:80").isEnabled());
    }

    @Test
    void stopClosesTheAddressSourceAndIgnoresLaterEvents() throws Exception {
        child(CONFIG, false).start(clock.nanoTime());
        child.requestStop();
        assertTrue(addresses.closed);
        log.clear();
        addresses.add("192.0.2.100");
        assertEquals(List.of(), log);
    }

    @Test
    void withoutHaSuspendTheSourceIsNotWatched() {
        child("""
                virtual_server 192.0.2.101 80 {
                  protocol TCP
                  real_server 192.0.2.4 80 {
                    TCP_CHECK {
                    }
                  }
                }
                """, false).start(clock.nanoTime());
        assertEquals(null, addresses.listener);
        assertEquals(0, addresses.dumps);
    }
}
