package org.keepalivedjava.config.model;

import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.model.global.GlobalDefsBuilder;
import org.keepalivedjava.config.model.lvs.LvsBuilder;
import org.keepalivedjava.config.model.vrrp.VrrpBuilder;

/**
 * The mutable root that the keyword tree fills (phase 2); {@link #build} runs the named validation checks and
 * produces the immutable {@link KeepalivedConfig} (phase 3).
 */
public final class ConfigBuilder {
    public final GlobalDefsBuilder global = new GlobalDefsBuilder();
    public final VrrpBuilder vrrp = new VrrpBuilder();
    public final LvsBuilder lvs = new LvsBuilder();

    public KeepalivedConfig build(Diagnostics diagnostics, HostView host) {
        var g = global.build(diagnostics, host);
        return new KeepalivedConfig(g, vrrp.build(g, diagnostics, host), lvs.build(g, diagnostics, host));
    }
}
