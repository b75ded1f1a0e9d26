package org.keepalivedjava.config.model.lvs;

import java.util.ArrayList;
import java.util.List;
import org.keepalivedjava.config.Location;

/** Filled by the lines of one virtual_server_group block. */
public final class VirtualServerGroupBuilder {
    public final String name;
    public final Location location;
    public final List<VirtualServerGroup.Entry> entries = new ArrayList<>();

    public VirtualServerGroupBuilder(String name, Location location) {
        this.name = name;
        this.location = location;
    }

    public boolean hasIpv4() {
        return entries.stream().anyMatch(e -> e instanceof VirtualServerGroup.AddressRange r
                && r.first() instanceof java.net.Inet4Address);
    }

    public boolean hasIpv6() {
        return entries.stream().anyMatch(e -> e instanceof VirtualServerGroup.AddressRange r
                && r.first() instanceof java.net.Inet6Address);
    }

    public boolean hasFwmarkWithoutFamily() {
        return entries.stream().anyMatch(e -> e instanceof VirtualServerGroup.Fwmark f && f.family() == null);
    }

    public VirtualServerGroup build() {
        return new VirtualServerGroup(name, entries, location);
    }
}
