package org.keepalivedjava.os.rtnl;

/**
 * rtnetlink numbers (linux/rtnetlink.h, if_addr.h, if_link.h, fib_rules.h, if.h) used by the codecs. Struct
 * layouts are documented on {@link RtnlCodec}.
 */
public final class RtnlConstants {
    // message types
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    public static final int RTM_NEWRULE = 32;
    public static final int RTM_DELRULE = 33;
    public static final int RTM_GETRULE = 34;

    // multicast groups as bind(2) bitmasks (RTMGRP_*) ...
    public static final int RTMGRP_LINK = 0x1;
    public static final int RTMGRP_IPV4_IFADDR = 0x10;
    public static final int RTMGRP_IPV4_ROUTE = 0x40;
    public static final int RTMGRP_IPV4_RULE = 0x80;
    public static final int RTMGRP_IPV6_IFADDR = 0x100;
    public static final int RTMGRP_IPV6_ROUTE = 0x400;
    // ... and as group numbers for NETLINK_ADD_MEMBERSHIP (RTNLGRP_*) beyond the 32 bits of a bind mask
    public static final int RTNLGRP_IPV6_RULE = 19;

    // struct ifinfomsg sizes and IFLA_* attributes
    public static final int IFINFOMSG_BYTES = 16;
    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_EXT_MASK = 29;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_LINKINFO = 18;
    /** Nested in IFLA_LINKINFO. */
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    /** Nested in IFLA_INFO_DATA of a macvlan. */
    public static final int IFLA_MACVLAN_MODE = 1;
    /** macvlan modes (linux/if_link.h). */
    public static final int MACVLAN_MODE_PRIVATE = 1;
    public static final int MACVLAN_MODE_BRIDGE = 4;
    public static final int IFLA_MAX_USED = IFLA_EXT_MASK;
    public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    // net/if.h flags (ifi_flags)
    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_MULTICAST = 0x1000;
    public static final int IFF_LOWER_UP = 0x10000;

    // struct ifaddrmsg and IFA_* attributes
    public static final int IFADDRMSG_BYTES = 8;
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_CACHEINFO = 6;
    public static final int IFA_FLAGS = 8;
    public static final int IFA_MAX_USED = IFA_FLAGS;

    // address flags (ifa_flags, and IFA_FLAGS for those above 8 bits)
    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_OPTIMISTIC = 0x04;
    public static final int IFA_F_DADFAILED = 0x08;
    public static final int IFA_F_HOMEADDRESS = 0x10;
    public static final int IFA_F_DEPRECATED = 0x20;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int IFA_F_PERMANENT = 0x80;
    public static final int IFA_F_NOPREFIXROUTE = 0x200;

    // scopes (ifa_scope, rtm_scope)
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_SITE = 200;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    public static final int RT_SCOPE_NOWHERE = 255;

    // struct rtmsg and RTA_* attributes
    public static final int RTMSG_BYTES = 12;
    public static final int RTA_DST = 1;
    public static final int RTA_SRC = 2;
    public static final int RTA_IIF = 3;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_TABLE = 15;
    public static final int RTA_MAX_USED = RTA_TABLE;

    // route tables, protocols, types
    public static final int RT_TABLE_UNSPEC = 0;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RT_TABLE_LOCAL = 255;
    public static final int RTPROT_UNSPEC = 0;
    public static final int RTPROT_KERNEL = 2;
    public static final int RTPROT_BOOT = 3;
    public static final int RTPROT_STATIC = 4;
    /** The protocol keepalived tags its routes with (iproute2's rt_protos: "keepalived"). */
    public static final int RTPROT_KEEPALIVED = 18;
    public static final int RTN_UNSPEC = 0;
    public static final int RTN_UNICAST = 1;
    public static final int RTN_LOCAL = 2;
    public static final int RTN_BLACKHOLE = 6;
    public static final int RTN_UNREACHABLE = 7;
    public static final int RTN_PROHIBIT = 8;

    // struct fib_rule_hdr and FRA_* attributes
    public static final int FIB_RULE_HDR_BYTES = 12;
    public static final int FRA_DST = 1;
    public static final int FRA_SRC = 2;
    public static final int FRA_IIFNAME = 3;
    public static final int FRA_PRIORITY = 6;
    public static final int FRA_FWMARK = 10;
    public static final int FRA_TABLE = 15;
    public static final int FRA_FWMASK = 16;
    public static final int FRA_OIFNAME = 17;
    public static final int FRA_MAX_USED = FRA_OIFNAME;
    public static final int FR_ACT_TO_TBL = 1;
    public static final int FR_ACT_GOTO = 2;
    public static final int FR_ACT_NOP = 3;
    public static final int FR_ACT_BLACKHOLE = 6;
    public static final int FR_ACT_UNREACHABLE = 7;
    public static final int FR_ACT_PROHIBIT = 8;

    private RtnlConstants() {
    }
}
