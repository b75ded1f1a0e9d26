package org.keepalivedjava.checkers.lvs;

import static org.keepalivedjava.os.ipvs.IpvsConstants.*;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.keepalivedjava.os.ipvs.Ipvs;
import org.keepalivedjava.os.ipvs.IpvsDestination;
import org.keepalivedjava.os.ipvs.IpvsService;
import org.keepalivedjava.os.ipvs.IpvsSyncDaemon;
import org.keepalivedjava.os.ipvs.IpvsTimeouts;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.netlink.NetlinkException;

/**
 * An IPVS table in memory with the kernel's errors (EEXIST, ESRCH, ENOENT), every request recorded, and
 * {@link #saved()} printing the table as {@code ipvsadm -Sn} does, so unit tests compare with tables recorded
 * from the real kernel.
 */
public final class InMemoryIpvs implements Ipvs {
    /** Service identity (protocol, address, port / fwmark, family) -> the service and its destinations. */
    private final Map<String, IpvsService> services = new LinkedHashMap<>();
    private final Map<String, Map<String, IpvsDestination>> destinations = new LinkedHashMap<>();
    public final List<String> requests = new ArrayList<>();
    IpvsTimeouts timeouts = new IpvsTimeouts(900, 120, 300);
    final List<IpvsSyncDaemon> daemons = new ArrayList<>();
    boolean closed;

    private static String key(IpvsService s) {
        return s.isFwmark() ? "f" + s.fwmark() + "/" + s.family() : s.protocol() + "/" + s.address() + "/" + s.port();
    }

    private static String key(IpvsDestination d) {
        return d.address() + "/" + d.port();
    }

    private static NetlinkException error(String request, int errno) {
        return new NetlinkException(request, errno, Errno.name(errno), null);
    }

    @Override
    public void addService(IpvsService s) {
        requests.add("add service " + s);
        if (services.containsKey(key(s))) {
            throw error("add service " + s, Errno.EEXIST);
        }
        services.put(key(s), s);
        destinations.put(key(s), new LinkedHashMap<>());
    }

    @Override
    public void editService(IpvsService s) {
        requests.add("edit service " + s);
        if (!services.containsKey(key(s))) {
            throw error("edit service " + s, Errno.ESRCH);
        }
        services.put(key(s), s);
    }

    @Override
    public void deleteService(IpvsService s) {
        requests.add("delete service " + s);
        if (services.remove(key(s)) == null) {
            throw error("delete service " + s, Errno.ESRCH);
        }
        destinations.remove(key(s));
    }

    private Map<String, IpvsDestination> dests(String what, IpvsService s) {
        Map<String, IpvsDestination> d = destinations.get(key(s));
        if (d == null) {
            throw error(what, Errno.ESRCH);
        }
        return d;
    }

    @Override
    public void addDestination(IpvsService s, IpvsDestination d) {
        String what = "add destination " + d + " of " + s;
        requests.add(what);
        Map<String, IpvsDestination> m = dests(what, s);
        if (m.containsKey(key(d))) {
            throw error(what, Errno.EEXIST);
        }
        m.put(key(d), d);
    }

    @Override
    public void editDestination(IpvsService s, IpvsDestination d) {
        String what = "edit destination " + d + " of " + s;
        requests.add(what);
        Map<String, IpvsDestination> m = dests(what, s);
        if (!m.containsKey(key(d))) {
            throw error(what, Errno.ENOENT);
        }
        m.put(key(d), d);
    }

    @Override
    public void deleteDestination(IpvsService s, IpvsDestination d) {
        String what = "delete destination " + d + " of " + s;
        requests.add(what);
        if (dests(what, s).remove(key(d)) == null) {
            throw error(what, Errno.ENOENT);
        }
    }

    @Override
    public List<IpvsService> services() {
        return List.copyOf(services.values());
    }

    @Override
    public List<IpvsDestination> destinations(IpvsService s) {
        return List.copyOf(dests("get destinations", s).values());
    }

    @Override
    public void setTimeouts(IpvsTimeouts t) {
        requests.add("set timeouts " + t);
        timeouts = new IpvsTimeouts(t.tcpS() != 0 ? t.tcpS() : timeouts.tcpS(),
                t.tcpFinS() != 0 ? t.tcpFinS() : timeouts.tcpFinS(), t.udpS() != 0 ? t.udpS() : timeouts.udpS());
    }

    @Override
    public IpvsTimeouts timeouts() {
        return timeouts;
    }

    @Override
    public void startSyncDaemon(IpvsSyncDaemon d) {
        requests.add("start sync daemon " + d);
        daemons.add(d);
    }

    @Override
    public void stopSyncDaemon(int state) {
        requests.add("stop sync daemon " + state);
        daemons.removeIf(d -> d.state() == state);
    }

    @Override
    public List<IpvsSyncDaemon> syncDaemons() {
        return List.copyOf(daemons);
    }

    @Override
    public void flush() {
        requests.add("flush");
        services.clear();
        destinations.clear();
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The table as {@code ipvsadm -Sn} prints it, services and destinations sorted (the kernel's order is a hash). */
    public String saved() {
        Map<String, List<String>> blocks = new TreeMap<>();
        for (Map.Entry<String, IpvsService> e : services.entrySet()) {
            IpvsService s = e.getValue();
            String id = serviceId(s);
            StringBuilder line = new StringBuilder("-A " + id + " -s " + s.scheduler());
            if ((s.flags() & IP_VS_SVC_F_PERSISTENT) != 0) {
                line.append(" -p ").append(s.timeoutS());
                int full = s.family() == Consts.AF_INET ? 32 : 128;
                if (s.netmaskPrefix() != full) {
                    line.append(" -M ").append(s.family() == Consts.AF_INET ? mask4(s.netmaskPrefix())
                            : Integer.toString(s.netmaskPrefix()));
                }
            }
            List<String> lines = new ArrayList<>();
            for (IpvsDestination d : destinations.get(e.getKey()).values()) {
                String m = switch (d.forwardMethod()) {
                    case IP_VS_CONN_F_MASQ -> "-m";
                    case IP_VS_CONN_F_DROUTE -> "-g";
                    case IP_VS_CONN_F_TUNNEL -> "-i";
                    default -> "-?";
                };
                String tun = d.forwardMethod() == IP_VS_CONN_F_TUNNEL ? " --tun-type " + switch (d.tunnelType()) {
                    case IP_VS_CONN_F_TUNNEL_TYPE_GUE -> "gue --tun-port " + d.tunnelPort();
                    case IP_VS_CONN_F_TUNNEL_TYPE_GRE -> "gre";
                    default -> "ipip";
                } : "";
                // ipvsadm -S prints no connection thresholds (measured): compare them through destinations().
                lines.add("-a " + id + " -r " + addr(d.address()) + ":" + d.port() + " " + m + " -w " + d.weight()
                        + tun);
            }
            lines.sort(null);
            blocks.put(line.toString(), lines);
        }
        StringBuilder out = new StringBuilder();
        blocks.forEach((svc, lines) -> {
            out.append(svc).append('\n');
            lines.forEach(l -> out.append(l).append('\n'));
        });
        return out.toString();
    }

    /** An ipvsadm -Sn text with its blocks and destinations sorted, as {@link #saved()} prints. */
    static String normalize(String saved) {
        Map<String, List<String>> blocks = new TreeMap<>();
        List<String> current = null;
        for (String line : saved.split("\n")) {
            line = line.trim();
            if (line.startsWith("-A ")) {
                current = new ArrayList<>();
                blocks.put(line, current);
            } else if (line.startsWith("-a ") && current != null) {
                current.add(line);
                current.sort(null);
            }
        }
        StringBuilder out = new StringBuilder();
        blocks.forEach((svc, lines) -> {
            out.append(svc).append('\n');
            lines.forEach(l -> out.append(l).append('\n'));
        });
        return out.toString();
    }

    private static String serviceId(IpvsService s) {
        if (s.isFwmark()) {
            return "-f " + s.fwmark() + (s.family() == Consts.AF_INET6 ? " -6" : "");
        }
        String p = s.protocol() == IPPROTO_TCP ? "-t" : s.protocol() == IPPROTO_UDP ? "-u" : "--sctp-service";
        return p + " " + addr(s.address()) + ":" + s.port();
    }

    private static String addr(java.net.InetAddress a) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }

    private static String mask4(int prefix) {
        long m = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return ((m >> 24) & 255) + "." + ((m >> 16) & 255) + "." + ((m >> 8) & 255) + "." + (m & 255);
    }
}
