package org.keepalivedjava.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.keepalivedjava.log.Facility;

/**
 * keepalived 2.2.7's command-line options, parsed (immutable). Options accepted for compatibility but with no
 * effect in keepalived-java yet are kept so later issues can use them.
 *
 * @param configFile       -f/--use-file
 * @param runVrrp          the VRRP child runs (-P alone selects only it; neither -P nor -C means both)
 * @param runCheckers      the health-check child runs (-C)
 * @param noBfd            -B/--no_bfd (keepalived-java has no BFD child; accepted)
 * @param allChildren      --all: start children even without configuration for them
 * @param logConsole       -l/--log-console
 * @param logDetail        -D/--log-detail
 * @param facility         -S/--log-facility (default daemon)
 * @param noSyslog         -G/--no-syslog
 * @param dontFork         -n/--dont-fork (the JVM never forks itself; kept for the launcher and init scripts)
 * @param dumpConf         -d/--dump-conf
 * @param pidFile          -p/--pid, or empty for the default
 * @param vrrpPidFile      -r/--vrrp_pid
 * @param checkersPidFile  -c/--checkers_pid
 * @param bfdPidFile       -b/--bfd_pid (accepted)
 * @param namespace        -s/--namespace, or empty
 * @param allConfig        -e/--all-config
 * @param configId         -i/--config-id, or empty for the default (host name up to the first dot)
 * @param configTest       -t/--config-test given
 * @param configTestLog    the optional LOG_FILE of -t, or empty for stderr
 * @param dontRespawn      -R/--dont-respawn
 * @param dontReleaseVrrp  -V/--dont-release-vrrp
 * @param dontReleaseIpvs  -I/--dont-release-ipvs
 * @param releaseVips      -X/--release-vips
 * @param umask            -u/--umask, or empty
 * @param addressMonitoring -a/--address-monitoring
 * @param commandLine      the words the program was started with, for the "Command line:" log line
 */
public record Options(Path configFile, boolean runVrrp, boolean runCheckers, boolean noBfd, boolean allChildren,
                      boolean logConsole, boolean logDetail, Facility facility, boolean noSyslog, boolean dontFork,
                      boolean dumpConf, Optional<Path> pidFile, Optional<Path> vrrpPidFile,
                      Optional<Path> checkersPidFile, Optional<Path> bfdPidFile, Optional<String> namespace,
                      boolean allConfig, Optional<String> configId, boolean configTest,
                      Optional<Path> configTestLog, boolean dontRespawn, boolean dontReleaseVrrp,
                      boolean dontReleaseIpvs, boolean releaseVips, Optional<Integer> umask,
                      boolean addressMonitoring, List<String> commandLine) {

    public static final Path DEFAULT_CONFIG = Path.of("/etc/keepalived/keepalived.conf");
    public static final Path DEFAULT_PID_FILE = Path.of("/run/keepalived.pid");
    public static final Path DEFAULT_VRRP_PID_FILE = Path.of("/run/keepalived_vrrp.pid");
    public static final Path DEFAULT_CHECKERS_PID_FILE = Path.of("/run/keepalived_checkers.pid");
    /**
     * keepalived 2.2.7 with a network namespace keeps its three pid files in /run/keepalived/NAMESPACE/ (it
     * bind-mounts that directory on /run/keepalived in a private mount namespace; from the host they are
     * /run/keepalived/NAMESPACE/{keepalived,vrrp,checkers}.pid), so init scripts find them there.
     */
    public static final Path PID_DIR = Path.of("/run/keepalived");

    public Options {
        commandLine = List.copyOf(commandLine);
    }

    /** The parent's pid file: -p; else /run/keepalived/NAMESPACE/keepalived.pid with -s; else /run/keepalived.pid. */
    public Path effectivePidFile() {
        return pidFile.orElseGet(() -> inNamespaceDir("keepalived.pid").orElse(DEFAULT_PID_FILE));
    }

    /** The VRRP child's: -r; else /run/keepalived/NAMESPACE/vrrp.pid with -s; else /run/keepalived_vrrp.pid. */
    public Path effectiveVrrpPidFile() {
        return vrrpPidFile.orElseGet(() -> inNamespaceDir("vrrp.pid").orElse(DEFAULT_VRRP_PID_FILE));
    }

    /** The checker's: -c; else /run/keepalived/NAMESPACE/checkers.pid with -s; else /run/keepalived_checkers.pid. */
    public Path effectiveCheckersPidFile() {
        return checkersPidFile.orElseGet(() -> inNamespaceDir("checkers.pid").orElse(DEFAULT_CHECKERS_PID_FILE));
    }

    private Optional<Path> inNamespaceDir(String file) {
        return namespace.map(ns -> PID_DIR.resolve(ns).resolve(file));
    }
}
