package org.keepalivedjava.config.model.lvs;

import java.net.InetAddress;
import java.util.List;
import org.keepalivedjava.config.Location;

/** {@code virtual_server_group NAME { ... }}: addresses, address ranges and firewall marks sharing real servers. */
public record VirtualServerGroup(String name, List<Entry> entries, Location location) {

    public VirtualServerGroup {
        entries = List.copyOf(entries);
    }

    /** One line of the group. */
    public sealed interface Entry permits AddressRange, Fwmark {
        Location location();
    }

    /**
     * {@code IP [PORT]} or {@code IP-LAST [PORT]} or {@code IP/PREFIX [PORT]}: every address from {@code first} to
     * {@code last} inclusive (equal for a single address).
     *
     * @param port 0 when omitted (only valid for a persistent service)
     */
    public record AddressRange(InetAddress first, InetAddress last, int port, Location location) implements Entry {
    }

    /** @param family {@code inet}, {@code inet6}, or null when not given */
    public record Fwmark(long mark, String family, Location location) implements Entry {
    }
}
