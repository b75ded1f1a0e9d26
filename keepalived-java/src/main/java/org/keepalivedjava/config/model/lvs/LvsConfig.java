package org.keepalivedjava.config.model.lvs;

import java.util.List;

/**
 * What the health-check child runs: the virtual server groups, the virtual servers (each with its real servers
 * and their checkers, all inherited values resolved) and the SSL context for SSL_GET.
 *
 * @param ssl the top-level {@code SSL} block, null when absent (keepalived then builds a default context)
 */
public record LvsConfig(List<VirtualServerGroup> groups, List<VirtualServer> virtualServers, SslConfig ssl) {

    public LvsConfig {
        groups = List.copyOf(groups);
        virtualServers = List.copyOf(virtualServers);
    }

    public static LvsConfig empty() {
        return new LvsConfig(List.of(), List.of(), null);
    }

    /** keepalived starts the checker child only when there is a virtual server. */
    public boolean hasWork() {
        return !virtualServers.isEmpty();
    }

    public int virtualServerCount() {
        return virtualServers.size();
    }

    public VirtualServerGroup group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
    }
}
