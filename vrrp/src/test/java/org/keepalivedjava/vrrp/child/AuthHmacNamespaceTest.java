package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.os.testing.Netns;

/**
 * auth_hmac between two keepalived-java nodes in kj-hmac- namespaces, an IPv4 and an IPv6 VRRPv3 instance each:
 * they authenticate each other's adverts (the backup counts the master's adverts received and no authentication
 * failure, and never takes over), and IPv4 adverts forged from the
 * backup's namespace with priority 254 (without a trailer, and with a trailer signed by another key) are refused
 * as authentication failures and leave the VIP where it is. Only keepalived-java talks to keepalived-java here:
 * keepalived 2.2.7 has no auth_hmac, so interoperability with keepalived is not tested. Root only.
 */
@Tag("root")
class AuthHmacNamespaceTest {
    private static final String KEY = "6b6a2d686d61632d746573742d6b65792d6f662d33322d62797465732d2d2d21";

    private static String conf(int priority) {
        return """
                vrrp_instance VI_1 {
                  state BACKUP
                  interface eth0
                  virtual_router_id 51
                  priority %d
                  advert_int 1
                  version 3
                  authentication {
                    auth_hmac_key 1 %s
                  }
                  virtual_ipaddress {
                    192.0.2.100/24
                  }
                }
                vrrp_instance VI_6 {
                  state BACKUP
                  interface eth0
                  virtual_router_id 52
                  priority %d
                  advert_int 1
                  version 3
                  authentication {
                    auth_hmac_key 1 %s
                  }
                  virtual_ipaddress {
                    2001:db8::100/64
                  }
                }
                """.formatted(priority, KEY, priority, KEY);
    }

    @TempDir
    Path dir;

    @Test
    void aPairAuthenticatesEachOtherAndRefusesForgedAdverts() throws Exception {
        Path script = dir.resolve("wire_fuzz.py");
        try (InputStream in = VrrpWireFuzzTest.class.getResourceAsStream("wire_fuzz.py")) {
            Files.copy(in, script);
        }
        Netns a = Netns.create("hmac-a");
        Netns b = null;
        PrivateDaemon master = null;
        PrivateDaemon backup = null;
        try {
            b = Netns.create("hmac-b");
            a.vethTo(b, "eth0", "eth0");
            a.ip("addr", "add", "192.0.2.1/24", "dev", "eth0");
            b.ip("addr", "add", "192.0.2.2/24", "dev", "eth0");
            // a first, MASTER of both before b starts: b then hears adverts from its start and must never take over
            // (started together, the slower JVM could let b time out first and be preempted: not what is tested)
            master = PrivateDaemon.start(a, Files.createDirectories(dir.resolve("a")), conf(150));
            Netns na = a;
            Netns nb = b;
            PrivateDaemon m = master;
            VrrpLab.waitFor("node a MASTER with both VIPs", 30_000, () -> {
                String addresses = na.ip("addr", "show", "dev", "eth0");
                return !m.isAlive() || addresses.contains("192.0.2.100/24") && addresses.contains("2001:db8::100/64");
            });
            assertTrue(master.isAlive(), "a died: " + master.log());
            backup = PrivateDaemon.start(b, Files.createDirectories(dir.resolve("b")), conf(100));
            PrivateDaemon started = backup;
            // signals only once the child runs its loop (SIGUSR2 before the JVM handles it would end the process)
            VrrpLab.waitFor("node b's instances BACKUP", 30_000, () -> !started.isAlive()
                    || started.log().contains("(VI_1) Entering BACKUP STATE")
                    && started.log().contains("(VI_6) Entering BACKUP STATE"));
            assertTrue(backup.isAlive(), "b died: " + backup.log());
            PrivateDaemon bk = backup;
            VrrpLab.waitFor("the backup to accept signed adverts", 15_000,
                    () -> received(bk, "VI_1") >= 3 && received(bk, "VI_6") >= 3);
            for (String instance : new String[] {"VI_1", "VI_6"}) {
                // IPv6: the kernel's checksum (IPV6_CHECKSUM) covers the trailer too, on both ends
                Map<String, Long> b0 = backup.stats().get(instance);
                assertEquals(0L, b0.get("Authentication Errors.Failure"), instance + "\n" + backup.log());
                assertEquals(0L, b0.get("Became master"), instance + ": b never took over, it accepted a's adverts");
            }
            String bAddresses = nb.ip("addr", "show", "dev", "eth0");
            assertFalse(bAddresses.contains("192.0.2.100/24") || bAddresses.contains("2001:db8::100/64"), bAddresses);

            long failuresBefore = master.stats().get("VI_1").get("Authentication Errors.Failure");
            String masterMac = b.exec("cat", "/sys/class/net/eth0/address").trim(); // any: multicast frames
            Netns.run("ip", "netns", "exec", b.name(), "python3", script.toString(), masterMac,
                    "v3_prio254_without_trailer", "v3_prio254_wrong_key", "v3_prio254_without_trailer",
                    "v3_prio254_wrong_key");
            VrrpLab.waitFor("the forged adverts counted", 10_000,
                    () -> failures(m) >= failuresBefore + 4);
            Map<String, Long> a1 = master.stats().get("VI_1");
            assertEquals(failuresBefore + 4, a1.get("Authentication Errors.Failure"));
            assertEquals(1L, a1.get("Became master"));
            assertEquals(0L, a1.get("Released master"), "a forged advert dethroned the master");
            assertTrue(na.ip("addr", "show", "dev", "eth0").contains("192.0.2.100/24"));
            assertTrue(master.log().contains("HMAC authentication failed (bad_hmac)"), master.log());
            assertTrue(master.log().contains("HMAC authentication failed (malformed)"), master.log());
        } finally {
            if (master != null) {
                master.close();
            }
            if (backup != null) {
                backup.close();
            }
            if (b != null) {
                b.close();
            }
            a.close();
        }
    }

    private static long received(PrivateDaemon d, String instance) {
        try {
            return d.stats().get(instance).get("Advertisements.Received");
        } catch (Exception | AssertionError e) {
            return -1;
        }
    }

    private static long failures(PrivateDaemon d) {
        try {
            return d.stats().get("VI_1").get("Authentication Errors.Failure");
        } catch (Exception | AssertionError e) {
            return -1;
        }
    }
}
