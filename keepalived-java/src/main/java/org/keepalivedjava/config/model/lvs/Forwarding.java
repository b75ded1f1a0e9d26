package org.keepalivedjava.config.model.lvs;

/**
 * An LVS forwarding method ({@code lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]}).
 *
 * @param tunnelPort the GUE port, 0 for other tunnel types
 */
public record Forwarding(Method method, TunnelType tunnelType, int tunnelPort, Checksum checksum) {

    public enum Method { NAT, DR, TUN }

    public enum TunnelType { IPIP, GUE, GRE }

    public enum Checksum { NOCSUM, CSUM, REMCSUM }

    public static final Forwarding NAT = new Forwarding(Method.NAT, TunnelType.IPIP, 0, Checksum.NOCSUM);

    public static Forwarding of(Method method) {
        return new Forwarding(method, TunnelType.IPIP, 0, Checksum.NOCSUM);
    }
}
