package org.keepalivedjava.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    @Test
    void documentationLoopbackMulticastAndLinkLocalAreAllowed() {
        String conf = """
                vrrp_mcast_group4 224.0.0.18
                vrrp_mcast_group6 ff02::12
                virtual_ipaddress {
                    192.0.2.100/24
                    198.51.100.7
                    203.0.113.9/32 dev eth0
                    2001:db8::100/64
                    fe80::1
                }
                unicast_src_ip 127.0.0.1
                router_id 10.0.0.1
                smtp_server 10.0.0.25 25
                mac 00:11:22:33:44:55
                version 2.2.7
                """;
        assertEquals(List.of(), AddressPolicy.offences(conf));
    }

    @Test
    void productionAddressesAreReportedWithTheirLines() {
        String conf = "virtual_ipaddress {\n    10.0.0.100/24\n}\nreal_server 172.16.1.5 80 # 10.9.9.9 in a comment\n"
                + "virtual_ipaddress_excluded {\n  2a00:1450::1/64\n}\n";
        assertEquals(List.of(new AddressPolicy.Offence(2, "10.0.0.100"), new AddressPolicy.Offence(4, "172.16.1.5"),
                new AddressPolicy.Offence(6, "2a00:1450::1")), AddressPolicy.offences(conf));
    }

    @Test
    void neighboursOfTheDocumentationRangesAreRefused() {
        assertEquals(List.of(new AddressPolicy.Offence(1, "192.0.3.1"), new AddressPolicy.Offence(1, "198.51.101.1"),
                new AddressPolicy.Offence(1, "203.0.112.1"), new AddressPolicy.Offence(1, "2001:db9::1")),
                AddressPolicy.offences("x 192.0.3.1 198.51.101.1 203.0.112.1 2001:db9::1"));
    }
}
