package org.keepalivedjava.os.ipvs;

import static org.keepalivedjava.os.ipvs.IpvsConstants.*;

import java.net.InetAddress;

import org.keepalivedjava.os.genl.GenericNetlink;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.netlink.Attributes;
import org.keepalivedjava.os.netlink.MalformedNetlinkException;
import org.keepalivedjava.os.netlink.NetlinkMessage;
import org.keepalivedjava.os.netlink.NetlinkWriter;

/**
 * IPVS generic netlink bodies (after the nlmsghdr and genlmsghdr): pure encode and decode.
 * <pre>
 * IPVS_CMD_ATTR_SERVICE (nested)  AF u16 | PROTOCOL u16 | ADDR 16 bytes (nf_inet_addr) | PORT be16
 *                                 | FWMARK u32 | SCHED_NAME str | FLAGS {flags u32, mask u32} | TIMEOUT u32
 *                                 | NETMASK u32 (IPv4: be32 mask; IPv6: prefix length) | PE_NAME str
 * IPVS_CMD_ATTR_DEST (nested)     ADDR_FAMILY u16 | ADDR 16 bytes | PORT be16 | FWD_METHOD u32 | WEIGHT u32
 *                                 | TUN_TYPE u8 | TUN_PORT be16 | TUN_FLAGS u16 | U_THRESH u32 | L_THRESH u32
 * IPVS_CMD_ATTR_DAEMON (nested)   STATE u32 | MCAST_IFN str | SYNC_ID u32 | SYNC_MAXLEN u16 | MCAST_GROUP be32
 *                                 | MCAST_GROUP6 16 bytes | MCAST_PORT u16 | MCAST_TTL u8
 * IPVS_CMD_ATTR_TIMEOUT_TCP / _TCP_FIN / _UDP   u32 seconds
 * </pre>
 * A service is identified by AF + FWMARK or AF + PROTOCOL + ADDR + PORT; NEW/SET need every field (the kernel
 * rejects a partial entry with EINVAL), DEL and destination commands only the identity. Attributes are written
 * in ipvsadm 1.31's order, so requests are byte-for-byte what ipvsadm sends (tested against its captures).
 */
public final class IpvsCodec {
    private static final int ALL_FLAGS_MASK = 0xffffffff;

    private IpvsCodec() {
    }

    /** genlmsghdr for an IPVS command. */
    public static NetlinkWriter header(NetlinkWriter w, int cmd) {
        return GenericNetlink.writeHeader(w, cmd, IPVS_GENL_VERSION);
    }

    /** The nested service attribute; {@code full} adds scheduler, flags, timeout, netmask and PE. */
    public static void writeService(NetlinkWriter w, IpvsService s, boolean full) {
        int nest = w.nestStart(IPVS_CMD_ATTR_SERVICE);
        w.attrU16(IPVS_SVC_ATTR_AF, s.family());
        if (s.isFwmark()) {
            w.attrU32(IPVS_SVC_ATTR_FWMARK, s.fwmark());
        } else {
            w.attrU16(IPVS_SVC_ATTR_PROTOCOL, s.protocol());
            w.attrInetUnion(IPVS_SVC_ATTR_ADDR, s.address());
            w.attrU16Be(IPVS_SVC_ATTR_PORT, s.port());
        }
        if (full) {
            w.attrString(IPVS_SVC_ATTR_SCHED_NAME, s.scheduler());
            if (s.peName() != null) {
                w.attrString(IPVS_SVC_ATTR_PE_NAME, s.peName());
            }
            w.attrBytes(IPVS_SVC_ATTR_FLAGS, flagsStruct(s.flags()));
            w.attrU32(IPVS_SVC_ATTR_TIMEOUT, s.timeoutS());
            if (s.family() == Consts.AF_INET) {
                w.attrU32Be(IPVS_SVC_ATTR_NETMASK, prefixToMask(s.netmaskPrefix()));
            } else {
                w.attrU32(IPVS_SVC_ATTR_NETMASK, s.netmaskPrefix());
            }
        }
        w.nestEnd(nest);
    }

    /** struct ip_vs_flags {flags, mask}: mask all ones, so SET replaces every flag. */
    private static byte[] flagsStruct(int flags) {
        byte[] b = new byte[8];
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.nativeOrder()).putInt(0, flags).putInt(4, ALL_FLAGS_MASK);
        return b;
    }

    static int prefixToMask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The nested destination attribute; {@code full} adds method, weight, thresholds and tunnel options. */
    public static void writeDestination(NetlinkWriter w, IpvsDestination d, boolean full) {
        int nest = w.nestStart(IPVS_CMD_ATTR_DEST);
        w.attrU16(IPVS_DEST_ATTR_ADDR_FAMILY, family(d.address()));
        w.attrInetUnion(IPVS_DEST_ATTR_ADDR, d.address());
        w.attrU16Be(IPVS_DEST_ATTR_PORT, d.port());
        if (full) {
            // ipvsadm's order, tunnel options included for every method (the kernel uses them only for TUN)
            w.attrU32(IPVS_DEST_ATTR_FWD_METHOD, d.forwardMethod());
            w.attrU32(IPVS_DEST_ATTR_WEIGHT, d.weight());
            w.attrU8(IPVS_DEST_ATTR_TUN_TYPE, d.tunnelType());
            w.attrU16Be(IPVS_DEST_ATTR_TUN_PORT, d.tunnelPort());
            w.attrU16(IPVS_DEST_ATTR_TUN_FLAGS, d.tunnelFlags());
            w.attrU32(IPVS_DEST_ATTR_U_THRESH, d.upperThreshold());
            w.attrU32(IPVS_DEST_ATTR_L_THRESH, d.lowerThreshold());
        }
        w.nestEnd(nest);
    }

    /** SET_CONFIG body: the timeouts that are not 0. */
    public static void writeTimeouts(NetlinkWriter w, IpvsTimeouts t) {
        if (t.tcpS() > 0) {
            w.attrU32(IPVS_CMD_ATTR_TIMEOUT_TCP, t.tcpS());
        }
        if (t.tcpFinS() > 0) {
            w.attrU32(IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t.tcpFinS());
        }
        if (t.udpS() > 0) {
            w.attrU32(IPVS_CMD_ATTR_TIMEOUT_UDP, t.udpS());
        }
    }

    /** NEW_DAEMON body (all fields) or DEL_DAEMON body ({@code full} false: the state only). */
    public static void writeDaemon(NetlinkWriter w, IpvsSyncDaemon d, boolean full) {
        int nest = w.nestStart(IPVS_CMD_ATTR_DAEMON);
        w.attrU32(IPVS_DAEMON_ATTR_STATE, d.state());
        if (full) {
            w.attrString(IPVS_DAEMON_ATTR_MCAST_IFN, d.interfaceName());
            w.attrU32(IPVS_DAEMON_ATTR_SYNC_ID, d.syncId());
            if (d.maxLength() > 0) {
                w.attrU16(IPVS_DAEMON_ATTR_SYNC_MAXLEN, d.maxLength());
            }
            if (d.group() != null) {
                w.attrAddress(family(d.group()) == Consts.AF_INET ? IPVS_DAEMON_ATTR_MCAST_GROUP
                        : IPVS_DAEMON_ATTR_MCAST_GROUP6, d.group());
            }
            if (d.port() > 0) {
                w.attrU16(IPVS_DAEMON_ATTR_MCAST_PORT, d.port());
            }
            if (d.ttl() > 0) {
                w.attrU8(IPVS_DAEMON_ATTR_MCAST_TTL, d.ttl());
            }
        }
        w.nestEnd(nest);
    }

    // ------------------------------------------------------------------ decode

    /** Decodes the service of a GET_SERVICE reply; {@code top} and {@code svc} are scratch indexes. */
    public static IpvsService decodeService(NetlinkMessage m, Attributes top, Attributes svc) {
        top.parse(m, GenericNetlink.GENL_HDRLEN);
        if (!top.nested(IPVS_CMD_ATTR_SERVICE, svc)) {
            throw new org.keepalivedjava.os.netlink.MalformedNetlinkException("IPVS service reply without a service");
        }
        return decodeService(svc);
    }

    /** Decodes an indexed service attribute. The kernel-internal HASHED flag is dropped. */
    public static IpvsService decodeService(Attributes a) {
        int family = a.u16(IPVS_SVC_ATTR_AF, Consts.AF_INET);
        int size = family == Consts.AF_INET ? 4 : 16;
        int fwmark = a.u32(IPVS_SVC_ATTR_FWMARK, 0);
        InetAddress address = fwmark != 0 ? null : a.address(IPVS_SVC_ATTR_ADDR, size);
        int flags = a.has(IPVS_SVC_ATTR_FLAGS) ? a.buffer().getInt(a.valueOffset(IPVS_SVC_ATTR_FLAGS)) : 0;
        int netmask = family == Consts.AF_INET ? Integer.bitCount(a.u32Be(IPVS_SVC_ATTR_NETMASK, -1))
                : a.u32(IPVS_SVC_ATTR_NETMASK, 128);
        try {
            return new IpvsService(family, fwmark != 0 ? 0 : a.u16(IPVS_SVC_ATTR_PROTOCOL, 0), address,
                    fwmark != 0 ? 0 : a.u16Be(IPVS_SVC_ATTR_PORT, 0), fwmark, a.string(IPVS_SVC_ATTR_SCHED_NAME),
                    flags & ~IP_VS_SVC_F_HASHED, a.u32(IPVS_SVC_ATTR_TIMEOUT, 0), netmask,
                    a.string(IPVS_SVC_ATTR_PE_NAME));
        } catch (IllegalArgumentException e) {
            throw MalformedNetlinkException.invalidValue("IPVS service", e);
        }
    }

    /** Decodes the destination of a GET_DEST reply for a service of {@code serviceFamily}. */
    public static IpvsDestination decodeDestination(NetlinkMessage m, Attributes top, Attributes dest,
                                                    int serviceFamily) {
        top.parse(m, GenericNetlink.GENL_HDRLEN);
        if (!top.nested(IPVS_CMD_ATTR_DEST, dest)) {
            throw new org.keepalivedjava.os.netlink.MalformedNetlinkException("IPVS destination reply without a destination");
        }
        int family = dest.u16(IPVS_DEST_ATTR_ADDR_FAMILY, serviceFamily);
        int method = dest.u32(IPVS_DEST_ATTR_FWD_METHOD, 0) & IP_VS_CONN_F_FWD_MASK;
        boolean tunnel = method == IP_VS_CONN_F_TUNNEL;
        try {
            return new IpvsDestination(dest.address(IPVS_DEST_ATTR_ADDR, family == Consts.AF_INET ? 4 : 16),
                    dest.u16Be(IPVS_DEST_ATTR_PORT, 0), method, dest.u32(IPVS_DEST_ATTR_WEIGHT, 0),
                    dest.u32(IPVS_DEST_ATTR_U_THRESH, 0), dest.u32(IPVS_DEST_ATTR_L_THRESH, 0),
                    tunnel ? dest.u8(IPVS_DEST_ATTR_TUN_TYPE, 0) : 0,
                    tunnel ? dest.u16Be(IPVS_DEST_ATTR_TUN_PORT, 0) : 0,
                    tunnel ? dest.u16(IPVS_DEST_ATTR_TUN_FLAGS, 0) : 0);
        } catch (IllegalArgumentException e) {
            throw MalformedNetlinkException.invalidValue("IPVS destination", e);
        }
    }

    /** Decodes a GET_CONFIG reply. */
    public static IpvsTimeouts decodeTimeouts(NetlinkMessage m, Attributes top) {
        top.parse(m, GenericNetlink.GENL_HDRLEN);
        try {
            return new IpvsTimeouts(top.u32(IPVS_CMD_ATTR_TIMEOUT_TCP, 0), top.u32(IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, 0),
                    top.u32(IPVS_CMD_ATTR_TIMEOUT_UDP, 0));
        } catch (IllegalArgumentException e) {
            throw MalformedNetlinkException.invalidValue("IPVS timeouts", e);
        }
    }

    /** Decodes a GET_DAEMON reply. */
    public static IpvsSyncDaemon decodeDaemon(NetlinkMessage m, Attributes top, Attributes d) {
        top.parse(m, GenericNetlink.GENL_HDRLEN);
        if (!top.nested(IPVS_CMD_ATTR_DAEMON, d)) {
            throw new org.keepalivedjava.os.netlink.MalformedNetlinkException("IPVS daemon reply without a daemon");
        }
        InetAddress group = d.has(IPVS_DAEMON_ATTR_MCAST_GROUP6) ? d.address(IPVS_DAEMON_ATTR_MCAST_GROUP6, 16)
                : d.address(IPVS_DAEMON_ATTR_MCAST_GROUP, 4);
        try {
            return new IpvsSyncDaemon(d.u32(IPVS_DAEMON_ATTR_STATE, 0), d.string(IPVS_DAEMON_ATTR_MCAST_IFN),
                    d.u32(IPVS_DAEMON_ATTR_SYNC_ID, 0), d.u16(IPVS_DAEMON_ATTR_SYNC_MAXLEN, 0), group,
                    d.u16(IPVS_DAEMON_ATTR_MCAST_PORT, 0), d.u8(IPVS_DAEMON_ATTR_MCAST_TTL, 0));
        } catch (IllegalArgumentException e) {
            throw MalformedNetlinkException.invalidValue("IPVS sync daemon", e);
        }
    }

    static int family(InetAddress a) {
        return a instanceof java.net.Inet4Address ? Consts.AF_INET : Consts.AF_INET6;
    }
}
