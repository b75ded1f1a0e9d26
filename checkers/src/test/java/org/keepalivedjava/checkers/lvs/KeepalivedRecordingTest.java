package org.keepalivedjava.checkers.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The checker runtime against a run of the REAL keepalived 2.2.7 recorded in a UML guest with IPVS (2026-11, see
 * the report of the checkrt branch): the same config (MISC_CHECKs there, fake checks here, which is the same to
 * ipwrapper.c), the same check results in the same order, and the same log lines, notify scripts, FIFO lines and
 * {@code ipvsadm -Sn} tables as keepalived produced. The recorded run also had {@code virtual_server group G2}
 * over {@code fwmark 7} with inhibit_on_failure; it is left out here because keepalived-java's config layer
 * defaults that virtual server's protocol to UDP ("no protocol set") where keepalived 2.2.7 leaves it unset
 * (names {@code [198.51.100.21]:none:0}); see {@link LvsRuntimeTest} for inhibit_on_failure on fwmark groups.
 */
class KeepalivedRecordingTest {
    static final String CONFIG = """
            global_defs {
              router_id kjtest
              enable_script_security
              script_user root
            }
            virtual_server_group G1 {
              192.0.2.50-52 80
              203.0.113.7 80
            }
            virtual_server 192.0.2.1 80 {
              delay_loop 1
              lb_algo rr
              lb_kind NAT
              protocol TCP
              quorum 3
              hysteresis 1
              quorum_up "/bin/echo quorum_up x"
              quorum_down "/bin/echo quorum_down"
              sorry_server 192.0.2.99 8080
              real_server 192.0.2.10 8080 {
                weight 2
                notify_up "/bin/echo rs10_up 'a b'"
                notify_down "/bin/echo rs10_down"
                TCP_CHECK {
                }
              }
              real_server 192.0.2.11 8080 {
                weight 2
                inhibit_on_failure
                uthreshold 100
                lthreshold 10
                TCP_CHECK {
                }
              }
            }
            virtual_server fwmark 5 {
              delay_loop 1
              lb_algo wlc
              lb_kind DR
              real_server 198.51.100.5 {
                weight 3
                notify_down "/bin/echo fw5_down"
                TCP_CHECK {
                  connect_port 80
                }
              }
            }
            virtual_server group G1 {
              delay_loop 1
              lb_algo rr
              lb_kind TUN
              protocol TCP
              alpha
              omega
              quorum_down "/bin/echo g1_quorum_down"
              quorum_up "/bin/echo g1_quorum_up"
              real_server 198.51.100.20 80 {
                TCP_CHECK {
                }
              }
            }
            virtual_server 192.0.2.2 53 {
              delay_loop 1
              lb_algo sh
              lb_kind DR
              protocol UDP
              persistence_timeout 30
              sorry_server 192.0.2.98 53
              sorry_server_inhibit
              real_server 192.0.2.12 53 {
                TCP_CHECK {
                }
              }
            }
            virtual_server 192.0.2.3 80 {
              delay_loop 1
              lb_algo rr
              lb_kind NAT
              protocol TCP
              alpha
              omega
              quorum_down "/bin/echo vs3_quorum_down"
              real_server 192.0.2.13 80 {
                notify_down "/bin/echo rs13_down"
                notify_up "/bin/echo rs13_up"
                TCP_CHECK {
                }
              }
              real_server 192.0.2.14 80 {
                weight 5
                notify_down "/bin/echo rs14_down"
                notify_up "/bin/echo rs14_up"
                TCP_CHECK {
                }
              }
            }
            """;

    static final String VS1 = "[192.0.2.1]:tcp:80";
    static final String RS10 = "[192.0.2.10]:tcp:8080 " + VS1;
    static final String RS11 = "[192.0.2.11]:tcp:8080 " + VS1;
    static final String RS5 = "[198.51.100.5]:none:0 FWM 5";
    static final String RS20 = "[198.51.100.20]:tcp:80 [G1]:0";
    static final String RS12 = "[192.0.2.12]:udp:53 [192.0.2.2]:udp:53";
    static final String RS13 = "[192.0.2.13]:tcp:80 [192.0.2.3]:tcp:80";
    static final String RS14 = "[192.0.2.14]:tcp:80 [192.0.2.3]:tcp:80";

    /** ipvsadm -Sn in the guest 6 s after start (the first results were in). */
    static final String TABLE_START = """
            -A -t 192.0.2.1:80 -s rr
            -a -t 192.0.2.1:80 -r 192.0.2.10:8080 -m -w 2
            -a -t 192.0.2.1:80 -r 192.0.2.11:8080 -m -w 2
            -A -t 192.0.2.3:80 -s rr
            -a -t 192.0.2.3:80 -r 192.0.2.14:80 -m -w 5
            -A -t 192.0.2.50:80 -s rr
            -a -t 192.0.2.50:80 -r 198.51.100.20:80 -i -w 1 --tun-type ipip
            -A -t 192.0.2.51:80 -s rr
            -a -t 192.0.2.51:80 -r 198.51.100.20:80 -i -w 1 --tun-type ipip
            -A -t 192.0.2.52:80 -s rr
            -a -t 192.0.2.52:80 -r 198.51.100.20:80 -i -w 1 --tun-type ipip
            -A -t 203.0.113.7:80 -s rr
            -a -t 203.0.113.7:80 -r 198.51.100.20:80 -i -w 1 --tun-type ipip
            -A -u 192.0.2.2:53 -s sh -p 30
            -a -u 192.0.2.2:53 -r 192.0.2.98:53 -g -w 1
            -A -f 5 -s wlc
            -a -f 5 -r 198.51.100.5:0 -g -w 3
            """;

    /** After 192.0.2.10 and then 192.0.2.11 (inhibit_on_failure) failed: quorum lost, sorry server in. */
    static final String TABLE_VS1_SORRY = """
            -A -t 192.0.2.1:80 -s rr
            -a -t 192.0.2.1:80 -r 192.0.2.11:8080 -m -w 0
            -a -t 192.0.2.1:80 -r 192.0.2.99:8080 -m -w 1
            """;

    /** After 198.51.100.5 and .21 failed and 192.0.2.12 recovered (the group G1 lines left out). */
    static final String TABLE_TOUCH12 = """
            -A -t 192.0.2.1:80 -s rr
            -a -t 192.0.2.1:80 -r 192.0.2.10:8080 -m -w 2
            -a -t 192.0.2.1:80 -r 192.0.2.11:8080 -m -w 2
            -A -t 192.0.2.3:80 -s rr
            -a -t 192.0.2.3:80 -r 192.0.2.14:80 -m -w 5
            -A -u 192.0.2.2:53 -s sh -p 30
            -a -u 192.0.2.2:53 -r 192.0.2.12:53 -g -w 1
            -a -u 192.0.2.2:53 -r 192.0.2.98:53 -g -w 0
            -A -f 5 -s wlc
            """;

    private static String only(String table, String servicePrefix) {
        StringBuilder out = new StringBuilder();
        for (String line : table.split("\n")) {
            if (line.contains(servicePrefix)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String without(String table, String... services) {
        StringBuilder out = new StringBuilder();
        outer:
        for (String line : table.split("\n")) {
            for (String s : services) {
                if (line.contains(s)) {
                    continue outer;
                }
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    @Test
    void sameLogLinesScriptsFifoLinesAndTablesAsKeepalived227() {
        LvsHarness h = new LvsHarness(CONFIG);
        h.runtime.start();
        assertEquals(List.of(
                "Initializing ipvs",
                "Gained quorum 3+1=4 <= 4 for VS [192.0.2.1]:tcp:80",
                "Gained quorum 1+0=1 <= 3 for VS FWM 5",
                "Gained quorum 1+0=1 <= 1 for VS [192.0.2.2]:udp:53"), h.take(h.log));
        assertEquals(List.of("/bin/echo quorum_up x"), h.take(h.scripts));
        assertEquals(List.of("VS [192.0.2.1]:tcp:80 UP", "VS FWM 5 UP", "VS [192.0.2.2]:udp:53 UP"),
                h.take(h.fifo));

        // first results, in keepalived's order
        h.check(RS5).report(true);
        h.check(RS11).report(true);
        h.check(RS10).report(true);
        h.check(RS14).report(true);
        h.check(RS12).report(false);
        h.check(RS13).report(false);
        h.check(RS20).report(true);
        assertEquals(List.of(
                "Adding service [192.0.2.14]:tcp:80 to VS [192.0.2.3]:tcp:80",
                "Gained quorum 1+0=1 <= 5 for VS [192.0.2.3]:tcp:80",
                "Removing service [192.0.2.12]:udp:53 from VS [192.0.2.2]:udp:53",
                "Lost quorum 1-0=1 > 0 for VS [192.0.2.2]:udp:53",
                "Enabling sorry server [192.0.2.98]:udp:53 to VS [192.0.2.2]:udp:53",
                "Removing alive servers from the pool for VS [192.0.2.2]:udp:53",
                "Adding service [198.51.100.20]:tcp:80 to VS [G1]:0",
                "Gained quorum 1+0=1 <= 1 for VS [G1]:0"), h.take(h.log));
        assertEquals(List.of("/bin/echo rs14_up", "/bin/echo rs13_down", "/bin/echo g1_quorum_up"), h.take(h.scripts));
        assertEquals(List.of(
                "RS [192.0.2.14]:tcp:80 [192.0.2.3]:tcp:80 UP",
                "VS [192.0.2.3]:tcp:80 UP",
                "RS [192.0.2.12]:udp:53 [192.0.2.2]:udp:53 DOWN",
                "VS [192.0.2.2]:udp:53 DOWN",
                "RS [192.0.2.13]:tcp:80 [192.0.2.3]:tcp:80 DOWN",
                "RS [198.51.100.20]:tcp:80 [G1]:0 UP",
                "VS [G1]:0 UP"), h.take(h.fifo));
        assertEquals(InMemoryIpvs.normalize(TABLE_START), h.ipvs.saved());

        h.check(RS10).report(false);
        h.check(RS11).report(false);
        assertEquals(List.of(
                "Removing service [192.0.2.10]:tcp:8080 from VS [192.0.2.1]:tcp:80",
                "Disabling service [192.0.2.11]:tcp:8080 of VS [192.0.2.1]:tcp:80",
                "Lost quorum 3-1=2 > 0 for VS [192.0.2.1]:tcp:80",
                "Adding sorry server [192.0.2.99]:tcp:8080 to VS [192.0.2.1]:tcp:80",
                "Removing alive servers from the pool for VS [192.0.2.1]:tcp:80"), h.take(h.log));
        assertEquals(InMemoryIpvs.normalize(TABLE_VS1_SORRY), only(h.ipvs.saved(), "192.0.2.1:80"));

        h.check(RS10).report(true);
        assertEquals(InMemoryIpvs.normalize(TABLE_VS1_SORRY), only(h.ipvs.saved(), "192.0.2.1:80"),
                "quorum not regained (2 < 3+1): the sorry server stays, 192.0.2.10 waits outside the pool");
        h.check(RS11).report(true);
        assertEquals(List.of(
                "Adding service [192.0.2.10]:tcp:8080 to VS [192.0.2.1]:tcp:80",
                "Enabling service [192.0.2.11]:tcp:8080 of VS [192.0.2.1]:tcp:80",
                "Gained quorum 3+1=4 <= 4 for VS [192.0.2.1]:tcp:80",
                "Removing sorry server [192.0.2.99]:tcp:8080 from VS [192.0.2.1]:tcp:80",
                "Adding alive servers to the pool for VS [192.0.2.1]:tcp:80"), h.take(h.log));
        assertEquals(List.of("/bin/echo rs10_down", "/bin/echo quorum_down", "/bin/echo rs10_up a b",
                "/bin/echo quorum_up x"), h.take(h.scripts));
        assertEquals(List.of(
                "RS [192.0.2.10]:tcp:8080 [192.0.2.1]:tcp:80 DOWN",
                "RS [192.0.2.11]:tcp:8080 [192.0.2.1]:tcp:80 DOWN",
                "VS [192.0.2.1]:tcp:80 DOWN",
                "RS [192.0.2.10]:tcp:8080 [192.0.2.1]:tcp:80 UP",
                "RS [192.0.2.11]:tcp:8080 [192.0.2.1]:tcp:80 UP",
                "VS [192.0.2.1]:tcp:80 UP"), h.take(h.fifo));

        h.check(RS5).report(false);
        h.check(RS12).report(true);
        assertEquals(List.of(
                "Removing service [198.51.100.5]:none:0 from VS FWM 5",
                "Lost quorum 1-0=1 > 0 for VS FWM 5",
                "Adding service [192.0.2.12]:udp:53 to VS [192.0.2.2]:udp:53",
                "Gained quorum 1+0=1 <= 1 for VS [192.0.2.2]:udp:53",
                "Disabling sorry server [192.0.2.98]:udp:53 from VS [192.0.2.2]:udp:53",
                "Adding alive servers to the pool for VS [192.0.2.2]:udp:53"), h.take(h.log));
        assertEquals(InMemoryIpvs.normalize(TABLE_TOUCH12),
                without(h.ipvs.saved(), "192.0.2.50:", "192.0.2.51:", "192.0.2.52:", "203.0.113.7:"));

        h.check(RS20).report(false);
        assertEquals(List.of(
                "Removing service [198.51.100.20]:tcp:80 from VS [G1]:0",
                "Lost quorum 1-0=1 > 0 for VS [G1]:0"), h.take(h.log));
        assertEquals(List.of("/bin/echo fw5_down", "/bin/echo g1_quorum_down"), h.take(h.scripts));
        assertEquals(List.of(
                "RS [198.51.100.5]:none:0 FWM 5 DOWN",
                "VS FWM 5 DOWN",
                "RS [192.0.2.12]:udp:53 [192.0.2.2]:udp:53 UP",
                "VS [192.0.2.2]:udp:53 UP",
                "RS [198.51.100.20]:tcp:80 [G1]:0 DOWN",
                "VS [G1]:0 DOWN"), h.take(h.fifo));

        h.runtime.stop(true);
        assertEquals(List.of(
                "Shutting down service [192.0.2.10]:tcp:8080 from VS [192.0.2.1]:tcp:80",
                "Shutting down service [192.0.2.11]:tcp:8080 from VS [192.0.2.1]:tcp:80",
                "Shutting down service [198.51.100.5]:none:0 from VS FWM 5",
                "Shutting down service [198.51.100.20]:tcp:80 from VS [G1]:0",
                "Shutting down service [192.0.2.12]:udp:53 from VS [192.0.2.2]:udp:53",
                "Shutting down service [192.0.2.13]:tcp:80 from VS [192.0.2.3]:tcp:80",
                "Shutting down service [192.0.2.14]:tcp:80 from VS [192.0.2.3]:tcp:80"), h.take(h.log));
        // omega: G1 and 192.0.2.3 announce their quorum going down, 192.0.2.14 (alive) its notify_down
        assertEquals(List.of("/bin/echo g1_quorum_down", "/bin/echo rs14_down", "/bin/echo vs3_quorum_down"),
                h.take(h.scripts));
        assertEquals("", h.ipvs.saved(), "an orderly stop empties the table");
    }
}
