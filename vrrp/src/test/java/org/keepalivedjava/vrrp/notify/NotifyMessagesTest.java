package org.keepalivedjava.vrrp.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.vrrp.notify.NotifyMessages.Subject;

/** Expected values are what keepalived 2.2.7 produced for the same config (LAB.md, and measured again here). */
class NotifyMessagesTest {
    private static NotifyScript script(String... argv) {
        return new NotifyScript(List.of(argv), null, null, null);
    }

    @Test
    void specificScriptGetsItsConfiguredArgvOnly() {
        assertEquals(List.of("/p/s", "a", "b"), NotifyMessages.specificArgv(script("/p/s", "a", "b")));
    }

    @Test
    void genericInstanceScriptGetsSubjectNameStateAndEffectivePriority() {
        assertEquals(List.of("/p/s", "quoted arg", "x", "INSTANCE", "VI_1", "MASTER", "150"),
                NotifyMessages.genericArgv(script("/p/s", "quoted arg", "x"), Subject.INSTANCE, "VI_1",
                        NotifyEvent.MASTER, 150));
        assertEquals(List.of("/p/s", "INSTANCE", "VI_1", "STOP", "0"),
                NotifyMessages.genericArgv(script("/p/s"), Subject.INSTANCE, "VI_1", NotifyEvent.STOP, 0));
    }

    @Test
    void genericGroupScriptAlwaysReportsPriorityZero() {
        assertEquals(List.of("/p/s", "GROUP", "G1", "MASTER", "0"),
                NotifyMessages.genericArgv(script("/p/s"), Subject.GROUP, "G1", NotifyEvent.MASTER, 150));
    }

    @Test
    void fifoOnlyEventsAreNotScriptStates() {
        assertThrows(IllegalArgumentException.class, () -> NotifyMessages.genericArgv(script("/p/s"),
                Subject.INSTANCE, "VI_1", NotifyEvent.MASTER_RX_LOWER_PRI, 100));
    }

    @Test
    void fifoLinesAsKeepalivedWritesThem() {
        assertEquals("INSTANCE \"VI_1\" MASTER 150\n",
                NotifyMessages.fifoLine(Subject.INSTANCE, "VI_1", NotifyEvent.MASTER, 150));
        assertEquals("GROUP \"G1\" BACKUP 0\n",
                NotifyMessages.fifoLine(Subject.GROUP, "G1", NotifyEvent.BACKUP, 100));
        assertEquals("INSTANCE \"VI_2\" MASTER_RX_LOWER_PRI 100\n",
                NotifyMessages.fifoLine(Subject.INSTANCE, "VI_2", NotifyEvent.MASTER_RX_LOWER_PRI, 100));
        assertEquals("INSTANCE \"VI_2\" BACKUP_PRIORITY 90\n",
                NotifyMessages.fifoLine(Subject.INSTANCE, "VI_2", NotifyEvent.BACKUP_PRIORITY, 90));
    }
}
