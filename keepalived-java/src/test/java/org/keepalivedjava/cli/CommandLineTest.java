package org.keepalivedjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.cli.CommandLine.Action;
import org.keepalivedjava.log.Facility;

class CommandLineTest {
    private static CommandLine.Parsed parse(String... args) {
        return CommandLine.parse("keepalived-java", List.of(args));
    }

    private static Options run(String... args) {
        CommandLine.Parsed p = parse(args);
        assertEquals(Action.RUN, p.action(), () -> "errors: " + p.errors());
        return p.options();
    }

    @Test
    void defaultsAreKeepalivedsDefaults() {
        Options o = run();
        assertEquals(Path.of("/etc/keepalived/keepalived.conf"), o.configFile());
        assertEquals(Path.of("/run/keepalived.pid"), o.effectivePidFile());
        assertEquals(Facility.DAEMON, o.facility());
        assertTrue(o.runVrrp());
        assertTrue(o.runCheckers());
        assertFalse(o.logConsole());
        assertFalse(o.noSyslog());
        assertFalse(o.configTest());
        assertEquals(List.of("keepalived-java"), o.commandLine());
    }

    @Test
    void everyValueOptionIsRead() {
        Options o = run("-f", "k.conf", "-p", "/tmp/p", "-r", "/tmp/r", "-c", "/tmp/c", "-b", "/tmp/b",
                "-i", "lb1", "-e", "-S", "local3", "-u", "022", "-lDGndRVIXa");
        assertEquals(Path.of("k.conf"), o.configFile());
        assertEquals(Path.of("/tmp/p"), o.effectivePidFile());
        assertEquals(Optional.of(Path.of("/tmp/r")), o.vrrpPidFile());
        assertEquals(Optional.of(Path.of("/tmp/c")), o.checkersPidFile());
        assertEquals(Optional.of(Path.of("/tmp/b")), o.bfdPidFile());
        assertEquals(Optional.of("lb1"), o.configId());
        assertTrue(o.allConfig());
        assertEquals(Facility.LOCAL3, o.facility());
        assertEquals(Optional.of(0022), o.umask());
        assertTrue(o.logConsole() && o.logDetail() && o.noSyslog() && o.dontFork() && o.dumpConf()
                && o.dontRespawn() && o.dontReleaseVrrp() && o.dontReleaseIpvs() && o.releaseVips()
                && o.addressMonitoring());
    }

    @Test
    void longSpellings() {
        Options o = run("--use-file=a.conf", "--log-console", "--log-facility", "user", "--pid", "p",
                "--config-id=x", "--all", "--no_bfd");
        assertEquals(Path.of("a.conf"), o.configFile());
        assertTrue(o.logConsole());
        assertEquals(Facility.USER, o.facility());
        assertEquals(Optional.of("x"), o.configId());
        assertTrue(o.allChildren());
        assertTrue(o.noBfd());
    }

    @Test
    void firstOfPAndCSelectsOnlyThatChildFurtherOnesAdd() {
        Options p = run("-P");
        assertTrue(p.runVrrp());
        assertFalse(p.runCheckers());
        Options c = run("--check");
        assertFalse(c.runVrrp());
        assertTrue(c.runCheckers());
        Options both = run("-C", "-P");
        assertTrue(both.runVrrp() && both.runCheckers());
    }

    @Test
    void configTestLogFileOnlyAttached() {
        assertEquals(Optional.empty(), run("-t").configTestLog());
        assertEquals(Optional.of(Path.of("/tmp/l")), run("-t/tmp/l").configTestLog());
        assertEquals(Optional.of(Path.of("/tmp/l")), run("--config-test=/tmp/l").configTestLog());
        CommandLine.Parsed p = parse("-t", "/tmp/l");
        assertTrue(p.options().configTest());
        assertEquals(Optional.empty(), p.options().configTestLog());
        assertEquals(List.of("/tmp/l"), p.unexpected());
    }

    @Test
    void terminalOptionsActWhenReached() {
        assertEquals(Action.HELP, parse("-hv").action());
        assertEquals(Action.VERSION, parse("-vh").action());
        assertEquals(Action.VERSION, parse("-Z", "-v").action());
        assertEquals(List.of("Unknown option -Z"), parse("-Z", "-v").errors());
        CommandLine.Parsed s = parse("--signum=RELOAD");
        assertEquals(Action.SIGNUM, s.action());
        assertEquals("RELOAD", s.signalName());
        assertEquals(Action.GENHASH, parse("-T").action());
        assertEquals(Action.GENHASH, parse("--genhash").action());
    }

    @Test
    void badOptionsFailAfterTheWholeLineWasRead() {
        CommandLine.Parsed p = parse("-Z", "--frob", "-f");
        assertEquals(Action.BAD_OPTIONS, p.action());
        assertEquals(List.of("Unknown option -Z", "Unknown option --frob", "Missing parameter for option -f"),
                p.errors());
    }

    @Test
    void invalidFacilityAndUmaskAreReportedAndIgnoredLikeKeepalived() {
        CommandLine.Parsed p = parse("-S9", "-uabc");
        assertEquals(Action.RUN, p.action());
        assertEquals(List.of("Invalid log facility '9'", "Invalid --umask option abc"), p.errors());
        assertEquals(Facility.DAEMON, p.options().facility());
        assertEquals(Optional.empty(), p.options().umask());
    }

    @Test
    void snmpOptionsAreAcceptedWithAWarning() {
        CommandLine.Parsed p = parse("-x", "-A", "/tmp/agent");
        assertEquals(Action.RUN, p.action());
        assertEquals(2, p.errors().size());
        assertTrue(p.errors().get(0).startsWith("SNMP not supported"), p.errors().get(0));
    }

    @Test
    void coreDumpOptionsAreAccepted() {
        assertEquals(Action.RUN, parse("-m", "-Mcore.%p", "--core-dump-pattern").action());
    }

    @Test
    void namespaceGivesAPerInstancePidFileUnlessDashP() {
        assertEquals(Path.of("/run/keepalived/blue/keepalived.pid"), run("-s", "blue").effectivePidFile());
        assertEquals(Path.of("/run/keepalived/blue/vrrp.pid"), run("-s", "blue").effectiveVrrpPidFile());
        assertEquals(Path.of("/run/keepalived/blue/checkers.pid"), run("-s", "blue").effectiveCheckersPidFile());
        assertEquals(Path.of("/run/keepalived_vrrp.pid"), run().effectiveVrrpPidFile());
        assertEquals(Path.of("/v.pid"), run("-s", "blue", "-r", "/v.pid").effectiveVrrpPidFile());
        assertEquals(Path.of("/x.pid"), run("-s", "blue", "-p", "/x.pid").effectivePidFile());
    }

    @Test
    void umaskInCNotation() {
        assertEquals(Optional.of(0022), CommandLine.parseUmask("022"));
        assertEquals(Optional.of(18), CommandLine.parseUmask("18"));
        assertEquals(Optional.of(0x12), CommandLine.parseUmask("0x12"));
        assertEquals(Optional.of(0), CommandLine.parseUmask("0"));
        assertEquals(Optional.empty(), CommandLine.parseUmask("01000"));
        assertEquals(Optional.empty(), CommandLine.parseUmask("-1"));
        assertEquals(Optional.empty(), CommandLine.parseUmask("08"));
        assertEquals(Optional.empty(), CommandLine.parseUmask(""));
    }
}
