package org.keepalivedjava.os.rtnl;

import static org.keepalivedjava.os.rtnl.RtnlConstants.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.netlink.Attributes;
import org.keepalivedjava.os.netlink.MalformedNetlinkException;
import org.keepalivedjava.os.netlink.NetlinkMessage;
import org.keepalivedjava.os.netlink.NetlinkWriter;

/**
 * rtnetlink message bodies: pure encode (after {@link NetlinkWriter#begin}) and decode. The fixed headers:
 * <pre>
 * struct ifinfomsg (16)   family u8 | pad u8 | type u16 | index s32 | flags u32 | change u32
 * struct ifaddrmsg (8)    family u8 | prefixlen u8 | flags u8 | scope u8 | index u32
 * struct rtmsg (12)       family u8 | dst_len u8 | src_len u8 | tos u8 | table u8 | protocol u8 | scope u8
 *                         | type u8 | flags u32
 * struct fib_rule_hdr(12) family u8 | dst_len u8 | src_len u8 | tos u8 | table u8 | res1 u8 | res2 u8
 *                         | action u8 | flags u32
 * </pre>
 * Attributes follow each header. Addresses are network order bytes; everything else host order. What the
 * codec writes matches what ip(8) sends for the same command.
 */
public final class RtnlCodec {
    private static final int IFA_FLAGS_IN_HEADER = 0xff;
    private static final int TABLE_IN_HEADER_MAX = 255;

    private RtnlCodec() {
    }

    // ------------------------------------------------------------------ addresses

    /**
     * RTM_NEWADDR / RTM_DELADDR body. As ip(8): IFA_LOCAL is the address, IFA_ADDRESS the peer or, without
     * one, the address again; flags above 8 bits go in IFA_FLAGS (sent whenever there are flags).
     */
    public static void writeAddress(NetlinkWriter w, IfAddress a) {
        w.putU8(a.family()).putU8(a.prefixLength()).putU8(a.flags() & IFA_FLAGS_IN_HEADER).putU8(a.scope())
                .putU32(a.ifIndex());
        w.attrAddress(IFA_LOCAL, a.address());
        w.attrAddress(IFA_ADDRESS, a.peer() != null ? a.peer() : a.address());
        if (a.broadcast() != null) {
            w.attrAddress(IFA_BROADCAST, a.broadcast());
        }
        if (a.label() != null) {
            w.attrString(IFA_LABEL, a.label());
        }
        if (a.flags() != 0) {
            w.attrU32(IFA_FLAGS, a.flags());
        }
    }

    /** An RTM_GETADDR dump request body for {@code family} (AF_UNSPEC for all). */
    public static void writeAddressDump(NetlinkWriter w, int family) {
        w.putU8(family).putU8(0).putU8(0).putU8(0).putU32(0);
    }

    /** Decodes an RTM_NEWADDR/RTM_DELADDR message (dump reply or event). */
    public static IfAddress decodeAddress(NetlinkMessage m, Attributes attrs) {
        ByteBuffer b = m.buffer();
        int p = m.payloadOffset();
        attrs.parse(m, IFADDRMSG_BYTES); // first: it rejects a message too short for the header
        int family = b.get(p) & 0xff;
        int prefixLength = b.get(p + 1) & 0xff;
        int headerFlags = b.get(p + 2) & 0xff;
        int scope = b.get(p + 3) & 0xff;
        int index = b.getInt(p + 4);
        int size = family == Consts.AF_INET ? 4 : 16;
        InetAddress address = attrs.address(IFA_ADDRESS, size);
        InetAddress local = attrs.address(IFA_LOCAL, size);
        InetAddress peer = null;
        if (local != null) {
            if (address != null && !address.equals(local)) {
                peer = address;
            }
            address = local;
        }
        int flags = attrs.u32(IFA_FLAGS, headerFlags);
        try {
            return new IfAddress(index, address, prefixLength, peer, attrs.address(IFA_BROADCAST, size),
                    attrs.string(IFA_LABEL), scope, flags);
        } catch (IllegalArgumentException e) {
            throw MalformedNetlinkException.invalidValue("address message", e);
        }
    }

    // ------------------------------------------------------------------ links

    /** An RTM_GETLINK dump request body: all links, statistics left out (smaller replies). */
    public static void writeLinkDump(NetlinkWriter w) {
        w.putU8(0 /* AF_UNSPEC */).putU8(0).putU16(0).putU32(0).putU32(0).putU32(0);
        w.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    }

    /**
     * RTM_NEWLINK body creating a macvlan {@code name} on link {@code parentIndex} with hardware address {@code mac}
     * and {@code mode} (MACVLAN_MODE_*), left down (ip link add NAME link PARENT address MAC type macvlan mode M).
     */
    public static void writeMacvlan(NetlinkWriter w, String name, int parentIndex, byte[] mac, int mode) {
        w.putU8(0 /* AF_UNSPEC */).putU8(0).putU16(0).putU32(0).putU32(0).putU32(0);
        w.attrString(IFLA_IFNAME, name);
        w.attrU32(IFLA_LINK, parentIndex);
        w.attrBytes(IFLA_ADDRESS, mac);
        int info = w.nestStart(IFLA_LINKINFO);
        w.attrString(IFLA_INFO_KIND, "macvlan");
        int data = w.nestStart(IFLA_INFO_DATA);
        w.attrU32(IFLA_MACVLAN_MODE, mode);
        w.nestEnd(data);
        w.nestEnd(info);
    }

    /** RTM_NEWLINK body setting link {@code index} up or down (ip link set dev X up|down). */
    public static void writeLinkUp(NetlinkWriter w, int index, boolean up) {
        w.putU8(0 /* AF_UNSPEC */).putU8(0).putU16(0).putU32(index).putU32(up ? IFF_UP : 0).putU32(IFF_UP);
    }

    /** RTM_DELLINK body for link {@code index}. */
    public static void writeLinkDelete(NetlinkWriter w, int index) {
        w.putU8(0 /* AF_UNSPEC */).putU8(0).putU16(0).putU32(index).putU32(0).putU32(0);
    }

    /** Decodes an RTM_NEWLINK/RTM_DELLINK message. */
    public static Link decodeLink(NetlinkMessage m, Attributes attrs) {
        ByteBuffer b = m.buffer();
        int p = m.payloadOffset();
        attrs.parse(m, IFINFOMSG_BYTES); // first: it rejects a message too short for the header
        int index = b.getInt(p + 4);
        int flags = b.getInt(p + 8);
        byte[] mac = attrs.bytes(IFLA_ADDRESS);
        try {
            return new Link(index, attrs.string(IFLA_IFNAME), flags, mac == null ? null : macString(mac),
                    attrs.u32(IFLA_MTU, 0), attrs.u8(IFLA_OPERSTATE, 0));
        } catch (IllegalArgumentException e) {
            throw MalformedNetlinkException.invalidValue("link message", e);
        }
    }

    static String macString(byte[] mac) {
        StringBuilder s = new StringBuilder(mac.length * 3);
        for (int i = 0; i < mac.length; i++) {
            if (i > 0) {
                s.append(':');
            }
            s.append(Character.forDigit((mac[i] >> 4) & 0xf, 16)).append(Character.forDigit(mac[i] & 0xf, 16));
        }
        return s.toString();
    }

    // ------------------------------------------------------------------ routes

    /**
     * RTM_NEWROUTE / RTM_DELROUTE body. A table id above 255 goes only in RTA_TABLE (the header says
     * RT_TABLE_UNSPEC); RTA_TABLE is always sent. For a delete, ip(8)'s convention: scope NOWHERE matches any.
     */
    public static void writeRoute(NetlinkWriter w, Route r, boolean delete) {
        int table = r.table();
        w.putU8(r.family()).putU8(r.prefixLength()).putU8(0).putU8(0)
                .putU8(table <= TABLE_IN_HEADER_MAX ? table : RT_TABLE_UNSPEC)
                .putU8(r.protocol())
                .putU8(delete ? RT_SCOPE_NOWHERE : r.effectiveScope())
                .putU8(r.type())
                .putU32(0);
        w.attrU32(RTA_TABLE, table);
        if (r.prefixLength() > 0 || !r.destination().isAnyLocalAddress()) {
            w.attrAddress(RTA_DST, r.destination());
        }
        if (r.gateway() != null) {
            w.attrAddress(RTA_GATEWAY, r.gateway());
        }
        if (r.ifIndex() != 0) {
            w.attrU32(RTA_OIF, r.ifIndex());
        }
        if (r.preferredSource() != null) {
            w.attrAddress(RTA_PREFSRC, r.preferredSource());
        }
        if (r.metric() >= 0) {
            w.attrU32(RTA_PRIORITY, r.metric());
        }
    }

    /** Decodes an RTM_NEWROUTE/RTM_DELROUTE message. */
    public static Route decodeRoute(NetlinkMessage m, Attributes attrs) {
        ByteBuffer b = m.buffer();
        int p = m.payloadOffset();
        attrs.parse(m, RTMSG_BYTES); // first: it rejects a message too short for the header
        int family = b.get(p) & 0xff;
        int dstLen = b.get(p + 1) & 0xff;
        int headerTable = b.get(p + 4) & 0xff;
        int protocol = b.get(p + 5) & 0xff;
        int scope = b.get(p + 6) & 0xff;
        int type = b.get(p + 7) & 0xff;
        int size = family == Consts.AF_INET ? 4 : 16;
        InetAddress dst = attrs.address(RTA_DST, size);
        if (dst == null) {
            dst = anyAddress(family);
        }
        try {
            return new Route(dst, dstLen, attrs.address(RTA_GATEWAY, size), attrs.u32(RTA_OIF, 0),
                    attrs.address(RTA_PREFSRC, size), attrs.u32(RTA_TABLE, headerTable), attrs.u32(RTA_PRIORITY, -1),
                    scope, protocol, type);
        } catch (IllegalArgumentException e) {
            throw MalformedNetlinkException.invalidValue("route message", e);
        }
    }

    // ------------------------------------------------------------------ rules

    /** RTM_NEWRULE / RTM_DELRULE body. */
    public static void writeRule(NetlinkWriter w, Rule r) {
        boolean toTable = r.action() == FR_ACT_TO_TBL;
        int table = toTable ? r.table() : RT_TABLE_UNSPEC;
        w.putU8(r.family()).putU8(r.to() == null ? 0 : r.toPrefix()).putU8(r.from() == null ? 0 : r.fromPrefix())
                .putU8(0).putU8(table <= TABLE_IN_HEADER_MAX ? table : RT_TABLE_UNSPEC).putU8(0).putU8(0)
                .putU8(r.action()).putU32(0);
        if (r.priority() >= 0) {
            w.attrU32(FRA_PRIORITY, r.priority());
        }
        if (r.from() != null) {
            w.attrAddress(FRA_SRC, r.from());
        }
        if (r.to() != null) {
            w.attrAddress(FRA_DST, r.to());
        }
        if (r.iif() != null) {
            w.attrString(FRA_IIFNAME, r.iif());
        }
        if (r.oif() != null) {
            w.attrString(FRA_OIFNAME, r.oif());
        }
        if (r.fwmark() >= 0) {
            w.attrU32(FRA_FWMARK, (int) r.fwmark());
        }
        if (r.fwmask() >= 0) {
            w.attrU32(FRA_FWMASK, (int) r.fwmask());
        }
        if (toTable) {
            w.attrU32(FRA_TABLE, table);
        }
    }

    /** Decodes an RTM_NEWRULE/RTM_DELRULE message. */
    public static Rule decodeRule(NetlinkMessage m, Attributes attrs) {
        ByteBuffer b = m.buffer();
        int p = m.payloadOffset();
        attrs.parse(m, FIB_RULE_HDR_BYTES); // first: it rejects a message too short for the header
        int family = b.get(p) & 0xff;
        int dstLen = b.get(p + 1) & 0xff;
        int srcLen = b.get(p + 2) & 0xff;
        int headerTable = b.get(p + 4) & 0xff;
        int action = b.get(p + 7) & 0xff;
        int size = family == Consts.AF_INET ? 4 : 16;
        try {
            return new Rule(family, attrs.u32(FRA_PRIORITY, -1), attrs.address(FRA_SRC, size), srcLen,
                    attrs.address(FRA_DST, size), dstLen, attrs.string(FRA_IIFNAME), attrs.string(FRA_OIFNAME),
                    attrs.has(FRA_FWMARK) ? attrs.u32(FRA_FWMARK, 0) & 0xffffffffL : -1,
                    attrs.has(FRA_FWMASK) ? attrs.u32(FRA_FWMASK, 0) & 0xffffffffL : -1,
                    attrs.u32(FRA_TABLE, headerTable), action);
        } catch (IllegalArgumentException e) {
            throw MalformedNetlinkException.invalidValue("rule message", e);
        }
    }

    static InetAddress anyAddress(int family) {
        try {
            return InetAddress.getByAddress(new byte[family == Consts.AF_INET ? 4 : 16]);
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
