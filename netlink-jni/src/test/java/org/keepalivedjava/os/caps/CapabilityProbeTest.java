package org.keepalivedjava.os.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class CapabilityProbeTest {
    /** Captured from /proc/self/status of a root shell (full set) with the surrounding lines. */
    private static final String ROOT_STATUS = "Name:\tcat\nUmask:\t0022\nState:\tR (running)\nUid:\t0\t0\t0\t0\n"
            + "Gid:\t0\t0\t0\t0\nGroups:\t0 \nCapInh:\t0000000000000000\nCapPrm:\t000001fffeffffff\n"
            + "CapEff:\t000001fffeffffff\nCapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\n";
    /** An unprivileged user's status: empty effective set, two supplementary groups. */
    private static final String USER_STATUS = "Name:\tcat\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1001\t1000\t1000\n"
            + "Groups:\t27 100 \nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n";

    @Test
    void parsesTheEffectiveSet() {
        assertEquals(0x1fffeffffffL, CapabilityProbe.parseEffective(ROOT_STATUS));
        assertEquals(0L, CapabilityProbe.parseEffective(USER_STATUS));
        assertThrows(IllegalArgumentException.class, () -> CapabilityProbe.parseEffective("Name:\tx\n"));
    }

    @Test
    void rootMissesNothing() {
        assertEquals(List.of(), CapabilityProbe.report(CapabilityProbe.parseEffective(ROOT_STATUS), CapabilityProbe.VRRP));
    }

    @Test
    void namesWhatWillNotWork() {
        long onlyNetAdmin = 1L << 12;
        assertEquals(EnumSet.of(Capability.CAP_NET_RAW), CapabilityProbe.missing(onlyNetAdmin, CapabilityProbe.VRRP));
        List<String> lines = CapabilityProbe.report(0, CapabilityProbe.CHECKER);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("missing CAP_NET_ADMIN: virtual IP addresses"), lines.get(0));
        assertTrue(lines.get(0).contains("IPVS") && lines.get(0).contains("SO_MARK"), lines.get(0));
        assertTrue(lines.get(1).startsWith("missing CAP_NET_RAW: VRRP adverts"), lines.get(1));
        assertTrue(lines.get(1).endsWith(" will not work"), lines.get(1));
    }

    @Test
    void theLiveProbeAgreesWithProc() throws Exception {
        long effective = CapabilityProbe.effective();
        assertEquals(CapabilityProbe.report(effective, CapabilityProbe.VRRP), CapabilityProbe.probe(CapabilityProbe.VRRP));
    }

    @Test
    void pingGroupRange() {
        PingGroupRange kernelDefault = PingGroupRange.parse("1\t0\n");
        assertEquals(new PingGroupRange(1, 0), kernelDefault);
        assertTrue(!kernelDefault.allows(0) && !kernelDefault.allows(1), "the kernel default is empty");
        PingGroupRange systemd = PingGroupRange.parse("0\t2147483647");
        assertTrue(systemd.allows(0) && systemd.allows(65534));
        assertEquals(List.of(1001L, 27L, 100L), PingGroupRange.groupsOf(USER_STATUS), "effective gid then supplementary");
        assertEquals(List.of(0L, 0L), PingGroupRange.groupsOf(ROOT_STATUS));
        assertTrue(PingGroupRange.parse("100 100").allowsAny(PingGroupRange.groupsOf(USER_STATUS)));
        assertNull(systemd.problemFor(List.of(1001L)));
        assertEquals("ICMP ping sockets not allowed: groups [1001, 27] are outside net.ipv4.ping_group_range \"1 0\"; "
                + "PING_CHECK will fail (EACCES); fix: sysctl -w net.ipv4.ping_group_range=\"1001 1001\" (the effective"
                + " gid) or a range holding it", kernelDefault.problemFor(List.of(1001L, 27L)));
        assertThrows(IllegalArgumentException.class, () -> PingGroupRange.parse("5"));
    }
}
