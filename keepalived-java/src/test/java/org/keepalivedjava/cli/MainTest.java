package org.keepalivedjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.log.SyslogTransport;

class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> syslog = new ArrayList<>();
    private final Map<String, String> env = new java.util.HashMap<>();
    private long otherLivePid = -1;

    private Platform platform() {
        HostView host = new HostView() {
            @Override
            public boolean interfaceExists(String name) {
                return name.equals("eth0");
            }

            @Override
            public boolean userExists(String name) {
                return true;
            }

            @Override
            public boolean groupExists(String name) {
                return true;
            }
        };
        SyslogTransport recorder = b -> {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            syslog.add(new String(bytes, StandardCharsets.UTF_8));
            return true;
        };
        return new Platform(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-21T12:59:58Z"), ZoneOffset.UTC), 4321, pid -> pid == otherLivePid,
                host, () -> recorder, env::get, (settings, children, log, onRunning, stopSwitch, reload) -> {
                    supervised.addAll(children);
                    supervisorSettings.add(settings);
                    onRunning.run();
                    return 0; // the daemon "ran and was stopped"; real children are tested in their modules
                });
    }

    /** The children the launcher handed to the supervisor. */
    private final List<org.keepalivedjava.parent.ChildSpec> supervised = new ArrayList<>();
    private final List<org.keepalivedjava.parent.SupervisorSettings> supervisorSettings = new ArrayList<>();

    private int run(String... args) {
        return new Main(platform(), "keepalived-java").execute(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path good() throws Exception {
        return file("good.conf", "global_defs {\n    router_id lb1\n}\n");
    }

    private Path bad() throws Exception {
        return file("bad.conf", "global_defs {\n    frobnicate 1\n}\n");
    }

    @Test
    void versionAndHelpGoToStderrAndExitZero() {
        assertEquals(0, run("-v"));
        assertTrue(err().startsWith("keepalived-java v"), err());
        assertTrue(err().contains("Keepalived v2.2.7 compatible"));
        assertEquals("", out());
        err.reset();
        assertEquals(0, run("--help"));
        assertTrue(err().startsWith("Usage: keepalived-java [OPTION...]\n"), err());
        for (String opt : new String[] {"--use-file", "--vrrp", "--check", "--no_bfd", "--all", "--log-console",
            "--log-detail", "--log-facility", "--no-syslog", "--umask", "--release-vips", "--dont-release-vrrp",
            "--dont-release-ipvs", "--dont-respawn", "--dont-fork", "--dump-conf", "--pid", "--vrrp_pid", "--genhash",
            "--checkers_pid", "--address-monitoring", "--bfd_pid", "--snmp", "--snmp-agent-socket", "--namespace",
            "--core-dump", "--core-dump-pattern", "--all-config", "--config-id", "--signum", "--config-test",
            "--version", "--help"}) {
            assertTrue(err().contains(opt), opt);
        }
    }

    @Test
    void unknownOptionFailsWithKeepalivedsMessageThenTheUsage() {
        assertEquals(1, run("--frob"));
        assertTrue(err().startsWith("Unknown option --frob\nUsage: "), err());
        err.reset();
        assertEquals(1, run("-lZ", "-t"));
        assertTrue(err().startsWith("Unknown option -Z\nUsage: "), err());
        assertTrue(err().contains("--config-test"), "the usage lists the options");
    }

    @Test
    void signumPrintsTheNumbersKeepalivedPrints() {
        String[] names = {"STOP", "RELOAD", "DATA", "STATS", "STATS_CLEAR", "JSON"};
        int[] numbers = {15, 1, 10, 12, 63, 36};
        for (int i = 0; i < names.length; i++) {
            out.reset();
            assertEquals(0, run("--signum=" + names[i]));
            assertEquals(numbers[i] + "\n", out());
        }
        assertEquals(0, run("--signum", "STOP"));
        assertEquals(1, run("--signum=stop"));
        assertEquals("Unknown sigfunc stop\n", err());
    }

    @Test
    void genhashReachingTheCliPointsToTheLauncher() {
        assertEquals(1, run("-T"));
        assertEquals("-T/--genhash must be the first option, and is run by the launcher: keepalived-java -T"
                + " [genhash options]\n", err());
    }

    @Test
    void configTestGoodFileExitsZeroSilently() throws Exception {
        assertEquals(0, run("-t", "-f", good().toString()));
        assertEquals("", err());
    }

    @Test
    void configTestBadFilePrintsLocatedMessageAndExitsFive() throws Exception {
        Path bad = bad();
        assertEquals(5, run("--config-test", "--use-file=" + bad));
        assertTrue(err().contains("Line 2) Unknown keyword 'frobnicate'"), err());
    }

    @Test
    void configTestToLogFile() throws Exception {
        Path log = dir.resolve("t.log");
        assertEquals(5, run("-t" + log, "-f", bad().toString()));
        assertEquals("", err());
        assertTrue(Files.readString(log).contains("Unknown keyword 'frobnicate'"));
    }

    @Test
    void configTestMissingFileUnderAllConfig() {
        Path absent = dir.resolve("absent.conf");
        assertEquals(6, run("-t", "-e", "-f", absent.toString()));
        assertTrue(err().contains("Configuration file '" + absent + "' not found"), err());
    }

    @Test
    void configTestMissingMainFileIsSixUnlikeKeepalived() {
        // a deliberate divergence: keepalived 2.2.7 -t only warns and exits 0 on a config that cannot run
        Path absent = dir.resolve("absent.conf");
        assertEquals(6, run("-t", "-f", absent.toString()));
        assertTrue(err().contains("Configuration file '" + absent + "' not found"), err());
    }

    @Test
    void dumpConfWithConfigTestPrintsTheModel() throws Exception {
        assertEquals(0, run("-t", "-d", "-f", good().toString()));
        assertTrue(out().startsWith("KeepalivedConfig\n"), out());
        assertTrue(out().contains("routerId: \"lb1\""), out());
    }

    @Test
    void strayWordsAreReportedOnStdoutLikeKeepalived() throws Exception {
        assertEquals(0, run("-t", "extra", "-f", good().toString()));
        assertEquals("Unexpected argument(s): extra \n", out());
    }

    @Test
    void launcherWithNothingToRunWarnsAsKeepalivedAndStaysUpUntilStopped() throws Exception {
        Path pid = dir.resolve("run/k.pid");
        int status = run("-n", "-l", "-D", "-f", good().toString(), "-p", pid.toString());
        assertEquals(0, status);
        assertEquals(List.of(), supervised, "no child for a config with neither VRRP nor virtual servers");
        assertFalse(Files.exists(pid), "pid file removed on exit");
        String console = err();
        assertTrue(console.startsWith("Sat Nov 21 12:59:58 2026: Starting keepalived-java v"), console);
        assertTrue(console.contains(": Command line: 'keepalived-java' '-n' '-l' '-D' '-f'"), console);
        assertTrue(console.contains(": " + Launcher.NOTHING_TO_RUN + "\n"), console);
        assertTrue(console.contains(": Stopped keepalived-java"), console);
        assertTrue(syslog.get(0).startsWith("<30>Nov 21 12:59:58 Keepalived[4321]: Starting keepalived-java"),
                syslog.get(0));
        assertTrue(syslog.stream().anyMatch(s -> s.startsWith("<28>") && s.endsWith(Launcher.NOTHING_TO_RUN)),
                syslog::toString);
    }

    @Test
    void notifySocketFromTheEnvironmentReachesTheSupervisor() throws Exception {
        run("-n", "-f", good().toString(), "-p", dir.resolve("a.pid").toString());
        assertEquals(java.util.Optional.empty(), supervisorSettings.get(0).notifySocket(), "not under systemd");
        env.put("NOTIFY_SOCKET", "@kj-systemd-notify");
        run("-n", "-f", good().toString(), "-p", dir.resolve("b.pid").toString());
        assertEquals(java.util.Optional.of("@kj-systemd-notify"), supervisorSettings.get(1).notifySocket());
    }

    @Test
    void launcherStartsTheChildrenTheConfigNeeds() throws Exception {
        Path conf = file("both.conf", "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
                + " virtual_ipaddress {\n  192.0.2.100/24\n }\n}\n"
                + "virtual_server 192.0.2.100 80 {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n"
                + " real_server 198.51.100.10 80 {\n  TCP_CHECK {\n  }\n }\n}\n");
        assertEquals(0, run("-n", "-G", "-f", conf.toString(), "-p", dir.resolve("p").toString(),
                "-r", dir.resolve("r").toString(), "-c", dir.resolve("c").toString(), "-I", "-V"));
        assertEquals(List.of("VRRP", "Checker"), supervised.stream().map(c -> c.name()).toList(), err());
        var vrrp = supervised.get(0);
        var checker = supervised.get(1);
        assertEquals(Launcher.VRRP_CHILD_MAIN, vrrp.mainClass());
        assertEquals(Launcher.CHECKER_CHILD_MAIN, checker.mainClass());
        assertEquals(java.util.Optional.of(dir.resolve("r")), vrrp.pidFile());
        assertEquals(java.util.Optional.of(dir.resolve("c")), checker.pidFile());
        assertTrue(vrrp.args().contains("-V") && !vrrp.args().contains("-I"), vrrp.args().toString());
        assertTrue(checker.args().contains("-I") && !checker.args().contains("-V"), checker.args().toString());
        supervised.clear();
        assertEquals(0, run("-n", "-G", "-P", "-f", conf.toString(), "-p", dir.resolve("p").toString()));
        assertEquals(List.of("VRRP"), supervised.stream().map(c -> c.name()).toList(), "-P: VRRP only");
        supervised.clear();
        assertEquals(0, run("-n", "-G", "-C", "-f", conf.toString(), "-p", dir.resolve("p").toString()));
        assertEquals(List.of("Checker"), supervised.stream().map(c -> c.name()).toList(), "-C: checker only");
    }

    @Test
    void launcherHoldsThePidFileWhileRunning() throws Exception {
        Path pid = dir.resolve("k.pid");
        List<String> seen = new ArrayList<>();
        // The diagnostics sink runs during the load, i.e. while the launcher holds its pid file.
        Path conf = file("w.conf", "global_defs {\n  nonsense\n}\n");
        Platform p = platform();
        Platform spying = new Platform(p.out(), p.err(), p.clock(), p.pid(), p.alive(), p.host(), () -> b -> {
            seen.add(PidFile.readPid(pid).map(String::valueOf).orElse("none"));
            return true;
        }, p.environment(), p.supervisor());
        new Main(spying, "k").execute(List.of("-f", conf.toString(), "-p", pid.toString()));
        assertTrue(seen.contains("4321"), seen::toString);
    }

    @Test
    void launcherRefusesALivePidFileAndLeavesIt() throws Exception {
        Path pid = file("k.pid", "999\n");
        otherLivePid = 999;
        assertEquals(0, run("-l", "-G", "-f", good().toString(), "-p", pid.toString()));
        assertTrue(err().contains("daemon is already running (pid file " + pid + " is held by running process 999)"),
                err());
        assertEquals("999\n", Files.readString(pid));
        assertTrue(syslog.isEmpty(), "-G: nothing to syslog");
    }

    @Test
    void launcherWithMissingConfigExitsSixLikeKeepalived() {
        Path pid = dir.resolve("k.pid");
        // measured: keepalived -n -l -f MISSING logs "Config files missing '...'." and exits 6
        Path none = dir.resolve("none.conf");
        assertEquals(6, run("-l", "-f", none.toString(), "-p", pid.toString()));
        assertTrue(err().contains("Configuration file '" + none + "' not found"), err());
        assertFalse(Files.exists(pid));
    }

    @Test
    void launcherLogsConfigErrorsWithTheirLocation() throws Exception {
        Path pid = dir.resolve("k.pid");
        run("-l", "-f", bad().toString(), "-p", pid.toString());
        assertTrue(err().contains("Line 2) Unknown keyword 'frobnicate'"), err());
        assertTrue(syslog.stream().anyMatch(s -> s.startsWith("<27>") && s.contains("Unknown keyword 'frobnicate'")));
    }

    @Test
    void launcherDumpConfLogsTheModel() throws Exception {
        run("-l", "-d", "-G", "-f", good().toString(), "-p", dir.resolve("k.pid").toString());
        assertTrue(err().contains(": KeepalivedConfig\n"), err());
    }

    @Test
    void namespaceMustHaveBeenAppliedByTheLauncherScript() throws Exception {
        assertEquals(1, run("-t", "-s", "kj-blue", "-f", good().toString()));
        assertTrue(err().contains("must be applied by the bin/keepalived-java launcher script"), err());
        err.reset();
        env.put(Platform.NETNS_ENV, "kj-blue");
        assertEquals(0, run("-t", "-s", "kj-blue", "-f", good().toString()));
    }

    /**
     * keepalived 2.2.7 exits 5 from -t whenever -S names a facility ("-Sdaemon", "-Slocal3"; digits are fine), with
     * no message: plainly a bug (the facility does not touch the config). We exit 0.
     */
    @Test
    void namedFacilityDoesNotSpoilConfigTestUnlikeKeepalived227() throws Exception {
        assertEquals(0, run("-Sdaemon", "-t", "-f", good().toString()));
        assertEquals(0, run("-S", "local3", "-t", "-f", good().toString()));
        assertEquals("", err());
    }

    /** keepalived 2.2.7 names a wrong option here ("Missing parameter for option --X"); we name the one typed. */
    @Test
    void missingParameterNamesTheLongOption() {
        assertEquals(1, run("--use-file"));
        assertTrue(err().startsWith("Missing parameter for option --use-file\nUsage: "), err());
    }

    @Test
    void mainHandsTheStatusToTheExitInterface() {
        List<Integer> exits = new ArrayList<>();
        Main.main(new String[] {"--signum=JSON"}, platform(), exits::add);
        assertEquals(List.of(0), exits);
        Main.main(new String[] {"--bogus"}, platform(), exits::add);
        assertEquals(List.of(0, 1), exits);
    }
}
