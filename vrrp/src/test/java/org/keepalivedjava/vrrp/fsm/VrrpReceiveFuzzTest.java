package org.keepalivedjava.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.vrrp.fsm.VrrpStats.Counter;
import org.keepalivedjava.vrrp.packet.AuthHmac;

/**
 * Coverage-guided fuzz target over the VRRP decoder and the receive checks (RFC 5798 §7.1): any bytes, any
 * TTL, any source, to a BACKUP or a MASTER of each instance kind. Every outcome is a verdict with a counter
 * (never an exception), and a packet that is not accepted changes neither the state nor any counter but its own.
 *
 * <p>Regression mode (plain {@code mvn test}) replays {@code VrrpReceiveFuzzTestInputs/} (seeds made by our
 * encoder, see {@link FuzzSeeds}); {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration} (RELIABILITY.md).
 */
class VrrpReceiveFuzzTest {
    static final int CONTROL_BYTES = 4;
    static final int KINDS = 7;
    /** Kind 6 is VRRPv3 with auth_hmac (no time window, so that a replayed seed is judged the same way). */
    static final int HMAC_KIND = 6;
    static final long HMAC_CLOCK_NS = 1_700_000_000_000_000_000L;
    private static final String[] SOURCES = {"192.0.2.2", "192.0.2.1", "198.51.100.9"};

    /**
     * Input layout (so that seeds are simply "4 bytes + an advert our encoder made"): byte 0 the instance kind
     * ({@link #settings}) and bit 7 MASTER, byte 1 the TTL (0 means unknown), byte 2 bit 0 multicast destination,
     * byte 3 the source; the rest is the VRRP message.
     */
    @FuzzTest(maxDuration = "12s")
    void receiveChecks(byte[] input) {
        if (input.length < CONTROL_BYTES) {
            return;
        }
        int kind = (input[0] & 0x7f) % KINDS;
        boolean master = (input[0] & 0x80) != 0;
        int ttl = input[1] == 0 ? -1 : input[1] & 0xff;
        boolean multicastDestination = (input[2] & 1) != 0;
        int sourceIndex = (input[3] & 0xff) % SOURCES.length;
        byte[] payload = java.util.Arrays.copyOfRange(input, CONTROL_BYTES, input.length);

        TestSettings t = settings(kind, master);
        Lan lan = new Lan();
        Lan.Node node = lan.add(t.build(), t.ipv6 ? "fe80::1" : "192.0.2.1");
        if (kind == HMAC_KIND) {
            node.fsm.authHmac(hmac());
        }
        node.fsm.start(0);
        VrrpState before = node.state();
        long[] countersBefore = counters(node.fsm.stats());

        IpAddress source = t.ipv6 ? IpAddress.parse("fe80::" + (sourceIndex + 2))
                : IpAddress.parse(SOURCES[sourceIndex]);
        IpAddress destination = multicastDestination ? t.group
                : t.ipv6 ? IpAddress.parse("fe80::1") : IpAddress.parse("192.0.2.1");
        RxVerdict verdict = node.receive(payload, source, destination, ttl);

        long[] countersAfter = counters(node.fsm.stats());
        long bumped = 0;
        for (int i = 0; i < countersAfter.length; i++) {
            bumped += countersAfter[i] - countersBefore[i];
        }
        assertTrue(verdict != RxVerdict.NOT_LISTENING, "a BACKUP or MASTER always judges the packet");
        assertTrue(bumped >= 1, () -> verdict + " counted nowhere");
        if (verdict != RxVerdict.ACCEPTED) {
            assertEquals(before, node.state(), () -> verdict + " changed the state");
            // these three come after keepalived's "count as VRRP advertisement" (advert_rcvd), as keepalived
            int expected = verdict == RxVerdict.ADDRESS_MISSING || verdict == RxVerdict.UNICAST_SOURCE_NOT_PEER
                    || verdict == RxVerdict.UNICAST_TTL_OUT_OF_RANGE ? 2 : 1;
            assertEquals(expected, bumped, () -> verdict + " bumped other counters than its own");
        }
    }

    /** The seeds are adverts every kind of instance accepts: the fuzzer starts from deep in the checks. */
    @Test
    void seedsAreAcceptedAdverts() {
        for (byte[] seed : FuzzSeeds.all()) {
            int kind = seed[0] & 0x7f;
            Lan.Node node = new Lan().add(settings(kind, (seed[0] & 0x80) != 0).build(), "192.0.2.1");
            if (kind == HMAC_KIND) {
                node.fsm.authHmac(hmac());
            }
            node.fsm.start(0);
            TestSettings t = settings(kind, false);
            IpAddress source = t.ipv6 ? IpAddress.parse("fe80::2") : IpAddress.parse("192.0.2.2");
            IpAddress destination = (seed[2] & 1) != 0 ? t.group : IpAddress.parse("192.0.2.1");
            byte[] payload = java.util.Arrays.copyOfRange(seed, CONTROL_BYTES, seed.length);
            assertEquals(RxVerdict.ACCEPTED, node.receive(payload, source, destination, 255), "kind " + kind);
        }
    }

    private static long[] counters(VrrpStats stats) {
        Counter[] all = Counter.values();
        long[] values = new long[all.length];
        for (int i = 0; i < all.length; i++) {
            values[i] = stats.get(all[i]);
        }
        return values;
    }

    /** The HMAC of kind 6: one 32-byte key, a fixed wall clock, no time window. */
    static AuthHmac hmac() {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0x5a);
        return new AuthHmac(java.util.Map.of(1, key), 1, 0, () -> HMAC_CLOCK_NS);
    }

    /** The instance kinds of the lab: v2, v2 PASS, v3, v3 IPv6, unicast v3 with check_unicast_src, unicast v2. */
    static TestSettings settings(int kind, boolean master) {
        int priority = master ? VrrpInstanceSettings.PRIORITY_OWNER : 100;
        TestSettings t = switch (kind) {
            case 0 -> TestSettings.v2(priority);
            case 1 -> TestSettings.v2(priority).pass("secret1");
            case 2 -> TestSettings.v3(priority);
            case 3 -> TestSettings.v3v6(priority);
            case 4 -> {
                TestSettings u = TestSettings.v3(priority).source("192.0.2.1").peer("192.0.2.2");
                u.checkUnicastSrc = true;
                yield u;
            }
            case HMAC_KIND -> TestSettings.v3(priority);
            default -> TestSettings.v2(priority).source("192.0.2.1").peer("192.0.2.2");
        };
        return t;
    }
}
