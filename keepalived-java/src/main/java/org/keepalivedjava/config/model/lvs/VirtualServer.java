package org.keepalivedjava.config.model.lvs;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.script.NotifyScript;

/**
 * One {@code virtual_server} with every default applied as keepalived applies it.
 *
 * @param persistenceTimeoutS      0 when not persistent
 * @param persistenceGranularity   the netmask (IPv4) or prefix length (IPv6) text as given, null when absent
 * @param family                   {@code inet} or {@code inet6}
 * @param smtpAlert                null when not configured (the global default applies)
 * @param quorumUp                 null when absent
 * @param weight                   the virtual server weight (used with a virtual_server_group), default 1
 */
public record VirtualServer(Service service, Protocol protocol, String scheduler, Set<String> schedulerFlags,
                            Forwarding forwarding, long persistenceTimeoutS, String persistenceGranularity,
                            String persistenceEngine, String family, long quorum, long hysteresis,
                            NotifyScript quorumUp, NotifyScript quorumDown, SorryServer sorryServer,
                            boolean inhibitOnFailure, boolean alpha, boolean omega, boolean haSuspend,
                            String virtualhost, Boolean smtpAlert, long weight, String snmpName,
                            List<RealServer> realServers, Location location) {

    public VirtualServer {
        schedulerFlags = Set.copyOf(schedulerFlags);
        realServers = List.copyOf(realServers);
    }

    public enum Protocol { TCP, UDP, SCTP }

    /** What the virtual server listens on. */
    public sealed interface Service permits AddressPort, Fwmark, Group {
    }

    /** @param port 0 when omitted (persistent services only) */
    public record AddressPort(InetAddress address, int port) implements Service {
    }

    public record Fwmark(long mark) implements Service {
    }

    public record Group(String name) implements Service {
    }

    /** @param port 0 when omitted */
    public record SorryServer(InetAddress address, int port, boolean inhibit, Forwarding forwarding,
                              Location location) {
    }

    /** keepalived's name for the virtual server in messages, e.g. {@code [192.0.2.1]:tcp:80} or {@code FWM 5}. */
    public String displayName() {
        return VirtualServerNames.of(service, protocol);
    }
}
