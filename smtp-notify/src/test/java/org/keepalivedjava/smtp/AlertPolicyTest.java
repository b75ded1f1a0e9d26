package org.keepalivedjava.smtp;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertPolicyTest {

    @Test
    void vrrpNeedsSmtpAlert() {
        assertFalse(AlertPolicy.shouldSendVrrp(false, false, VrrpAlertState.MASTER, null));
        assertTrue(AlertPolicy.shouldSendVrrp(true, false, VrrpAlertState.MASTER, null));
    }

    @Test
    void vrrpFaultSuppressedOnlyByNoEmailFaults() {
        assertTrue(AlertPolicy.shouldSendVrrp(true, false, VrrpAlertState.FAULT, VrrpAlertState.MASTER));
        assertFalse(AlertPolicy.shouldSendVrrp(true, true, VrrpAlertState.FAULT, VrrpAlertState.MASTER));
        assertTrue(AlertPolicy.shouldSendVrrp(true, true, VrrpAlertState.BACKUP, VrrpAlertState.MASTER));
    }

    @Test
    void vrrpSameStateIsNotMailedTwice() {
        assertFalse(AlertPolicy.shouldSendVrrp(true, false, VrrpAlertState.BACKUP, VrrpAlertState.BACKUP));
        assertTrue(AlertPolicy.shouldSendVrrp(true, false, VrrpAlertState.STOP, VrrpAlertState.BACKUP));
    }

    @Test
    void realServerWithNoCheckerEmailsNeedsAliveChange() {
        assertFalse(AlertPolicy.shouldSendRealServer(false, false, true, false));
        assertTrue(AlertPolicy.shouldSendRealServer(true, false, true, true));
        assertFalse(AlertPolicy.shouldSendRealServer(true, true, true, true));
        assertTrue(AlertPolicy.shouldSendRealServer(true, true, true, false));
    }

    @Test
    void alertDefaultsFollowKeepalivedPrecedence() {
        SmtpSettings unset = SmtpSettings.defaults("r", "f@x", "h");
        assertFalse(unset.vrrpAlertDefault());
        assertFalse(unset.virtualServerAlertDefault());
        assertTrue(unset.realServerAlertDefault(), "real servers alert by default (backwards compatibility)");

        SmtpSettings globalOn = unset.withAlertFlags(Optional.of(true), Optional.empty(), Optional.empty(), false);
        assertTrue(globalOn.vrrpAlertDefault());
        assertTrue(globalOn.virtualServerAlertDefault());

        SmtpSettings specificWins = unset.withAlertFlags(Optional.of(true), Optional.of(false), Optional.of(false),
                false);
        assertFalse(specificWins.vrrpAlertDefault());
        assertFalse(specificWins.virtualServerAlertDefault());
        assertFalse(specificWins.realServerAlertDefault());

        SmtpSettings globalOff = unset.withAlertFlags(Optional.of(false), Optional.empty(), Optional.empty(), false);
        assertFalse(globalOff.realServerAlertDefault());
    }

    @Test
    void mailOnlyWithRecipientsAndServer() {
        SmtpSettings s = SmtpSettings.defaults("r", "f@x", "h");
        assertFalse(s.mailConfigured());
        assertFalse(s.withRecipients(List.of("a@x")).mailConfigured());
        assertFalse(s.withServer("127.0.0.1", 25).mailConfigured());
        assertTrue(s.withRecipients(List.of("a@x")).withServer("127.0.0.1", 25).mailConfigured());
        assertEquals("[127.0.0.1]:25", s.withServer("127.0.0.1", 25).serverForLog());
    }

    @Test
    void settingsRejectNonsense() {
        SmtpSettings s = SmtpSettings.defaults("r", "f@x", "h");
        assertThrows(IllegalArgumentException.class, () -> s.withServer("h", 0));
        assertThrows(IllegalArgumentException.class, () -> s.withConnectTimeoutMs(0));
        assertEquals(30_000, s.connectTimeoutMs());
        assertEquals(25, s.serverPort());
        assertThrows(IllegalArgumentException.class, () -> new SmtpSettings("r", List.of(), "f", Optional.empty(),
                25, "h", 1000, false, false, Optional.of("u"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false));
        assertEquals(Optional.of(Path.of("/p")), s.withAuth("u", Path.of("/p")).passwordFile());
    }

    @Test
    void retryScheduleIsThreeAttemptsOneThenFiveSeconds() {
        RetrySchedule r = RetrySchedule.DEFAULT;
        assertEquals(3, r.attempts());
        assertEquals(OptionalLong.of(1_000), r.delayAfterFailureMs(1));
        assertEquals(OptionalLong.of(5_000), r.delayAfterFailureMs(2));
        assertEquals(OptionalLong.empty(), r.delayAfterFailureMs(3));
        assertEquals(OptionalLong.empty(), RetrySchedule.NONE.delayAfterFailureMs(1));
        assertThrows(IllegalArgumentException.class, () -> r.delayAfterFailureMs(0));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(-1L)));
    }
}
