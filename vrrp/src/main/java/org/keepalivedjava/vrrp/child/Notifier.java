package org.keepalivedjava.vrrp.child;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.proc.RunAs;
import org.keepalivedjava.smtp.AlertPolicy;
import org.keepalivedjava.smtp.AlertSink;
import org.keepalivedjava.smtp.VrrpAlertState;
import org.keepalivedjava.smtp.VrrpGroupAlert;
import org.keepalivedjava.smtp.VrrpInstanceAlert;
import org.keepalivedjava.vrrp.fsm.VrrpState;
import org.keepalivedjava.vrrp.notify.NotifyEvent;
import org.keepalivedjava.vrrp.notify.NotifyFifo;
import org.keepalivedjava.vrrp.notify.NotifyMessages;
import org.keepalivedjava.vrrp.notify.NotifyMessages.Subject;
import org.keepalivedjava.vrrp.notify.ScriptRunner;
import org.keepalivedjava.vrrp.notify.ScriptUsers;

/**
 * What a state change tells the outside world, in keepalived 2.2.7's order (vrrp_notify.c): the FIFO lines
 * (vrrp_notify_fifo, then notify_fifo), the state's own script (notify_master/backup/fault/stop), the generic
 * {@code notify} script with {@code INSTANCE|GROUP NAME STATE PRIORITY}, then the SMTP alert. Scripts run through
 * the {@link ScriptRunner} (asynchronous, never blocking the loop); mail is offered to the {@link AlertSink} (never
 * blocks). Loop thread only.
 */
final class Notifier {
    private final ScriptRunner runner;
    private final ScriptUsers users;
    private final long[] currentUidGid;
    private final List<NotifyFifo> fifos;
    private final AlertSink alerts;
    private final GlobalDefs.Smtp smtp;
    private final Logger log;
    private final Map<String, VrrpAlertState> lastMailed = new HashMap<>();

    Notifier(ScriptRunner runner, ScriptUsers users, List<NotifyFifo> fifos, AlertSink alerts, GlobalDefs.Smtp smtp,
             Logger log) {
        this.runner = runner;
        this.users = users;
        this.currentUidGid = ScriptUsers.currentUidGid();
        this.fifos = List.copyOf(fifos);
        this.alerts = alerts;
        this.smtp = smtp;
        this.log = log;
    }

    void instanceStateChanged(VrrpConfig.Instance instance, VrrpState state, int priority) {
        NotifyEvent event = event(state);
        if (event == null) {
            return;
        }
        announce(Subject.INSTANCE, instance.name(), instance.notifies(), event, priority);
        mail("I:" + instance.name(), instance.smtpAlert(), state,
                s -> new VrrpInstanceAlert(instance.name(), s));
    }

    void groupStateChanged(VrrpConfig.SyncGroup group, VrrpState state) {
        NotifyEvent event = event(state);
        if (event == null) {
            return;
        }
        announce(Subject.GROUP, group.name(), group.notifies(), event, 0);
        mail("G:" + group.name(), group.smtpAlert(), state, s -> new VrrpGroupAlert(group.name(), s));
    }

    void masterReceivedLowerPriority(VrrpConfig.Instance instance, int priority) {
        writeFifos(NotifyMessages.fifoLine(Subject.INSTANCE, instance.name(), NotifyEvent.MASTER_RX_LOWER_PRI,
                priority));
        VrrpConfig.Notifies n = instance.notifies();
        if (n != null && n.masterRxLowerPri() != null) {
            run(NotifyMessages.specificArgv(n.masterRxLowerPri()), n.masterRxLowerPri());
        }
    }

    private void announce(Subject subject, String name, VrrpConfig.Notifies notifies, NotifyEvent event,
                          int priority) {
        writeFifos(NotifyMessages.fifoLine(subject, name, event, priority));
        if (notifies == null) {
            return;
        }
        NotifyScript specific = switch (event) {
            case MASTER -> notifies.master();
            case BACKUP -> notifies.backup();
            case FAULT -> notifies.fault();
            case STOP -> notifies.stop();
            default -> null;
        };
        if (specific != null) {
            run(NotifyMessages.specificArgv(specific), specific);
        }
        if (notifies.any() != null) {
            run(NotifyMessages.genericArgv(notifies.any(), subject, name, event, priority), notifies.any());
        }
    }

    private void writeFifos(String line) {
        for (NotifyFifo fifo : fifos) {
            fifo.write(line);
        }
    }

    private void run(List<String> argv, NotifyScript script) {
        Optional<RunAs> runAs = users.resolve(script);
        if (runAs.isEmpty()) {
            log.error("Unable to run notify script " + argv.get(0) + ": user/group of " + script.location()
                    + " does not exist");
            return;
        }
        RunAs as = runAs.get().isNoChangeFrom(currentUidGid[0], currentUidGid[1]) ? null : runAs.get();
        runner.run(argv, as, 0, result -> {
            if (!result.succeeded()) {
                log.detail("Notify script " + String.join(" ", result.command()) + " " + result.outcome()
                        + " (exit " + result.exitCode() + ")");
            }
        });
    }

    private void mail(String key, Boolean ownAlert, VrrpState state,
                      java.util.function.Function<VrrpAlertState, org.keepalivedjava.smtp.Alert> alert) {
        VrrpAlertState mailState = switch (state) {
            case MASTER -> VrrpAlertState.MASTER;
            case BACKUP -> VrrpAlertState.BACKUP;
            case FAULT -> VrrpAlertState.FAULT;
            case STOP -> VrrpAlertState.STOP;
            default -> null;
        };
        if (mailState == null || smtp == null) {
            return;
        }
        // keepalived: the block's smtp_alert, else global smtp_alert_vrrp, else global smtp_alert
        boolean enabled = ownAlert != null ? ownAlert
                : smtp.alertVrrp() != null ? smtp.alertVrrp() : smtp.alert() != null && smtp.alert();
        if (AlertPolicy.shouldSendVrrp(enabled, smtp.noEmailFaults(), mailState, lastMailed.get(key))) {
            lastMailed.put(key, mailState);
            alerts.offer(alert.apply(mailState));
        }
    }

    private static NotifyEvent event(VrrpState state) {
        return switch (state) {
            case MASTER -> NotifyEvent.MASTER;
            case BACKUP -> NotifyEvent.BACKUP;
            case FAULT -> NotifyEvent.FAULT;
            case STOP -> NotifyEvent.STOP;
            default -> null;
        };
    }
}
