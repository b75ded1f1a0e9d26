package org.keepalivedjava.vrrp.fsm;

import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.vrrp.packet.VrrpPacketCodec;

/** A mutable builder of {@link VrrpInstanceSettings} with the lab's values: VI_1, vrid 51, VIP 192.0.2.100. */
final class TestSettings {
    String name = "VI_1";
    int vrid = 51;
    int version = 2;
    boolean ipv6;
    int priority = 100;
    long advertIntervalUs = 1_000_000;
    boolean preempt = true;
    long preemptDelayUs;
    boolean lowerPrioNoAdvert;
    boolean higherPrioSendAdvert;
    int downTimerAdverts = 3;
    boolean skipCheckAdvAddr;
    boolean checkUnicastSrc;
    List<VrrpInstanceSettings.Peer> peers = new ArrayList<>();
    List<IpAddress> vips = new ArrayList<>(List.of(IpAddress.parse("192.0.2.100")));
    int authType = VrrpPacketCodec.AUTH_NONE;
    byte[] authData = new byte[8];
    IpAddress source;
    IpAddress group = IpAddress.VRRP_MULTICAST_V4;
    boolean initialMaster;
    VrrpInstanceSettings.ChecksumCompat compat = VrrpInstanceSettings.ChecksumCompat.AUTO;
    boolean asV2;
    boolean verify6;

    static TestSettings v2(int priority) {
        TestSettings s = new TestSettings();
        s.priority = priority;
        return s;
    }

    static TestSettings v3(int priority) {
        TestSettings s = v2(priority);
        s.version = 3;
        return s;
    }

    static TestSettings v3v6(int priority) {
        TestSettings s = v3(priority);
        s.ipv6 = true;
        s.group = IpAddress.VRRP_MULTICAST_V6;
        s.vips = new ArrayList<>(List.of(IpAddress.parse("fe80::100"), IpAddress.parse("2001:db8::100")));
        return s;
    }

    TestSettings name(String n) {
        name = n;
        return this;
    }

    TestSettings source(String address) {
        source = IpAddress.parse(address);
        return this;
    }

    TestSettings peer(String address) {
        peers.add(new VrrpInstanceSettings.Peer(IpAddress.parse(address), 0, 255));
        return this;
    }

    TestSettings pass(String password) {
        authType = VrrpPacketCodec.AUTH_PASS;
        authData = new byte[8];
        byte[] p = password.getBytes();
        System.arraycopy(p, 0, authData, 0, Math.min(8, p.length));
        return this;
    }

    VrrpInstanceSettings build() {
        return new VrrpInstanceSettings(name, vrid, version, ipv6, priority, advertIntervalUs, preempt,
                preemptDelayUs, lowerPrioNoAdvert, higherPrioSendAdvert, downTimerAdverts, skipCheckAdvAddr,
                checkUnicastSrc, peers, vips, authType, authData, source, group, initialMaster, compat, asV2,
                verify6);
    }
}
