package org.keepalivedjava.checkers.lvs;

import static org.keepalivedjava.os.ipvs.IpvsConstants.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.keepalivedjava.config.model.lvs.Forwarding;
import org.keepalivedjava.config.model.lvs.LvsConfig;
import org.keepalivedjava.config.model.lvs.RealServer;
import org.keepalivedjava.config.model.lvs.VirtualServer;
import org.keepalivedjava.config.model.lvs.VirtualServerGroup;
import org.keepalivedjava.os.ipvs.IpvsDestination;
import org.keepalivedjava.os.ipvs.IpvsService;
import org.keepalivedjava.os.libc.Consts;

/**
 * Config records to IPVS requests, as keepalived's ipvswrapper.c builds them. Pure.
 * <ul>
 *   <li>A virtual server is one IPVS service, or for {@code group NAME} one service per group entry: every
 *       address of {@code IP-LAST PORT} / {@code IP/PREFIX PORT}, and every {@code fwmark N}.</li>
 *   <li>{@code persistence_timeout} sets the PERSISTENT flag; {@code persistence_granularity} the netmask
 *       (a full mask otherwise); {@code ops}/{@code flag-N}/{@code sh-*}/{@code mh-*} the service flags.</li>
 *   <li>A destination's port is the real server's for NAT; for DR and TUN it is the service's port (0 in a
 *       fwmark service), because the kernel forwards to the same port.</li>
 * </ul>
 */
public final class IpvsMapping {
    private IpvsMapping() {
    }

    public static List<IpvsService> services(VirtualServer vs, LvsConfig config) {
        List<IpvsService> out = new ArrayList<>();
        if (vs.service() instanceof VirtualServer.AddressPort a) {
            out.add(decorate(of(vs, a.address(), a.port()), vs));
        } else if (vs.service() instanceof VirtualServer.Fwmark f) {
            out.add(decorate(IpvsService.fwmark(family(vs.family()), (int) f.mark(), vs.scheduler()), vs));
        } else {
            VirtualServerGroup group = config.group(((VirtualServer.Group) vs.service()).name());
            if (group == null) {
                return out;
            }
            for (VirtualServerGroup.Entry e : group.entries()) {
                if (e instanceof VirtualServerGroup.AddressRange r) {
                    for (InetAddress address : expand(r.first(), r.last())) {
                        out.add(decorate(of(vs, address, r.port()), vs));
                    }
                } else if (e instanceof VirtualServerGroup.Fwmark f) {
                    String fam = f.family() != null ? f.family() : vs.family();
                    out.add(decorate(IpvsService.fwmark(family(fam), (int) f.mark(), vs.scheduler()), vs));
                }
            }
        }
        return out;
    }

    private static IpvsService of(VirtualServer vs, InetAddress address, int port) {
        VirtualServer.Protocol p = vs.protocol() == null ? VirtualServer.Protocol.TCP : vs.protocol();
        return switch (p) {
            case TCP -> IpvsService.tcp(address, port, vs.scheduler());
            case UDP -> IpvsService.udp(address, port, vs.scheduler());
            case SCTP -> IpvsService.sctp(address, port, vs.scheduler());
        };
    }

    private static IpvsService decorate(IpvsService s, VirtualServer vs) {
        int flags = 0;
        for (String flag : vs.schedulerFlags()) {
            flags |= switch (flag) {
                case "ops" -> IP_VS_SVC_F_ONEPACKET;
                case "flag-1", "sh-fallback", "mh-fallback" -> IP_VS_SVC_F_SCHED1;
                case "flag-2", "sh-port", "mh-port" -> IP_VS_SVC_F_SCHED2;
                case "flag-3" -> IP_VS_SVC_F_SCHED3;
                default -> 0;
            };
        }
        IpvsService out = s.withFlags(flags);
        if (vs.persistenceTimeoutS() > 0) {
            out = out.persistent((int) vs.persistenceTimeoutS(), prefix(vs.persistenceGranularity(), s.family()));
        }
        if (vs.persistenceEngine() != null) {
            out = out.withPersistenceEngine(vs.persistenceEngine());
        }
        return out;
    }

    /** persistence_granularity as a prefix length: a dotted IPv4 netmask or an IPv6 prefix length. */
    static int prefix(String granularity, int family) {
        int full = family == Consts.AF_INET ? 32 : 128;
        if (granularity == null) {
            return full;
        }
        if (granularity.indexOf('.') >= 0) {
            int bits = 0;
            for (String part : granularity.split("\\.")) {
                bits += Integer.bitCount(Integer.parseInt(part) & 0xff);
            }
            return bits;
        }
        return Integer.parseInt(granularity);
    }

    static int family(String family) {
        return "inet6".equals(family) ? Consts.AF_INET6 : Consts.AF_INET;
    }

    /** Every address from first to last inclusive (equal for a single address). */
    static List<InetAddress> expand(InetAddress first, InetAddress last) {
        List<InetAddress> out = new ArrayList<>();
        byte[] cur = first.getAddress();
        byte[] end = last.getAddress();
        while (true) {
            try {
                out.add(InetAddress.getByAddress(cur.clone()));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // cannot happen for a 4- or 16-byte array
            }
            if (Arrays.equals(cur, end) || Arrays.compareUnsigned(cur, end) > 0 || out.size() > 65536) {
                return out;
            }
            for (int i = cur.length - 1; i >= 0; i--) {
                if (++cur[i] != 0) {
                    break;
                }
            }
        }
    }

    /**
     * The destination for {@code rs} in {@code service} with the given weight (keepalived's real_weight of the
     * effective weight; 0 when inhibited).
     */
    public static IpvsDestination destination(RealServer rs, Forwarding fallback, IpvsService service, int weight) {
        Forwarding f = rs.forwarding() != null ? rs.forwarding() : fallback;
        boolean nat = f.method() == Forwarding.Method.NAT;
        int port = nat ? rs.port() : service.port();
        IpvsDestination d = switch (f.method()) {
            case NAT -> IpvsDestination.nat(rs.address(), port);
            case DR -> IpvsDestination.dr(rs.address(), port);
            case TUN -> IpvsDestination.tunnel(rs.address(), port).withTunnel(switch (f.tunnelType()) {
                case IPIP -> IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
                case GUE -> IP_VS_CONN_F_TUNNEL_TYPE_GUE;
                case GRE -> IP_VS_CONN_F_TUNNEL_TYPE_GRE;
            }, f.tunnelPort(), switch (f.checksum()) {
                case NOCSUM -> IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM;
                case CSUM -> IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
                case REMCSUM -> IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
            });
        };
        return d.withWeight(weight).withThresholds((int) rs.uthreshold(), (int) rs.lthreshold());
    }

    /** keepalived's real_weight(): an effective weight clamped to what IPVS accepts. */
    public static int realWeight(long effectiveWeight) {
        if (effectiveWeight < 0) {
            return 0;
        }
        return (int) Math.min(effectiveWeight, Integer.MAX_VALUE);
    }

    static boolean isIpv4(InetAddress a) {
        return a instanceof Inet4Address;
    }
}
