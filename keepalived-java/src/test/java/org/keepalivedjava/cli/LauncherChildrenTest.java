package org.keepalivedjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.log.Ident;
import org.keepalivedjava.parent.ChildSpec;
import org.keepalivedjava.parent.SupervisorSettings;

class LauncherChildrenTest {

    private static Options parse(String... args) {
        CommandLine.Parsed parsed = CommandLine.parse("keepalived-java", List.of(args));
        assertEquals(CommandLine.Action.RUN, parsed.action(), parsed.errors().toString());
        return parsed.options();
    }

    @Test
    void vrrpChildGetsTheOptionsItUsesAndItsPidFile() {
        ChildSpec spec = Launcher.vrrpChild(parse("-n", "-l", "-D", "-G", "-V", "-i", "lb1", "-f", "/x/k.conf",
                "-r", "/tmp/v.pid", "-p", "/tmp/p.pid", "-S", "3"));
        assertEquals("VRRP", spec.name());
        assertEquals(Launcher.VRRP_CHILD_MAIN, spec.mainClass());
        assertEquals(List.of("-f", "/x/k.conf", "-l", "-D", "-G", "-S", "local3", "-i", "lb1", "-V"), spec.args());
        assertEquals(Optional.of(Path.of("/tmp/v.pid")), spec.pidFile());
        assertEquals(Ident.VRRP, spec.ident());
        assertTrue(spec.jvmFlags().containsAll(ChildSpec.defaultJvmFlagsFor(ChildSpec.VRRP)));
        assertTrue(spec.jvmFlags().contains("-Xmn1344k"), "the VRRP child's heap flags: " + spec.jvmFlags());
    }

    @Test
    void vrrpChildPidFileDefaultsToKeepalivedsPath() {
        ChildSpec spec = Launcher.vrrpChild(parse("-f", "/x/k.conf"));
        assertEquals(Optional.of(Path.of("/run/keepalived_vrrp.pid")), spec.pidFile());
        assertEquals(List.of("-f", "/x/k.conf", "-S", "daemon"), spec.args());
    }

    @Test
    void supervisorSettingsTakeRespawnAndAPerDaemonRuntimeDir() {
        SupervisorSettings s = Launcher.supervisorSettings(parse("-R", "-f", "/x"), null, 4242);
        assertEquals(false, s.respawn());
        assertEquals(Path.of("/run/keepalived-java/4242"), s.runtimeDir());
        assertEquals(SupervisorSettings.DEFAULT_WATCHDOG_INTERVAL_NS, s.watchdogIntervalNs());
    }
}
