package org.keepalivedjava.os.ipvs;

import static org.keepalivedjava.os.ipvs.IpvsConstants.*;

import java.net.Inet4Address;
import java.net.InetAddress;

import org.keepalivedjava.os.libc.Consts;

/**
 * An IPVS virtual service: either protocol + address + port, or a firewall mark (address null, port 0,
 * protocol 0). Immutable; build with {@link #tcp}, {@link #udp}, {@link #sctp} or {@link #fwmark}, then the
 * withers.
 *
 * @param family        AF_INET or AF_INET6
 * @param scheduler     "rr", "wlc", "sh"... (the kernel module ip_vs_NAME must exist)
 * @param flags         IP_VS_SVC_F_* (PERSISTENT is set by {@link #persistent}; SCHED1..3 are scheduler options
 *                      such as sh-fallback and sh-port; ONEPACKET is "ops")
 * @param timeoutS      persistence timeout in seconds (0 unless persistent)
 * @param netmaskPrefix persistence granularity as a prefix length: 32 (IPv4) / 128 (IPv6) means per client
 * @param peName        persistence engine ("sip"), or null
 */
public record IpvsService(int family, int protocol, InetAddress address, int port, int fwmark, String scheduler,
                          int flags, int timeoutS, int netmaskPrefix, String peName) {

    public static IpvsService tcp(InetAddress address, int port, String scheduler) {
        return of(IPPROTO_TCP, address, port, scheduler);
    }

    public static IpvsService udp(InetAddress address, int port, String scheduler) {
        return of(IPPROTO_UDP, address, port, scheduler);
    }

    public static IpvsService sctp(InetAddress address, int port, String scheduler) {
        return of(IPPROTO_SCTP, address, port, scheduler);
    }

    private static IpvsService of(int protocol, InetAddress address, int port, String scheduler) {
        int family = address instanceof Inet4Address ? Consts.AF_INET : Consts.AF_INET6;
        return new IpvsService(family, protocol, address, port, 0, scheduler, 0, 0, fullPrefix(family), null);
    }

    /** A firewall-mark service of {@code family}. */
    public static IpvsService fwmark(int family, int mark, String scheduler) {
        return new IpvsService(family, 0, null, 0, mark, scheduler, 0, 0, fullPrefix(family), null);
    }

    static int fullPrefix(int family) {
        return family == Consts.AF_INET ? 32 : 128;
    }

    /** Persistent connections for {@code timeoutS} seconds, clients grouped by {@code netmaskPrefix}. */
    public IpvsService persistent(int seconds, int prefix) {
        return new IpvsService(family, protocol, address, port, fwmark, scheduler, flags | IP_VS_SVC_F_PERSISTENT,
                seconds, prefix, peName);
    }

    public IpvsService withScheduler(String s) {
        return new IpvsService(family, protocol, address, port, fwmark, s, flags, timeoutS, netmaskPrefix, peName);
    }

    public IpvsService withFlags(int f) {
        return new IpvsService(family, protocol, address, port, fwmark, scheduler, f, timeoutS, netmaskPrefix, peName);
    }

    public IpvsService withPersistenceEngine(String pe) {
        return new IpvsService(family, protocol, address, port, fwmark, scheduler, flags, timeoutS, netmaskPrefix, pe);
    }

    public boolean isFwmark() {
        return address == null;
    }

    /** How ipvsadm names it: "TCP 192.0.2.10:80", "UDP [2001:db8::1]:53", "FWM 7 IPv6". */
    @Override
    public String toString() {
        if (isFwmark()) {
            return "FWM " + fwmark + (family == Consts.AF_INET6 ? " IPv6" : "");
        }
        String proto = protocol == IPPROTO_TCP ? "TCP" : protocol == IPPROTO_UDP ? "UDP"
                : protocol == IPPROTO_SCTP ? "SCTP" : "proto " + protocol;
        String a = address.getHostAddress();
        return proto + " " + (family == Consts.AF_INET6 ? "[" + a + "]" : a) + ":" + port;
    }
}
