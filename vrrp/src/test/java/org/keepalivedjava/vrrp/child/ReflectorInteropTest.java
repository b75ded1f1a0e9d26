package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The netlink reflector of the running child, keepalived-java 150 against keepalived 100 (VRRPv2 multicast): a VIP
 * deleted by hand while MASTER is put back (keepalived-java's choice, see {@link VrrpChild}), without the peer
 * ever taking it; eth0 down puts the instance in FAULT (VIP released) and the peer takes over; eth0 up brings it
 * back to BACKUP, and with the higher priority it preempts again.
 */
@Tag("root")
class ReflectorInteropTest {
    @TempDir
    Path dir;

    @Test
    void deletedVipIsRestoredAndLinkDownIsFault() throws Exception {
        KeepalivedInteropTest.Variant v = KeepalivedInteropTest.V2_MULTICAST;
        try (VrrpLab lab = new VrrpLab(dir.resolve("lab"), v.vip())) {
            Files.createDirectories(lab.dir);
            VrrpLab.Node ours = lab.a;
            VrrpLab.Node peer = lab.b;
            try {
                ours.start(false, v.conf(150, "192.0.2.1", "192.0.2.2"));
                VrrpLab.waitFor("VIP on keepalived-java", 15_000, ours::hasVip);
                peer.start(true, v.conf(100, "192.0.2.2", "192.0.2.1"));
                Thread.sleep((long) v.downIntervalMs(100) + 1000);
                assertTrue(ours.hasVip() && !peer.hasVip(), "keepalived-java is master");

                long del = System.nanoTime();
                ours.ns.ip("addr", "del", v.vip() + "/24", "dev", "eth0");
                VrrpLab.waitFor("VIP restored", 2_000, () -> ours.firstChange(true, del) > 0);
                assertTrue(ours.log().contains("Netlink reflector reports IP " + v.vip() + " removed"), ours.log());
                Thread.sleep((long) v.downIntervalMs(100) + 500);
                assertTrue(peer.firstChange(true, del) < 0, "the peer never took the VIP");

                long down = System.nanoTime();
                ours.ns.ip("link", "set", "eth0", "down");
                VrrpLab.waitFor("peer takes over after eth0 down", 10_000, peer::hasVip);
                VrrpLab.waitFor("FAULT logged", 2_000, () -> ours.log().contains("(VI_1) Entering FAULT STATE"));
                assertFalse(ours.hasVip(), "a FAULT instance holds no VIP");
                System.out.printf("link down -> peer MASTER in %.1f ms%n",
                        (peer.firstChange(true, down) - down) / 1e6);

                long up = System.nanoTime();
                ours.ns.ip("link", "set", "eth0", "up");
                VrrpLab.waitFor("preempts back after eth0 up", 15_000,
                        () -> ours.firstChange(true, up) > 0 && !peer.hasVip());
                String log = ours.log();
                assertTrue(log.indexOf("(VI_1) Entering BACKUP STATE", log.indexOf("Entering FAULT STATE")) > 0, log);
                assertTrue(lab.longestOverlapNs() <= 1_000_000_000L, "VIP on both for " + lab.longestOverlapNs());
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- ours:\n" + ours.log() + "\n--- peer:\n"
                        + peer.log(), e);
            } finally {
                ours.kill();
                peer.kill();
            }
        }
    }
}
