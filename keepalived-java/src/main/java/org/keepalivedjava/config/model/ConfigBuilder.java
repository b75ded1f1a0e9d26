package org.keepalivedjava.config.model;

import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.model.global.GlobalDefsBuilder;
import org.keepalivedjava.config.model.lvs.LvsBuilder;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.config.model.script.ScriptSecurity;
import org.keepalivedjava.config.model.vrrp.VrrpBuilder;

/**
 * The mutable root that the keyword tree fills (phase 2); {@link #build} runs the named validation checks and
 * produces the immutable {@link KeepalivedConfig} (phase 3).
 */
public final class ConfigBuilder {
    public final GlobalDefsBuilder global = new GlobalDefsBuilder();
    public final VrrpBuilder vrrp = new VrrpBuilder();
    public final LvsBuilder lvs = new LvsBuilder();
    /**
     * Every script that will actually run (a defined but unused vrrp_script does not count, as in keepalived),
     * registered by the keyword handlers or builders, for the script-security check.
     */
    public final java.util.List<NotifyScript> scriptsInUse = new java.util.ArrayList<>();

    public KeepalivedConfig build(Diagnostics diagnostics, HostView host) {
        var g = global.build(diagnostics, host);
        var config = new KeepalivedConfig(g, vrrp.build(g, diagnostics, host), lvs.build(g, diagnostics, host));
        ScriptSecurity.check(g, scriptsInUse, diagnostics, host);
        return config;
    }
}
