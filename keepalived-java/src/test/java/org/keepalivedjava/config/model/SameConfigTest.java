package org.keepalivedjava.config.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.lex.LoadOptions;

class SameConfigTest {
    record Inner(String value, Location location) {
    }

    record Outer(int number, List<Inner> inners, Map<String, Inner> byName, Location location) {
    }

    private static final Location A = new Location("a.conf", 1);
    private static final Location B = new Location("b.conf", 7);

    @Test
    void locationsAreIgnoredAtEveryDepth() {
        Outer one = new Outer(1, List.of(new Inner("x", A)), Map.of("k", new Inner("y", A)), A);
        Outer two = new Outer(1, List.of(new Inner("x", B)), Map.of("k", new Inner("y", B)), B);
        assertNotEquals(one, two);
        assertTrue(SameConfig.same(one, two));
    }

    @Test
    void anyOtherDifferenceCounts() {
        Outer base = new Outer(1, List.of(new Inner("x", A)), Map.of("k", new Inner("y", A)), A);
        assertFalse(SameConfig.same(base, new Outer(2, base.inners(), base.byName(), A)));
        assertFalse(SameConfig.same(base, new Outer(1, List.of(new Inner("z", A)), base.byName(), A)));
        assertFalse(SameConfig.same(base, new Outer(1, List.of(), base.byName(), A)));
        assertFalse(SameConfig.same(base, new Outer(1, base.inners(), Map.of("j", new Inner("y", A)), A)));
        assertFalse(SameConfig.same(base, new Outer(1, base.inners(), Map.of("k", new Inner("w", A)), A)));
        assertFalse(SameConfig.same(base, null));
        assertTrue(SameConfig.same(null, null));
    }

    @Test
    void listOrderMatters() {
        assertFalse(SameConfig.same(List.of(new Inner("x", A), new Inner("y", A)),
                List.of(new Inner("y", A), new Inner("x", A))));
    }

    @Test
    void aWholeConfigMovedDownAFewLinesIsTheSame() {
        String body = """
                vrrp_instance VI_1 {
                    interface lo
                    virtual_router_id 51
                    priority 100
                    virtual_ipaddress {
                        192.0.2.10/24
                    }
                }
                virtual_server 192.0.2.1 80 {
                    real_server 192.0.2.2 80 {
                        TCP_CHECK {
                        }
                    }
                }
                """;
        KeepalivedConfig one = load(body);
        KeepalivedConfig two = load("\n\n# moved\n" + body);
        assertNotEquals(one.vrrp().instances().get(0).location(), two.vrrp().instances().get(0).location());
        assertTrue(SameConfig.same(one, two));
        assertFalse(SameConfig.same(one, load(body.replace("priority 100", "priority 101"))));
    }

    private static KeepalivedConfig load(String text) {
        return ConfigLoader.loadText("k.conf", text, LoadOptions.defaults(), HostView.system(),
                new Diagnostics(d -> { })).config();
    }
}
