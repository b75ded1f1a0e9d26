package org.keepalivedjava.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.vrrp.fsm.Lan.s;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.raw.InMemoryRawIpSocket;
import org.keepalivedjava.os.raw.ReceivedPacket;
import org.keepalivedjava.vrrp.fsm.VrrpStats.Counter;
import org.keepalivedjava.vrrp.packet.Captured;
import org.keepalivedjava.vrrp.packet.VrrpPacketCodec;

/**
 * The receive checks of keepalived's vrrp_check_packet: one counter per reason, and an invalid packet never changes
 * the state or the timer.
 */
class ReceiveChecksTest {
    private static final IpAddress GROUP = IpAddress.VRRP_MULTICAST_V4;
    private static final IpAddress PEER = IpAddress.parse("192.0.2.2");
    private static final IpAddress OTHER = IpAddress.parse("192.0.2.3");

    private final Lan lan = new Lan();

    private Lan.Node backup(TestSettings t) {
        Lan.Node n = lan.add(t.build(), "192.0.2.1");
        lan.startAll();
        lan.clock.setNs(s(1));
        return n;
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("7 bytes", (Consumer<Adv>) a -> { }, 7, 255, GROUP, RxVerdict.BAD_LENGTH,
                        Counter.PACKET_LEN_ERR),
                Arguments.of("one byte too many", (Consumer<Adv>) a -> { }, 21, 255, GROUP, RxVerdict.BAD_LENGTH,
                        Counter.PACKET_LEN_ERR),
                Arguments.of("other VRID", (Consumer<Adv>) a -> a.vrid = 52, 0, 255, GROUP, RxVerdict.OTHER_VRID,
                        Counter.VRID_ERR),
                Arguments.of("TTL 254", (Consumer<Adv>) a -> { }, 0, 254, GROUP, RxVerdict.BAD_TTL, Counter.IP_TTL_ERR),
                Arguments.of("VRRPv3 to a v2 instance", (Consumer<Adv>) a -> {
                    a.version = 3;
                    a.intervalRaw = 100;
                }, 0, 255, GROUP, RxVerdict.BAD_VERSION, Counter.VERS_ERR),
                Arguments.of("auth type 3", (Consumer<Adv>) a -> a.authType = 3, 0, 255, GROUP,
                        RxVerdict.INVALID_AUTH_TYPE, Counter.INVALID_AUTHTYPE),
                Arguments.of("PASS to a no-auth instance", (Consumer<Adv>) a -> a.authType = 1, 0, 255, GROUP,
                        RxVerdict.AUTH_TYPE_MISMATCH, Counter.AUTHTYPE_MISMATCH),
                Arguments.of("advert_int 2 s", (Consumer<Adv>) a -> a.intervalRaw = 2, 0, 255, GROUP,
                        RxVerdict.INTERVAL_MISMATCH, Counter.ADVERT_INTERVAL_ERR),
                Arguments.of("type 2", (Consumer<Adv>) a -> a.type = 2, 0, 255, GROUP, RxVerdict.BAD_TYPE,
                        Counter.INVALID_TYPE_RCVD),
                Arguments.of("two addresses", (Consumer<Adv>) a -> a.addresses = List.of(
                        IpAddress.parse("192.0.2.100"), IpAddress.parse("192.0.2.101")), 0, 255, GROUP,
                        RxVerdict.ADDRESS_COUNT_MISMATCH, Counter.ADDR_LIST_ERR),
                Arguments.of("bad checksum", (Consumer<Adv>) a -> a.breakChecksum = true, 0, 255, GROUP,
                        RxVerdict.BAD_CHECKSUM, Counter.CHK_ERR),
                Arguments.of("unicast to a multicast instance", (Consumer<Adv>) a -> { }, 0, 255,
                        IpAddress.parse("192.0.2.1"), RxVerdict.CAST_MISMATCH, Counter.ADDR_LIST_ERR),
                Arguments.of("another VIP", (Consumer<Adv>) a -> a.addresses = List.of(IpAddress.parse("192.0.2.99")),
                        0, 255, GROUP, RxVerdict.ADDRESS_MISSING, Counter.ADDR_LIST_ERR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidAdvertIsCountedAndChangesNothing(String what, Consumer<Adv> change, int length, int ttl,
            IpAddress destination, RxVerdict verdict, Counter counter) {
        Lan.Node n = backup(TestSettings.v2(100));
        long deadline = n.timer.deadlineNs;
        int schedules = n.timer.schedules;
        Adv adv = Adv.v2(150);
        change.accept(adv);
        byte[] bytes = adv.bytes(PEER, destination);
        if (length != 0) {
            bytes = Arrays.copyOf(bytes, length);
        }
        assertEquals(verdict, n.receive(bytes, PEER, destination, ttl));
        Map<Counter, Long> expected = new EnumMap<>(Counter.class);
        expected.put(counter, 1L);
        if (verdict == RxVerdict.ADDRESS_MISSING) {
            expected.put(Counter.ADVERT_RCVD, 1L); // keepalived counts the advert before checking its addresses
        }
        for (Counter c : Counter.values()) {
            assertEquals(expected.getOrDefault(c, 0L), n.fsm.stats().get(c), c.keepalivedName());
        }
        assertEquals(VrrpState.BACKUP, n.state());
        assertEquals(deadline, n.timer.deadlineNs);
        assertEquals(schedules, n.timer.schedules);
        assertEquals(-1, n.fsm.masterPriority());
    }

    @Test
    void logsInKeepalivedsWords() {
        Lan.Node n = backup(TestSettings.v2(100));
        n.receive(Adv.v2(150).bytes(PEER, GROUP), PEER, GROUP, 254);
        Adv interval = Adv.v2(150).interval(3);
        n.receive(interval.bytes(PEER, GROUP), PEER, GROUP, 255);
        Adv vip = Adv.v2(150);
        vip.addresses = List.of(IpAddress.parse("192.0.2.99"));
        n.receive(vip.bytes(PEER, GROUP), PEER, GROUP, 255);
        assertEquals(List.of("(VI_1) Entering BACKUP STATE (init)",
                "(VI_1) invalid TTL/HL. Received 254 and expect 255",
                "(VI_1) advertisement interval mismatch mine=1 sec rcv'd=3 sec",
                "(VI_1) ip address associated with VRID 51 not present in MASTER advert : 192.0.2.100"), n.log);
    }

    /** RFC 5798 §5.1.2.3: an IPv6 advert is accepted only with hop limit 255 (off-link senders cannot forge it). */
    @Test
    void ipv6HopLimitMustBe255() {
        Lan.Node n = lan.add(TestSettings.v3v6(100).build(), "fe80::1");
        lan.startAll();
        IpAddress peer = IpAddress.parse("fe80::2");
        Adv advert = Adv.v3(150);
        advert.ipv6 = true;
        advert.addresses = List.of(IpAddress.parse("fe80::100"), IpAddress.parse("2001:db8::100"));
        byte[] bytes = advert.bytes(peer, IpAddress.VRRP_MULTICAST_V6);
        for (int hopLimit : new int[] {254, 64, 1, 0}) {
            assertEquals(RxVerdict.BAD_TTL, n.receive(bytes, peer, IpAddress.VRRP_MULTICAST_V6, hopLimit),
                    "hop limit " + hopLimit);
        }
        assertEquals(4, n.fsm.stats().get(Counter.IP_TTL_ERR));
        assertEquals(-1, n.fsm.masterPriority(), "a refused advert made its sender the master");
        assertEquals(RxVerdict.ACCEPTED, n.receive(bytes, peer, IpAddress.VRRP_MULTICAST_V6, 255));
    }

    /**
     * Security: a forged advert that would win the election (priority 254 against our 200) but fails a receive
     * check (TTL, password, unicast source) never makes a MASTER step down.
     */
    @Test
    void forgedHigherPriorityAdvertsDoNotDethroneAMaster() {
        TestSettings t = TestSettings.v2(200).pass("secret1").source("192.0.2.1");
        t.peers.add(new VrrpInstanceSettings.Peer(PEER, 250, 255)); // unicast_peer { 192.0.2.2 min_ttl 250 }
        t.checkUnicastSrc = true;
        Lan.Node n = lan.add(t.build(), "192.0.2.1");
        lan.startAll();
        lan.runUntil(s(10));
        assertEquals(VrrpState.MASTER, n.state());
        IpAddress me = IpAddress.parse("192.0.2.1");
        Adv forged = Adv.v2(254);
        forged.authType = VrrpPacketCodec.AUTH_PASS;
        forged.auth = "secret1\0".getBytes();
        assertEquals(RxVerdict.UNICAST_TTL_OUT_OF_RANGE, n.receive(forged.bytes(PEER, me), PEER, me, 64));
        assertEquals(RxVerdict.UNICAST_SOURCE_NOT_PEER, n.receive(forged.bytes(OTHER, me), OTHER, me, 255));
        forged.auth = "guessed\0".getBytes();
        assertEquals(RxVerdict.AUTH_FAILURE, n.receive(forged.bytes(PEER, me), PEER, me, 255));
        assertEquals(VrrpState.MASTER, n.state());
        forged.auth = "secret1\0".getBytes();
        assertEquals(RxVerdict.ACCEPTED, n.receive(forged.bytes(PEER, me), PEER, me, 255));
        assertEquals(VrrpState.BACKUP, n.state(), "the genuine higher priority advert is obeyed (the test can fail)");
    }

    @Test
    void passwordIsChecked() {
        Lan.Node n = backup(TestSettings.v2(100).pass("secret1"));
        byte[] captured = Captured.bytes(Captured.V2_PASS);
        assertEquals(RxVerdict.ACCEPTED, n.receive(captured, IpAddress.parse("192.0.2.1"), GROUP, 255));
        lan.nodes.clear();
        Lan other = new Lan();
        Lan.Node wrong = other.add(TestSettings.v2(100).pass("secret2").build(), "192.0.2.9");
        other.startAll();
        assertEquals(RxVerdict.AUTH_FAILURE, wrong.receive(captured, IpAddress.parse("192.0.2.1"), GROUP, 255));
        assertEquals(1, wrong.fsm.stats().get(Counter.AUTH_FAILURE));
        assertTrue(wrong.log.contains("(VI_1) received an invalid passwd!"));
    }

    @Test
    void passwordIsTruncatedToEightBytesAsKeepalived() {
        Lan.Node n = backup(TestSettings.v2(100).pass("secret12345"));
        Adv a = Adv.v2(150);
        a.authType = 1;
        a.auth = "secret12".getBytes();
        assertEquals(RxVerdict.ACCEPTED, n.receive(a.bytes(PEER, GROUP), PEER, GROUP, 255));
    }

    @Test
    void authTypeAhIsAcceptedForCompatibility() {
        TestSettings t = TestSettings.v2(100);
        t.authType = VrrpPacketCodec.AUTH_AH;
        Lan.Node n = backup(t);
        Adv a = Adv.v2(150);
        a.authType = 2;
        assertEquals(RxVerdict.ACCEPTED, n.receive(a.bytes(PEER, GROUP), PEER, GROUP, 255));
    }

    @Test
    void unknownTtlIsNotChecked() {
        Lan.Node n = backup(TestSettings.v2(100));
        assertEquals(RxVerdict.ACCEPTED, n.receive(Adv.v2(150).bytes(PEER, GROUP), PEER, GROUP, -1));
        assertEquals(1, n.fsm.stats().get(Counter.ADVERT_RCVD));
    }

    @Test
    void unicastSkipsTheTtl255RuleButChecksSourceAndTtlWindowWhenAsked() {
        IpAddress me = IpAddress.parse("192.0.2.1");
        TestSettings t = TestSettings.v2(100).source("192.0.2.1").peer("192.0.2.2");
        Lan.Node plain = backup(t);
        assertEquals(RxVerdict.ACCEPTED, plain.receive(Adv.v2(150).bytes(PEER, me), PEER, me, 64));
        assertEquals(RxVerdict.ACCEPTED, plain.receive(Adv.v2(150).bytes(OTHER, me), OTHER, me, 255),
                "without check_unicast_src any source is taken");
        assertEquals(RxVerdict.CAST_MISMATCH, plain.receive(Adv.v2(150).bytes(PEER, GROUP), PEER, GROUP, 255));
        assertTrue(plain.log.contains("(VI_1) Expected unicast packet but received multicast packet"));

        Lan strictLan = new Lan();
        TestSettings s = TestSettings.v2(100).source("192.0.2.1");
        s.peers.add(new VrrpInstanceSettings.Peer(PEER, 250, 255));
        s.checkUnicastSrc = true;
        Lan.Node strict = strictLan.add(s.build(), "192.0.2.1");
        strictLan.startAll();
        assertEquals(RxVerdict.UNICAST_SOURCE_NOT_PEER, strict.receive(Adv.v2(150).bytes(OTHER, me), OTHER, me, 255));
        assertEquals(1, strict.fsm.stats().get(Counter.UNICAST_SRC_ERR));
        assertTrue(strict.log.contains("(VI_1) unicast source address 192.0.2.3 not a unicast peer"));
        assertEquals(RxVerdict.UNICAST_TTL_OUT_OF_RANGE, strict.receive(Adv.v2(150).bytes(PEER, me), PEER, me, 64));
        assertEquals(1, strict.fsm.stats().get(Counter.IP_TTL_ERR));
        assertTrue(strict.log.contains("(VI_1) TTL/HL 64 not in range 250 - 255"));
        assertEquals(RxVerdict.ACCEPTED, strict.receive(Adv.v2(150).bytes(PEER, me), PEER, me, 254));
        assertEquals(VrrpState.BACKUP, strict.state());
    }

    @Test
    void skipCheckAdvAddrOnlySkipsForTheSameMaster() {
        TestSettings t = TestSettings.v2(100);
        t.skipCheckAdvAddr = true;
        Lan.Node n = backup(t);
        assertEquals(RxVerdict.ACCEPTED, n.receive(Adv.v2(150).bytes(PEER, GROUP), PEER, GROUP, 255));
        Adv different = Adv.v2(150);
        different.addresses = List.of(IpAddress.parse("192.0.2.99"));
        assertEquals(RxVerdict.ACCEPTED, n.receive(different.bytes(PEER, GROUP), PEER, GROUP, 255));
        assertEquals(RxVerdict.ADDRESS_MISSING, n.receive(different.bytes(OTHER, GROUP), OTHER, GROUP, 255));
    }

    @Test
    void v3Ipv4ChecksumUsesThePseudoHeaderOrNoneForAsV2Peers() {
        Lan.Node n = backup(TestSettings.v3(100));
        assertEquals(RxVerdict.ACCEPTED, n.receive(Adv.v3(150).bytes(PEER, GROUP), PEER, GROUP, 255));
        Adv asV2 = Adv.v3(150);
        asV2.asV2Checksum = true;
        assertEquals(RxVerdict.BAD_CHECKSUM, n.receive(asV2.bytes(PEER, GROUP), PEER, GROUP, 255));
        assertTrue(n.log.contains("(VI_1) Invalid VRRPv3 checksum"));

        Lan other = new Lan();
        TestSettings t = TestSettings.v3(100);
        t.asV2 = true;
        Lan.Node compat = other.add(t.build(), "192.0.2.1");
        other.startAll();
        assertEquals(RxVerdict.ACCEPTED, compat.receive(asV2.bytes(PEER, GROUP), PEER, GROUP, 255));
        // and it sends that way: ANNOTATED.txt's 0x7602 for kl-1's advert
        ByteBuffer b = ByteBuffer.allocate(64);
        TestSettings kl1 = TestSettings.v3(150);
        kl1.asV2 = true;
        VrrpInstanceFsm fsm = new VrrpInstanceFsm(kl1.build(), InstanceActions.NONE, new Lan.FakeTimer(), FsmLog.NONE);
        int len = fsm.encodeAdvert(b, 0, 150, IpAddress.parse("192.0.2.1"), GROUP);
        assertEquals("3133 9601 0064 7602 c000 0264", Captured.hex(b, 0, len));
    }

    @Test
    void oldUnicastChecksumIsDetectedAndThenUsedForSending() {
        IpAddress me = IpAddress.parse("192.0.2.1");
        Lan.Node n = backup(TestSettings.v3(100).source("192.0.2.1").peer("192.0.2.2"));
        Adv old = Adv.v3(150);
        old.pseudoDestination = GROUP;
        assertEquals(RxVerdict.ACCEPTED, n.receive(old.bytes(PEER, me), PEER, me, 255));
        assertTrue(n.fsm.oldUnicastChecksum());
        assertTrue(n.log.contains("(VI_1) Setting unicast VRRPv3 checksum to old version"));
        ByteBuffer b = ByteBuffer.allocate(64);
        int len = n.fsm.encodeAdvert(b, 0, 100, me, PEER);
        assertTrue(VrrpPacketCodec.checksumOk(b, 0, len, 3, VrrpPacketCodec.pseudoHeaderV4(me.v4(), GROUP.v4(), len)));

        Lan other = new Lan();
        TestSettings t = TestSettings.v3(100).source("192.0.2.1").peer("192.0.2.2");
        t.compat = VrrpInstanceSettings.ChecksumCompat.NEVER;
        Lan.Node never = other.add(t.build(), "192.0.2.1");
        other.startAll();
        assertEquals(RxVerdict.BAD_CHECKSUM, never.receive(old.bytes(PEER, me), PEER, me, 255));
    }

    @Test
    void ipv6ChecksumIsLeftToTheKernelUnlessAsked() {
        IpAddress src = IpAddress.parse("fe80::5eff:fec0:201");
        IpAddress group6 = IpAddress.VRRP_MULTICAST_V6;
        byte[] captured = Captured.bytes(Captured.V3_V6);
        Lan.Node n = backup(TestSettings.v3v6(100));
        assertEquals(RxVerdict.ACCEPTED, n.receive(captured, src, group6, 255));
        byte[] broken = captured.clone();
        broken[7] ^= 1;
        assertEquals(RxVerdict.ACCEPTED, n.receive(broken, src, group6, 255), "IPV6_CHECKSUM verified it");

        Lan other = new Lan();
        TestSettings t = TestSettings.v3v6(100);
        t.verify6 = true;
        Lan.Node verifying = other.add(t.build(), "fe80::1");
        other.startAll();
        assertEquals(RxVerdict.ACCEPTED, verifying.receive(captured, src, group6, 255));
        assertEquals(RxVerdict.BAD_CHECKSUM, verifying.receive(broken, src, group6, 255));
    }

    @Test
    void receivesFromARawSocketPacket() {
        Lan.Node n = backup(TestSettings.v2(100));
        InMemoryRawIpSocket socket = new InMemoryRawIpSocket(Consts.AF_INET, 2);
        socket.inject(Captured.bytes(Captured.V2_NOAUTH), IpAddress.parse("192.0.2.1"), GROUP, 255, 2);
        socket.inject(Captured.bytes(Captured.V2_NOAUTH), IpAddress.parse("192.0.2.1"), GROUP, 1, 2);
        ReceivedPacket packet = new ReceivedPacket();
        assertTrue(socket.receive(packet));
        assertEquals(51, VrrpPacketCodec.vrid(packet.buffer(), packet.payloadOffset(), packet.payloadLength()));
        assertEquals(RxVerdict.ACCEPTED, n.fsm.onPacket(packet, s(1)));
        assertEquals(150, n.fsm.masterPriority());
        assertTrue(socket.receive(packet));
        assertEquals(RxVerdict.BAD_TTL, n.fsm.onPacket(packet, s(1)));

        ReceivedPacket small = new ReceivedPacket(30);
        socket.inject(Captured.bytes(Captured.V2_NOAUTH), IpAddress.parse("192.0.2.1"), GROUP, 255, 2);
        assertTrue(socket.receive(small));
        assertTrue(small.truncated());
        assertEquals(RxVerdict.BAD_LENGTH, n.fsm.onPacket(small, s(1)));
        assertEquals(1, n.fsm.stats().get(Counter.PACKET_LEN_ERR));
    }

    @Test
    void encodesItsAdvertsAsKeepalivedDoes() {
        IpAddress kl1 = IpAddress.parse("192.0.2.1");
        ByteBuffer b = ByteBuffer.allocate(64);
        VrrpInstanceFsm v2 = fsm(TestSettings.v2(150));
        assertEquals(Captured.V2_NOAUTH, Captured.hex(b, 0, v2.encodeAdvert(b, 0, 150, kl1, GROUP)));
        assertEquals(Captured.V2_PRIO0, Captured.hex(b, 0, v2.encodeAdvert(b, 0, 0, kl1, GROUP)));
        assertEquals(Captured.V2_PASS,
                Captured.hex(b, 0, fsm(TestSettings.v2(150).pass("secret1")).encodeAdvert(b, 0, 150, kl1, GROUP)));
        VrrpInstanceFsm v3 = fsm(TestSettings.v3(150));
        assertEquals(Captured.V3_V4, Captured.hex(b, 0, v3.encodeAdvert(b, 0, 150, kl1, GROUP)));
        VrrpInstanceFsm uni = fsm(TestSettings.v3(150).source("192.0.2.1").peer("192.0.2.2"));
        assertEquals(Captured.V3_V4_UNICAST, Captured.hex(b, 0, uni.encodeAdvert(b, 0, 150, kl1, PEER)));
        VrrpInstanceFsm v6 = fsm(TestSettings.v3v6(150));
        assertEquals(Captured.V3_V6, Captured.hex(b, 0,
                v6.encodeAdvert(b, 0, 150, IpAddress.parse("fe80::5eff:fec0:201"), IpAddress.VRRP_MULTICAST_V6)));
    }

    private static VrrpInstanceFsm fsm(TestSettings t) {
        return new VrrpInstanceFsm(t.build(), InstanceActions.NONE, new Lan.FakeTimer(), FsmLog.NONE);
    }
}
