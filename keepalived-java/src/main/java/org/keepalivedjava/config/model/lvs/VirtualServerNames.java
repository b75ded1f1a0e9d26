package org.keepalivedjava.config.model.lvs;

import java.util.Locale;
import org.keepalivedjava.config.values.CheckValues;

/** How keepalived names virtual and real servers in its messages. */
final class VirtualServerNames {
    private VirtualServerNames() {
    }

    static String of(VirtualServer.Service service, VirtualServer.Protocol protocol) {
        String proto = protocol == null ? "none" : protocol.name().toLowerCase(Locale.ROOT);
        if (service instanceof VirtualServer.AddressPort a) {
            return CheckValues.serviceName(a.address(), proto, a.port());
        }
        if (service instanceof VirtualServer.Fwmark f) {
            return "FWM " + f.mark();
        }
        return ((VirtualServer.Group) service).name();
    }
}
