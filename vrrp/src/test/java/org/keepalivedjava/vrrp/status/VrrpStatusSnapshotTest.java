package org.keepalivedjava.vrrp.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.testing.TestHosts;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.smtp.AlertSink;
import org.keepalivedjava.status.ChildStatus;
import org.keepalivedjava.status.StatusCodec;
import org.keepalivedjava.vrrp.dump.InstanceDump;
import org.keepalivedjava.vrrp.dump.VrrpState;
import org.keepalivedjava.vrrp.net.AddressText;

class VrrpStatusSnapshotTest {
    private static final String CONF = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 150
                virtual_ipaddress {
                    192.0.2.100/24
                    192.0.2.101
                }
            }
            """;

    private static VrrpConfig.Instance instance() {
        HostView any = TestHosts.ANY;
        return ConfigLoader.loadText("ka.conf", CONF, LoadOptions.defaults(), any, new Diagnostics())
                .config().vrrp().instances().get(0);
    }

    @Test
    void instanceStateCountersAndVipsComeFromTheDump() throws Exception {
        VrrpConfig.Instance vi1 = instance();
        InstanceDump.Stats stats = new InstanceDump.Stats(17, 14, 3, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        InstanceDump dump = new InstanceDump(vi1, VrrpState.MASTER, VrrpState.MASTER, 140, 0, 1_000_000,
                1_795_267_898_434_592L, true,
                vi1.virtualAddresses().stream().map(a -> AddressText.of(a, "eth0", true)).toList(), List.of(),
                List.of(), List.of(), stats);
        ChildStatus status = VrrpStatusSnapshot.of(List.of(dump), 1_795_267_900_000L,
                VrrpStatusSnapshot.alertCounters(AlertSink.NONE));
        assertEquals("VRRP", status.child());
        assertEquals(Map.of(), status.counters(), "no mail configured: no alert counters");
        ChildStatus.Instance i = status.instances().get(0);
        assertEquals("VI_1", i.name());
        assertEquals("eth0", i.interfaceName());
        assertEquals(51, i.vrid());
        assertEquals("MASTER", i.state());
        assertEquals(150, i.priority());
        assertEquals(140, i.effectivePriority());
        assertEquals(1_795_267_898_434L, i.lastTransitionEpochMs());
        assertEquals(List.of("192.0.2.100/24 dev eth0 scope global", "192.0.2.101 dev eth0 scope global"),
                i.vips());
        assertEquals(14, i.advertsSent());
        assertEquals(17, i.advertsReceived());
        assertEquals(3, i.becomeMaster());
        assertEquals(2, i.releaseMaster());
        assertEquals(List.of("packet_len_err", "advert_interval_err", "ip_ttl_err", "invalid_type_rcvd",
                "addr_list_err", "invalid_authtype", "authtype_mismatch", "auth_failure"),
                List.copyOf(i.receiveErrors().keySet()));
        assertEquals(8L, i.receiveErrors().get("auth_failure"));
        assertEquals(status, StatusCodec.decode(StatusCodec.encode(status)), "survives the wire");
    }
}
