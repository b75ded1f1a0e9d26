package org.keepalivedjava.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real datagrams to a real Unix datagram socket standing in for systemd (no root needed). */
class SystemdNotifierTest {
    @TempDir
    Path tmp;

    @Test
    void notSetOrEmptyMeansNoNotifier() {
        assertTrue(SystemdNotifier.of(Optional.empty()).isEmpty());
        assertTrue(SystemdNotifier.of(Optional.of("")).isEmpty());
    }

    @Test
    void abstractNamesStartWithNul() {
        assertEquals("\0kj/notify", SystemdNotifier.kernelPath("@kj/notify"));
        assertEquals("/run/systemd/notify", SystemdNotifier.kernelPath("/run/systemd/notify"));
    }

    @Test
    void sendsExactStatesToASocketPath() throws Exception {
        String path = tmp.resolve("notify").toString();
        try (NotifySocketReceiver systemd = new NotifySocketReceiver(path);
             SystemdNotifier notifier = SystemdNotifier.of(Optional.of(path)).orElseThrow()) {
            assertNull(notifier.send(SystemdNotifier.readyMessage(123)));
            assertNull(notifier.send(SystemdNotifier.reloadingMessage(2_000_001_999L)));
            assertNull(notifier.send(SystemdNotifier.READY_AGAIN));
            assertNull(notifier.send(SystemdNotifier.STOPPING));
            systemd.expect("READY=1\nMAINPID=123");
            systemd.expect("RELOADING=1\nMONOTONIC_USEC=2000001");
            systemd.expect("READY=1");
            systemd.expect("STOPPING=1");
        }
    }

    @Test
    void sendsToAnAbstractSocket() throws Exception {
        String name = "@kj-notify-test-" + ProcessHandle.current().pid();
        try (NotifySocketReceiver systemd = new NotifySocketReceiver(name);
             SystemdNotifier notifier = SystemdNotifier.of(Optional.of(name)).orElseThrow()) {
            assertNull(notifier.send("STOPPING=1"));
            systemd.expect("STOPPING=1");
        }
    }

    @Test
    void aMissingSocketIsAnErrorStringNotAnException() {
        try (SystemdNotifier notifier = SystemdNotifier.of(Optional.of(tmp.resolve("absent").toString()))
                .orElseThrow()) {
            assertNotNull(notifier.send("READY=1"));
        }
    }
}
