package org.keepalivedjava.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressMapperTest {
    static final String LB1 = """
            global_defs {
                router_id 10.9.9.9
                smtp_server 10.8.8.8
            }
            vrrp_instance VI_1 {
                unicast_src_ip 10.0.0.11
                unicast_peer {
                    10.0.0.12
                }
                virtual_ipaddress {
                    10.0.0.100/24
                    192.0.2.7/32
                }
            }
            virtual_server 10.0.0.100 80 {
                real_server 172.16.5.21 80 {
                }
            }
            """;
    static final String LB2 = LB1.replace("unicast_src_ip 10.0.0.11", "unicast_src_ip 10.0.0.12")
            .replace("                    10.0.0.12\n", "                    10.0.0.11\n");

    @Test
    void networksInOrderOfAppearanceOverAllConfigsHostPartKept() {
        Map<String, String> nets = AddressMapper.plan(List.of(LB1, LB2));
        assertEquals(Map.of("10.0.0", "203.0.113", "172.16.5", "198.51.100"), nets);
        assertEquals(List.of("10.0.0", "172.16.5"), List.copyOf(nets.keySet()));
        String out = AddressMapper.apply(LB1, nets);
        assertTrue(out.contains("unicast_src_ip 203.0.113.11\n"), out);
        assertTrue(out.contains("        203.0.113.12\n"), out);
        assertTrue(out.contains("        203.0.113.100/24\n        192.0.2.7/32\n"), out);
        assertTrue(out.contains("virtual_server 203.0.113.100 80"), out);
        assertTrue(out.contains("real_server 198.51.100.21 80"), out);
        assertTrue(out.contains("router_id 10.9.9.9") && out.contains("smtp_server 10.8.8.8"),
                "not refused, so not mapped: " + out);
        assertEquals(List.of(), AddressPolicy.offences(out));
        assertEquals("10.0.0.x -> 203.0.113.x, 172.16.5.x -> 198.51.100.x", AddressMapper.describe(nets));
    }

    @Test
    void documentationConfigsNeedNoMapping() {
        String doc = "virtual_ipaddress {\n 192.0.2.100/24\n}\n";
        assertEquals(Map.of(), AddressMapper.plan(List.of(doc)));
        assertEquals(doc, AddressMapper.apply(doc, Map.of()));
    }

    @Test
    void tooManyNetworksOrIpv6AreRefused() {
        LabException many = assertThrows(LabException.class,
                () -> AddressMapper.plan(List.of("a 10.0.0.1\nb 10.0.1.1\nc 10.0.2.1\n")));
        assertTrue(many.getMessage().startsWith("more than 2 networks to map (10.0.0, 10.0.1, 10.0.2...)"),
                many.getMessage());
        LabException v6 = assertThrows(LabException.class, () -> AddressMapper.plan(List.of("a 2a00:1450::1/64\n")));
        assertTrue(v6.getMessage().startsWith("IPv6 addresses are not mapped (2a00:1450::1)"), v6.getMessage());
    }
}
