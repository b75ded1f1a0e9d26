package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * use_vmac in namespaces: keepalived-java (priority 150, use_vmac) against the real keepalived 2.2.7 (priority 100,
 * without use_vmac: with both nodes' VMACs behind this lab's bridge, the peer host never resolves the VIP, and
 * that is measured with the real keepalived on BOTH nodes too, so it belongs to the topology; with a plain veth
 * pair it resolves). keepalived-java creates vrrp.51 (private macvlan,
 * 00:00:5e:00:01:33, up) on eth0 with keepalived's sysctls, holds the VIP on it, and the peer's host resolves the
 * VIP to the virtual MAC; SIGTERM hands the VIP to keepalived and removes vrrp.51. Root only.
 */
@Tag("root")
class VmacInteropTest {
    static final String VIP = "192.0.2.100";
    static final String VMAC = "00:00:5e:00:01:33";

    @TempDir
    Path dir;

    static String conf(int priority, String vmacLines) {
        return "global_defs {\n  router_id kj" + priority + "\n}\nvrrp_instance VI_1 {\n  state BACKUP\n"
                + "  interface eth0\n  virtual_router_id 51\n  priority " + priority + "\n  advert_int 1\n"
                + vmacLines + "  virtual_ipaddress {\n    " + VIP + "/24\n  }\n}\n";
    }

    /** The source MAC of {@code count} VRRP adverts seen on the peer's eth0 (tcpdump -e). */
    static String advertSourceMacs(VrrpLab.Node at, int count) {
        return at.ns.exec("timeout", "20", "tcpdump", "-i", "eth0", "-n", "-e", "-c", Integer.toString(count), "-p",
                "ip proto 112");
    }

    @Test
    void theVipLivesOnVrrp51WithTheVirtualMacAndMovesToKeepalived() throws Exception {
        Files.createDirectories(dir.resolve("lab"));
        try (VrrpLab lab = new VrrpLab(dir.resolve("lab"), VIP)) {
            VrrpLab.Node ours = lab.a;
            VrrpLab.Node peer = lab.b;
            try {
                ours.start(false, conf(150, "  use_vmac\n"));
                VrrpLab.waitFor("VIP on keepalived-java's node", 30_000, ours::hasVip);
                String link = ours.ns.ip("-d", "link", "show", "vrrp.51");
                assertTrue(link.contains("vrrp.51@eth0"), link);
                assertTrue(link.contains("link/ether " + VMAC), link);
                assertTrue(link.contains("macvlan mode private"), link);
                assertTrue(link.contains(",UP,"), link);
                assertTrue(ours.ns.ip("addr", "show", "dev", "vrrp.51").contains("inet " + VIP + "/24"),
                        "the VIP is on the VMAC");
                assertFalse(ours.ns.ip("addr", "show", "dev", "eth0").contains(VIP), "and not on eth0");
                assertEquals("1", ours.ns.exec("cat", "/proc/sys/net/ipv4/conf/vrrp.51/arp_ignore").trim());
                assertEquals("1", ours.ns.exec("cat", "/proc/sys/net/ipv4/conf/eth0/arp_filter").trim());
                assertTrue(ours.log().contains("(VI_1): Success creating VMAC interface vrrp.51"), ours.log());

                String adverts = advertSourceMacs(peer, 2);
                assertTrue(adverts.contains(VMAC + " > 01:00:5e:00:00:12"), "adverts leave from the VMAC: " + adverts);
                peer.start(true, conf(100, ""));
                VrrpLab.waitFor("keepalived in BACKUP", 30_000, () -> peer.log().contains("Entering BACKUP STATE"));
                // one UDP datagram to the VIP makes the peer's host resolve it (ARP)
                peer.ns.exec("bash", "-c", "echo x > /dev/udp/" + VIP + "/9");
                VrrpLab.waitFor("the peer's host resolving the VIP to the virtual MAC", 30_000,
                        () -> peer.ns.ip("neigh", "show", VIP).contains("lladdr " + VMAC));
                Thread.sleep(3000); // > keepalived's Master_Down_Interval: it would have taken over if deaf
                assertTrue(ours.hasVip() && !peer.hasVip(), "keepalived hears keepalived-java's VMAC adverts");

                ours.signalDaemon("TERM");
                ours.awaitExit(30_000);
                VrrpLab.waitFor("the VIP on keepalived's node", 30_000, peer::hasVip);
                assertFalse(ours.ns.ip("link", "show").contains("vrrp.51"), "vrrp.51 removed at stop");
                assertTrue(ours.log().contains("(VI_1) Success removing VMAC interface vrrp.51"), ours.log());
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- ours:\n" + ours.log() + "\n--- keepalived:\n"
                        + peer.log(), e);
            } finally {
                ours.kill();
                peer.kill();
            }
        }
    }

    @Test
    void vmacXmitBaseSendsTheAdvertsFromTheBaseInterface() throws Exception {
        Files.createDirectories(dir.resolve("lab"));
        try (VrrpLab lab = new VrrpLab(dir.resolve("lab"), VIP)) {
            VrrpLab.Node ours = lab.a;
            try {
                ours.start(false, conf(150, "  use_vmac\n  vmac_xmit_base\n"));
                VrrpLab.waitFor("VIP on keepalived-java's node", 30_000, ours::hasVip);
                assertTrue(ours.ns.ip("addr", "show", "dev", "vrrp.51").contains("inet " + VIP + "/24"),
                        "the VIP is on the VMAC");
                String baseMac = ours.ns.ip("link", "show", "eth0").split("link/ether ")[1].substring(0, 17);
                String adverts = advertSourceMacs(lab.b, 2);
                assertTrue(adverts.contains(baseMac + " > 01:00:5e:00:00:12"), "adverts from eth0 (" + baseMac
                        + "): " + adverts);
                assertFalse(adverts.contains(VMAC + " > 01:00:5e:00:00:12"), adverts);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- ours:\n" + ours.log(), e);
            } finally {
                ours.kill();
            }
        }
    }
}
