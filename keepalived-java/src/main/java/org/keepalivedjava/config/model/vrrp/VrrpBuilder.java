package org.keepalivedjava.config.model.vrrp;

import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.model.global.GlobalDefs;

/** Filled by the VRRP keywords. */
public final class VrrpBuilder {
    public int instanceCount;

    public VrrpConfig build(GlobalDefs global, Diagnostics diagnostics, HostView host) {
        return new VrrpConfig(instanceCount);
    }
}
