package org.keepalivedjava.vrrp.notify;

import java.util.ArrayList;
import java.util.List;
import org.keepalivedjava.config.model.script.NotifyScript;

/**
 * keepalived's notification argv and FIFO lines, pure. Measured with keepalived 2.2.7 (LAB.md):
 * <ul>
 *   <li>{@code notify_master "/p/s a b"} runs {@code /p/s a b} (argv exactly as configured);</li>
 *   <li>generic {@code notify "/p/s 'quoted arg' x"} runs {@code /p/s} {@code quoted arg} {@code x} then
 *       {@code INSTANCE VI_1 MASTER 150} (the effective priority) or, for a sync group, {@code GROUP G1 MASTER 0}
 *       (a group always reports priority 0);</li>
 *   <li>FIFO lines are {@code INSTANCE "VI_1" MASTER 150\n} / {@code GROUP "G1" BACKUP 0\n}.</li>
 * </ul>
 */
public final class NotifyMessages {
    /** Whose state a notification is about. */
    public enum Subject { INSTANCE, GROUP }

    private NotifyMessages() {
    }

    /** The argv of a notify_master/backup/fault/stop/deleted/master_rx_lower_pri script: as configured. */
    public static List<String> specificArgv(NotifyScript script) {
        return script.argv();
    }

    /** The argv of the generic {@code notify} script: configured argv + SUBJECT NAME STATE PRIORITY. */
    public static List<String> genericArgv(NotifyScript script, Subject subject, String name, NotifyEvent state,
                                           int priority) {
        if (!state.isState()) {
            throw new IllegalArgumentException(state + " is not sent to notify scripts");
        }
        List<String> argv = new ArrayList<>(script.argv().size() + 4);
        argv.addAll(script.argv());
        argv.add(subject.name());
        argv.add(name);
        argv.add(state.word());
        argv.add(Integer.toString(subject == Subject.GROUP ? 0 : priority));
        return argv;
    }

    /** One FIFO line, newline included; a group's priority is always 0. */
    public static String fifoLine(Subject subject, String name, NotifyEvent event, int priority) {
        return subject.name() + " \"" + name + "\" " + event.word() + " "
                + (subject == Subject.GROUP ? 0 : priority) + "\n";
    }
}
