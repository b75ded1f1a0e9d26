package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.ConfigTestVerdict;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.KeepalivedConfig;

class VrrpReloadPlanTest {

    private static String instance(String name, int vrid, int priority, String... vips) {
        StringBuilder b = new StringBuilder("vrrp_instance " + name + " {\n interface eth0\n virtual_router_id " + vrid
                + "\n priority " + priority + "\n virtual_ipaddress {\n");
        for (String v : vips) {
            b.append("  ").append(v).append('\n');
        }
        return b.append(" }\n}\n").toString();
    }

    /** A host with eth0 and every user: the plan is pure, the host must not decide the test. */
    private static final HostView HOST = new HostView() {
        @Override
        public boolean interfaceExists(String name) {
            return name.equals("eth0");
        }

        @Override
        public boolean userExists(String name) {
            return true;
        }

        @Override
        public boolean groupExists(String name) {
            return true;
        }
    };

    private static KeepalivedConfig load(String text) {
        Diagnostics d = new Diagnostics(x -> { });
        KeepalivedConfig c = ConfigLoader.loadText("k.conf", text, LoadOptions.defaults(), HOST, d)
                .config();
        assertEquals(ConfigTestVerdict.OK, ConfigTestVerdict.exitCode(d), d.all().toString());
        return c;
    }

    private static VrrpReloadPlan plan(String before, String after) {
        return VrrpReloadPlan.of(load(before).vrrp(), load(after).vrrp());
    }

    @Test
    void sameFileKeepsEverything() {
        String conf = instance("VI_1", 51, 100, "192.0.2.10/24") + instance("VI_2", 52, 100, "192.0.2.20/24");
        VrrpReloadPlan p = plan(conf, conf);
        assertEquals(List.of("VI_1", "VI_2"), p.kept());
        assertTrue(p.touchesNoInstance());
    }

    @Test
    void blocksThatOnlyMovedAreKept() {
        String a = instance("VI_1", 51, 100, "192.0.2.10/24");
        String b = instance("VI_2", 52, 100, "192.0.2.20/24");
        VrrpReloadPlan p = plan(a + b, "# comment\n\n" + b + "\n" + a);
        assertEquals(List.of("VI_2", "VI_1"), p.kept());
        assertTrue(p.touchesNoInstance());
    }

    @Test
    void addedRemovedAndChangedAreTold() {
        String before = instance("VI_1", 51, 100, "192.0.2.10/24") + instance("VI_2", 52, 100, "192.0.2.20/24");
        String after = instance("VI_1", 51, 100, "192.0.2.10/24", "192.0.2.11/24")
                + instance("VI_3", 53, 100, "192.0.2.30/24");
        VrrpReloadPlan p = plan(before, after);
        assertEquals(List.of(), p.kept());
        assertEquals(List.of("VI_1"), p.changed());
        assertEquals(List.of("VI_2"), p.removed());
        assertEquals(List.of("VI_3"), p.added());
        assertEquals(List.of(), p.regrouped());
    }

    @Test
    void aChangedTrackedScriptChangesItsInstance() {
        String script = "vrrp_script chk {\n script \"/bin/true\"\n interval 2\n}\n";
        String i = instance("VI_1", 51, 100, "192.0.2.10/24").replace(" interface eth0\n",
                " interface eth0\n track_script {\n  chk\n }\n");
        String other = instance("VI_2", 52, 100, "192.0.2.20/24");
        String security = "global_defs {\n enable_script_security\n script_user root\n}\n";
        VrrpReloadPlan p = plan(security + script + i + other, security + script.replace("interval 2", "interval 3")
                + i + other);
        assertEquals(List.of("VI_1"), p.changed());
        assertEquals(List.of("VI_2"), p.kept());
    }

    @Test
    void anyChangeInASyncGroupRestartsAllItsMembers() {
        String group = "vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n}\n";
        String before = group + instance("VI_1", 51, 100, "192.0.2.10/24") + instance("VI_2", 52, 100, "192.0.2.20/24")
                + instance("VI_3", 53, 100, "192.0.2.30/24");
        String after = group + instance("VI_1", 51, 100, "192.0.2.10/24") + instance("VI_2", 52, 90, "192.0.2.20/24")
                + instance("VI_3", 53, 100, "192.0.2.30/24");
        VrrpReloadPlan p = plan(before, after);
        assertEquals(List.of("VI_1", "VI_2"), p.regrouped());
        assertEquals(List.of("VI_3"), p.kept());
        VrrpReloadPlan same = plan(before, before);
        assertEquals(List.of("VI_1", "VI_2", "VI_3"), same.kept());
    }

    @Test
    void startUpOnlySettingsAreReportedNotApplied() {
        String i = instance("VI_1", 51, 100, "192.0.2.10/24");
        KeepalivedConfig before = load(i);
        KeepalivedConfig after = load("global_defs {\n router_id other\n}\nstatic_ipaddress {\n 192.0.2.99/32 dev eth0\n}\n"
                + i);
        assertEquals(List.of("global_defs", "static_ipaddress"), VrrpReloadPlan.notApplied(before, after));
        assertEquals(List.of(), VrrpReloadPlan.notApplied(before, load("\n" + i)));
        assertEquals(List.of("VI_1"), VrrpReloadPlan.of(before.vrrp(), after.vrrp()).kept());
    }
}
