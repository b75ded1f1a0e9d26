package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.log.Facility;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;

/** The service manager states and their order, recorded without a socket. */
class ServiceNotificationsTest {
    private final List<String> sent = new ArrayList<>();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final Logger log = new Logger(new Logger.Settings(Ident.PARENT, 1, true, false, Facility.DAEMON, true),
            java.time.Clock.systemUTC(), new PrintStream(logBytes, true, StandardCharsets.UTF_8), SyslogTransport.NONE);

    private ServiceNotifications notifications(String... children) {
        return new ServiceNotifications(state -> {
            sent.add(state);
            return null;
        }, List.of(children), 4242, log);
    }

    @Test
    void readyOnlyOnceEveryChildIsUp() {
        ServiceNotifications n = notifications("VRRP", "Checker");
        n.onChildUp("VRRP"); // before onStarted: the children are spawned, not yet all up
        n.onStarted();
        assertEquals(List.of(), sent);
        assertFalse(n.isReady());
        n.onChildUp("VRRP"); // a respawned VRRP child coming up again changes nothing
        assertEquals(List.of(), sent);
        n.onChildUp("Checker");
        assertEquals(List.of("READY=1\nMAINPID=4242"), sent);
        assertTrue(n.isReady());
        n.onChildUp("Checker");
        assertEquals(1, sent.size(), "READY only once");
    }

    @Test
    void withNoChildReadyAtStart() {
        ServiceNotifications n = notifications();
        assertEquals(List.of(), sent);
        n.onStarted();
        assertEquals(List.of("READY=1\nMAINPID=4242"), sent);
    }

    @Test
    void stoppingOnceAndNeverReadyAfterIt() {
        ServiceNotifications n = notifications("VRRP");
        n.onStarted();
        n.onStopping(); // e.g. the child exited with a configuration error before coming up
        n.onStopping();
        n.onChildUp("VRRP");
        n.reloading(1_000_000);
        n.reloaded();
        assertEquals(List.of("STOPPING=1"), sent);
    }

    @Test
    void reloadIsBracketedAndIgnoredBeforeReady() {
        ServiceNotifications n = notifications("VRRP");
        n.onStarted();
        n.reloading(5_000_000_000L); // not ready yet: systemd would not expect RELOADING
        n.reloaded();
        assertEquals(List.of(), sent);
        n.onChildUp("VRRP");
        n.reloading(7_123_456_789L);
        n.reloading(8_000_000_000L); // a second HUP during the reload: one RELOADING
        n.reloaded();
        n.reloaded();
        n.onStopping();
        assertEquals(List.of("READY=1\nMAINPID=4242", "RELOADING=1\nMONOTONIC_USEC=7123456", "READY=1",
                "STOPPING=1"), sent);
    }

    @Test
    void aFailedSendIsLoggedNotThrown() {
        ServiceNotifications n = new ServiceNotifications(state -> "No such file or directory", List.of(), 1, log);
        n.onStarted();
        assertTrue(n.isReady());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8)
                .contains("Cannot notify the service manager (READY=1 MAINPID=1): No such file or directory"),
                logBytes.toString(StandardCharsets.UTF_8));
    }
}
