package org.keepalivedjava.cli;

import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code bin/keepalived-java}: parses keepalived's options, dispatches to -h, -v, --signum, -t or
 * the launcher, and maps the outcome to an exit status. Thin on purpose: the work is in {@link CommandLine},
 * {@link ConfigTest} and {@link Launcher}, which tests call directly; {@link #execute} never exits the JVM.
 */
public final class Main {

    /** How the process ends: {@code System::exit} in production, a recorder in tests. */
    @FunctionalInterface
    public interface Exit {
        void exit(int status);
    }

    /** The name the launcher script passes in {@code -Dkeepalived.java.program} (for usage and logs). */
    static final String PROGRAM_PROPERTY = "keepalived.java.program";

    private final Platform platform;
    private final String program;

    public Main(Platform platform, String program) {
        this.platform = platform;
        this.program = program;
    }

    public static void main(String[] args) {
        // Before any JNR call: jffi loads the distribution's copy of its library instead of extracting one.
        org.keepalivedjava.os.libc.JffiLibrary.useDistributionCopy();
        main(args, Platform.system(), System::exit);
    }

    static void main(String[] args, Platform platform, Exit exit) {
        String program = System.getProperty(PROGRAM_PROPERTY, "keepalived-java");
        exit.exit(new Main(platform, program).execute(Arrays.asList(args)));
    }

    /** Runs the command line; returns the exit status. */
    static final String GENHASH_VIA_LAUNCHER = "-T/--genhash must be the first option, and is run by the"
            + " launcher: keepalived-java -T [genhash options]";

    public int execute(List<String> args) {
        CommandLine.Parsed parsed = CommandLine.parse(program, args);
        parsed.errors().forEach(platform.err()::println);
        switch (parsed.action()) {
            case HELP:
                platform.err().print(HelpText.usage(program));
                return ExitStatus.OK;
            case VERSION:
                platform.err().print(HelpText.versionText());
                return ExitStatus.OK;
            case SIGNUM:
                return signum(parsed.signalName());
            case GENHASH:
                // The launcher script runs genhash itself (it lives in the checkers module); reaching here means
                // this class was started directly.
                platform.err().println(GENHASH_VIA_LAUNCHER);
                return ExitStatus.FAILURE;
            default:
                break;
        }
        if (!parsed.unexpected().isEmpty()) {
            // keepalived reports stray words on stdout, with a trailing space, and carries on.
            platform.out().println("Unexpected argument(s): " + String.join(" ", parsed.unexpected()) + " ");
        }
        if (parsed.action() == CommandLine.Action.BAD_OPTIONS) {
            // keepalived prints only the error line; the usage after it tells the operator what is valid.
            platform.err().print(HelpText.usage(program));
            return ExitStatus.FAILURE;
        }
        Options options = parsed.options();
        if (parsed.action() == CommandLine.Action.CONTROL) {
            return ControlCommand.run(options, parsed.control(), platform);
        }
        if (options.configTest()) {
            String netnsError = Launcher.checkNamespace(options, platform);
            if (netnsError != null) {
                platform.err().println(netnsError);
                return ExitStatus.FAILURE;
            }
            return ConfigTest.run(options, platform);
        }
        return new Launcher(platform).run(options);
    }

    private int signum(String name) {
        var number = SignalNames.number(name);
        if (number.isEmpty()) {
            platform.err().println("Unknown sigfunc " + name);
            return ExitStatus.FAILURE;
        }
        platform.out().println(number.get());
        return ExitStatus.OK;
    }
}
