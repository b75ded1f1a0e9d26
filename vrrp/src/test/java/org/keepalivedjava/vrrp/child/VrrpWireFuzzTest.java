package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.os.testing.Netns;

/**
 * The wire fuzzer: a keepalived-java VRRP MASTER (an IPv4 VRRPv2 PASS instance and an IPv6 VRRPv3 instance) in a
 * {@code kj-fuzz-m} namespace receives mutated adverts, as whole Ethernet frames written by {@code wire_fuzz.py} on
 * an AF_PACKET socket in a peer namespace: bad length, checksum, version, VRID, auth type and password, interval,
 * type, address count and list, TTL/hop limit 254, unicast to a multicast instance, IP options, truncated or broken
 * IPv4 headers, IPv6 Hop-by-Hop and Destination Options headers. Afterwards the daemon still runs, both instances
 * are still MASTER (became master once, never released) with their VIPs, and every frame is accounted for where
 * its reason is counted:
 * <ul>
 *   <li>keepalived's counters in the SIGUSR2 stats dump ({@code /tmp/keepalived.stats}, in a private /tmp);</li>
 *   <li>the reasons keepalived counts only in its SNMP MIB (version, checksum) by the log line of the receive
 *       check, since the stats file keeps keepalived's exact format;</li>
 *   <li>frames the kernel refuses before any socket (broken IPv4 header, a length past the frame) by the kernel's
 *       own counters in the namespace, and an IPv6 checksum the kernel verifies (IPV6_CHECKSUM) by the drops of
 *       the raw socket;</li>
 *   <li>a message too short to carry a VRID, or a VRID nobody runs, is dropped by the dispatcher as keepalived
 *       does ("Unknown VRID"): it must change nothing.</li>
 * </ul>
 * Root only.
 */
@Tag("root")
class VrrpWireFuzzTest {
    private static final String CONF = """
            global_defs {
              router_id kj-fuzz
            }
            vrrp_instance V4 {
              state MASTER
              interface eth0
              virtual_router_id 51
              priority 200
              advert_int 1
              authentication {
                auth_type PASS
                auth_pass secret1
              }
              virtual_ipaddress {
                192.0.2.100/24
              }
            }
            vrrp_instance V6 {
              state MASTER
              interface eth0
              virtual_router_id 52
              priority 200
              advert_int 1
              version 3
              virtual_ipaddress {
                2001:db8::100/64
              }
            }
            """;

    /** Where each case must be counted: per instance stats keys (+1 each), and/or a log line, or the kernel. */
    private record Expect(String instance, List<String> counters, String logLine, String kernel) {
        static Expect stats(String instance, String... counters) {
            return new Expect(instance, List.of(counters), null, null);
        }

        static Expect log(String line) {
            return new Expect(null, List.of(), line, null);
        }

        static Expect kernel(String counter) {
            return new Expect(null, List.of(), null, counter);
        }

        static Expect nothing() {
            return new Expect(null, List.of(), null, null);
        }
    }

    private static final Map<String, Expect> CASES = new LinkedHashMap<>();

    static {
        String received = "Advertisements.Received";
        String addressList = "Packet Errors.Address List";
        CASES.put("v4_valid_lower_priority", Expect.stats("V4", received));
        CASES.put("v4_priority_zero", Expect.stats("V4", received, "Priority Zero.Received"));
        CASES.put("v4_ttl_254", Expect.stats("V4", "Packet Errors.TTL"));
        CASES.put("v4_length_plus_4", Expect.stats("V4", "Packet Errors.Length"));
        CASES.put("v4_count_255_short", Expect.stats("V4", "Packet Errors.Length"));
        CASES.put("v4_vrrp_7_bytes", Expect.nothing());
        CASES.put("v4_bad_checksum", Expect.log("(V4) Invalid VRRPv2 checksum"));
        CASES.put("v4_version_4", Expect.log("(V4) wrong version. Received 4 and expect 2"));
        CASES.put("v4_version_3_to_v2", Expect.log("(V4) wrong version. Received 3 and expect 2"));
        CASES.put("v4_other_vrid", Expect.nothing());
        CASES.put("v4_auth_type_3", Expect.stats("V4", "Authentication Errors.Invalid Type"));
        CASES.put("v4_auth_none", Expect.stats("V4", "Authentication Errors.Type Mismatch"));
        CASES.put("v4_wrong_password", Expect.stats("V4", "Authentication Errors.Failure"));
        CASES.put("v4_interval_2", Expect.stats("V4", "Packet Errors.Advertisement Interval"));
        CASES.put("v4_type_2", Expect.stats("V4", "Packet Errors.Invalid Type"));
        CASES.put("v4_two_addresses", Expect.stats("V4", addressList));
        CASES.put("v4_other_vip", Expect.stats("V4", received, addressList));
        CASES.put("v4_unicast_to_multicast_instance", Expect.stats("V4", addressList));
        CASES.put("v4_ip_options_nop", Expect.stats("V4", received));
        CASES.put("v4_ip_header_truncated", Expect.kernel("Ip.InHdrErrors"));
        CASES.put("v4_ip_ihl_4", Expect.kernel("Ip.InHdrErrors"));
        CASES.put("v4_ip_bad_header_checksum", Expect.kernel("Ip.InHdrErrors"));
        CASES.put("v4_ip_total_length_past_frame", Expect.kernel("IpExt.InTruncatedPkts"));
        CASES.put("v6_valid_lower_priority", Expect.stats("V6", received));
        CASES.put("v6_hop_limit_254", Expect.stats("V6", "Packet Errors.TTL"));
        CASES.put("v6_bad_checksum", Expect.kernel("raw6.drops"));
        CASES.put("v6_hop_by_hop_header", Expect.stats("V6", received));
        CASES.put("v6_destination_options_header", Expect.stats("V6", received));
        CASES.put("v6_two_addresses", Expect.stats("V6", addressList));
    }

    /** Each case is sent this many times (interleaved), so that counts are not a coincidence. */
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void mutatedAdvertsAreCountedAndChangeNothing() throws Exception {
        Path script = dir.resolve("wire_fuzz.py");
        try (InputStream in = VrrpWireFuzzTest.class.getResourceAsStream("wire_fuzz.py")) {
            Files.copy(in, script);
        }
        Netns master = Netns.create("fuzz-m");
        Netns peer = null;
        PrivateDaemon daemon = null;
        try {
            peer = Netns.create("fuzz-p");
            master.vethTo(peer, "eth0", "eth0");
            master.ip("addr", "add", "192.0.2.1/24", "dev", "eth0");
            peer.ip("addr", "add", "192.0.2.2/24", "dev", "eth0");
            master.ip("addr", "add", "2001:db8::1/64", "dev", "eth0", "nodad");
            peer.ip("addr", "add", "2001:db8::2/64", "dev", "eth0", "nodad");

            daemon = PrivateDaemon.start(master, dir, CONF);
            PrivateDaemon d = daemon;
            VrrpLab.waitFor("both instances MASTER with their VIPs", 30_000, () -> {
                String a = master.ip("addr", "show", "dev", "eth0");
                return !d.isAlive() || a.contains("192.0.2.100/24") && a.contains("2001:db8::100/64");
            });
            assertTrue(daemon.isAlive(), "daemon died: " + daemon.log());

            Map<String, Map<String, Long>> before = daemon.stats();
            Map<String, Long> kernelBefore = kernelCounters(master);
            String masterMac = master.exec("cat", "/sys/class/net/eth0/address").trim();

            List<String> send = new ArrayList<>(List.of("ip", "netns", "exec", peer.name(), "python3",
                    script.toString(), masterMac));
            for (int round = 0; round < ROUNDS; round++) {
                send.addAll(CASES.keySet());
            }
            String sent = Netns.run(send.toArray(String[]::new));
            assertEquals(ROUNDS * CASES.size(), sent.lines().filter(l -> l.startsWith("sent ")).count(), sent);

            Map<String, Map<String, Long>> expected = expectedStats(before);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Long>>[] after = new Map[1];
            PrivateDaemon d2 = daemon;
            // the frames are in the socket queues; the daemon's loop drains them in its own time
            try {
                VrrpLab.waitFor("the stats to count every frame", 20_000, () -> {
                    try {
                        after[0] = d2.stats();
                    } catch (Exception e) {
                        return false;
                    }
                    return countersMatch(expected, after[0]);
                });
            } catch (AssertionError notYet) {
                after[0] = daemon.stats(); // the assertions below say which counter is off
            }
            Map<String, Long> kernelAfter = kernelCounters(master);

            assertTrue(daemon.isAlive(), "daemon died: " + daemon.log());
            String addresses = master.ip("addr", "show", "dev", "eth0");
            assertTrue(addresses.contains("192.0.2.100/24") && addresses.contains("2001:db8::100/64"), addresses);
            for (String instance : List.of("V4", "V6")) {
                assertEquals(1L, after[0].get(instance).get("Became master"), instance + " became master again");
                assertEquals(0L, after[0].get(instance).get("Released master"), instance + " left MASTER");
            }
            for (String instance : expected.keySet()) {
                for (Map.Entry<String, Long> e : expected.get(instance).entrySet()) {
                    assertEquals(e.getValue(), after[0].get(instance).get(e.getKey()), instance + " " + e.getKey()
                            + "\nbefore " + before + "\nafter " + after[0]);
                }
            }
            String daemonLog = daemon.log();
            Map<String, Integer> kernelExpected = new HashMap<>();
            for (Map.Entry<String, Expect> c : CASES.entrySet()) {
                Expect e = c.getValue();
                if (e.logLine() != null) {
                    long seen = daemonLog.lines().filter(l -> l.contains(e.logLine())).count();
                    assertTrue(seen >= ROUNDS, c.getKey() + ": '" + e.logLine() + "' logged " + seen + " times");
                }
                if (e.kernel() != null) {
                    kernelExpected.merge(e.kernel(), ROUNDS, Integer::sum);
                }
            }
            for (Map.Entry<String, Integer> k : kernelExpected.entrySet()) {
                long delta = kernelAfter.getOrDefault(k.getKey(), 0L) - kernelBefore.getOrDefault(k.getKey(), 0L);
                assertTrue(delta >= k.getValue(), k.getKey() + " rose by " + delta + ", expected at least "
                        + k.getValue());
            }
            assertTrue(!daemonLog.contains("Exception"), () -> "a stack trace in the log:\n" + daemonLog);
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            if (peer != null) {
                peer.close();
            }
            master.close();
        }
    }

    private static Map<String, Map<String, Long>> expectedStats(Map<String, Map<String, Long>> before) {
        Map<String, Map<String, Long>> expected = new HashMap<>();
        for (Expect e : CASES.values()) {
            for (String counter : e.counters()) {
                expected.computeIfAbsent(e.instance(), k -> new HashMap<>()).merge(counter, (long) ROUNDS, Long::sum);
            }
        }
        for (Map.Entry<String, Map<String, Long>> i : expected.entrySet()) {
            i.getValue().replaceAll((counter, delta) -> before.get(i.getKey()).getOrDefault(counter, 0L) + delta);
        }
        return expected;
    }

    private static boolean countersMatch(Map<String, Map<String, Long>> expected,
            Map<String, Map<String, Long>> actual) {
        for (Map.Entry<String, Map<String, Long>> i : expected.entrySet()) {
            for (Map.Entry<String, Long> c : i.getValue().entrySet()) {
                Map<String, Long> a = actual.get(i.getKey());
                if (a == null || !c.getValue().equals(a.get(c.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The namespace's IP counters (/proc/net/snmp and netstat as "Group.Name") and the VRRP raw6 socket drops. */
    private static Map<String, Long> kernelCounters(Netns ns) {
        Map<String, Long> counters = new HashMap<>();
        for (String file : List.of("/proc/net/snmp", "/proc/net/netstat")) {
            List<String> lines = ns.exec("cat", file).lines().toList();
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String[] names = lines.get(i).split("\\s+");
                String[] values = lines.get(i + 1).split("\\s+");
                for (int k = 1; k < Math.min(names.length, values.length); k++) {
                    counters.put(names[0].replace(":", "") + "." + names[k], Long.parseLong(values[k]));
                }
            }
        }
        long drops = 0;
        for (String line : ns.exec("cat", "/proc/net/raw6").lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 1 && f[1].endsWith(":0070")) { // bound to protocol 112
                drops += Long.parseLong(f[f.length - 1]);
            }
        }
        counters.put("raw6.drops", drops);
        return counters;
    }
}
