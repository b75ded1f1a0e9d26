package org.keepalivedjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.KeepalivedConfig;

class ConfigDumpTest {
    enum Kind { NAT, DR }

    record Server(String address, int port, Kind kind, Location location) {
    }

    record Pool(String name, List<Server> servers, Optional<String> sorry, Optional<Integer> none,
                Map<String, Integer> weights, Set<String> tags) {
    }

    @Test
    void walksRecordsListsOptionalsMapsAndSets() {
        Pool pool = new Pool("web \"a\"", List.of(new Server("192.0.2.1", 80, Kind.NAT, new Location("k.conf", 12))),
                Optional.of("198.51.100.9"), Optional.empty(), Map.of("z", 1, "a", 2), Set.of("y", "b"));
        assertEquals(String.join("\n",
                "Pool",
                "  name: \"web \\\"a\\\"\"",
                "  servers: [1]",
                "    - Server",
                "      address: \"192.0.2.1\"",
                "      port: 80",
                "      kind: NAT",
                "      location: (k.conf: Line 12)",
                "  sorry: \"198.51.100.9\"",
                "  none: (none)",
                "  weights: {2}",
                "    \"a\": 2",
                "    \"z\": 1",
                "  tags: [2]",
                "    - \"b\"",
                "    - \"y\"") + "\n", ConfigDump.text(pool));
    }

    @Test
    void dumpsTheRealModel() {
        KeepalivedConfig config = org.keepalivedjava.config.ConfigLoader.loadText("k.conf",
                "global_defs {\n router_id lb1\n}\n", org.keepalivedjava.config.lex.LoadOptions.defaults(),
                org.keepalivedjava.config.HostView.system(), new org.keepalivedjava.config.Diagnostics()).config();
        List<String> lines = ConfigDump.lines(config);
        assertEquals("KeepalivedConfig", lines.get(0));
        assertEquals("  global: GlobalDefs", lines.get(1));
        assertEquals(true, lines.contains("    routerId: \"lb1\""), lines::toString);
    }

    @Test
    void addressesInTheirShortForm() {
        record A(java.net.InetAddress v4, java.net.InetAddress v6) {
        }
        A a = new A(org.keepalivedjava.config.values.InetValues.parseLiteral("192.0.2.1"),
                org.keepalivedjava.config.values.InetValues.parseLiteral("ff02:0:0:0:0:0:0:12"));
        assertEquals(List.of("A", "  v4: 192.0.2.1", "  v6: ff02::12"), ConfigDump.lines(a));
    }

    @Test
    void nullAndControlCharacters() {
        record R(String a, String b) {
        }
        assertEquals(List.of("R", "  a: (null)", "  b: \"x\\ty\\x01\""), ConfigDump.lines(new R(null, "x\ty\u0001")));
    }
}
