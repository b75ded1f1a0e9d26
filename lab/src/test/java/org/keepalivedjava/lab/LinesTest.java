package org.keepalivedjava.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The line parsers: ip's address lines (recorded from iproute2 6.1) and the notify FIFO's lines. */
class LinesTest {
    @Test
    void ipMonitorAndAddrShowLines() {
        assertEquals(new AddressLine(true, "lab0", "192.0.2.100/24"), AddressLine.parse(
                "3: lab0    inet 192.0.2.100/24 scope global secondary lab0\\       valid_lft forever preferred_lft forever"));
        assertEquals(new AddressLine(false, "lab0", "192.0.2.100/24"), AddressLine.parse(
                "Deleted 3: lab0    inet 192.0.2.100/24 scope global secondary lab0\\       valid_lft forever"));
        AddressLine v6 = AddressLine.parse("3: lab0    inet6 2001:db8::1/64 scope global nodad \\       valid_lft");
        assertEquals(new AddressLine(true, "lab0", "2001:db8::1/64"), v6);
        assertTrue(AddressLine.parse("3: lab0    inet6 fe80::1/64 scope link").linkLocal());
        assertEquals("lab0", AddressLine.parse("3: lab0@if5    inet 192.0.2.1/24 scope global lab0").ifName());
        assertNull(AddressLine.parse("3: lab0: <BROADCAST,MULTICAST> mtu 1500"));
        assertNull(AddressLine.parse(""));
        assertNull(AddressLine.parse("Deleted"));
    }

    @Test
    void fifoLinesOfBothChildren() {
        FifoLine i = FifoLine.parse("INSTANCE \"VI_1\" MASTER 150");
        assertEquals(new FifoLine("INSTANCE", "VI_1", "MASTER", "150"), i);
        assertEquals("VI_1 MASTER (priority 150)", i.describe());
        assertTrue(i.vrrp());
        assertEquals("sync group G1 BACKUP", FifoLine.parse("GROUP \"G1\" BACKUP 0").describe());
        FifoLine rs = FifoLine.parse("RS [192.0.2.21]:tcp:80 [192.0.2.100]:tcp:80 DOWN");
        assertEquals(new FifoLine("RS", "[192.0.2.21]:tcp:80", "DOWN", "[192.0.2.100]:tcp:80"), rs);
        assertEquals("virtual server [192.0.2.100]:tcp:80 UP",
                FifoLine.parse("VS [192.0.2.100]:tcp:80 UP").describe());
        for (String bad : List.of("", "INSTANCE VI_1", "HELLO a b c", "VS a b c")) {
            assertNull(FifoLine.parse(bad), bad);
        }
    }

    @Test
    void timelineColumns() {
        Timeline t = new Timeline(1_000_000_000L);
        assertEquals("  4.120s  lb1       +  VIP 192.0.2.100/24 on lab0", t.format(new LabEvent(5_120_000_000L, "lb1",
                LabEvent.Kind.VIP_ADDED, "VIP 192.0.2.100/24 on lab0")));
        assertEquals("  0.000s  lab       ** early", t.format(new LabEvent(0, "lab", LabEvent.Kind.INFO, "early")));
        assertEquals("123.045s", Timeline.seconds(123_045_999_999L));
        for (LabEvent.Kind k : LabEvent.Kind.values()) {
            assertEquals(2, Timeline.marker(k).length(), k.name());
        }
    }

    @Test
    void planNamesAndAddresses() {
        LabPlan p = LabPlan.of("kj-lab-42", 3, List.of("192.0.2.21:80", "198.51.100.5:443", "192.0.2.21:8080"));
        assertEquals(List.of("kj-lab-42-lb1", "kj-lab-42-lb2", "kj-lab-42-lb3"),
                p.nodes().stream().map(LabPlan.Node::ns).toList());
        assertEquals("192.0.2.3", p.node("lb3").address());
        assertEquals("kj-lab-42-net", p.netNs());
        assertEquals(List.of("192.0.2.21", "198.51.100.5"), p.realServerAddresses());
        assertNull(p.node("lb4"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LabPlan.of("kj-other-1", 2, List.of()));
        assertEquals(List.of(), p.node("lb1").extra());
    }

    @Test
    void unicastSourcesBecomeTheNodesOwnAddressesWithoutClashes() {
        java.util.List<String> sources = new java.util.ArrayList<>(java.util.Arrays.asList("192.0.2.11", null));
        LabPlan p = LabPlan.of("kj-lab-42", 2, List.of("192.0.2.21:80"), sources);
        assertEquals(List.of("192.0.2.1", "192.0.2.11"), p.node("lb1").ownAddresses());
        assertEquals(List.of("192.0.2.2"), p.node("lb2").ownAddresses());
        assertEquals(List.of("192.0.2.1"), LabPlan.of("kj-lab-42", 1, List.of(), List.of("192.0.2.1")).node("lb1")
                .ownAddresses(), "the lab's own address already");
        for (List<String> clash : List.of(List.of("192.0.2.2", "192.0.2.12"), List.of("192.0.2.21", "192.0.2.12"),
                List.of("192.0.2.250", "192.0.2.12"), List.of("192.0.2.12", "192.0.2.12"))) {
            LabException e = org.junit.jupiter.api.Assertions.assertThrows(LabException.class,
                    () -> LabPlan.of("kj-lab-42", 2, List.of("192.0.2.21:80"), clash));
            assertTrue(e.getMessage().contains("unicast_src_ip"), e.getMessage());
        }
        LabException rs = org.junit.jupiter.api.Assertions.assertThrows(LabException.class,
                () -> LabPlan.of("kj-lab-42", 2, List.of("192.0.2.2:80"), List.of()));
        assertEquals("real server 192.0.2.2 would have the address of lb2; the lab gives 192.0.2.1-2 to its nodes and"
                + " 192.0.2.250 to its services", rs.getMessage());
    }

    @Test
    void cleanerMatchesOneLabOrAllLabsButNeverOtherNamespaces() {
        List<String> list = List.of("kj-lab-42-lb1 (id: 3)", "kj-lab-42-net (id: 2)", "kj-lab-421-lb1",
                "kj-sup-42", "prod-ns", "kj-lab-7-lb1");
        assertEquals(List.of("kj-lab-42-lb1", "kj-lab-42-net"), Cleaner.matching(list, "kj-lab-42"));
        assertEquals(List.of("kj-lab-42-lb1", "kj-lab-42-net", "kj-lab-421-lb1", "kj-lab-7-lb1"),
                Cleaner.matching(list, LabPlan.PREFIX));
    }
}
