package org.keepalivedjava.os.inet;

/**
 * Frames captured from the real keepalived 2.2.7 in the lab (../shared/corpus/vrrp-captures, copied here as hex so
 * the tests do not read outside the project). Node kl-1: 192.0.2.1, MAC 02:00:5e:c0:02:01; kl-2: 192.0.2.2,
 * MAC 02:00:5e:c0:02:02; VRID 51, VIP 192.0.2.100 (fe80::100 and 2001:db8::100 for IPv6).
 */
public final class Captures {
    /** v2-noauth.pcap: Ethernet + IPv4 (TOS 0xc0, id 1, TTL 255, csum 1891) + VRRPv2 prio 150, csum 8665. */
    public static final String V2_NOAUTH = ""
            + "0100 5e00 0012 0200 5ec0 0201 0800 45c0"
            + "0028 0001 0000 ff70 1891 c000 0201 e000"
            + "0012 2133 9601 0001 8665 c000 0264 0000"
            + "0000 0000 0000";

    /** v3.pcap: Ethernet + IPv4 (csum 1899) + VRRPv3 prio 150, 100 cs, csum d371 with the IPv4 pseudo-header. */
    public static final String V3_V4 = ""
            + "0100 5e00 0012 0200 5ec0 0201 0800 45c0"
            + "0020 0001 0000 ff70 1899 c000 0201 e000"
            + "0012 3133 9601 0064 d371 c000 0264";

    /** v3-unicast.pcap: 192.0.2.1 -> 192.0.2.2, VRRPv3 csum f181 (pseudo-header with the unicast destination). */
    public static final String V3_UNICAST = ""
            + "0200 5ec0 0202 0200 5ec0 0201 0800 45c0"
            + "0020 0001 0000 ff70 36a9 c000 0201 c000"
            + "0202 3133 9601 0064 f181 c000 0264";

    /** v3v6.pcap: IPv6 (class 0xc0, flow 0x0203f, hop 255) fe80::5eff:fec0:201 -> ff02::12, VRRPv3 csum ac3c. */
    public static final String V3_V6 = ""
            + "3333 0000 0012 0200 5ec0 0201 86dd 6c00"
            + "203f 0028 70ff fe80 0000 0000 0000 0000"
            + "5eff fec0 0201 ff02 0000 0000 0000 0000"
            + "0000 0000 0012 3133 9602 0064 ac3c fe80"
            + "0000 0000 0000 0000 0000 0000 0100 2001"
            + "0db8 0000 0000 0000 0000 0000 0100";

    /** garp-na-prio0.txt: gratuitous ARP request for 192.0.2.100 from 02:00:5e:c0:02:01. */
    public static final String GARP = ""
            + "ffff ffff ffff 0200 5ec0 0201 0806 0001"
            + "0800 0604 0001 0200 5ec0 0201 c000 0264"
            + "ffff ffff ffff c000 0264";

    /** garp-na-prio0.txt: unsolicited NA for fe80::100 from 02:00:5e:c0:02:01 (ICMPv6 csum f4dc). */
    public static final String NA_LINK_LOCAL = ""
            + "3333 0000 0001 0200 5ec0 0201 86dd 6000"
            + "0000 0020 3aff fe80 0000 0000 0000 0000"
            + "0000 0000 0100 ff02 0000 0000 0000 0000"
            + "0000 0000 0001 8800 f4dc 2000 0000 fe80"
            + "0000 0000 0000 0000 0000 0000 0100 0201"
            + "0200 5ec0 0201";

    /** v3v6.pcap: unsolicited NA for 2001:db8::100 from kl-2, 02:00:5e:c0:02:02 (ICMPv6 csum 966b). */
    public static final String NA_GLOBAL = ""
            + "3333 0000 0001 0200 5ec0 0202 86dd 6000"
            + "0000 0020 3aff 2001 0db8 0000 0000 0000"
            + "0000 0000 0100 ff02 0000 0000 0000 0000"
            + "0000 0000 0001 8800 966b 2000 0000 2001"
            + "0db8 0000 0000 0000 0000 0000 0100 0201"
            + "0200 5ec0 0202";

    /** The priority-0 VRRPv2 advert of a graceful stop (id 5, csum 188d / 1c66). */
    public static final String V2_PRIO0 = ""
            + "0100 5e00 0012 0200 5ec0 0201 0800 45c0"
            + "0028 0005 0000 ff70 188d c000 0201 e000"
            + "0012 2133 0001 0001 1c66 c000 0264 0000"
            + "0000 0000 0000";

    public static final int ETHERNET_BYTES = 14;

    private Captures() {
    }
}
