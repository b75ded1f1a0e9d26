package org.keepalivedjava.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpAddress;
import org.keepalivedjava.config.values.IpPrefix;
import org.keepalivedjava.os.rtnl.IfAddress;
import org.keepalivedjava.os.rtnl.RtnlConstants;

/** Expected strings are the lines keepalived 2.2.7 wrote to /tmp/keepalived.data for the same config lines. */
class AddressTextTest {
    private static IpAddress a(String prefix, String brdBits, String brd, String scope, String label, String peer,
                               boolean noDad, boolean noPrefixRoute, Long lft) {
        return new IpAddress(IpPrefix.parse(prefix), brd == null ? null : IpPrefix.parse(brd).address(), brdBits,
                null, scope, label, peer == null ? null : IpPrefix.parse(peer).address(), false, noDad, false,
                noPrefixRoute, false, false, false, null, lft, null);
    }

    @Test
    void keepalivedsDumpLines() {
        assertEquals("192.0.2.100/24 brd 192.0.2.255 dev eth0 scope global label eth0:vip set",
                AddressText.of(a("192.0.2.100/24", "+", null, "global", "eth0:vip", null, false, false, null),
                        "eth0", true));
        assertEquals("192.0.2.101 dev eth0 scope link set",
                AddressText.of(a("192.0.2.101", null, null, "link", null, null, false, false, null), "eth0", true));
        assertEquals("198.51.100.7/24 brd 198.51.100.255 dev eth0 scope global noprefixroute set",
                AddressText.of(a("198.51.100.7/24", null, "198.51.100.255", null, null, null, false, true, null),
                        "eth0", true));
        assertEquals("192.0.2.102 dev eth0 scope global peer 192.0.2.200/32 set",
                AddressText.of(a("192.0.2.102", null, null, null, null, "192.0.2.200", false, false, null), "eth0",
                        true));
        assertEquals("2001:db8::100/64 dev eth0 scope global preferred_lft forever set",
                AddressText.of(a("2001:db8::100/64", null, null, null, null, null, false, false, null), "eth0", true));
        assertEquals("2001:db8::101 dev eth0 scope global deprecated set",
                AddressText.of(a("2001:db8::101", null, null, null, null, null, false, false, null), "eth0", true));
        assertEquals("2001:db8::102/64 dev eth0 scope global -nodad preferred_lft forever set",
                AddressText.of(a("2001:db8::102/64", null, null, null, null, null, true, false, -1L), "eth0", true));
        assertEquals("192.0.2.110/24 dev eth0 scope global",
                AddressText.of(a("192.0.2.110/24", null, null, null, null, null, false, false, null), "eth0", false));
    }

    @Test
    void kernelRecordsCarryKeepalivedsFlags() {
        IfAddress v6 = NetSpecs.address(a("2001:db8::100/64", null, null, null, null, null, false, false, null), 3);
        assertEquals(RtnlConstants.IFA_F_NODAD, v6.flags());
        IfAddress v6NoNodad = NetSpecs.address(a("2001:db8::102/64", null, null, null, null, null, true, false, null), 3);
        assertEquals(0, v6NoNodad.flags());
        IfAddress brdMinus = NetSpecs.address(a("192.0.2.77/24", "-", null, "host", null, null, false, true, null), 3);
        assertEquals("192.0.2.0", brdMinus.broadcast().getHostAddress());
        assertEquals(RtnlConstants.RT_SCOPE_HOST, brdMinus.scope());
        assertEquals(RtnlConstants.IFA_F_NOPREFIXROUTE, brdMinus.flags());
        assertEquals(100, NetSpecs.table("100"));
        assertEquals(RtnlConstants.RT_TABLE_MAIN, NetSpecs.table(null));
    }
}
