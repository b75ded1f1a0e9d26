package org.keepalivedjava.config.keywords;

import java.util.List;
import java.util.Set;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostic;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.LoadOptions;

/** A fixed host (eth0, eth1 exist; users root and nobody) and a loader for test configs. */
final class VrrpFixtures {
    private VrrpFixtures() {
    }

    static HostView host(Set<String> users) {
        return new HostView() {
            @Override
            public boolean interfaceExists(String name) {
                return Set.of("lo", "eth0", "eth1").contains(name);
            }

            @Override
            public boolean userExists(String name) {
                return users.contains(name);
            }

            @Override
            public boolean groupExists(String name) {
                return users.contains(name);
            }
        };
    }

    static final HostView HOST = host(Set.of("root", "nobody"));

    static ConfigLoader.Result load(String text) {
        return load(text, HOST);
    }

    static ConfigLoader.Result load(String text, HostView host) {
        return ConfigLoader.loadText("k.conf", text, LoadOptions.defaults().withConfigId("test"), host,
                new Diagnostics());
    }

    static List<String> messages(ConfigLoader.Result r) {
        return r.diagnostics().all().stream().map(Diagnostic::format).toList();
    }

    static String instance(String body) {
        return "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n" + body
                + "\n virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n";
    }
}
