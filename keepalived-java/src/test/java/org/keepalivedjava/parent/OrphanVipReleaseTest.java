package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.testing.TestHosts;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Facility;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.rtnl.IfAddress;
import org.keepalivedjava.os.rtnl.Link;
import org.keepalivedjava.os.rtnl.Route;
import org.keepalivedjava.os.rtnl.Rtnl;
import org.keepalivedjava.os.rtnl.Rule;
import org.junit.jupiter.api.Test;

class OrphanVipReleaseTest {
    private static final String CONF = """
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              virtual_ipaddress {
                192.0.2.100/24
                192.0.2.101 dev eth1
              }
              virtual_ipaddress_excluded {
                198.51.100.7/32
              }
            }
            vrrp_instance VI_6 {
              interface eth0
              virtual_router_id 61
              virtual_ipaddress {
                2001:db8::100/64
              }
            }
            """;

    private static final Logger LOG = new Logger(new Logger.Settings(Ident.PARENT, 1, false, false, Facility.DAEMON,
            false), Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()), buffer -> true);

    private static final HostView HOST = TestHosts.ANY;

    /** The kernel's address list, in memory. */
    static final class FakeRtnl implements Rtnl {
        final List<IfAddress> addresses = new ArrayList<>();
        int opened;

        @Override public void addAddress(IfAddress address) { addresses.add(address); }
        @Override public void deleteAddress(IfAddress address) { addresses.remove(address); }
        @Override public void addRoute(Route route) { }
        @Override public void deleteRoute(Route route) { }
        @Override public void addRule(Rule rule) { }
        @Override public void deleteRule(Rule rule) { }
        @Override public List<Link> links() { return List.of(); }
        @Override public List<IfAddress> addresses(int family) { return List.copyOf(addresses); }
        @Override public List<Route> routes(int family) { return List.of(); }
        @Override public List<Rule> rules(int family) { return List.of(); }
        @Override public void close() { }
    }

    private static VrrpConfig vrrp() {
        ConfigLoader.Result r = ConfigLoader.loadText("k.conf", CONF, LoadOptions.defaults(), HOST,
                new Diagnostics(d -> { }));
        return r.config().vrrp();
    }

    private static IfAddress a(int ifIndex, String address, int prefix) throws Exception {
        return IfAddress.of(ifIndex, InetAddress.getByName(address), prefix);
    }

    @Test
    void removesOnlyTheConfiguredAddressesWithTheirPrefixOnAnyInterface() throws Exception {
        FakeRtnl kernel = new FakeRtnl();
        IfAddress own = a(2, "192.0.2.1", 24);
        IfAddress sameAddressOtherPrefix = a(2, "192.0.2.100", 32);
        kernel.addresses.addAll(List.of(own, a(2, "192.0.2.100", 24), a(3, "192.0.2.101", 32),
                a(7, "2001:db8::100", 64), a(2, "198.51.100.7", 32), sameAddressOtherPrefix));
        OrphanVipRelease release = new OrphanVipRelease(() -> { kernel.opened++; return kernel; },
                LOG, false);
        release.use(vrrp());

        release.afterExit(new ChildExit(137), false);

        assertEquals(List.of(own, sameAddressOtherPrefix), kernel.addresses);
        assertEquals(1, kernel.opened);
    }

    @Test
    void keepsThemWithDashVAndDoesNothingWithoutVips() throws Exception {
        FakeRtnl kernel = new FakeRtnl();
        kernel.addresses.add(a(2, "192.0.2.100", 24));
        OrphanVipRelease keep = new OrphanVipRelease(() -> kernel, LOG, true);
        keep.use(vrrp());
        keep.afterExit(new ChildExit(137), false);
        assertEquals(1, kernel.addresses.size());

        OrphanVipRelease none = new OrphanVipRelease(() -> { kernel.opened++; return kernel; }, LOG, false);
        none.afterExit(new ChildExit(137), false);
        assertEquals(0, kernel.opened, "no configuration yet: the kernel is not even asked");
    }

    @Test
    void followsTheConfigurationAcrossReloads() throws Exception {
        FakeRtnl kernel = new FakeRtnl();
        kernel.addresses.add(a(2, "192.0.2.100", 24));
        OrphanVipRelease release = new OrphanVipRelease(() -> kernel, LOG, false);
        release.use(vrrp());
        release.use(null); // a configuration without VRRP
        release.afterExit(new ChildExit(137), false);
        assertEquals(1, kernel.addresses.size());
    }
}
