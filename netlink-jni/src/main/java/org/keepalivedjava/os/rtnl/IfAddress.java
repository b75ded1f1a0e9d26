package org.keepalivedjava.os.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;

import org.keepalivedjava.os.libc.Consts;

/**
 * An interface address as rtnetlink sees it ({@code ip addr add ADDRESS/PREFIX [peer P] [brd B] [label L]
 * [scope S] [nodad|noprefixroute|home] dev IFINDEX}). Immutable; build with {@link #of} and the withers.
 *
 * @param ifIndex      the interface's index
 * @param address      the local address (IFA_LOCAL for IPv4, IFA_ADDRESS for IPv6)
 * @param prefixLength 0..32 or 0..128
 * @param peer         the other end of a point-to-point address, or null
 * @param broadcast    IPv4 broadcast address, or null
 * @param label        IPv4 label (must start with the interface name, e.g. "eth0:vip"), or null
 * @param scope        RT_SCOPE_* ({@link RtnlConstants})
 * @param flags        IFA_F_* ({@link RtnlConstants}); NODAD, NOPREFIXROUTE, HOMEADDRESS when adding
 */
public record IfAddress(int ifIndex, InetAddress address, int prefixLength, InetAddress peer, InetAddress broadcast,
                        String label, int scope, int flags) {

    public IfAddress {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside [0, " + max + "] for " + address);
        }
    }

    /** A universe-scope address without peer, broadcast, label or flags. */
    public static IfAddress of(int ifIndex, InetAddress address, int prefixLength) {
        return new IfAddress(ifIndex, address, prefixLength, null, null, null, RtnlConstants.RT_SCOPE_UNIVERSE, 0);
    }

    public IfAddress withPeer(InetAddress p) {
        return new IfAddress(ifIndex, address, prefixLength, p, broadcast, label, scope, flags);
    }

    public IfAddress withBroadcast(InetAddress b) {
        return new IfAddress(ifIndex, address, prefixLength, peer, b, label, scope, flags);
    }

    public IfAddress withLabel(String l) {
        return new IfAddress(ifIndex, address, prefixLength, peer, broadcast, l, scope, flags);
    }

    public IfAddress withScope(int s) {
        return new IfAddress(ifIndex, address, prefixLength, peer, broadcast, label, s, flags);
    }

    public IfAddress withFlags(int f) {
        return new IfAddress(ifIndex, address, prefixLength, peer, broadcast, label, scope, f);
    }

    /** AF_INET or AF_INET6. */
    public int family() {
        return address instanceof Inet4Address ? Consts.AF_INET : Consts.AF_INET6;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(address.getHostAddress()).append('/').append(prefixLength);
        if (peer != null) {
            s.append(" peer ").append(peer.getHostAddress());
        }
        if (broadcast != null) {
            s.append(" brd ").append(broadcast.getHostAddress());
        }
        s.append(" dev ").append(ifIndex);
        if (label != null) {
            s.append(" label ").append(label);
        }
        if (scope != RtnlConstants.RT_SCOPE_UNIVERSE) {
            s.append(" scope ").append(scope);
        }
        if (flags != 0) {
            s.append(" flags 0x").append(Integer.toHexString(flags));
        }
        return s.toString();
    }
}
