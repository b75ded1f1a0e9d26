package org.keepalivedjava.os.ipvs;

import static org.keepalivedjava.os.ipvs.IpvsConstants.*;

import java.net.InetAddress;
import java.util.List;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.netlink.NetlinkException;

/**
 * Not a test by itself: run INSIDE a guest kernel with IPVS by {@link IpvsUmlTest}. Programs services and
 * destinations of every kind through {@link NetlinkIpvs}, edits and deletes some, checks errors, timeouts and
 * the sync daemon, and checks its own dumps. Prints "GUEST OK" and exits 0 when every in-guest check passed;
 * the test then compares {@code ipvsadm -Sn} (run after this main in the same guest) with the expected table.
 */
public final class IpvsGuestMain {
    private IpvsGuestMain() {
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Whether the kernel lists no sync daemon, asked on fresh sockets for up to a minute (a hang guard). */
    private static boolean syncDaemonGone() throws InterruptedException {
        for (int attempt = 0; attempt < 12; attempt++) {
            try (NetlinkIpvs fresh = NetlinkIpvs.open()) {
                if (fresh.syncDaemons().isEmpty()) {
                    return true;
                }
            } catch (org.keepalivedjava.os.netlink.NetlinkException e) {
                System.out.println("sync daemon list: " + e.getMessage());
            }
            Thread.sleep(5_000);
        }
        return false;
    }

    public static void main(String[] args) throws Exception {
        try (NetlinkIpvs ipvs = NetlinkIpvs.open()) {
            ipvs.flush();

            IpvsService web = IpvsService.tcp(ip("192.0.2.10"), 80, "rr").persistent(300, 24);
            ipvs.addService(web);
            ipvs.addDestination(web, IpvsDestination.nat(ip("192.0.2.20"), 8080).withWeight(3).withThresholds(10, 2));
            IpvsDestination second = IpvsDestination.nat(ip("192.0.2.21"), 8080);
            ipvs.addDestination(web, second);
            ipvs.addDestination(web, IpvsDestination.nat(ip("192.0.2.22"), 8080));
            ipvs.editDestination(web, second.withWeight(5).withThresholds(100, 50));
            ipvs.deleteDestination(web, IpvsDestination.nat(ip("192.0.2.22"), 8080));

            IpvsService dns6 = IpvsService.udp(ip("2001:db8::1"), 53, "sh").withFlags(IP_VS_SVC_F_SCHED2);
            ipvs.addService(dns6);
            ipvs.addDestination(dns6, IpvsDestination.tunnel(ip("2001:db8::2"), 53)
                    .withTunnel(IP_VS_CONN_F_TUNNEL_TYPE_GUE, 6080, IP_VS_TUNNEL_ENCAP_FLAG_CSUM));
            ipvs.addDestination(dns6, IpvsDestination.dr(ip("2001:db8::3"), 53).withWeight(2));

            IpvsService mark = IpvsService.fwmark(Consts.AF_INET, 7, "wlc");
            ipvs.addService(mark);
            ipvs.addDestination(mark, IpvsDestination.dr(ip("198.51.100.5"), 0));
            ipvs.addDestination(mark, IpvsDestination.tunnel(ip("198.51.100.6"), 0).withWeight(4));

            IpvsService mark6 = IpvsService.fwmark(Consts.AF_INET6, 8, "rr").persistent(60, 64);
            ipvs.addService(mark6);
            ipvs.addDestination(mark6, IpvsDestination.dr(ip("2001:db8::8"), 0));

            IpvsService sctp = IpvsService.sctp(ip("192.0.2.11"), 9, "wrr").persistent(10, 32).withPersistenceEngine("sip");
            ipvs.addService(sctp);
            ipvs.editService(sctp.withScheduler("lc"));
            ipvs.addDestination(sctp, IpvsDestination.nat(ip("192.0.2.30"), 9).withWeight(0));

            IpvsService gone = IpvsService.tcp(ip("203.0.113.1"), 443, "rr");
            ipvs.addService(gone);
            ipvs.addDestination(gone, IpvsDestination.nat(ip("203.0.113.2"), 443));
            ipvs.deleteService(gone);

            // errors name the request
            try {
                ipvs.addService(web);
                throw new AssertionError("duplicate service accepted");
            } catch (NetlinkException e) {
                check(e.errno() == Errno.EEXIST, "duplicate service: " + e.getMessage());
                check(e.getMessage().startsWith("add service TCP 192.0.2.10:80: EEXIST (17)"), e.getMessage());
                System.out.println("error: " + e.getMessage());
            }
            try {
                ipvs.addService(IpvsService.tcp(ip("192.0.2.99"), 80, "nosuch"));
                throw new AssertionError("unknown scheduler accepted");
            } catch (NetlinkException e) {
                check(e.errno() == Errno.ENOENT, "unknown scheduler: " + e.getMessage());
                System.out.println("error: " + e.getMessage());
            }
            try {
                ipvs.deleteDestination(web, IpvsDestination.nat(ip("192.0.2.99"), 1));
                throw new AssertionError("missing destination deleted");
            } catch (NetlinkException e) {
                check(e.getMessage().startsWith("delete destination 192.0.2.99:1 nat weight 1 of TCP 192.0.2.10:80: "),
                        e.getMessage());
                System.out.println("error: " + e.getMessage());
            }

            // our own dumps agree with what we programmed
            List<IpvsService> services = ipvs.services();
            check(services.size() == 5, "5 services: " + services);
            check(services.contains(web) && services.contains(dns6) && services.contains(mark)
                    && services.contains(mark6) && services.contains(sctp.withScheduler("lc")), "services: " + services);
            List<IpvsDestination> webDests = ipvs.destinations(web);
            check(webDests.size() == 2 && webDests.contains(second.withWeight(5).withThresholds(100, 50)),
                    "destinations: " + webDests);
            check(ipvs.destinations(dns6).contains(IpvsDestination.tunnel(ip("2001:db8::2"), 53)
                    .withTunnel(IP_VS_CONN_F_TUNNEL_TYPE_GUE, 6080, IP_VS_TUNNEL_ENCAP_FLAG_CSUM)), "GUE destination");

            ipvs.setTimeouts(new IpvsTimeouts(100, 20, 30));
            check(ipvs.timeouts().equals(new IpvsTimeouts(100, 20, 30)), "timeouts " + ipvs.timeouts());

            // sync daemon on a dummy interface made by the guest command
            ipvs.startSyncDaemon(IpvsSyncDaemon.of(IP_VS_STATE_MASTER, "kjd0", 42));
            List<IpvsSyncDaemon> daemons = ipvs.syncDaemons();
            check(daemons.size() == 1 && daemons.get(0).state() == IP_VS_STATE_MASTER
                    && "kjd0".equals(daemons.get(0).interfaceName()) && daemons.get(0).syncId() == 42, "daemons " + daemons);
            try {
                ipvs.stopSyncDaemon(IP_VS_STATE_MASTER);
            } catch (org.keepalivedjava.os.netlink.NetlinkException e) {
                // Seen in a loaded single-CPU UML guest (2 runs in ~10): the kernel stops the sync thread, but its
                // answer to this request does not come within the reply timeout. What matters is the state the
                // kernel ends in, so judge that, on a fresh socket, instead of the lost answer.
                if (e.errno() != org.keepalivedjava.os.libc.Errno.ETIMEDOUT) {
                    throw e;
                }
                System.out.println("stop sync daemon: no answer in time (" + e.getMessage() + "); checking the state");
            }
            check(syncDaemonGone(), "daemon stopped");
        }
        System.out.println("GUEST OK");
    }
}
