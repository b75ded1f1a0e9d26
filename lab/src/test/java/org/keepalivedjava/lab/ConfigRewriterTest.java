package org.keepalivedjava.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRewriterTest {
    static final String CONF = """
            global_defs {
                router_id lb1
                smtp_server 203.0.113.25 25
            }
            vrrp_instance VI_1 {
                interface ens3
                track_interface {
                    eth1 weight 10
                    eth0.100
                }
                virtual_ipaddress {
                    192.0.2.100/24 dev ens3
                }
            }
            vrrp_instance VI_2 {
                interface eth1   # the back end
            }
            """;

    @Test
    void interfacesAreTheInterfaceKeywordsInOrderOfAppearance() {
        assertEquals(List.of("ens3", "eth1"), ConfigRewriter.interfacesOf(CONF));
    }

    @Test
    void interfacesAfterDevAndOfTheSyncDaemonToo() {
        String conf = "global_defs {\n lvs_sync_daemon bond0 VI_1\n}\nvrrp_instance VI_1 {\n interface eth0\n"
                + " virtual_ipaddress {\n  192.0.2.100/24 dev eth2 label eth2:1\n }\n virtual_routes {\n"
                + "  198.51.100.0/24 via 192.0.2.254 dev eth3\n }\n}\n";
        assertEquals(List.of("bond0", "eth0", "eth2", "eth3"), ConfigRewriter.interfacesOf(conf));
        String out = ConfigRewriter.rewrite(conf, Map.of("eth2", "lab0"), "192.0.2.250", 25, "/f");
        assertTrue(out.contains("  192.0.2.100/24 dev lab0 label lab0:1\n"), out);
        assertTrue(out.contains("via 192.0.2.254 dev eth3\n"), out);
    }

    @Test
    void renamesWholeWordsEverywhereAndKeepsSpacing() {
        String out = ConfigRewriter.rewrite(CONF, Map.of("ens3", "lab0", "eth1", "lab0"), "192.0.2.250", 25,
                "/tmp/x/lb1.fifo");
        assertTrue(out.contains("    interface lab0\n"), out);
        assertTrue(out.contains("        192.0.2.100/24 dev lab0\n"), out);
        assertTrue(out.contains("        lab0 weight 10\n"), out);
        assertTrue(out.contains("    interface lab0   # the back end"), out);
        assertTrue(out.contains("        eth0.100\n"), "a VLAN name is another word: " + out);
        assertFalse(out.contains("ens3"), out);
    }

    @Test
    void smtpServerAndFifoPointIntoTheLabRightAfterGlobalDefsOpens() {
        String out = ConfigRewriter.rewrite(CONF, Map.of(), "192.0.2.250", 25, "/tmp/x/lb1.fifo");
        List<String> lines = out.lines().toList();
        assertEquals("global_defs {", lines.get(0));
        assertEquals("    smtp_server 192.0.2.250 25   " + ConfigRewriter.MARK, lines.get(1));
        assertEquals("    notify_fifo /tmp/x/lb1.fifo   " + ConfigRewriter.MARK, lines.get(2));
        assertTrue(lines.contains("#    smtp_server 203.0.113.25 25   " + ConfigRewriter.MARK + ": replaced"), out);
        assertEquals(1, lines.stream().filter(l -> l.trim().startsWith("smtp_server")).count(), out);
    }

    @Test
    void oneLineGlobalDefsIsSplitAfterItsBrace() {
        String out = ConfigRewriter.rewrite("global_defs { router_id x }\n", Map.of(), "192.0.2.250", 25, "/f");
        assertEquals(List.of("global_defs {", "    smtp_server 192.0.2.250 25   " + ConfigRewriter.MARK,
                "    notify_fifo /f   " + ConfigRewriter.MARK, " router_id x }", ""), out.lines().toList().isEmpty()
                ? List.of() : List.of(out.split("\n", -1)));
    }

    @Test
    void braceOnTheNextLineAndNoGlobalDefsAtAll() {
        String next = ConfigRewriter.rewrite("global_defs\n{\n router_id x\n}\n", Map.of(), "192.0.2.250", 25, "/f");
        assertEquals(List.of("global_defs", "{", "    smtp_server 192.0.2.250 25   " + ConfigRewriter.MARK,
                "    notify_fifo /f   " + ConfigRewriter.MARK, " router_id x", "}", ""), List.of(next.split("\n", -1)));
        String none = ConfigRewriter.rewrite("vrrp_instance A {\n}\n", Map.of(), "192.0.2.250", 25, "/f");
        assertTrue(none.startsWith("global_defs {   " + ConfigRewriter.MARK + "\n    smtp_server 192.0.2.250 25"), none);
        assertTrue(none.endsWith("}\nvrrp_instance A {\n}\n"), none);
    }

    @Test
    void unicastSourceIsTheFirstIpv4One() {
        assertEquals("192.0.2.11", ConfigRewriter.unicastSourceOf(
                "vrrp_instance A {\n unicast_src_ip 192.0.2.11\n unicast_peer {\n  192.0.2.12\n }\n}\n"
                        + "vrrp_instance B {\n unicast_src_ip 192.0.2.13\n}\n"));
        assertEquals(null, ConfigRewriter.unicastSourceOf("vrrp_instance A {\n unicast_src_ip 2001:db8::1\n}\n"));
    }

    @Test
    void realServersAreIpv4AddressPortPairsOnce() {
        String conf = "virtual_server 192.0.2.100 80 {\n real_server 192.0.2.21 80 {\n }\n"
                + " real_server 192.0.2.22 8080 {\n }\n real_server 2001:db8::5 80 {\n }\n}\n"
                + "virtual_server 192.0.2.101 80 {\n real_server 192.0.2.21 80 {\n }\n}\n";
        assertEquals(List.of("192.0.2.21:80", "192.0.2.22:8080"), ConfigRewriter.realServersOf(conf));
    }
}
