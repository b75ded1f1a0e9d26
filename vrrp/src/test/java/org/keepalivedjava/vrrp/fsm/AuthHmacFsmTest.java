package org.keepalivedjava.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.vrrp.fsm.Lan.s;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.vrrp.fsm.VrrpStats.Counter;
import org.keepalivedjava.vrrp.packet.AuthHmac;
import org.keepalivedjava.vrrp.packet.AuthHmacCodec;

/**
 * auth_hmac in the state machine: two nodes sharing a key elect a master as without it (every advert carries and
 * passes the trailer); a node with another key, an advert without a trailer and a replayed genuine advert are all
 * refused as authentication failures and never dethrone the master.
 */
class AuthHmacFsmTest {
    private static final IpAddress GROUP = IpAddress.VRRP_MULTICAST_V4;

    private final Lan lan = new Lan();
    private long wallNs = 1_700_000_000_000_000_000L;

    private AuthHmac hmac(byte fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, fill);
        return new AuthHmac(Map.of(7, key), 7, 5, () -> wallNs + lan.clock.nanoTime());
    }

    @Test
    void nodesSharingAKeyElectAndRefuseEveryForgery() {
        Lan.Node a = lan.add(TestSettings.v3(150).build(), "192.0.2.1");
        Lan.Node b = lan.add(TestSettings.v3(100).build(), "192.0.2.2");
        a.fsm.authHmac(hmac((byte) 1));
        b.fsm.authHmac(hmac((byte) 1));
        lan.startAll();
        lan.runUntil(s(10));
        assertEquals(VrrpState.MASTER, a.state());
        assertEquals(VrrpState.BACKUP, b.state());
        assertTrue(b.fsm.stats().get(Counter.ADVERT_RCVD) >= 5, "the backup accepts the master's signed adverts");
        assertEquals(0, b.fsm.stats().get(Counter.AUTH_FAILURE));

        // one of the master's real adverts, as captured on the wire
        ByteBuffer captured = ByteBuffer.allocate(100);
        int length = a.fsm.encodeAdvert(captured, 0, 150, IpAddress.parse("192.0.2.1"), GROUP);
        assertEquals(12 + AuthHmacCodec.TRAILER_BYTES, length);
        byte[] genuine = Arrays.copyOf(captured.array(), length);

        // a third node with priority 254 but another key
        Lan rogueLan = new Lan();
        Lan.Node rogue = rogueLan.add(TestSettings.v3(254).build(), "192.0.2.9");
        rogue.fsm.authHmac(hmac((byte) 2));
        ByteBuffer forged = ByteBuffer.allocate(100);
        int forgedLength = rogue.fsm.encodeAdvert(forged, 0, 254, IpAddress.parse("192.0.2.9"), GROUP);
        IpAddress rogueAddress = IpAddress.parse("192.0.2.9");
        assertEquals(RxVerdict.AUTH_FAILURE, a.receive(Arrays.copyOf(forged.array(), forgedLength), rogueAddress,
                GROUP, 255), "another key");
        assertEquals(RxVerdict.AUTH_FAILURE, a.receive(Arrays.copyOf(forged.array(), 12), rogueAddress, GROUP, 255),
                "no trailer at all");
        lan.runUntil(s(11));
        // the genuine advert again, one second later: a replay for the backup, which has seen a newer one
        assertEquals(RxVerdict.AUTH_FAILURE, b.receive(genuine, IpAddress.parse("192.0.2.1"), GROUP, 255),
                "replayed");
        // the genuine advert claiming another source: the source is bound into the HMAC
        assertEquals(RxVerdict.AUTH_FAILURE, b.receive(genuine, rogueAddress, GROUP, 255), "spoofed source");
        assertEquals(VrrpState.MASTER, a.state());
        assertEquals(2, a.fsm.stats().get(Counter.AUTH_FAILURE));
        assertEquals(2, b.fsm.stats().get(Counter.AUTH_FAILURE));
        assertTrue(a.log.stream().anyMatch(l -> l.contains("HMAC authentication failed (bad_hmac)")), a.log::toString);
    }

    @Test
    void aNodeWithoutTheKeyCannotJoin() {
        Lan.Node a = lan.add(TestSettings.v3(150).build(), "192.0.2.1");
        Lan.Node plain = lan.add(TestSettings.v3(100).build(), "192.0.2.2");
        a.fsm.authHmac(hmac((byte) 1));
        lan.startAll();
        lan.runUntil(s(10));
        // the plain node sees too-long messages and the HMAC node refuses the plain ones: both end MASTER
        assertEquals(VrrpState.MASTER, a.state());
        assertEquals(VrrpState.MASTER, plain.state());
        assertTrue(a.fsm.stats().get(Counter.AUTH_FAILURE) > 0);
        assertTrue(plain.fsm.stats().get(Counter.PACKET_LEN_ERR) > 0);
    }
}
