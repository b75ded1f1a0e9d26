package org.keepalivedjava.checkers.suspend;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keepalivedjava.checkers.lvs.VirtualServerState;
import org.keepalivedjava.config.model.lvs.LvsConfig;
import org.keepalivedjava.config.model.lvs.VirtualServer;
import org.keepalivedjava.config.model.lvs.VirtualServerGroup;

/**
 * Which {@code ha_suspend} virtual servers are suspended, given the host's addresses. Pure: no IO, no clock.
 *
 * <p>keepalived (check_api.c update_checker_activity): a virtual server with ha_suspend has its checkers enabled
 * while its own address is on some interface of the host (counted once per interface, so it is suspended only when
 * the last copy goes) and disabled otherwise, typically while the VRRP instance holding it is BACKUP. The address is
 * the virtual server's {@code IP} of {@code virtual_server IP PORT}; for {@code virtual_server group NAME} any
 * address or address range of the group (keepalived 2.0's rule; newer keepalived sources return "no match" for
 * groups, which leaves such checkers suspended forever, a bug not copied here). fwmark virtual servers cannot use
 * ha_suspend (the config clears it).
 */
public final class HaSuspend {

    /** A virtual server whose suspension changed. */
    public record Change(VirtualServerState virtualServer, boolean suspended) {
    }

    private final Map<VirtualServerState, List<VirtualServerGroup.AddressRange>> watched = new LinkedHashMap<>();
    private final Map<VirtualServerState, Boolean> suspended = new LinkedHashMap<>();

    public HaSuspend(List<VirtualServerState> virtualServers, LvsConfig lvs) {
        for (VirtualServerState vs : virtualServers) {
            if (!vs.config().haSuspend()) {
                continue;
            }
            List<VirtualServerGroup.AddressRange> ranges = new ArrayList<>();
            VirtualServer.Service service = vs.config().service();
            if (service instanceof VirtualServer.AddressPort ap) {
                ranges.add(new VirtualServerGroup.AddressRange(ap.address(), ap.address(), ap.port(), null));
            } else if (service instanceof VirtualServer.Group g) {
                for (VirtualServerGroup group : lvs.groups()) {
                    if (group.name().equals(g.name())) {
                        for (VirtualServerGroup.Entry e : group.entries()) {
                            if (e instanceof VirtualServerGroup.AddressRange r) {
                                ranges.add(r);
                            }
                        }
                    }
                }
            }
            watched.put(vs, List.copyOf(ranges));
            suspended.put(vs, false);
        }
    }

    /** True when some virtual server uses ha_suspend (keepalived's using_ha_suspend). */
    public boolean inUse() {
        return !watched.isEmpty();
    }

    /** True when {@code address} is one an ha_suspend virtual server waits for. */
    public boolean concerns(InetAddress address) {
        for (List<VirtualServerGroup.AddressRange> ranges : watched.values()) {
            if (matches(ranges, address)) {
                return true;
            }
        }
        return false;
    }

    /** How many of {@code hostAddresses} the virtual server waits for (0 = suspended); -1 if it has no ha_suspend. */
    public int count(VirtualServerState vs, Collection<InetAddress> hostAddresses) {
        List<VirtualServerGroup.AddressRange> ranges = watched.get(vs);
        if (ranges == null) {
            return -1;
        }
        int n = 0;
        for (InetAddress a : hostAddresses) {
            if (matches(ranges, a)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Applies the host's current addresses (each once per interface it is on); returns the virtual servers whose
     * suspension changed, in configuration order. Before the first call nothing is suspended.
     */
    public List<Change> update(Collection<InetAddress> hostAddresses) {
        List<Change> changes = new ArrayList<>();
        for (VirtualServerState vs : watched.keySet()) {
            boolean now = count(vs, hostAddresses) == 0;
            if (suspended.put(vs, now) != now) {
                changes.add(new Change(vs, now));
            }
        }
        return changes;
    }

    public boolean isSuspended(VirtualServerState vs) {
        return suspended.getOrDefault(vs, false);
    }

    private static boolean matches(List<VirtualServerGroup.AddressRange> ranges, InetAddress a) {
        for (VirtualServerGroup.AddressRange r : ranges) {
            if (r.first().getClass() != a.getClass()) {
                continue;
            }
            BigInteger v = new BigInteger(1, a.getAddress());
            if (v.compareTo(new BigInteger(1, r.first().getAddress())) >= 0
                    && v.compareTo(new BigInteger(1, r.last().getAddress())) <= 0) {
                return true;
            }
        }
        return false;
    }
}
