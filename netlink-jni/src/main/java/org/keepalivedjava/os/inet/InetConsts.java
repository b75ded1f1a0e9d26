package org.keepalivedjava.os.inet;

/**
 * Linux constants of the IP, IPv6 and packet socket layers (uapi linux/in.h, linux/in6.h, linux/if_ether.h,
 * linux/if_packet.h), kept here beside the codecs that use them. The generic socket constants are in
 * {@link org.keepalivedjava.os.libc.Consts}.
 */
public final class InetConsts {
    // IP protocol numbers
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_AH = 51;
    public static final int IPPROTO_ICMPV6 = 58;
    /** VRRP (RFC 5798 §5.1.1.4). */
    public static final int IPPROTO_VRRP = 112;
    public static final int IPPROTO_RAW = 255;

    // level IPPROTO_IP
    public static final int IP_TOS = 1;
    public static final int IP_TTL = 2;
    public static final int IP_HDRINCL = 3;
    public static final int IP_PKTINFO = 8;
    public static final int IP_RECVTTL = 12;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IP_DROP_MEMBERSHIP = 36;
    public static final int IP_MULTICAST_ALL = 49;

    // level IPPROTO_IPV6
    public static final int IPV6_CHECKSUM = 7;
    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_MULTICAST_IF = 17;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    public static final int IPV6_JOIN_GROUP = 20;
    public static final int IPV6_LEAVE_GROUP = 21;
    public static final int IPV6_RECVPKTINFO = 49;
    public static final int IPV6_PKTINFO = 50;
    public static final int IPV6_RECVHOPLIMIT = 51;
    public static final int IPV6_HOPLIMIT = 52;
    public static final int IPV6_TCLASS = 67;

    /** IPTOS_PREC_INTERNETCONTROL: the TOS / traffic class keepalived gives VRRP (DSCP CS6). */
    public static final int TOS_INTERNET_CONTROL = 0xc0;

    // Ethernet (linux/if_ether.h) and packet sockets (linux/if_packet.h)
    public static final int ETH_ALEN = 6;
    public static final int ETH_P_ALL = 0x0003;
    public static final int ETH_P_IP = 0x0800;
    public static final int ETH_P_ARP = 0x0806;
    public static final int ETH_P_IPV6 = 0x86dd;
    public static final int ARPHRD_ETHER = 1;
    public static final int PACKET_HOST = 0;
    public static final int PACKET_BROADCAST = 1;
    public static final int PACKET_MULTICAST = 2;
    public static final int PACKET_OTHERHOST = 3;
    public static final int PACKET_OUTGOING = 4;

    // struct sizes (LP64)
    /** struct ip_mreqn: multiaddr, address, ifindex (DESIGN.md: 12 bytes, not ip_mreq's 8). */
    public static final int IP_MREQN_BYTES = 12;
    /** struct ipv6_mreq: 16-byte group, int ifindex. */
    public static final int IPV6_MREQ_BYTES = 20;
    /** struct in_pktinfo: int ifindex, spec_dst, addr. */
    public static final int IN_PKTINFO_BYTES = 12;
    /** struct in6_pktinfo: 16-byte addr, int ifindex. */
    public static final int IN6_PKTINFO_BYTES = 20;

    private InetConsts() {
    }
}
