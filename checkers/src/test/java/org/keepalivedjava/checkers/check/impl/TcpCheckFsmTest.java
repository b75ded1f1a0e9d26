package org.keepalivedjava.checkers.check.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;

/** TCP_CHECK on real loopback sockets, timing on a manual clock: keepalived's retry / delay sequencing. */
class TcpCheckFsmTest {
    static final InetAddress LO = InetAddress.getLoopbackAddress();
    static final long S = Harness.S;

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, LO)) {
            return s.getLocalPort();
        }
    }

    @Test
    void upServerFirstSuccessIsLoggedButNotReportedAndDelayLoopFollows() throws Exception {
        try (Harness h = new Harness(); ServerSocket server = new ServerSocket(0, 50, LO)) {
            var config = new CheckerConfig.TcpCheck(Harness.common(LO, server.getLocalPort(), 1, 1, 10, false), null);
            TcpCheckFsm check = (TcpCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            assertEquals(-1, check.lastAttemptDurationNs(), "no attempt finished yet");
            long t0 = h.now();
            h.nextAttempt(check);
            assertTrue(check.isUp());
            assertEquals(0, check.lastAttemptDurationNs(), "the manual clock did not move during the connect");
            assertEquals(List.of(), h.events, "up from the start: no change to report");
            assertEquals(List.of("TCP connection to [127.0.0.1]:tcp:" + server.getLocalPort() + " success."), h.log);
            assertEquals(t0 + 10 * S, check.nextAttemptAtNs(), "delay_loop after a success");
        }
    }

    @Test
    void disabledCheckStartsNoAttemptAndKeepsItsVerdictUntilEnabledAgain() throws Exception {
        try (Harness h = new Harness()) {
            int port = closedPort();
            var config = new CheckerConfig.TcpCheck(Harness.common(LO, port, 0, 1, 10, false), null);
            TcpCheckFsm check = (TcpCheckFsm) Checks.create(config, h.context, h);
            check.setEnabled(false);
            assertFalse(check.isEnabled());
            check.start(h.now());
            for (int i = 0; i < 3; i++) {
                long due = check.nextAttemptAtNs();
                h.clock.setNs(due);
                h.runUntil(() -> check.nextAttemptAtNs() > due, "re-armed");
                assertEquals(due + 10 * S, check.nextAttemptAtNs(), "ha_suspend: delay_loop again, no attempt");
            }
            assertEquals(0, check.attempts());
            assertTrue(check.isUp(), "the verdict stays as it was");
            assertEquals(List.of(), h.events);
            assertEquals(List.of(), h.log);

            check.setEnabled(true);
            h.nextAttempt(check); // the server is not there: down (retry 0)
            assertEquals(1, check.attempts());
            assertFalse(check.isUp());
            assertEquals(1, h.events.size());
        }
    }

    @Test
    void refusedRetriesAfterDelayBeforeRetryThenGoesDownThenBackToDelayLoop() throws Exception {
        try (Harness h = new Harness()) {
            int port = closedPort();
            var config = new CheckerConfig.TcpCheck(Harness.common(LO, port, 2, 3, 10, false), null);
            TcpCheckFsm check = (TcpCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            String rs = "[127.0.0.1]:tcp:" + port;

            h.nextAttempt(check); // first failure: retry 1 of 2
            assertTrue(check.isUp());
            assertEquals(h.now() + 3 * S, check.nextAttemptAtNs());
            h.nextAttempt(check); // retry 2 of 2
            assertTrue(check.isUp());
            assertEquals(h.now() + 3 * S, check.nextAttemptAtNs());
            h.nextAttempt(check); // no retry left: down
            assertFalse(check.isUp());
            assertEquals(1, h.events.size());
            assertEquals(new Harness.Event(false, "=> TCP CHECK failed on service <=", -1, h.now()), h.events.get(0));
            assertTrue(h.log.contains("TCP_CHECK on service " + rs + " failed after 2 retries."), h.log::toString);
            assertTrue(h.log.contains("TCP connection to " + rs + " failed."), h.log::toString);
            assertEquals(h.now() + 10 * S, check.nextAttemptAtNs(), "delay_loop after the verdict");
            assertEquals(3, check.attempts());

            // comes back: one success is enough
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new java.net.InetSocketAddress(LO, port));
                h.nextAttempt(check); // keepalived retries even when down: this is retry 1, and it succeeds
                assertTrue(check.isUp());
                assertEquals(new Harness.Event(true, "=> TCP CHECK succeed on service <=", -1, h.now()),
                        h.events.get(1));
            }
            check.stop();
            assertEquals(CheckFsm.Phase.STOPPED, check.phase());
            assertEquals(0, h.loop.registrationCount());
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("root")
    void connectTimeoutIsAFailure() throws Exception {
        // In a namespace where 192.0.2.1 never answers: the connect hangs (or fails once ARP gives up); either way
        // the check fails. Never aimed at a documentation address from the root namespace.
        SilentSubnet.run(() -> {
            connectTimeoutIsAFailureInThisNamespace();
            return null;
        });
    }

    private static void connectTimeoutIsAFailureInThisNamespace() throws Exception {
        try (Harness h = new Harness()) {
            var config = new CheckerConfig.TcpCheck(Harness.common(InetAddress.getByName(SilentSubnet.SILENT_ADDRESS),
                    80, 0, 1, 10, false), null);
            TcpCheckFsm check = (TcpCheckFsm) Checks.create(config, h.context, h);
            check.start(h.now());
            h.loop.runOnce(0);
            if (check.phase() == CheckFsm.Phase.RUNNING) {
                h.expireStep(check, 5 * S);
                assertEquals(5 * S, check.lastAttemptDurationNs(), "the attempt lasted connect_timeout");
            } else {
                h.runUntil(() -> check.phase() == CheckFsm.Phase.WAITING, "failed");
            }
            assertFalse(check.isUp());
            assertEquals(1, h.events.size());
        }
    }

    @Test
    void alphaStartsDownAndReportsTheFirstDownVerdictForNotifies() throws Exception {
        try (Harness h = new Harness()) {
            var config = new CheckerConfig.TcpCheck(Harness.common(LO, closedPort(), 0, 1, 10, true), null);
            TcpCheckFsm check = (TcpCheckFsm) Checks.create(config, h.context, h);
            assertFalse(check.isUp());
            check.start(h.now());
            h.nextAttempt(check);
            assertEquals(List.of(new Harness.Event(false, "=> TCP CHECK failed on service <=", -1, h.now())),
                    h.events);
            h.nextAttempt(check);
            assertEquals(1, h.events.size(), "no further report while it stays down");
        }
    }

    @Test
    void warmupDelaysTheFirstAttemptByAtMostWarmup() throws Exception {
        try (Harness h = new Harness()) {
            var c = Harness.common(LO, 1, 0, 1, 10, false);
            var common = new CheckerConfig.Common(c.connectIp(), c.connectPort(), null, 0, null, 0,
                    c.connectTimeoutUs(), 0, c.delayBeforeRetryUs(), 30_000_000, c.delayLoopUs(), false, false);
            TcpCheckFsm check = (TcpCheckFsm) Checks.create(new CheckerConfig.TcpCheck(common, null), h.context, h);
            check.start(h.now());
            long delay = check.nextAttemptAtNs() - h.now();
            assertTrue(delay >= 0 && delay <= 30 * S, "warmup delay " + delay);
        }
    }

    @Test
    void ipv6AddressesAreWrittenAsInetNtop() {
        assertEquals("::1", Checks.addressText(InetAddress.getLoopbackAddress().getHostAddress().contains(":")
                ? InetAddress.getLoopbackAddress() : v6("::1")));
        assertEquals("2001:db8::1", Checks.addressText(v6("2001:db8:0:0:0:0:0:1")));
        assertEquals("2001:db8:0:1::", Checks.addressText(v6("2001:db8:0:1:0:0:0:0")));
        assertEquals("fe80::1:0:0:2", Checks.addressText(v6("fe80:0:0:0:1:0:0:2")));
        assertEquals("[2001:db8::a]:tcp:80", Checks.trio(v6("2001:db8::a"), "tcp", 80));
    }

    private static InetAddress v6(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
