package org.keepalivedjava.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.testing.TestHosts;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;

class VmacTest {
    private static final HostView HOST = TestHosts.ANY;

    private static KeepalivedConfig load(String text) {
        return ConfigLoader.loadText("k.conf", text, LoadOptions.defaults(), HOST, new Diagnostics()).config();
    }

    private static String instance(String name, int vrid, String extra, String vip) {
        return "vrrp_instance " + name + " {\n interface eth0\n virtual_router_id " + vrid + "\n priority 100\n"
                + extra + " virtual_ipaddress {\n  " + vip + "\n }\n}\n";
    }

    @Test
    void theVirtualMacOfRfc5798() {
        assertArrayEquals(new byte[] {0, 0, 0x5e, 0, 1, 0x33}, Vmac.mac(51, false));
        assertArrayEquals(new byte[] {0, 0, 0x5e, 0, 2, (byte) 0xff}, Vmac.mac(255, true));
    }

    @Test
    void useVmacInstancesRunOnTheirVmacNamedAsKeepalivedNamesIt() {
        KeepalivedConfig config = load(instance("VI_1", 51, " use_vmac\n", "192.0.2.100/24")
                + instance("VI_2", 52, " use_vmac vip2\n", "192.0.2.101/24")
                + instance("VI_3", 53, "", "192.0.2.102/24")
                + instance("VI_6", 56, " use_vmac\n", "2001:db8::1/64"));
        Vmac.Plan plan = Vmac.runningConfig(config);
        Map<String, VrrpConfig.Instance> byName = new java.util.HashMap<>();
        plan.config().vrrp().instances().forEach(i -> byName.put(i.name(), i));
        assertEquals("vrrp.51", byName.get("VI_1").interfaceName());
        assertEquals("vrrp.51", byName.get("VI_1").vmacName(), "the dumps' vmac_ifname");
        assertEquals("vip2", byName.get("VI_2").interfaceName());
        assertEquals("eth0", byName.get("VI_3").interfaceName());
        assertEquals("eth0", byName.get("VI_6").interfaceName(), "IPv6 VMACs are not done: the base interface");
        assertEquals(Map.of("vrrp.51", "eth0", "vip2", "eth0"), plan.baseOf());
        assertEquals(java.util.Set.of("vrrp.51", "vip2"), plan.vmacs().keySet());
        VrrpConfig.Instance original = config.vrrp().instances().get(0);
        VrrpConfig.Instance running = byName.get("VI_1");
        assertEquals(original.virtualAddresses(), running.virtualAddresses(), "everything else is kept");
        assertEquals(original.priority(), running.priority());
        assertEquals(original.location(), running.location());
        assertSame(config.global(), plan.config().global());
    }

    @Test
    void vmacPrefixAndNoVmacAtAll() {
        KeepalivedConfig prefixed = load("global_defs {\n vmac_prefix vm\n}\n"
                + instance("VI_1", 7, " use_vmac\n", "192.0.2.100/24"));
        assertEquals("vm.7", Vmac.runningConfig(prefixed).config().vrrp().instances().get(0).interfaceName());
        KeepalivedConfig none = load(instance("VI_1", 7, "", "192.0.2.100/24"));
        Vmac.Plan plan = Vmac.runningConfig(none);
        assertSame(none, plan.config());
        assertTrue(plan.vmacs().isEmpty());
        assertFalse(plan.baseOf().containsKey("eth0"));
    }
}
