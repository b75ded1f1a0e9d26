package org.keepalivedjava.daemon;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.daemon.Daemon;
import org.apache.commons.daemon.DaemonContext;
import org.apache.commons.daemon.DaemonController;
import org.apache.commons.daemon.DaemonInitException;
import org.keepalivedjava.cli.CommandLine;
import org.keepalivedjava.cli.Launcher;
import org.keepalivedjava.cli.Options;
import org.keepalivedjava.cli.Platform;
import org.keepalivedjava.parent.StopSwitch;

/**
 * The parent as an Apache Commons Daemon, so that {@code jsvc} (Debian package jsvc) runs it as an init script
 * would: {@code jsvc -cp 'lib/*' ... org.keepalivedjava.daemon.KeepalivedDaemon -f /etc/keepalived/keepalived.conf}.
 * jsvc does the detaching, the pid file of the JVM (-pidfile) and the user switch; the arguments after the class
 * name are keepalived's own options (-p, -r, -c, -l, -D, ...), exactly as for bin/keepalived-java.
 * <ul>
 *   <li>{@link #init}: parses the options as the command line does; anything that is not "run the daemon"
 *       (bad options, -t, -v, -h, --signum, -T) fails the init with the command line's message;</li>
 *   <li>{@link #start}: runs the {@link Launcher} on a thread of its own that lives until the daemon stops. It
 *       must: the children ask for PR_SET_PDEATHSIG, which fires when the THREAD that forked them exits, and the
 *       launcher's thread is the one that spawns (and respawns) them. jsvc's own threads come and go;</li>
 *   <li>{@link #stop}: an orderly stop (children get child_wait_time, VIPs and IPVS entries are released); returns
 *       once the launcher has finished, so jsvc's destroy follows a clean stop;</li>
 *   <li>{@link #destroy}: nothing left to free.</li>
 * </ul>
 * The launcher's exit status (what bin/keepalived-java would have exited with) is {@link #exitStatus()}.
 *
 * <p>Threading: jsvc calls init/start/stop/destroy from its thread(s), one at a time.
 */
public final class KeepalivedDaemon implements Daemon {
    /** The program name in messages (as -Dkeepalived.java.program gives the CLI). */
    static final String PROGRAM = "keepalived-java";

    private final Platform platform;
    private DaemonController controller;
    private Options options;
    private StopSwitch stopSwitch;
    private Thread parentThread;
    private volatile int exitStatus = -1;

    /** jsvc's constructor: the real process and host. */
    public KeepalivedDaemon() {
        this(Platform.system());
    }

    /** With a substitute platform (tests). */
    public KeepalivedDaemon(Platform platform) {
        this.platform = platform;
    }

    @Override
    public void init(DaemonContext context) throws DaemonInitException {
        String[] args = context.getArguments() == null ? new String[0] : context.getArguments();
        options = parse(Arrays.asList(args));
        controller = context.getController();
    }

    /** The options of a daemon run, or the reason there is none. */
    static Options parse(List<String> args) throws DaemonInitException {
        CommandLine.Parsed parsed = CommandLine.parse(PROGRAM, args);
        if (parsed.action() != CommandLine.Action.RUN) {
            String why = parsed.errors().isEmpty() ? "option " + parsed.action().name().toLowerCase(java.util.Locale.ROOT)
                    + " does not run the daemon" : String.join("; ", parsed.errors());
            throw new DaemonInitException(PROGRAM + ": " + why);
        }
        if (parsed.options().configTest()) {
            throw new DaemonInitException(PROGRAM + ": -t/--config-test does not run the daemon; use bin/keepalived-java -t");
        }
        if (!parsed.unexpected().isEmpty()) {
            throw new DaemonInitException(PROGRAM + ": unexpected argument(s): " + String.join(" ", parsed.unexpected()));
        }
        return parsed.options();
    }

    @Override
    public synchronized void start() {
        if (options == null) {
            throw new IllegalStateException("start before init");
        }
        if (parentThread != null && parentThread.isAlive()) {
            throw new IllegalStateException("already started");
        }
        StopSwitch mine = new StopSwitch();
        stopSwitch = mine;
        Options opts = options;
        DaemonController host = controller;
        exitStatus = -1;
        // Not a daemon thread: the JVM lives as long as the parent runs, whatever jsvc's threads do.
        parentThread = new Thread(() -> {
            exitStatus = new Launcher(platform, mine).run(opts);
            if (!mine.isRequested() && host != null) {
                // Ended by itself (a child's fatal error, a missing configuration): without this jsvc would keep
                // an idle JVM. Both calls only signal jsvc, which then calls stop() and destroy(); fail() makes
                // jsvc exit non-zero.
                if (exitStatus == 0) {
                    host.shutdown();
                } else {
                    host.fail(PROGRAM + " stopped with exit status " + exitStatus);
                }
            }
        }, "keepalived-java-parent");
        parentThread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        Thread thread;
        synchronized (this) {
            thread = parentThread;
            if (stopSwitch != null) {
                stopSwitch.request();
            }
        }
        if (thread != null) {
            thread.join(); // bounded by child_wait_time: stragglers are SIGKILLed then
        }
    }

    @Override
    public synchronized void destroy() {
        parentThread = null;
        stopSwitch = null;
        options = null;
    }

    /** The launcher's exit status once it has finished; -1 while running or before start. */
    public int exitStatus() {
        return exitStatus;
    }

    /** Whether the launcher's thread is still running (it ends by itself on a fatal child error). */
    public synchronized boolean isRunning() {
        return parentThread != null && parentThread.isAlive();
    }
}
