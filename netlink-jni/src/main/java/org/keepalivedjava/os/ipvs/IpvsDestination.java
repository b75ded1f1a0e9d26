package org.keepalivedjava.os.ipvs;

import static org.keepalivedjava.os.ipvs.IpvsConstants.*;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A real server of a virtual service. Immutable; build with {@link #nat}, {@link #dr} or {@link #tunnel}, then
 * the withers.
 *
 * @param forwardMethod   IP_VS_CONN_F_MASQ (NAT), _DROUTE (DR), _TUNNEL (TUN) or _LOCALNODE
 * @param weight          0 quiesces the server
 * @param upperThreshold  connection limit (0 = none)
 * @param lowerThreshold  resume below this (0 = none)
 * @param tunnelType      IP_VS_CONN_F_TUNNEL_TYPE_IPIP / _GUE / _GRE (tunnel only)
 * @param tunnelPort      GUE destination port (tunnel only)
 * @param tunnelFlags     IP_VS_TUNNEL_ENCAP_FLAG_* (GUE/GRE checksum options)
 */
public record IpvsDestination(InetAddress address, int port, int forwardMethod, int weight, int upperThreshold,
                              int lowerThreshold, int tunnelType, int tunnelPort, int tunnelFlags) {

    public static IpvsDestination nat(InetAddress address, int port) {
        return new IpvsDestination(address, port, IP_VS_CONN_F_MASQ, 1, 0, 0, 0, 0, 0);
    }

    public static IpvsDestination dr(InetAddress address, int port) {
        return new IpvsDestination(address, port, IP_VS_CONN_F_DROUTE, 1, 0, 0, 0, 0, 0);
    }

    /** IPIP tunnel; use {@link #withTunnel} for GUE/GRE. */
    public static IpvsDestination tunnel(InetAddress address, int port) {
        return new IpvsDestination(address, port, IP_VS_CONN_F_TUNNEL, 1, 0, 0, IP_VS_CONN_F_TUNNEL_TYPE_IPIP, 0, 0);
    }

    public IpvsDestination withWeight(int w) {
        return new IpvsDestination(address, port, forwardMethod, w, upperThreshold, lowerThreshold, tunnelType,
                tunnelPort, tunnelFlags);
    }

    public IpvsDestination withThresholds(int upper, int lower) {
        return new IpvsDestination(address, port, forwardMethod, weight, upper, lower, tunnelType, tunnelPort,
                tunnelFlags);
    }

    public IpvsDestination withTunnel(int type, int tunPort, int tunFlags) {
        return new IpvsDestination(address, port, forwardMethod, weight, upperThreshold, lowerThreshold, type,
                tunPort, tunFlags);
    }

    @Override
    public String toString() {
        String a = address.getHostAddress();
        String m = switch (forwardMethod) {
            case IP_VS_CONN_F_MASQ -> "nat";
            case IP_VS_CONN_F_DROUTE -> "dr";
            case IP_VS_CONN_F_TUNNEL -> "tun";
            case IP_VS_CONN_F_LOCALNODE -> "local";
            default -> "fwd " + forwardMethod;
        };
        return (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + port + " " + m + " weight " + weight;
    }
}
