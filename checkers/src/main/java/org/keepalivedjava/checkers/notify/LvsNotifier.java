package org.keepalivedjava.checkers.notify;

import java.util.function.Consumer;

import org.keepalivedjava.checkers.check.ScriptExecutor;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.smtp.AlertSink;
import org.keepalivedjava.smtp.RealServerAlert;
import org.keepalivedjava.smtp.VirtualServerAlert;

/**
 * What the checker child tells the outside world when a real server or a virtual server's quorum changes, as
 * keepalived 2.2.7's ipwrapper.c does (do_rs_notifies / do_vs_notifies), recorded from the real binary:
 * <ul>
 *   <li>scripts: {@code notify_up}/{@code notify_down} and {@code quorum_up}/{@code quorum_down} run exactly as
 *       configured, with no argument added ({@code notify_up "/p/s 'a b'"} runs {@code /p/s} with {@code a b});
 *       while stopping they get keepalived's 1 s timeout (TIMER_HZ);</li>
 *   <li>FIFO lines ({@code notify_fifo} and {@code lvs_notify_fifo}): {@code RS [192.0.2.10]:tcp:8080
 *       [192.0.2.1]:tcp:80 DOWN}, {@code VS [192.0.2.1]:tcp:80 UP}, {@code VS FWM 5 UP}, {@code VS [G1]:0 DOWN};</li>
 *   <li>mails through {@link AlertSink} (never blocking): quorum mails for virtual servers with smtp_alert;
 *       real-server mails come from the checker result ({@link #realServerAlert}) and on shutdown with omega.</li>
 * </ul>
 * Loop thread only.
 */
public final class LvsNotifier {
    /** keepalived runs notify scripts at shutdown with a TIMER_HZ (1 s) timeout. */
    public static final long STOPPING_SCRIPT_TIMEOUT_NS = 1_000_000_000L;

    private final ScriptExecutor scripts;
    private final Consumer<String> fifo;
    private final AlertSink alerts;
    private int runningScripts;

    /** @param fifo receives whole lines without the newline; null when no FIFO is configured */
    public LvsNotifier(ScriptExecutor scripts, Consumer<String> fifo, AlertSink alerts) {
        this.scripts = scripts;
        this.fifo = fifo;
        this.alerts = alerts == null ? AlertSink.NONE : alerts;
    }

    /** Scripts started and not finished yet (the child waits for them, up to their timeout, when stopping). */
    public int runningScripts() {
        return runningScripts;
    }

    /** do_rs_notifies: the real server's notify_up/notify_down script and its FIFO line. */
    public void realServer(String rsName, String vsName, NotifyScript script, boolean alive, boolean stopping) {
        run(script, stopping);
        fifoLine("RS " + rsName + " " + vsName + " " + (alive ? "UP" : "DOWN"));
    }

    /**
     * do_vs_notifies: quorum_up/quorum_down, the FIFO line and, with smtp_alert, the quorum mail.
     *
     * @param threshold quorum + or - hysteresis, as compared
     * @param weightSum the weights of the alive real servers
     */
    public void virtualServer(String vsName, NotifyScript script, boolean up, boolean init, long quorum,
                              long hysteresis, long threshold, long weightSum, boolean stopping, boolean smtpAlert) {
        run(script, stopping);
        fifoLine("VS " + vsName + " " + (up ? "UP" : "DOWN"));
        if (smtpAlert) {
            alerts.offer(stopping ? VirtualServerAlert.shuttingDown(vsName, up)
                    : VirtualServerAlert.quorum(vsName, up, init, quorum, hysteresis, threshold, weightSum));
        }
    }

    /** The mail a checker sends when its verdict changes: body is the checker's own line. */
    public void realServerAlert(String rsName, String vsName, boolean up, String body) {
        alerts.offer(new RealServerAlert(rsName, vsName, up, body));
    }

    private void fifoLine(String line) {
        if (fifo != null) {
            fifo.accept(line);
        }
    }

    private void run(NotifyScript script, boolean stopping) {
        if (script == null || script.argv().isEmpty()) {
            return;
        }
        runningScripts++;
        scripts.run(script.argv(), script.user(), script.group(), stopping ? STOPPING_SCRIPT_TIMEOUT_NS : 0,
                outcome -> runningScripts--);
    }
}
