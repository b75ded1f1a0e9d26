package org.keepalivedjava.smtp;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Expected strings were captured from the real keepalived 2.2.7 sending to a recording SMTP server (router_id r1,
 * two recipients, one of them in the quoted "Name <addr>" form), except the checker kinds, which come from
 * keepalived's sources and binary strings (IPVS is not available here to run its checker).
 */
class AlertFormatterTest {

    private static final SmtpSettings SETTINGS = SmtpSettings.defaults("r1", "ka@example.com", "vm")
            .withRecipients(List.of("one@example.com", "Admin Two <two@example.com>"))
            .withServer("127.0.0.1", 2525);
    private static final ZonedDateTime DATE = ZonedDateTime.of(2026, 11, 21, 13, 27, 24, 0, ZoneOffset.UTC);

    @Test
    void vrrpInstanceMasterIsByteForByteWhatKeepalivedSent() {
        MailText mail = AlertFormatter.format(SETTINGS, new VrrpInstanceAlert("VI_1", VrrpAlertState.MASTER), DATE);
        assertEquals("Date: Sat, 21 Nov 2026 13:27:24 +0000\r\n"
                + "From: ka@example.com\r\n"
                + "Subject: [r1] VRRP Instance VI_1 - Entering MASTER state\r\n"
                + "X-Mailer: Keepalived\r\n"
                + "To: one@example.com, Admin Two <two@example.com>\r\n"
                + "\r\n"
                + "=> VRRP Instance is now owning VRRP VIPs <=\r\n"
                + "\r\n", mail.rfc822());
        assertEquals(List.of("one@example.com", "Admin Two <two@example.com>"), mail.recipients());
    }

    @Test
    void vrrpInstanceSubjectsAndBodies() {
        assertInstance(VrrpAlertState.BACKUP, "[r1] VRRP Instance VI_1 - Entering BACKUP state",
                "=> VRRP Instance is no longer owning VRRP VIPs <=");
        assertInstance(VrrpAlertState.FAULT, "[r1] VRRP Instance VI_1 - Entering FAULT state",
                "=> VRRP Instance is no longer owning VRRP VIPs <=");
        assertInstance(VrrpAlertState.STOP, "[r1] VRRP Instance VI_1 - Stopping", "=> VRRP Instance stopping <=");
    }

    @Test
    void vrrpGroupSubjectsAndBodies() {
        assertGroup(VrrpAlertState.MASTER, "[r1] VRRP Group G1 - Entering MASTER state",
                "=> All VRRP group instances are now in MASTER state <=");
        assertGroup(VrrpAlertState.BACKUP, "[r1] VRRP Group G1 - Entering BACKUP state",
                "=> All VRRP group instances are now in BACKUP state <=");
        assertGroup(VrrpAlertState.FAULT, "[r1] VRRP Group G1 - Entering FAULT state",
                "=> All VRRP group instances are now in FAULT state <=");
        assertGroup(VrrpAlertState.STOP, "[r1] VRRP Group G1 - Stopping",
                "=> All VRRP group instances are now stopping <=");
    }

    @Test
    void realServerUpAndDown() {
        Alert down = new RealServerAlert("[192.0.2.5]:tcp:80", "[192.0.2.1]:tcp:80", false,
                RealServerAlert.TCP_CHECK_FAILED);
        assertEquals("[r1] Realserver [192.0.2.5]:tcp:80 of virtual server [192.0.2.1]:tcp:80 - DOWN",
                AlertFormatter.subject("r1", down));
        assertEquals("=> TCP CHECK failed on service <=", AlertFormatter.body(down));
        Alert up = new RealServerAlert("[2001:db8::5]:tcp:443", "[2001:db8::1]:tcp:443", true,
                RealServerAlert.TCP_CHECK_SUCCEED);
        assertEquals("[r1] Realserver [2001:db8::5]:tcp:443 of virtual server [2001:db8::1]:tcp:443 - UP",
                AlertFormatter.subject("r1", up));
        assertEquals("=> TCP CHECK succeed on service <=", AlertFormatter.body(up));
    }

    @Test
    void virtualServerQuorumBodies() {
        VirtualServerAlert lost = VirtualServerAlert.quorum("[192.0.2.1]:tcp:80", false, false, 2, 0, 2, 1);
        assertEquals("[r1] Virtualserver [192.0.2.1]:tcp:80 - DOWN", AlertFormatter.subject("r1", lost));
        assertEquals("=> Lost quorum 2+0=2 <= 1 <=", AlertFormatter.body(lost));
        assertEquals("=> Gained quorum 2+1=3 <= 3 <=",
                VirtualServerAlert.quorum("vs", true, false, 2, 1, 3, 3).message());
        assertEquals("=> Starting with quorum up 1+0=1 <= 2 <=",
                VirtualServerAlert.quorum("vs", true, true, 1, 0, 1, 2).message());
        assertEquals("=> Starting with quorum down 3+0=3 <= 0 <=",
                VirtualServerAlert.quorum("vs", false, true, 3, 0, 3, 0).message());
        VirtualServerAlert stop = VirtualServerAlert.shuttingDown("[192.0.2.1]:tcp:80", true);
        assertEquals("[r1] Virtualserver [192.0.2.1]:tcp:80 - UP", AlertFormatter.subject("r1", stop));
        assertEquals("=> Shutting down <=", AlertFormatter.body(stop));
    }

    @Test
    void dateIsStrftimeRfc822InTheGivenZoneWithZeroPaddedDay() {
        assertEquals("Mon, 02 Mar 2026 07:05:09 +0100",
                AlertFormatter.date(ZonedDateTime.of(2026, 3, 2, 7, 5, 9, 0, ZoneOffset.ofHours(1))));
        assertEquals("Sun, 01 Feb 2026 23:00:00 -0530",
                AlertFormatter.date(ZonedDateTime.of(2026, 2, 1, 23, 0, 0, 0, ZoneOffset.ofHoursMinutes(-5, -30))));
    }

    @Test
    void singleRecipientHasNoSeparator() {
        assertEquals("a@example.com", AlertFormatter.toHeader(List.of("a@example.com")));
        assertEquals("a@example.com, b@example.com, c@example.com",
                AlertFormatter.toHeader(List.of("a@example.com", "b@example.com", "c@example.com")));
    }

    private static void assertInstance(VrrpAlertState state, String subject, String body) {
        MailText mail = AlertFormatter.format(SETTINGS, new VrrpInstanceAlert("VI_1", state), DATE);
        assertEquals(subject, mail.subject());
        assertEquals(body, mail.body());
    }

    private static void assertGroup(VrrpAlertState state, String subject, String body) {
        MailText mail = AlertFormatter.format(SETTINGS, new VrrpGroupAlert("G1", state), DATE);
        assertEquals(subject, mail.subject());
        assertEquals(body, mail.body());
    }
}
