package org.keepalivedjava.os.raw;

import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.libc.Consts;

/**
 * How to open a {@link VrrpSocket}.
 *
 * @param family          {@link Consts#AF_INET} or {@link Consts#AF_INET6}
 * @param interfaceName   the interface (SO_BINDTODEVICE): only its packets are received, multicast leaves by it
 * @param multicastGroup  the group to join and send to by default (224.0.0.18, ff02::12 or vrrp_mcast_group4/6);
 *                        null for unicast only (unicast_peer): no group joined, no multicast options
 * @param protocol        112 (VRRP), or 51 for VRRPv2 with auth_type AH as keepalived does
 * @param kernelChecksum  IPv6 only: IPV6_CHECKSUM at offset 6, so the kernel fills the VRRP checksum on send and
 *                        drops packets whose checksum is wrong on receive, as keepalived 2.2.7 does. False: the
 *                        caller computes it and sees bad packets (to count them)
 */
public record VrrpSocketConfig(int family, String interfaceName, IpAddress multicastGroup, int protocol,
        boolean kernelChecksum) {

    /** RFC 5798 §5.2.8: the checksum is the 16-bit word at offset 6 of the VRRP message. */
    public static final int VRRP_CHECKSUM_OFFSET = 6;

    public VrrpSocketConfig {
        if (family != Consts.AF_INET && family != Consts.AF_INET6) {
            throw new IllegalArgumentException("family must be AF_INET or AF_INET6: " + family);
        }
        if (interfaceName == null || interfaceName.isEmpty() || interfaceName.length() > 15) {
            throw new IllegalArgumentException("interface name must have 1 to 15 characters: " + interfaceName);
        }
        if (multicastGroup != null && (multicastGroup.family() != family || !multicastGroup.isMulticast())) {
            throw new IllegalArgumentException("not a multicast group of the socket's family: " + multicastGroup);
        }
        if (protocol < 1 || protocol > 254) {
            throw new IllegalArgumentException("IP protocol out of range: " + protocol);
        }
    }

    /** Multicast on {@code interfaceName} (the family is the group's), protocol 112, kernel checksum for IPv6. */
    public static VrrpSocketConfig multicast(IpAddress group, String interfaceName) {
        return new VrrpSocketConfig(group.family(), interfaceName, group, InetConsts.IPPROTO_VRRP, true);
    }

    /** Unicast only on {@code interfaceName}, protocol 112, kernel checksum for IPv6. */
    public static VrrpSocketConfig unicast(int family, String interfaceName) {
        return new VrrpSocketConfig(family, interfaceName, null, InetConsts.IPPROTO_VRRP, true);
    }

    public VrrpSocketConfig withProtocol(int ipProtocol) {
        return new VrrpSocketConfig(family, interfaceName, multicastGroup, ipProtocol, kernelChecksum);
    }

    public VrrpSocketConfig withKernelChecksum(boolean kernelComputesChecksum) {
        return new VrrpSocketConfig(family, interfaceName, multicastGroup, protocol, kernelComputesChecksum);
    }

    public boolean isMulticast() {
        return multicastGroup != null;
    }
}
