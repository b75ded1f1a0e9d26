package org.keepalivedjava.vrrp.fsm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.vrrp.packet.AuthHmacCodec;

/**
 * Writes the seed corpus of {@link VrrpReceiveFuzzTest} with our own encoder (the captured keepalived packets
 * carry no licence statement, so they are not copied into the repository): for each instance kind, a valid advert
 * from the peer to a BACKUP and to a MASTER, and a priority-0 one. Run once from the module directory:
 * {@code java -cp target/test-classes:target/classes:<deps> org.keepalivedjava.vrrp.fsm.FuzzSeeds}.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0]
                : "src/test/resources/org/keepalivedjava/vrrp/fsm/VrrpReceiveFuzzTestInputs/receiveChecks");
        Files.createDirectories(dir);
        for (int kind = 0; kind < VrrpReceiveFuzzTest.KINDS; kind++) {
            for (int master = 0; master < 2; master++) {
                for (int priority : new int[] {150, 0}) {
                    byte[] seed = seed(kind, master == 1, priority);
                    Files.write(dir.resolve("kind" + kind + (master == 1 ? "-master" : "-backup") + "-prio" + priority),
                            seed);
                }
            }
        }
    }

    /** Control bytes (see {@link VrrpReceiveFuzzTest#receiveChecks}) + the advert a well-behaved peer sends. */
    static byte[] seed(int kind, boolean master, int priority) {
        TestSettings t = VrrpReceiveFuzzTest.settings(kind, master);
        Adv a = t.version == 2 ? Adv.v2(priority) : Adv.v3(priority);
        a.ipv6 = t.ipv6;
        a.addresses = new ArrayList<>(t.vips);
        a.authType = t.authType;
        a.auth = t.authData;
        boolean unicast = !t.peers.isEmpty();
        IpAddress source = t.ipv6 ? IpAddress.parse("fe80::2") : IpAddress.parse("192.0.2.2");
        IpAddress destination = unicast ? IpAddress.parse("192.0.2.1") : t.group;
        byte[] advert = a.bytes(source, destination);
        if (kind == VrrpReceiveFuzzTest.HMAC_KIND) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(advert.length + AuthHmacCodec.TRAILER_BYTES);
            b.put(0, advert);
            byte[] src = new byte[16];
            source.copyTo(src);
            int length = VrrpReceiveFuzzTest.hmac().sign(b, 0, advert.length, 3, t.vrid, src, 4);
            advert = java.util.Arrays.copyOf(b.array(), length);
        }
        byte[] out = new byte[VrrpReceiveFuzzTest.CONTROL_BYTES + advert.length];
        out[0] = (byte) (kind | (master ? 0x80 : 0));
        out[1] = (byte) 255;
        out[2] = (byte) (unicast ? 0 : 1);
        out[3] = 0;
        System.arraycopy(advert, 0, out, VrrpReceiveFuzzTest.CONTROL_BYTES, advert.length);
        return out;
    }

    /** All seeds, for the test that proves they are accepted. */
    static List<byte[]> all() {
        List<byte[]> seeds = new ArrayList<>();
        for (int kind = 0; kind < VrrpReceiveFuzzTest.KINDS; kind++) {
            seeds.add(seed(kind, false, 150));
            seeds.add(seed(kind, true, 150));
        }
        return seeds;
    }
}
