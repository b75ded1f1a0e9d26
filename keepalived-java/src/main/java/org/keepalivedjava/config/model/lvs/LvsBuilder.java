package org.keepalivedjava.config.model.lvs;

import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.model.global.GlobalDefs;

/** Filled by the virtual_server keywords. */
public final class LvsBuilder {
    public int virtualServerCount;

    public LvsConfig build(GlobalDefs global, Diagnostics diagnostics, HostView host) {
        return new LvsConfig(virtualServerCount);
    }
}
