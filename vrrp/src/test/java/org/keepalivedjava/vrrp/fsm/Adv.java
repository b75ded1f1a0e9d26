package org.keepalivedjava.vrrp.fsm;

import java.nio.ByteBuffer;
import java.util.List;

import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.vrrp.packet.VrrpAdvert;
import org.keepalivedjava.vrrp.packet.VrrpPacketCodec;

/** Builds a peer's advert bytes for tests: lab defaults (vrid 51, VIP 192.0.2.100, 1 s), any field changeable. */
final class Adv {
    int version = 2;
    int type = 1;
    int vrid = 51;
    int priority = 150;
    int authType;
    byte[] auth = new byte[8];
    int intervalRaw = 1;
    boolean ipv6;
    List<IpAddress> addresses = List.of(IpAddress.parse("192.0.2.100"));
    boolean asV2Checksum;
    boolean breakChecksum;
    /** Use this address instead of the destination in the v3 IPv4 pseudo-header (old keepalived unicast). */
    IpAddress pseudoDestination;

    static Adv v2(int priority) {
        Adv a = new Adv();
        a.priority = priority;
        return a;
    }

    static Adv v3(int priority) {
        Adv a = v2(priority);
        a.version = 3;
        a.intervalRaw = 100;
        return a;
    }

    Adv interval(int raw) {
        intervalRaw = raw;
        return this;
    }

    byte[] bytes(IpAddress source, IpAddress destination) {
        VrrpAdvert a = new VrrpAdvert().version(version).type(type).vrid(vrid).priority(priority)
                .advertIntervalRaw(intervalRaw).auth(authType, auth).addresses(ipv6, addresses);
        int length = VrrpPacketCodec.length(version, ipv6, addresses.size());
        long pseudo = 0;
        if (version == 3 && !asV2Checksum) {
            if (ipv6) {
                byte[] s = new byte[16];
                byte[] d = new byte[16];
                source.copyTo(s);
                destination.copyTo(d);
                pseudo = VrrpPacketCodec.pseudoHeaderV6(s, d, length);
            } else {
                IpAddress dst = pseudoDestination != null ? pseudoDestination : destination;
                pseudo = VrrpPacketCodec.pseudoHeaderV4(source.v4(), dst.v4(), length);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        VrrpPacketCodec.encode(b, 0, a, pseudo);
        byte[] out = new byte[length];
        b.get(0, out);
        if (breakChecksum) {
            out[7] ^= 1;
        }
        return out;
    }
}
