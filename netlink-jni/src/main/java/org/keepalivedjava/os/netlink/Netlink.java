package org.keepalivedjava.os.netlink;

/**
 * Constants of the netlink protocol family (netlink(7), linux/netlink.h) shared by every netlink user, and the
 * 4-byte alignment rule. Protocol-specific numbers live with their codec (rtnetlink in os.rtnl, generic netlink
 * in os.genl).
 *
 * <p>Netlink integers are in the HOST byte order (little-endian on the supported targets); only fields the
 * kernel documents as {@code __be16}/{@code __be32} (ports, IPv4 masks) are network order.
 */
public final class Netlink {
    // protocols (socket(AF_NETLINK, SOCK_RAW, protocol))
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_GENERIC = 16;

    /** sizeof(struct nlmsghdr): len u32, type u16, flags u16, seq u32, pid u32. */
    public static final int NLMSG_HDRLEN = 16;
    /** sizeof(struct nlattr): len u16, type u16. */
    public static final int NLA_HDRLEN = 4;
    /** sizeof(struct sockaddr_nl): family u16, pad u16, pid u32, groups u32. */
    public static final int SOCKADDR_NL_BYTES = 12;

    // nlmsghdr offsets
    public static final int NLMSG_LEN_OFFSET = 0;
    public static final int NLMSG_TYPE_OFFSET = 4;
    public static final int NLMSG_FLAGS_OFFSET = 6;
    public static final int NLMSG_SEQ_OFFSET = 8;
    public static final int NLMSG_PID_OFFSET = 12;

    // control message types (below NLMSG_MIN_TYPE = 0x10)
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    // nlmsghdr flags
    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_DUMP_INTR = 0x10;
    /** GET: NLM_F_ROOT | NLM_F_MATCH. */
    public static final int NLM_F_DUMP = 0x300;
    /** NEW: replace an existing object. */
    public static final int NLM_F_REPLACE = 0x100;
    /** NEW: fail with EEXIST if it exists. */
    public static final int NLM_F_EXCL = 0x200;
    /** NEW: create if it does not exist. */
    public static final int NLM_F_CREATE = 0x400;
    /** NEW: add to the end of a list. */
    public static final int NLM_F_APPEND = 0x800;
    /** NLMSG_ERROR: the echoed request was cut to its header (NETLINK_CAP_ACK). */
    public static final int NLM_F_CAPPED = 0x100;
    /** NLMSG_ERROR: extended-ack TLVs follow the echoed request (NETLINK_EXT_ACK). */
    public static final int NLM_F_ACK_TLVS = 0x200;

    // nlmsgerr TLV types (NETLINK_EXT_ACK)
    public static final int NLMSGERR_ATTR_MSG = 1;
    public static final int NLMSGERR_ATTR_OFFS = 2;

    // nlattr type bits
    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    // SOL_NETLINK socket options
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    public static final int NETLINK_DROP_MEMBERSHIP = 2;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;

    private Netlink() {
    }

    /** NLMSG_ALIGN / NLA_ALIGN: rounds up to a multiple of 4. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }

    /** A readable name for the control types, else "type N" (protocol codecs name their own types). */
    public static String controlTypeName(int type) {
        switch (type) {
            case NLMSG_NOOP: return "NLMSG_NOOP";
            case NLMSG_ERROR: return "NLMSG_ERROR";
            case NLMSG_DONE: return "NLMSG_DONE";
            case NLMSG_OVERRUN: return "NLMSG_OVERRUN";
            default: return "type " + type;
        }
    }
}
