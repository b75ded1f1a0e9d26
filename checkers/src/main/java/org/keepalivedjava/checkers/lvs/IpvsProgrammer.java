package org.keepalivedjava.checkers.lvs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.os.ipvs.Ipvs;
import org.keepalivedjava.os.ipvs.IpvsDestination;
import org.keepalivedjava.os.ipvs.IpvsService;
import org.keepalivedjava.os.ipvs.IpvsSyncDaemon;
import org.keepalivedjava.os.ipvs.IpvsTimeouts;
import org.keepalivedjava.os.netlink.NetlinkException;

/**
 * The one place the checker child changes the kernel's IPVS table, through the {@link Ipvs} interface (generic
 * netlink in production, an in-memory table in tests). The decisions (what to add, when) live in
 * {@link VirtualServerState}; this class only applies a request to every IPVS service of a virtual server (a
 * {@code virtual_server_group} is several) and reports failures as keepalived does: logged, never fatal.
 *
 * <p><b>No IPVS in the kernel</b> (the build machines): {@link #unavailable} gives a programmer that logs once
 * {@code IPVS not available: ...} and then only counts the requests it would have made, so checks, notify
 * scripts, FIFO lines and mails all go on. keepalived itself exits FATAL there; keepalived-java deliberately
 * does not (issue 6).
 *
 * <p>Services shared by several virtual servers (two virtual servers of the same protocol on one group) are
 * reference-counted: added by the first, deleted with the last.
 *
 * <p>Loop thread only.
 */
public final class IpvsProgrammer implements AutoCloseable {
    private final Ipvs ipvs;
    private final Consumer<String> log;
    private final Map<IpvsService, Integer> serviceUsers = new HashMap<>();
    private long skippedOperations;
    private long failedOperations;

    private IpvsProgrammer(Ipvs ipvs, Consumer<String> log) {
        this.ipvs = ipvs;
        this.log = log;
    }

    public static IpvsProgrammer of(Ipvs ipvs, Consumer<String> log) {
        return new IpvsProgrammer(ipvs, log);
    }

    /** A programmer for a kernel without IPVS: logs {@code reason} once (it should start "IPVS not available"). */
    public static IpvsProgrammer unavailable(String reason, Consumer<String> log) {
        log.accept(reason + " - continuing without IPVS: checks, notify scripts, FIFO and mail alerts still run");
        return new IpvsProgrammer(null, log);
    }

    public boolean available() {
        return ipvs != null;
    }

    /** Requests not made because IPVS is unavailable. */
    public long skippedOperations() {
        return skippedOperations;
    }

    /** Requests the kernel refused. */
    public long failedOperations() {
        return failedOperations;
    }

    /** At start: {@code lvs_flush} empties the table, {@code lvs_timeouts} sets the connection timeouts. */
    public void startUp(GlobalDefs.Lvs lvs) {
        if (lvs == null) {
            return;
        }
        if (lvs.flush()) {
            apply("flush", () -> ipvs.flush());
        }
        if (lvs.tcpTimeoutSec() != null || lvs.tcpFinTimeoutSec() != null || lvs.udpTimeoutSec() != null) {
            IpvsTimeouts t = new IpvsTimeouts(orZero(lvs.tcpTimeoutSec()), orZero(lvs.tcpFinTimeoutSec()),
                    orZero(lvs.udpTimeoutSec()));
            apply("set timeouts", () -> ipvs.setTimeouts(t));
        }
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    /** {@code lvs_flush_on_stop}, or a flush requested otherwise. */
    public void flush() {
        serviceUsers.clear();
        apply("flush", () -> ipvs.flush());
    }

    public void addServices(List<IpvsService> services) {
        for (IpvsService s : services) {
            if (serviceUsers.merge(s, 1, Integer::sum) == 1) {
                apply("add service", () -> ipvs.addService(s));
            }
        }
    }

    public void deleteServices(List<IpvsService> services) {
        for (IpvsService s : services) {
            Integer users = serviceUsers.get(s);
            if (users == null) {
                continue;
            }
            if (users > 1) {
                serviceUsers.put(s, users - 1);
                continue;
            }
            serviceUsers.remove(s);
            apply("delete service", () -> ipvs.deleteService(s));
        }
    }

    /**
     * Reload: the services {@code before} (as added) take the attributes of {@code after}, pairwise (the same kernel
     * services: address, port, protocol or fwmark): IPVS_CMD_SET_SERVICE, so their destinations and connections stay.
     */
    public void editServices(List<IpvsService> before, List<IpvsService> after) {
        if (before.size() != after.size()) {
            throw new IllegalArgumentException("edit of " + before.size() + " services into " + after.size());
        }
        for (int i = 0; i < before.size(); i++) {
            IpvsService from = before.get(i);
            IpvsService to = after.get(i);
            Integer users = serviceUsers.remove(from);
            if (users == null) {
                continue; // never added (IPVS unavailable, or not started)
            }
            serviceUsers.merge(to, users, Integer::sum);
            if (!from.equals(to)) {
                apply("edit service", () -> ipvs.editService(to));
            }
        }
    }

    public boolean addDestination(List<IpvsService> services, Function<IpvsService, IpvsDestination> dest) {
        boolean ok = true;
        for (IpvsService s : services) {
            ok &= apply("add destination", () -> ipvs.addDestination(s, dest.apply(s)));
        }
        return ok;
    }

    public boolean editDestination(List<IpvsService> services, Function<IpvsService, IpvsDestination> dest) {
        boolean ok = true;
        for (IpvsService s : services) {
            ok &= apply("edit destination", () -> ipvs.editDestination(s, dest.apply(s)));
        }
        return ok;
    }

    public boolean deleteDestination(List<IpvsService> services, Function<IpvsService, IpvsDestination> dest) {
        boolean ok = true;
        for (IpvsService s : services) {
            ok &= apply("delete destination", () -> ipvs.deleteDestination(s, dest.apply(s)));
        }
        return ok;
    }

    /**
     * Starts the connection sync daemon. keepalived runs it from its VRRP process (master daemon while the named
     * vrrp_instance is MASTER, backup otherwise); the checker child starts it in BACKUP state and
     * {@link #switchSyncDaemon} is the hook for the VRRP state.
     */
    public void startSyncDaemon(IpvsSyncDaemon daemon) {
        apply("start sync daemon", () -> ipvs.startSyncDaemon(daemon));
    }

    /** Stops the daemon of {@code fromState} and starts {@code to}. */
    public void switchSyncDaemon(int fromState, IpvsSyncDaemon to) {
        apply("stop sync daemon", () -> ipvs.stopSyncDaemon(fromState));
        apply("start sync daemon", () -> ipvs.startSyncDaemon(to));
    }

    public void stopSyncDaemon(int state) {
        apply("stop sync daemon", () -> ipvs.stopSyncDaemon(state));
    }

    private boolean apply(String what, Runnable request) {
        if (ipvs == null) {
            skippedOperations++;
            return true;
        }
        try {
            request.run();
            return true;
        } catch (NetlinkException e) {
            failedOperations++;
            log.accept("IPVS: " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            failedOperations++;
            log.accept("IPVS: " + what + " failed: " + e);
            return false;
        }
    }

    @Override
    public void close() {
        if (ipvs != null) {
            ipvs.close();
        }
    }
}
