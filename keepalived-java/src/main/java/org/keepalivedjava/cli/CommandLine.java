package org.keepalivedjava.cli;

import static org.keepalivedjava.cli.GetoptLong.Arg.NONE;
import static org.keepalivedjava.cli.GetoptLong.Arg.OPTIONAL;
import static org.keepalivedjava.cli.GetoptLong.Arg.REQUIRED;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keepalivedjava.cli.GetoptLong.Spec;
import org.keepalivedjava.log.Facility;
import org.keepalivedjava.parent.control.ControlProtocol;

/**
 * keepalived 2.2.7's option table and what each option means, as a pure function from the argument words to a
 * {@link Parsed} outcome. Options are acted on in command-line order as keepalived does: {@code -h},
 * {@code -v}, {@code --signum} and {@code -T} end the parse when reached ({@code -hv} prints the help, {@code -vh}
 * the version); bad options are reported and make the run fail only once every option was read.
 */
public final class CommandLine {

    /** What the command line asks for. */
    public enum Action { RUN, HELP, VERSION, SIGNUM, GENHASH, BAD_OPTIONS, CONTROL }

    /**
     * The outcome of parsing.
     *
     * @param action     what to do
     * @param options    the options read (meaningful for RUN; partial otherwise)
     * @param signalName the argument of --signum (SIGNUM only)
     * @param errors     messages for stderr, in order (bad options, bad values, warnings such as "SNMP not supported")
     * @param unexpected operands, which keepalived reports on stdout as {@code Unexpected argument(s): } and ignores
     * @param control    the control-socket request (CONTROL only; keepalived-java's --status, --reload, --stop)
     */
    public record Parsed(Action action, Options options, String signalName, List<String> errors,
                         List<String> unexpected, ControlProtocol.Request control) {
        Parsed(Action action, Options options, String signalName, List<String> errors, List<String> unexpected) {
            this(action, options, signalName, errors, unexpected, null);
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec("use-file", 'f', "use-file", REQUIRED),
            new Spec("vrrp", 'P', "vrrp", NONE),
            new Spec("check", 'C', "check", NONE),
            new Spec("no_bfd", 'B', "no_bfd", NONE),
            new Spec("all", (char) 0, "all", NONE),
            new Spec("log-console", 'l', "log-console", NONE),
            new Spec("log-detail", 'D', "log-detail", NONE),
            new Spec("log-facility", 'S', "log-facility", REQUIRED),
            new Spec("no-syslog", 'G', "no-syslog", NONE),
            new Spec("umask", 'u', "umask", REQUIRED),
            new Spec("release-vips", 'X', "release-vips", NONE),
            new Spec("dont-release-vrrp", 'V', "dont-release-vrrp", NONE),
            new Spec("dont-release-ipvs", 'I', "dont-release-ipvs", NONE),
            new Spec("dont-respawn", 'R', "dont-respawn", NONE),
            new Spec("dont-fork", 'n', "dont-fork", NONE),
            new Spec("dump-conf", 'd', "dump-conf", NONE),
            new Spec("pid", 'p', "pid", REQUIRED),
            new Spec("vrrp_pid", 'r', "vrrp_pid", REQUIRED),
            new Spec("genhash", 'T', "genhash", NONE),
            new Spec("checkers_pid", 'c', "checkers_pid", REQUIRED),
            new Spec("address-monitoring", 'a', "address-monitoring", NONE),
            new Spec("bfd_pid", 'b', "bfd_pid", REQUIRED),
            new Spec("snmp", 'x', "snmp", NONE),
            new Spec("snmp-agent-socket", 'A', "snmp-agent-socket", REQUIRED),
            new Spec("namespace", 's', "namespace", REQUIRED),
            new Spec("core-dump", 'm', "core-dump", NONE),
            new Spec("core-dump-pattern", 'M', "core-dump-pattern", OPTIONAL),
            new Spec("all-config", 'e', "all-config", NONE),
            new Spec("config-id", 'i', "config-id", REQUIRED),
            new Spec("signum", (char) 0, "signum", REQUIRED),
            new Spec("config-test", 't', "config-test", OPTIONAL),
            new Spec("version", 'v', "version", NONE),
            new Spec("help", 'h', "help", NONE),
            // keepalived-java's own: the control socket's client. Exact spelling only (see Spec.exactOnly).
            new Spec("status", (char) 0, "status", NONE, true),
            new Spec("json", (char) 0, "json", NONE, true),
            new Spec("reload", (char) 0, "reload", NONE, true),
            new Spec("stop", (char) 0, "stop", NONE, true));

    private static final GetoptLong GETOPT = new GetoptLong(SPECS);

    private CommandLine() {
    }

    /** Mutable state of one parse; turned into an immutable {@link Options} at the end. */
    private static final class State {
        Path configFile = Options.DEFAULT_CONFIG;
        boolean daemonSelected;
        boolean runVrrp = true;
        boolean runCheckers = true;
        boolean noBfd;
        boolean allChildren;
        boolean logConsole;
        boolean logDetail;
        Facility facility = Facility.DAEMON;
        boolean noSyslog;
        boolean dontFork;
        boolean dumpConf;
        Optional<Path> pidFile = Optional.empty();
        Optional<Path> vrrpPidFile = Optional.empty();
        Optional<Path> checkersPidFile = Optional.empty();
        Optional<Path> bfdPidFile = Optional.empty();
        Optional<String> namespace = Optional.empty();
        boolean allConfig;
        Optional<String> configId = Optional.empty();
        boolean configTest;
        Optional<Path> configTestLog = Optional.empty();
        boolean dontRespawn;
        boolean dontReleaseVrrp;
        boolean dontReleaseIpvs;
        boolean releaseVips;
        Optional<Integer> umask = Optional.empty();
        boolean addressMonitoring;
        String controlCommand;
        boolean json;

        Options toOptions(List<String> commandLine) {
            return new Options(configFile, runVrrp, runCheckers, noBfd, allChildren, logConsole, logDetail,
                    facility, noSyslog, dontFork, dumpConf, pidFile, vrrpPidFile, checkersPidFile, bfdPidFile,
                    namespace, allConfig, configId, configTest, configTestLog, dontRespawn, dontReleaseVrrp,
                    dontReleaseIpvs, releaseVips, umask, addressMonitoring, commandLine);
        }

        /** -P and -C: the first one selects only that child, further ones add theirs (keepalived's daemon_mode). */
        void selectDaemon(boolean vrrp) {
            if (!daemonSelected) {
                runVrrp = false;
                runCheckers = false;
                daemonSelected = true;
            }
            if (vrrp) {
                runVrrp = true;
            } else {
                runCheckers = true;
            }
        }
    }

    /**
     * @param programName how the program was called (first word of the "Command line:" log line)
     * @param args        the arguments after the program name
     */
    public static Parsed parse(String programName, List<String> args) {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(programName);
        commandLine.addAll(args);
        GetoptLong.Result result = GETOPT.parse(args);
        State s = new State();
        List<String> errors = new ArrayList<>();
        boolean bad = false;
        for (GetoptLong.Item item : result.items()) {
            if (item.isError()) {
                errors.add(item.error());
                bad = true;
                continue;
            }
            String v = item.option().value();
            switch (item.option().spec().key()) {
                case "use-file" -> s.configFile = Path.of(v);
                case "vrrp" -> s.selectDaemon(true);
                case "check" -> s.selectDaemon(false);
                case "no_bfd" -> s.noBfd = true;
                case "all" -> s.allChildren = true;
                case "log-console" -> s.logConsole = true;
                case "log-detail" -> s.logDetail = true;
                case "log-facility" -> {
                    Optional<Facility> f = Facility.parseOption(v);
                    if (f.isPresent()) {
                        s.facility = f.get();
                    } else {
                        errors.add("Invalid log facility '" + v + "'");
                    }
                }
                case "no-syslog" -> s.noSyslog = true;
                case "umask" -> {
                    Optional<Integer> mask = parseUmask(v);
                    if (mask.isPresent()) {
                        s.umask = mask;
                    } else {
                        errors.add("Invalid --umask option " + v);
                    }
                }
                case "release-vips" -> s.releaseVips = true;
                case "dont-release-vrrp" -> s.dontReleaseVrrp = true;
                case "dont-release-ipvs" -> s.dontReleaseIpvs = true;
                case "dont-respawn" -> s.dontRespawn = true;
                case "dont-fork" -> s.dontFork = true;
                case "dump-conf" -> s.dumpConf = true;
                case "pid" -> s.pidFile = Optional.of(Path.of(v));
                case "vrrp_pid" -> s.vrrpPidFile = Optional.of(Path.of(v));
                case "checkers_pid" -> s.checkersPidFile = Optional.of(Path.of(v));
                case "bfd_pid" -> s.bfdPidFile = Optional.of(Path.of(v));
                case "address-monitoring" -> s.addressMonitoring = true;
                case "snmp", "snmp-agent-socket" -> errors.add("SNMP not supported by keepalived-java; option "
                        + describe(item.option().spec()) + " ignored");
                case "namespace" -> s.namespace = Optional.of(v);
                case "core-dump", "core-dump-pattern" -> {
                    // Core dumps of a JVM are governed by the JVM and the kernel's core_pattern: accepted, no effect.
                }
                case "all-config" -> s.allConfig = true;
                case "config-id" -> s.configId = Optional.of(v);
                case "config-test" -> {
                    s.configTest = true;
                    s.configTestLog = Optional.ofNullable(v).map(Path::of);
                }
                case "status", "reload", "stop" -> {
                    String word = item.option().spec().key();
                    if (s.controlCommand != null && !s.controlCommand.equals(word)) {
                        errors.add("--" + s.controlCommand + " and --" + word + " cannot be combined");
                        bad = true;
                    }
                    s.controlCommand = word;
                }
                case "json" -> s.json = true;
                case "signum" -> {
                    return new Parsed(Action.SIGNUM, s.toOptions(commandLine), v, errors, result.operands());
                }
                case "genhash" -> {
                    return new Parsed(Action.GENHASH, s.toOptions(commandLine), null, errors, result.operands());
                }
                case "version" -> {
                    return new Parsed(Action.VERSION, s.toOptions(commandLine), null, errors, result.operands());
                }
                case "help" -> {
                    return new Parsed(Action.HELP, s.toOptions(commandLine), null, errors, result.operands());
                }
                default -> throw new IllegalStateException("option without meaning: " + item.option().spec());
            }
        }
        if (s.json && !"status".equals(s.controlCommand)) {
            errors.add("--json goes with --status");
            bad = true;
        }
        if (s.controlCommand != null && !bad) {
            ControlProtocol.Request request = switch (s.controlCommand) {
                case "status" -> s.json ? ControlProtocol.Request.STATUS_JSON : ControlProtocol.Request.STATUS;
                case "reload" -> ControlProtocol.Request.RELOAD;
                default -> ControlProtocol.Request.STOP;
            };
            return new Parsed(Action.CONTROL, s.toOptions(commandLine), null, errors, result.operands(), request);
        }
        return new Parsed(bad ? Action.BAD_OPTIONS : Action.RUN, s.toOptions(commandLine), null, errors,
                result.operands());
    }

    private static String describe(Spec spec) {
        return spec.shortName() != 0 ? "-" + spec.shortName() : "--" + spec.longName();
    }

    /**
     * -u/--umask: a number in C notation (decimal, 0-prefixed octal, 0x-prefixed hex) within 0..0777, the whole
     * word being the number.
     */
    static Optional<Integer> parseUmask(String text) {
        try {
            int value;
            if (text.startsWith("0x") || text.startsWith("0X")) {
                value = Integer.parseInt(text.substring(2), 16);
            } else if (text.length() > 1 && text.startsWith("0")) {
                value = Integer.parseInt(text.substring(1), 8);
            } else {
                value = Integer.parseInt(text);
            }
            if (value < 0 || (value & ~0777) != 0 || text.startsWith("+") || text.startsWith("-")) {
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
