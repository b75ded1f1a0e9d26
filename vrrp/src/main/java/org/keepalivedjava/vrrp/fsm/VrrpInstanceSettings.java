package org.keepalivedjava.vrrp.fsm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.vrrp.packet.AuthHmac;
import org.keepalivedjava.vrrp.packet.VrrpPacketCodec;

/**
 * What one instance's state machine and receive checks need, taken from a {@link VrrpConfig.Instance} (keepalived's
 * defaults already applied by the config builder) and converted to wire form once: addresses as
 * {@link IpAddress}, the password as its 8 NUL-padded bytes, intervals in micro-seconds (keepalived's unit, so
 * Skew_Time rounds exactly as keepalived's does).
 *
 * @param advertIntervalUs  advert_int; v2 sends whole seconds, v3 centiseconds
 * @param virtualAddresses  the VIPs of the instance's family, in config order: what adverts carry and what a
 *                          received advert must contain (RFC 5798 §7.1 "MAY verify")
 * @param authData          v2 PASS: the first 8 bytes of auth_pass, NUL padded; zeros otherwise
 * @param sourceAddress     mcast_src_ip / unicast_src_ip, or null (the runtime then uses the interface address)
 * @param multicastGroup    the destination of multicast adverts (224.0.0.18, ff02::12 or vrrp_mcast_group4/6)
 * @param initialMaster     {@code state MASTER}: only an address owner acts on it (every other instance starts
 *                          BACKUP and waits Master_Down_Interval, as keepalived 2.2.7 does)
 * @param checksumCompat    old_unicast_checksum (v3 IPv4 unicast): which pseudo-header destination to use
 * @param v3ChecksumAsV2    compute and verify the v3 checksum without the pseudo-header, for peers that do
 * @param verifyIpv6Checksum verify IPv6 checksums in user space (false when the socket's IPV6_CHECKSUM does it)
 */
public record VrrpInstanceSettings(String name, int vrid, int version, boolean ipv6, int basePriority,
                                   long advertIntervalUs, boolean preempt, long preemptDelayUs,
                                   boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, int downTimerAdverts,
                                   boolean skipCheckAdvAddr, boolean checkUnicastSrc, List<Peer> unicastPeers,
                                   List<IpAddress> virtualAddresses, int authType, byte[] authData,
                                   IpAddress sourceAddress, IpAddress multicastGroup, boolean initialMaster,
                                   ChecksumCompat checksumCompat, boolean v3ChecksumAsV2,
                                   boolean verifyIpv6Checksum) {

    /** RFC 5798 §6.1: the address owner's priority. */
    public static final int PRIORITY_OWNER = 255;

    /** A unicast_peer with its TTL window (keepalived defaults 0..255). */
    public record Peer(IpAddress address, int minTtl, int maxTtl) {
    }

    /**
     * keepalived's old_unicast_checksum for VRRPv3 over IPv4 unicast: before 1.3.6 keepalived put the multicast
     * group, not the unicast destination, in the checksum's pseudo-header.
     */
    public enum ChecksumCompat {
        /** RFC checksum; switch to the old one (and log it) if a peer's advert only verifies that way. */
        AUTO,
        /** {@code old_unicast_checksum never}: RFC checksum only. */
        NEVER,
        /** {@code old_unicast_checksum}: the old checksum from the start. */
        FORCED
    }

    public VrrpInstanceSettings {
        unicastPeers = List.copyOf(unicastPeers);
        virtualAddresses = List.copyOf(virtualAddresses);
        authData = authData.clone();
        if (authData.length != VrrpPacketCodec.AUTH_DATA_BYTES) {
            throw new IllegalArgumentException("auth data is 8 bytes");
        }
    }

    public boolean isUnicast() {
        return !unicastPeers.isEmpty();
    }

    public boolean isAddressOwner() {
        return basePriority == PRIORITY_OWNER;
    }

    /** The settings of a configured instance. */
    public static VrrpInstanceSettings of(VrrpConfig.Instance i) {
        List<IpAddress> vips = new ArrayList<>();
        for (VrrpConfig.IpAddress a : i.virtualAddresses()) {
            if (a.prefix().isIpv4() != !i.ipv6()) {
                continue; // keepalived moves other-family VIPs out of the advert (they become excluded VIPs)
            }
            vips.add(IpAddress.of(a.prefix().address()));
        }
        List<Peer> peers = new ArrayList<>();
        for (VrrpConfig.UnicastPeer p : i.unicastPeers()) {
            peers.add(new Peer(IpAddress.of(p.address()), p.minTtl() == null ? 0 : p.minTtl(),
                    p.maxTtl() == null ? 255 : p.maxTtl()));
        }
        boolean ttlWindow = i.unicastPeers().stream().anyMatch(p -> p.minTtl() != null || p.maxTtl() != null);
        int authType = VrrpPacketCodec.AUTH_NONE;
        byte[] authData = new byte[VrrpPacketCodec.AUTH_DATA_BYTES];
        VrrpConfig.Authentication auth = i.authentication();
        if (auth != null && i.version() == VrrpPacketCodec.VERSION_2 && auth.type() != null) {
            authType = "AH".equalsIgnoreCase(auth.type()) ? VrrpPacketCodec.AUTH_AH : VrrpPacketCodec.AUTH_PASS;
            if (authType == VrrpPacketCodec.AUTH_PASS && auth.password() != null) {
                byte[] pass = auth.password().getBytes(StandardCharsets.UTF_8);
                System.arraycopy(pass, 0, authData, 0, Math.min(pass.length, authData.length));
            }
        }
        IpAddress group = i.mcastDestination() != null ? IpAddress.of(i.mcastDestination())
                : i.ipv6() ? IpAddress.VRRP_MULTICAST_V6 : IpAddress.VRRP_MULTICAST_V4;
        ChecksumCompat compat = ChecksumCompat.AUTO;
        List<String> old = i.otherSettings().get("old_unicast_checksum");
        if (old != null) {
            compat = !old.isEmpty() && "never".equals(old.get(0)) ? ChecksumCompat.NEVER : ChecksumCompat.FORCED;
        }
        return new VrrpInstanceSettings(i.name(), i.vrid(), i.version(), i.ipv6(), i.priority(),
                i.advertIntervalUs(), i.preempt(), i.preemptDelayUs(), i.lowerPrioNoAdvert(),
                i.higherPrioSendAdvert(), i.downTimerAdverts(), i.skipCheckAdvAddr(),
                i.checkUnicastSrc() || ttlWindow, peers, vips, authType, authData,
                i.sourceAddress() == null ? null : IpAddress.of(i.sourceAddress()), group,
                i.initialState() == VrrpConfig.InitialState.MASTER, compat,
                i.otherSettings().containsKey("v3_checksum_as_v2"), false);
    }

    /**
     * The instance's HMAC authentication (auth_hmac_key...), or null when it has none. The window defaults to
     * max(5 s, 3 advert intervals), keepalived's floor when it derives the window from the interval.
     *
     * @param epochNanos the wall clock (the trailer carries real time)
     */
    public static AuthHmac authHmacOf(VrrpConfig.Instance i, LongSupplier epochNanos) {
        VrrpConfig.Authentication auth = i.authentication();
        if (auth == null || !auth.hmac()) {
            return null;
        }
        Map<Integer, byte[]> keys = new HashMap<>();
        for (VrrpConfig.HmacKey k : auth.hmacKeys()) {
            keys.put(k.id(), k.key());
        }
        int active = auth.hmacActiveKey() != null ? auth.hmacActiveKey() : auth.hmacKeys().get(0).id();
        int window = auth.hmacWindowSeconds() != null ? auth.hmacWindowSeconds()
                : (int) Math.max(5, (3 * i.advertIntervalUs() + 999_999) / 1_000_000);
        // unicast: a slot per peer plus one, so a peer's mark is never evicted by others (or by non-peers)
        int senders = Math.max(AuthHmac.SENDERS, i.unicastPeers().size() + 1);
        return new AuthHmac(keys, active, window, senders, epochNanos);
    }

    /** A copy with another priority (tests, reload). */
    public VrrpInstanceSettings withPriority(int priority) {
        return new VrrpInstanceSettings(name, vrid, version, ipv6, priority, advertIntervalUs, preempt,
                preemptDelayUs, lowerPrioNoAdvert, higherPrioSendAdvert, downTimerAdverts, skipCheckAdvAddr,
                checkUnicastSrc, unicastPeers, virtualAddresses, authType, authData, sourceAddress, multicastGroup,
                initialMaster, checksumCompat, v3ChecksumAsV2, verifyIpv6Checksum);
    }
}
