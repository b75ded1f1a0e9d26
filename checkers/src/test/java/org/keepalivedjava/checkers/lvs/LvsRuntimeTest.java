package org.keepalivedjava.checkers.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.ipvs.IpvsDestination;
import org.keepalivedjava.os.ipvs.IpvsService;
import org.keepalivedjava.smtp.RealServerAlert;
import org.keepalivedjava.smtp.VirtualServerAlert;

class LvsRuntimeTest {
    private static final String GLOBAL = """
            global_defs {
              enable_script_security
              script_user root
            }
            """;

    private static String vs(String head, String body) {
        return GLOBAL + "virtual_server " + head + " {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n" + body + "}\n";
    }

    private static String rs(String ip, String extra) {
        return " real_server " + ip + " 80 {\n" + extra + "\n  TCP_CHECK {\n  }\n }\n";
    }

    @Test
    void quorumAndHysteresisArithmetic() {
        // weights 1+2+3; quorum 4, hysteresis 1: gained at >= 5, lost below 3
        LvsHarness h = new LvsHarness(vs("192.0.2.1 80", " quorum 4\n hysteresis 1\n"
                + rs("192.0.2.10", "weight 1") + rs("192.0.2.11", "weight 2") + rs("192.0.2.12", "weight 3")));
        h.runtime.start();
        VirtualServerState v = h.vs("[192.0.2.1]:tcp:80");
        assertTrue(v.quorumUp());
        assertEquals(6, v.liveWeight());
        h.take(h.log);
        h.check("[192.0.2.12]:tcp:80 [192.0.2.1]:tcp:80").report(false); // 3: not below 4-1
        assertTrue(v.quorumUp());
        h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80").report(false); // 2 < 3
        assertFalse(v.quorumUp());
        assertEquals(List.of("Removing service [192.0.2.12]:tcp:80 from VS [192.0.2.1]:tcp:80",
                "Removing service [192.0.2.10]:tcp:80 from VS [192.0.2.1]:tcp:80",
                "Lost quorum 4-1=3 > 2 for VS [192.0.2.1]:tcp:80"), h.take(h.log));
        h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80").report(true); // 3 < 4+1
        assertFalse(v.quorumUp());
        h.check("[192.0.2.12]:tcp:80 [192.0.2.1]:tcp:80").report(true); // 6 >= 5
        assertTrue(v.quorumUp());
        assertEquals("Gained quorum 4+1=5 <= 6 for VS [192.0.2.1]:tcp:80", h.take(h.log).get(2));
    }

    @Test
    void aServerIsUpOnlyWhenAllItsCheckersAre() {
        LvsHarness h = new LvsHarness(vs("192.0.2.1 80", " real_server 192.0.2.10 80 {\n"
                + "  notify_up \"/bin/echo up\"\n  notify_down \"/bin/echo down\"\n"
                + "  TCP_CHECK {\n  }\n  TCP_CHECK {\n   connect_port 81\n  }\n }\n"));
        h.runtime.start();
        FakeCheck a = h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80");
        FakeCheck b = h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80 #1");
        a.report(false);
        b.report(false);
        assertFalse(h.ipvs.saved().contains("192.0.2.10"));
        a.report(true);
        assertFalse(h.ipvs.saved().contains("192.0.2.10"), "one checker still failing");
        b.report(true);
        assertTrue(h.ipvs.saved().contains("-r 192.0.2.10:80 -m -w 1"));
        assertEquals(List.of("/bin/echo down", "/bin/echo up"), h.scripts);
    }

    @Test
    void alphaStartsDownAndInhibitKeepsWeightZero() {
        LvsHarness h = new LvsHarness(vs("192.0.2.1 80", " alpha\n"
                + rs("192.0.2.10", "weight 4\n  inhibit_on_failure") + rs("192.0.2.11", "")));
        h.runtime.start();
        assertEquals(InMemoryIpvs.normalize("""
                -A -t 192.0.2.1:80 -s rr
                -a -t 192.0.2.1:80 -r 192.0.2.10:80 -m -w 0
                """), h.ipvs.saved(), "alpha: nobody in the pool, the inhibited server waits with weight 0");
        h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80").report(true);
        h.check("[192.0.2.11]:tcp:80 [192.0.2.1]:tcp:80").report(true);
        assertTrue(h.ipvs.saved().contains("-r 192.0.2.10:80 -m -w 4"));
        h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80").report(false);
        assertTrue(h.ipvs.saved().contains("-r 192.0.2.10:80 -m -w 0"));
        assertTrue(h.log.contains("Disabling service [192.0.2.10]:tcp:80 of VS [192.0.2.1]:tcp:80"));
        h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80").report(true);
        assertTrue(h.ipvs.saved().contains("-r 192.0.2.10:80 -m -w 4"));
        assertTrue(h.log.contains("Enabling service [192.0.2.10]:tcp:80 of VS [192.0.2.1]:tcp:80"));
    }

    @Test
    void dynamicWeightsAndThresholdsReachIpvs() {
        LvsHarness h = new LvsHarness(vs("192.0.2.1 80", " quorum 5\n"
                + rs("192.0.2.10", "weight 2\n  uthreshold 100\n  lthreshold 10") + rs("192.0.2.11", "weight 3")));
        h.runtime.start();
        h.check("[192.0.2.11]:tcp:80 [192.0.2.1]:tcp:80").report(false);
        assertFalse(h.vs("[192.0.2.1]:tcp:80").quorumUp());
        h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80").report(true, 7);
        assertTrue(h.log.contains("Changing weight from 2 to 7 for active service [192.0.2.10]:tcp:80 of VS "
                + "[192.0.2.1]:tcp:80"), h.log.toString());
        assertTrue(h.vs("[192.0.2.1]:tcp:80").quorumUp(), "the new weight counts for the quorum");
        IpvsService s = h.ipvs.services().get(0);
        IpvsDestination d = h.ipvs.destinations(s).stream().filter(x -> x.port() == 80
                && x.address().getHostAddress().equals("192.0.2.10")).findFirst().orElseThrow();
        assertEquals(7, d.weight());
        assertEquals(100, d.upperThreshold());
        assertEquals(10, d.lowerThreshold());
    }

    @Test
    void dontReleaseIpvsLeavesTheTableAndStopRemovesIt() {
        String config = vs("192.0.2.1 80", rs("192.0.2.10", "") + rs("192.0.2.11", ""));
        LvsHarness keep = new LvsHarness(config);
        keep.runtime.start();
        String before = keep.ipvs.saved();
        keep.take(keep.log);
        keep.runtime.stop(false);
        assertEquals(before, keep.ipvs.saved());
        assertEquals(List.of(), keep.log);

        LvsHarness release = new LvsHarness(config);
        release.runtime.start();
        release.runtime.stop(true);
        assertEquals("", release.ipvs.saved());
        assertTrue(release.ipvs.requests.contains("delete service TCP 192.0.2.1:80"));
    }

    @Test
    void flushTimeoutsAndSyncDaemonAtStart() {
        LvsHarness h = new LvsHarness(GLOBAL.replace("}", " lvs_flush\n lvs_timeouts tcp 100 tcpfin 20 udp 30\n"
                + " lvs_flush_onstop\n}") + vs("192.0.2.1 80", rs("192.0.2.10", "")).substring(GLOBAL.length()));
        h.runtime.start();
        assertEquals("flush", h.ipvs.requests.get(0));
        assertEquals(100, h.ipvs.timeouts.tcpS());
        assertEquals(30, h.ipvs.timeouts.udpS());
        h.runtime.stop(true);
        assertEquals("flush", h.ipvs.requests.get(h.ipvs.requests.size() - 1), "lvs_flush_onstop");
    }

    @Test
    void groupsExpandToEveryAddressAndFwmark() {
        LvsHarness h = new LvsHarness(GLOBAL + """
                virtual_server_group G {
                  192.0.2.50-51 80
                  198.51.100.0/31 80
                }
                virtual_server group G {
                  lb_algo wlc
                  lb_kind DR
                  protocol TCP
                  persistence_timeout 60
                  persistence_granularity 255.255.255.0
                  real_server 203.0.113.5 8080 {
                    TCP_CHECK {
                    }
                  }
                }
                virtual_server_group F {
                  fwmark 9
                }
                virtual_server group F {
                  lb_algo rr
                  lb_kind NAT
                  protocol TCP
                  inhibit_on_failure
                  real_server 203.0.113.6 8080 {
                    TCP_CHECK {
                    }
                  }
                }
                """);
        h.runtime.start();
        assertEquals(InMemoryIpvs.normalize("""
                -A -t 192.0.2.50:80 -s wlc -p 60 -M 255.255.255.0
                -a -t 192.0.2.50:80 -r 203.0.113.5:80 -g -w 1
                -A -t 192.0.2.51:80 -s wlc -p 60 -M 255.255.255.0
                -a -t 192.0.2.51:80 -r 203.0.113.5:80 -g -w 1
                -A -t 198.51.100.0:80 -s wlc -p 60 -M 255.255.255.0
                -a -t 198.51.100.0:80 -r 203.0.113.5:80 -g -w 1
                -A -t 198.51.100.1:80 -s wlc -p 60 -M 255.255.255.0
                -a -t 198.51.100.1:80 -r 203.0.113.5:80 -g -w 1
                -A -f 9 -s rr
                -a -f 9 -r 203.0.113.6:8080 -m -w 1
                """), h.ipvs.saved());
        h.check("[203.0.113.6]:tcp:8080 [F]:0").report(false);
        assertTrue(h.ipvs.saved().contains("-a -f 9 -r 203.0.113.6:8080 -m -w 0"));
    }

    @Test
    void withoutIpvsEverythingButTheKernelStillHappens() {
        LvsHarness h = new LvsHarness(vs("192.0.2.1 80", rs("192.0.2.10", "  notify_down \"/bin/echo down\"")),
                false);
        h.runtime.start();
        assertEquals(1, h.log.stream().filter(l -> l.startsWith("IPVS not available")).count());
        h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80").report(false);
        assertEquals(List.of("/bin/echo down"), h.scripts);
        assertTrue(h.fifo.contains("RS [192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80 DOWN"));
        assertTrue(h.log.contains("Lost quorum 1-0=1 > 0 for VS [192.0.2.1]:tcp:80"));
        assertTrue(h.runtime.ipvs().skippedOperations() >= 2);
        assertEquals(List.of(), h.ipvs.requests, "nothing reached a table");
    }

    @Test
    void mailsForCheckerChangesAndQuorumWithSmtpAlert() {
        LvsHarness h = new LvsHarness(vs("192.0.2.1 80", " smtp_alert\n" + rs("192.0.2.10", "")));
        h.runtime.start();
        h.check("[192.0.2.10]:tcp:80 [192.0.2.1]:tcp:80").report(false);
        // keepalived mails from the checker before updating the server; here the mail follows the update
        // (no_checker_emails needs the server's new state), so it comes after the quorum mail.
        assertEquals(List.of(
                VirtualServerAlert.quorum("[192.0.2.1]:tcp:80", true, true, 1, 0, 1, 1),
                VirtualServerAlert.quorum("[192.0.2.1]:tcp:80", false, false, 1, 0, 1, 0),
                new RealServerAlert("[192.0.2.10]:tcp:80", "[192.0.2.1]:tcp:80", false, "=> CHECK failed on service <=")),
                h.alerts);
    }
}
