package org.keepalivedjava.os.genl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.ipvs.IpvsUnavailableException;
import org.keepalivedjava.os.ipvs.NetlinkIpvs;
import org.keepalivedjava.os.netlink.Netlink;
import org.keepalivedjava.os.netlink.NetlinkSocket;

/** Family resolution against the real kernel (no root needed: the controller answers anyone). */
class GenericNetlinkTest {

    @Test
    void resolvesTheControllerItselfAndReportsAMissingFamilyAsMinusOne() {
        try (NetlinkSocket s = NetlinkSocket.open(Netlink.NETLINK_GENERIC)) {
            assertEquals(GenericNetlink.GENL_ID_CTRL, GenericNetlink.resolveFamily(s, "nlctrl"));
            assertEquals(-1, GenericNetlink.resolveFamily(s, "kj-nofamily"));
            assertEquals(GenericNetlink.GENL_ID_CTRL, GenericNetlink.resolveFamily(s, "nlctrl"), "still usable");
            // names longer than GENL_NAMSIZ - 1 are refused by policy, not "not found"
            assertEquals(22, assertThrows(org.keepalivedjava.os.netlink.NetlinkException.class,
                    () -> GenericNetlink.resolveFamily(s, "kj-no-such-family")).errno());
        }
    }

    /**
     * This machine's kernel has no IPVS (CONFIG_IP_VS unset, see DESIGN.md), so this checks the real message.
     * On a kernel with ip_vs it would fail: that is the point, it must run where IPVS is absent.
     */
    @Test
    void aKernelWithoutIpvsIsReportedClearly() {
        IpvsUnavailableException e = assertThrows(IpvsUnavailableException.class, NetlinkIpvs::open);
        assertEquals("IPVS not available: the kernel has no ip_vs module (generic netlink family \"IPVS\" not found)",
                e.getMessage());
    }
}
