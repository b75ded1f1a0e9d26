package org.keepalivedjava.config.model.global;

import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;

/** Filled by the global_defs keywords. */
public final class GlobalDefsBuilder {
    public String routerId;

    public GlobalDefs build(Diagnostics diagnostics, HostView host) {
        return new GlobalDefs(routerId);
    }
}
