package org.keepalivedjava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.config.model.lvs.Forwarding;
import org.keepalivedjava.config.model.lvs.RealServer;
import org.keepalivedjava.config.model.lvs.VirtualServer;
import org.keepalivedjava.config.model.lvs.VirtualServerGroup;

/** The health-check keywords; every expected message and verdict was measured with keepalived 2.2.7 -t. */
class CheckKeywordsTest {

    private static final HostView HOST = new HostView() {
        @Override
        public boolean interfaceExists(String name) {
            return name.equals("lo") || name.equals("eth0");
        }

        @Override
        public boolean userExists(String name) {
            return name.equals("root") || name.equals("nobody");
        }

        @Override
        public boolean groupExists(String name) {
            return name.equals("root");
        }
    };

    private static final String VS_HEAD = "virtual_server 192.0.2.1 80 {\n lvs_method NAT\n lvs_sched rr\n"
            + " protocol TCP\n";

    private static ConfigLoader.Result load(String text) {
        return ConfigLoader.loadText("t.conf", text, LoadOptions.defaults(), HOST, new Diagnostics());
    }

    private static List<String> messages(ConfigLoader.Result r) {
        return r.diagnostics().all().stream().map(Diagnostic::format).toList();
    }

    private static KeepalivedConfig clean(String text) {
        ConfigLoader.Result r = load(text);
        assertEquals(List.of(), messages(r));
        assertEquals(0, ConfigTestVerdict.exitCode(r.diagnostics()));
        return r.config();
    }

    @Test
    void fullVirtualServerIsParsedWithTypedValues() {
        KeepalivedConfig c = clean("virtual_server 192.0.2.1 80 {\n"
                + " delay_loop 6\n lvs_sched sh\n sh-port\n lvs_method TUN type gue port 6080 csum\n"
                + " persistence_timeout 50\n persistence_granularity 255.255.255.0\n protocol tcp\n"
                + " quorum 2\n hysteresis 1\n quorum_up \"/usr/bin/up arg1 'a b'\" root\n alpha\n omega\n"
                + " ha_suspend\n virtualhost www.example.com\n smtp_alert no\n inhibit_on_failure\n"
                + " sorry_server 192.0.2.99 80\n sorry_server_inhibit\n"
                + " real_server 192.0.2.10 80 {\n  weight 3\n  notify_up /bin/up\n  uthreshold 100\n"
                + "  lthreshold 10\n  TCP_CHECK {\n   connect_timeout 3.5\n  }\n }\n}\n");
        assertTrue(c.hasChecker());
        assertEquals(1, c.lvs().virtualServerCount());
        VirtualServer vs = c.lvs().virtualServers().get(0);
        assertEquals(new VirtualServer.AddressPort(org.keepalivedjava.config.values.InetValues.parseLiteral(
                "192.0.2.1"), 80), vs.service());
        assertEquals(new Location("t.conf", 1), vs.location());
        assertEquals("sh", vs.scheduler());
        assertEquals(java.util.Set.of("sh-port"), vs.schedulerFlags());
        assertEquals(new Forwarding(Forwarding.Method.TUN, Forwarding.TunnelType.GUE, 6080,
                Forwarding.Checksum.CSUM), vs.forwarding());
        assertEquals(50, vs.persistenceTimeoutS());
        assertEquals(VirtualServer.Protocol.TCP, vs.protocol());
        assertEquals(2, vs.quorum());
        assertEquals(1, vs.hysteresis());
        assertEquals(List.of("/usr/bin/up", "arg1", "a b"), vs.quorumUp().argv());
        assertEquals("root", vs.quorumUp().user());
        assertTrue(vs.alpha() && vs.omega() && vs.haSuspend() && vs.inhibitOnFailure());
        assertEquals(Boolean.FALSE, vs.smtpAlert());
        assertTrue(vs.sorryServer().inhibit());
        RealServer rs = vs.realServers().get(0);
        assertEquals(3, rs.weight());
        assertEquals(100, rs.uthreshold());
        assertEquals(10, rs.lthreshold());
        assertEquals("www.example.com", rs.virtualhost(), "inherited from the virtual server");
        assertTrue(rs.inhibitOnFailure(), "inherited from the virtual server");
        CheckerConfig.TcpCheck tcp = assertInstanceOf(CheckerConfig.TcpCheck.class, rs.checkers().get(0));
        assertEquals(3_500_000, tcp.common().connectTimeoutUs());
        assertEquals(6_000_000, tcp.common().delayLoopUs(), "delay_loop from the virtual server");
        assertEquals(new Location("t.conf", 25), tcp.location());
    }

    @Test
    void scriptsInUseAreRegistered() {
        ConfigLoader.Result r = load(VS_HEAD + " quorum_down /bin/qd\n real_server 192.0.2.10 80 {\n"
                + "  notify_down \"/bin/nd x\"\n  MISC_CHECK {\n   misc_path \"/bin/check -v\"\n   user nobody\n  }\n"
                + " }\n}\n");
        // No enable_script_security: the security check belongs to ScriptSecurity; here only the registration.
        MiscView.check(r);
    }

    /** Kept apart so the assertion reads as the registry contents. */
    private static final class MiscView {
        static void check(ConfigLoader.Result r) {
            RealServer rs = r.config().lvs().virtualServers().get(0).realServers().get(0);
            CheckerConfig.MiscCheck misc = assertInstanceOf(CheckerConfig.MiscCheck.class, rs.checkers().get(0));
            assertEquals(List.of("/bin/check", "-v"), misc.script().argv());
            assertEquals("nobody", misc.script().user());
            assertEquals(0, misc.common().retry(), "MISC_CHECK retry default");
            assertEquals(60_000_000, misc.timeoutUs(), "misc_timeout defaults to delay_loop");
            assertEquals(List.of("/bin/nd", "x"), rs.notifyDown().argv());
        }
    }

    @Test
    void checkerDefaultsPerKindAndInheritance() {
        KeepalivedConfig c = clean(VS_HEAD + " retry 4\n real_server 192.0.2.10 80 {\n  delay_loop 10\n"
                + "  TCP_CHECK {\n  }\n  HTTP_GET {\n   url {\n    path /\n   }\n  }\n  DNS_CHECK {\n   retry 2\n  }\n"
                + "  PING_CHECK {\n   warmup 0\n   connect_port 8080\n  }\n }\n"
                + " real_server 192.0.2.11 80 {\n  DNS_CHECK {\n  }\n  HTTP_GET {\n   url {\n    path /\n   }\n  }\n }\n}\n");
        VirtualServer vs = c.lvs().virtualServers().get(0);
        List<CheckerConfig> a = vs.realServers().get(0).checkers();
        var tcp = ((CheckerConfig.Connecting) a.get(0)).common();
        assertEquals(5_000_000, tcp.connectTimeoutUs());
        assertEquals(10_000_000, tcp.delayLoopUs());
        assertEquals(10_000_000, tcp.warmupUs(), "warmup defaults to the effective delay_loop");
        assertEquals(4, tcp.retry(), "virtual server retry inherited");
        assertEquals(1_000_000, tcp.delayBeforeRetryUs());
        assertEquals(80, tcp.connectPort());
        var http = (CheckerConfig.HttpCheck) a.get(1);
        assertEquals(3_000_000, http.common().delayBeforeRetryUs());
        assertEquals(List.of(new CheckerConfig.StatusRange(200, 299)), http.urls().get(0).statusCodes());
        assertEquals("1.0", http.httpProtocol());
        var dns = (CheckerConfig.DnsCheck) a.get(2);
        assertEquals(2, dns.common().retry());
        assertEquals("SOA", dns.type());
        assertEquals(".", dns.name());
        var ping = (CheckerConfig.PingCheck) a.get(3);
        assertEquals(0, ping.common().warmupUs());
        assertEquals(8080, ping.common().connectPort());
        var dns2 = (CheckerConfig.DnsCheck) vs.realServers().get(1).checkers().get(0);
        assertEquals(4, dns2.common().retry(), "virtual server retry beats the DNS default");
        assertEquals(60_000_000, dns2.common().delayBeforeRetryUs(), "DNS delay_before_retry is delay_loop");
    }

    @Test
    void checkerWithoutAnyRetryGetsKindDefaults() {
        KeepalivedConfig c = clean(VS_HEAD + " real_server 192.0.2.10 80 {\n  DNS_CHECK {\n  }\n"
                + "  SMTP_CHECK {\n  }\n }\n}\n");
        var checkers = c.lvs().virtualServers().get(0).realServers().get(0).checkers();
        assertEquals(3, ((CheckerConfig.DnsCheck) checkers.get(0)).common().retry());
        var smtp = (CheckerConfig.SmtpCheck) checkers.get(1);
        assertEquals(1, smtp.common().retry());
        assertEquals("smtpchecker.keepalived.org", smtp.heloName());
    }

    @Test
    void httpUrlValues() {
        KeepalivedConfig c = clean(VS_HEAD + " real_server 192.0.2.10 80 {\n  virtualhost rs.example\n"
                + "  SSL_GET {\n   http_protocol 1.0C\n   enable_sni\n   fast_recovery\n"
                + "   url {\n    path /health\n    digest 9B3A0C85A887A256D6939DA88AABD8CD\n"
                + "    status_code 200 300-399 503\n    regex ^ok\n    regex_no_match\n   }\n"
                + "   url {\n    path /b\n    virtualhost url.example\n   }\n  }\n }\n}\n");
        var http = (CheckerConfig.HttpCheck) c.lvs().virtualServers().get(0).realServers().get(0).checkers().get(0);
        assertTrue(http.ssl() && http.enableSni() && http.fastRecovery());
        assertEquals("1.0C", http.httpProtocol());
        CheckerConfig.Url u = http.urls().get(0);
        assertEquals("/health", u.path());
        assertEquals(List.of("9b3a0c85a887a256d6939da88aabd8cd"), u.digests());
        assertEquals(List.of(new CheckerConfig.StatusRange(200, 200), new CheckerConfig.StatusRange(300, 399),
                new CheckerConfig.StatusRange(503, 503)), u.statusCodes());
        assertEquals("^ok", u.regex());
        assertTrue(u.regexNoMatch());
        assertEquals("rs.example", u.virtualhost());
        assertEquals("url.example", http.urls().get(1).virtualhost());
    }

    @Test
    void udpFileAndBfdCheckers() {
        KeepalivedConfig c = clean("bfd_instance B1 {\n neighbor_ip 192.0.2.10\n}\n" + VS_HEAD
                + " real_server 192.0.2.10 80 {\n  UDP_CHECK {\n   payload Ab12f 3\n   require_reply 0X\n"
                + "   min_reply_length 2\n  }\n  FILE_CHECK {\n   track_file tf\n   weight -5 reverse\n  }\n"
                + "  BFD_CHECK {\n   name B1\n  }\n }\n}\n");
        var checkers = c.lvs().virtualServers().get(0).realServers().get(0).checkers();
        var udp = (CheckerConfig.UdpCheck) checkers.get(0);
        // keepalived's free format: "Ab12f 3" is AB 12 0F 03 (man keepalived.conf)
        assertEquals("ab120f03", udp.payloadHex());
        assertTrue(udp.requireReply());
        assertEquals("0x", udp.requireReplyHex());
        assertEquals(2, udp.minReplyLength());
        assertEquals(255, udp.maxReplyLength());
        var file = (CheckerConfig.FileCheck) checkers.get(1);
        assertEquals("tf", file.trackFile());
        assertEquals(-5, file.weight());
        assertTrue(file.reverse());
        assertEquals("B1", ((CheckerConfig.BfdCheck) checkers.get(2)).name());
    }

    @Test
    void virtualServerGroupsAndFwmarks() {
        KeepalivedConfig c = clean("virtual_server_group G {\n 192.0.2.1-10 80\n 192.0.2.16/30 443\n"
                + " fwmark 7\n}\nvirtual_server group G {\n lvs_method DR\n lvs_sched rr\n protocol TCP\n"
                + " real_server 192.0.2.20 80 {\n }\n}\nvirtual_server fwmark 9 {\n lvs_method DR\n lvs_sched wlc\n"
                + " real_server 192.0.2.21 {\n }\n}\n");
        VirtualServerGroup g = c.lvs().group("G");
        var r1 = (VirtualServerGroup.AddressRange) g.entries().get(0);
        assertEquals("192.0.2.10", r1.last().getHostAddress());
        assertEquals(80, r1.port());
        var r2 = (VirtualServerGroup.AddressRange) g.entries().get(1);
        assertEquals("192.0.2.16", r2.first().getHostAddress());
        assertEquals("192.0.2.19", r2.last().getHostAddress());
        assertEquals(new VirtualServerGroup.Fwmark(7, null, new Location("t.conf", 4)), g.entries().get(2));
        assertEquals(2, c.lvs().virtualServerCount());
        assertEquals(new VirtualServer.Group("G"), c.lvs().virtualServers().get(0).service());
        assertEquals(new VirtualServer.Fwmark(9), c.lvs().virtualServers().get(1).service());
    }

    @Test
    void sslBlock() {
        KeepalivedConfig c = clean("SSL {\n password secret\n ca /etc/ca.pem\n certificate /etc/c.pem\n"
                + " key /etc/k.pem\n}\n");
        assertEquals("secret", c.lvs().ssl().password());
        assertEquals("/etc/k.pem", c.lvs().ssl().keyFile());
        assertFalse(c.hasChecker());
    }

    @Test
    void deprecatedAliasesAreAcceptedAsKeepalivedDoes() {
        // lb_algo / lb_kind: silently accepted by keepalived 2.2.7 (no message, exit 0).
        KeepalivedConfig c = clean("virtual_server 192.0.2.1 80 {\n lb_algo lc\n lb_kind DR\n protocol TCP\n"
                + " real_server 192.0.2.10 80 {\n }\n}\n");
        assertEquals("lc", c.lvs().virtualServers().get(0).scheduler());
        assertEquals(Forwarding.Method.DR, c.lvs().virtualServers().get(0).forwarding().method());
        // nb_get_retry: keepalived's own message, counted as an error (exit 5), value used as retry.
        ConfigLoader.Result r = load(VS_HEAD + " real_server 192.0.2.10 80 {\n  HTTP_GET {\n   nb_get_retry 7\n"
                + "   url {\n    path /\n   }\n  }\n }\n}\n");
        assertEquals(List.of("(t.conf: Line 7) nb_get_retry is deprecated - please use 'retry'"), messages(r));
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()));
        var http = (CheckerConfig.HttpCheck) r.config().lvs().virtualServers().get(0).realServers().get(0)
                .checkers().get(0);
        assertEquals(7, http.common().retry());
    }

    private static void assertErrors(String text, String... expected) {
        ConfigLoader.Result r = load(text);
        assertEquals(List.of(expected), messages(r));
        assertTrue(r.diagnostics().has(ConfigStatus.GENERAL_ERROR));
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()));
    }

    @Test
    void badVirtualServerPortSkipsTheServer() {
        assertErrors("virtual_server 192.0.2.1 70000 {\n real_server 192.0.2.10 80 {\n }\n}\n",
                "(t.conf: Line 1) number '70000' outside range [1, 65535]",
                "(t.conf: Line 1) Invalid virtual server IP address/port 192.0.2.1/70000 - skipping");
        assertFalse(load("virtual_server 192.0.2.1 70000 {\n}\n").config().hasChecker());
    }

    @Test
    void missingSchedulerForwardingAndProtocolAreErrorsWithDefaults() {
        ConfigLoader.Result r = load("virtual_server 192.0.2.1 80 {\n real_server 192.0.2.10 80 {\n }\n}\n");
        assertEquals(List.of("Virtual server [192.0.2.1]:none:80: no protocol set - defaulting to UDP",
                "Virtual server [192.0.2.1]:udp:80: no scheduler set, setting default 'wlc'",
                "Virtual server [192.0.2.1]:udp:80: no forwarding method set, setting default NAT"), messages(r));
        VirtualServer vs = r.config().lvs().virtualServers().get(0);
        assertEquals("wlc", vs.scheduler());
        assertEquals(Forwarding.NAT, vs.forwarding());
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()));
    }

    @Test
    void unknownSchedulerAndNoRealServers() {
        assertErrors("virtual_server 192.0.2.1 80 {\n lvs_sched foo\n lvs_method NAT\n protocol TCP\n}\n",
                "(t.conf: Line 2) Invalid lvs_scheduler 'foo' - ignoring",
                "Virtual server [192.0.2.1]:tcp:80 has no real servers - ignoring");
    }

    @Test
    void unknownGroupIsDroppedSilently() {
        ConfigLoader.Result r = load("virtual_server group NOPE {\n lvs_method NAT\n lvs_sched rr\n protocol TCP\n"
                + " real_server 192.0.2.10 80 {\n }\n}\n");
        assertEquals(List.of(), messages(r));
        assertEquals(0, r.config().lvs().virtualServerCount());
    }

    @Test
    void duplicateRealServerIsRemoved() {
        ConfigLoader.Result r = load(VS_HEAD + " real_server 192.0.2.10 80 {\n }\n real_server 192.0.2.10 80 {\n"
                + " }\n}\n");
        assertEquals(List.of("VS [192.0.2.1]:tcp:80: real server [192.0.2.10]:tcp:80 is duplicated - removing"
                + " second rs"), messages(r));
        assertEquals(1, r.config().lvs().virtualServers().get(0).realServers().size());
    }

    @Test
    void fwmarkWithProtocolAndCheckerWithoutConnectPort() {
        // keepalived 2.2.7 says nothing about a TCP_CHECK on a port-less real server at -t time.
        assertErrors("virtual_server fwmark 5 {\n protocol TCP\n lvs_sched rr\n lvs_method NAT\n"
                        + " real_server 192.0.2.10 {\n  TCP_CHECK {\n  }\n }\n}\n",
                "Warning: Virtual server FWM 5: protocol specified for fwmark - protocol will be ignored");
    }

    @Test
    void checkerValidation() {
        assertErrors(VS_HEAD + " real_server 192.0.2.10 80 {\n  MISC_CHECK {\n  }\n"
                        + "  HTTP_GET {\n   url {\n    path /\n    status_code 99 200-299x 700\n    digest abc\n   }\n  }\n"
                        + " }\n}\n",
                "(t.conf: Line 7) No script path has been specified for MISC_CHECKER - skipping",
                "(t.conf: Line 11) Invalid HTTP_GET status code '99'",
                "(t.conf: Line 11) Invalid HTTP_GET status code '200-299x'",
                "(t.conf: Line 11) Invalid HTTP_GET status code '700'",
                "(t.conf: Line 12) digest 'abc' character length should be 32 rather than 3");
    }

    @Test
    void numberAndTimerMessages() {
        assertErrors(VS_HEAD + " delay_loop 0\n connect_timeout 0\n retry 0\n hysteresis -1\n quorum 0\n"
                        + " real_server 192.0.2.10 80 {\n  weight -1\n  TCP_CHECK {\n   connect_port 0\n   retry x\n  }\n }\n}\n",
                "(t.conf: Line 5) number '0' outside range [0.000001, 18446744073709.551614]",
                "(t.conf: Line 5) virtual server delay loop '0' invalid - ignoring",
                "(t.conf: Line 6) number '0' outside range [0.000001, 4294.967295]",
                "(t.conf: Line 6) virtual server connect_timeout 0 invalid - ignoring",
                "(t.conf: Line 7) number '0' outside range [1, 4294967295]",
                "(t.conf: Line 7) retry value invalid - 0",
                "(t.conf: Line 8) negative number '-1'",
                "(t.conf: Line 8) Hysteresis -1 must be in [0, 4294967295] - ignoring",
                "(t.conf: Line 9) number '0' outside range [1, 4294967295]",
                "(t.conf: Line 9) Quorum 0 must be in [1, 4294967295]. Setting to 1.",
                "(t.conf: Line 11) negative number '-1'",
                "(t.conf: Line 11) Real server weight -1 is outside range 0-2147483647",
                "(t.conf: Line 13) number '0' outside range [1, 65535]",
                "(t.conf: Line 13) Invalid checker connect_port '0'",
                "(t.conf: Line 14) invalid number 'x'",
                "(t.conf: Line 14) Invalid retry connection value 'x'");
    }

    @Test
    void forwardingOptionsAndQuorumAdjustments() {
        assertErrors("virtual_server 192.0.2.2 80 {\n protocol UDP\n lvs_sched rr\n lvs_method TUN type gue\n"
                        + " lvs_method TUN\n quorum 5\n hysteresis 9\n real_server 192.0.2.10 81 {\n  weight 2\n }\n}\n",
                "(t.conf: Line 4) gue tunnels require port, otherwise cannot have port.",
                "Warning - quorum 5 for [192.0.2.2]:udp:80 exceeds total weight of real servers 2, reducing quorum to 2",
                "Virtual server [192.0.2.2]:udp:80: hysteresis 9 >= quorum 2; setting hysteresis to 1",
                "WARNING - virtual server [192.0.2.2]:udp:80 and real server [192.0.2.10]:udp:81 ports don't match"
                        + " - resetting");
    }

    @Test
    void groupEntryErrors() {
        assertErrors("virtual_server_group G {\n 192.0.2.300 80\n fwmark 9 inet7\n 192.0.2.50-40 80\n}\n",
                "(t.conf: Line 2) Invalid virtual server group IP address 192.0.2.300 /port/80 - skipping",
                "(t.conf: Line 3) (G): fwmark '9' family inet7 unknown - ignoring",
                "(t.conf: Line 4) Address range end is not greater than address range start - 192.0.2.50-40 - skipping",
                "(t.conf: Line 1) virtual server group G has no entries - removing");
    }

    @Test
    void miscUserMustExist() {
        ConfigLoader.Result r = load(VS_HEAD + " real_server 192.0.2.10 80 {\n  MISC_CHECK {\n"
                + "   misc_path /bin/true\n   user nosuchuser\n  }\n }\n}\n");
        assertEquals(List.of("(t.conf: Line 6) Failed to set uid/gid for misc checker script '/bin/true' - removing"),
                messages(r));
        assertTrue(r.config().lvs().virtualServers().get(0).realServers().get(0).checkers().isEmpty());
    }

    @Test
    void addressFamilyMismatchSkipsRealServer() {
        ConfigLoader.Result r = load(VS_HEAD + " real_server 2001:db8::5 80 {\n }\n real_server 192.0.2.10 80 {\n"
                + " }\n}\n");
        assertEquals(List.of("(t.conf: Line 6) Address family of virtual server and real server 2001:db8::5 don't"
                + " match - skipping real server."), messages(r));
        assertEquals(1, r.config().lvs().virtualServers().get(0).realServers().size());
        assertNull(r.config().lvs().ssl());
    }

    @Test
    void aFwmarkServiceTakesRealServersWithoutPorts() {
        // measured: "real_server IP 0" and "real_server IP" under a fwmark service are both fine (port 0 = none)
        String fwm = "virtual_server fwmark 7 {\n lvs_sched rr\n lvs_method DR\n real_server 198.51.100.11 %s {\n"
                + "  TCP_CHECK {\n   connect_port 80\n  }\n }\n}\n";
        for (String port : List.of("0", "00", "")) {
            KeepalivedConfig c = clean(String.format(fwm, port));
            assertEquals(0, c.lvs().virtualServers().get(0).realServers().get(0).port());
        }
        ConfigLoader.Result r = load(String.format(fwm, "80"));
        assertEquals(List.of("WARNING - fwmark virtual server FWM 7, real server [198.51.100.11]:none:80 has port"
                + " specified - clearing"), messages(r));
        assertEquals(5, ConfigTestVerdict.exitCode(r.diagnostics()));
        assertEquals(0, r.config().lvs().virtualServers().get(0).realServers().get(0).port());
        assertEquals(List.of("(t.conf: Line 4) number '65536' outside range [1, 65535]",
                "(t.conf: Line 4) Invalid real server ip address/port 198.51.100.11/65536 - skipping",
                "Virtual server FWM 7 has no real servers - ignoring"), messages(load(String.format(fwm, "65536"))));
    }

    @Test
    void aDirectRoutingRealServerWithoutPortTakesTheVirtualServersQuietly() {
        KeepalivedConfig c = clean("virtual_server 192.0.2.1 80 {\n lvs_sched rr\n lvs_method DR\n protocol TCP\n"
                + " real_server 198.51.100.11 {\n  TCP_CHECK {\n   connect_port 80\n  }\n }\n}\n");
        assertEquals(80, c.lvs().virtualServers().get(0).realServers().get(0).port());
    }
}
