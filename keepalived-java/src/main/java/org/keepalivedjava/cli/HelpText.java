package org.keepalivedjava.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The texts of -h and -v: keepalived's shapes (two-column option list; name, version, platform), our words. */
public final class HelpText {
    /** The keepalived release whose configuration language and options keepalived-java follows. */
    public static final String COMPATIBLE_WITH = "Keepalived v2.2.7";

    private HelpText() {
    }

    /** The version from the jar manifest; "dev" when running from a build tree (tests, IDE). */
    public static String version() {
        String v = HelpText.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /** The first line of -v and of the "Starting" log line. */
    public static String versionLine() {
        return "keepalived-java v" + version() + " (" + COMPATIBLE_WITH + " compatible)";
    }

    public static String versionText() {
        return versionLine() + "\n"
                + "\n"
                + "A VRRP and IPVS health-check daemon in Java, configured like keepalived.\n"
                + "\n"
                + "Running on " + System.getProperty("os.name") + " " + kernel() + "\n"
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")\n";
    }

    /** uname -r and uname -v, as keepalived prints them; the JVM's os.version when /proc is unavailable. */
    static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim() + " "
                    + Files.readString(Path.of("/proc/sys/kernel/version")).trim();
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.version");
        }
    }

    public static String usage(String program) {
        return "Usage: " + program + " [OPTION...]\n"
            + "  -f, --use-file=FILE          Read the configuration from FILE\n"
            + "                                default '" + Options.DEFAULT_CONFIG + "'\n"
            + "  -P, --vrrp                   Run the VRRP child only\n"
            + "  -C, --check                  Run the health-check child only\n"
            + "  -B, --no_bfd                 Do not run BFD (keepalived-java has no BFD child)\n"
            + "      --all                    Start every child, even one with nothing configured\n"
            + "  -l, --log-console            Also log to the console (stderr)\n"
            + "  -D, --log-detail             Log in more detail\n"
            + "  -S, --log-facility=([0-7]|local[0-7]|user|daemon)\n"
            + "                               syslog facility: local0..local7 (0..7), user, or daemon (default)\n"
            + "  -G, --no-syslog              Do not log to syslog\n"
            + "  -u, --umask=MASK             File creation mask, as a number (e.g. 022)\n"
            + "  -X, --release-vips           Drop the VIPs when a signal makes an instance leave MASTER\n"
            + "  -V, --dont-release-vrrp      Leave VRRP VIPs and routes in place when stopping\n"
            + "  -I, --dont-release-ipvs      Leave the IPVS table in place when stopping\n"
            + "  -R, --dont-respawn           Do not restart a child that exits\n"
            + "  -n, --dont-fork              Stay in the foreground (keepalived-java always does)\n"
            + "  -d, --dump-conf              Print the parsed configuration\n"
            + "  -p, --pid=FILE               pid file of the parent process\n"
            + "  -r, --vrrp_pid=FILE          pid file of the VRRP child\n"
            + "  -T, --genhash                genhash utility mode (must be the first option; -T -h for its options)\n"
            + "  -c, --checkers_pid=FILE      pid file of the health-check child\n"
            + "  -a, --address-monitoring     Log every address added or removed (netlink)\n"
            + "  -b, --bfd_pid=FILE           pid file of the BFD child (accepted, unused)\n"
            + "  -x, --snmp                   SNMP (not supported: accepted with a warning)\n"
            + "  -A, --snmp-agent-socket=FILE SNMP master agent socket (not supported)\n"
            + "  -s, --namespace=NAME         Run in network namespace NAME (applied by the launcher script)\n"
            + "  -m, --core-dump              Dump core on abnormal end (accepted; the JVM decides)\n"
            + "  -M, --core-dump-pattern=PATN Core file pattern (accepted; no effect)\n"
            + "  -e, --all-config             A missing configuration file is an error\n"
            + "  -i, --config-id id           Keep '@id' lines for this id, drop '@^id' lines\n"
            + "                                default: the host name up to its first dot\n"
            + "      --signum=SIGFUNC         Print the signal number for STOP, RELOAD, DATA, STATS,\n"
            + "                                STATS_CLEAR or JSON\n"
            + "  -t, --config-test[=LOG_FILE] Check the configuration and exit (0 good, 5 errors,\n"
            + "                                6 insecure scripts); messages to stderr or LOG_FILE\n"
            + "      --status [--json]        Show the running daemon's instances and servers (control socket)\n"
            + "      --reload                 Reload the running daemon's configuration; print the verdict\n"
            + "      --stop                   Stop the running daemon and wait until it has stopped\n"
            + "  -v, --version                Print the version\n"
            + "  -h, --help                   Print this help\n";
    }
}
