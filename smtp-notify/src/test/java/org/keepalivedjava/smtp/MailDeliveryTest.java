package org.keepalivedjava.smtp;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.DummySSLSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.smtp.TestSupport.await;

/** Real SMTP over loopback: GreenMail for plain/SMTPS/AUTH, {@link ScriptedSmtpServer} for the rest. */
class MailDeliveryTest {

    private static final List<String> RECIPIENTS = List.of("one@example.com", "Admin Two <two@example.com>");
    private static final ZonedDateTime DATE = ZonedDateTime.now(TestSupport.CLOCK);

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private ScriptedSmtpServer scripted;
    private AlertSender sender;
    private final TestSupport.CapturedLog log = new TestSupport.CapturedLog();
    private final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() throws Exception {
        if (sender != null) {
            sender.close(100);
        }
        if (scripted != null) {
            scripted.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private static SmtpSettings settings(int port) {
        return SmtpSettings.defaults("r1", "ka@example.com", "vm").withRecipients(RECIPIENTS)
                .withServer("127.0.0.1", port).withConnectTimeoutMs(5_000);
    }

    private GreenMail startGreenMail(boolean smtps) {
        greenMail = new GreenMail((smtps ? ServerSetupTest.SMTPS : ServerSetupTest.SMTP).dynamicPort());
        greenMail.start();
        return greenMail;
    }

    private int greenMailPort(boolean smtps) {
        return smtps ? greenMail.getSmtps().getPort() : greenMail.getSmtp().getPort();
    }

    @Test
    void everyAlertKindArrivesWithKeepalivedsHeadersAndBodyForBothRecipients() throws Exception {
        startGreenMail(false);
        SmtpSettings s = settings(greenMailPort(false));
        JakartaMailTransport transport = new JakartaMailTransport(s, Optional.empty(), null);
        List<Alert> alerts = List.of(
                new VrrpInstanceAlert("VI_1", VrrpAlertState.MASTER),
                new VrrpGroupAlert("G1", VrrpAlertState.BACKUP),
                new RealServerAlert("[192.0.2.5]:tcp:80", "[192.0.2.1]:tcp:80", false,
                        RealServerAlert.TCP_CHECK_FAILED),
                VirtualServerAlert.quorum("[192.0.2.1]:tcp:80", true, false, 1, 0, 1, 2));
        for (Alert alert : alerts) {
            transport.send(AlertFormatter.format(s, alert, DATE));
        }
        assertTrue(greenMail.waitForIncomingEmail(TestSupport.HANG_GUARD_MS, 2 * alerts.size()));

        for (String mailbox : List.of("one@example.com", "two@example.com")) {
            List<MimeMessage> got = Arrays.asList(greenMail.getUserManager().getUser(mailbox) == null
                    ? new MimeMessage[0] : receivedFor(mailbox));
            assertEquals(alerts.size(), got.size(), mailbox);
            for (int i = 0; i < alerts.size(); i++) {
                MimeMessage m = got.get(i);
                MailText expected = AlertFormatter.format(s, alerts.get(i), DATE);
                assertArrayEquals(new String[] {expected.subject()}, m.getHeader("Subject"));
                assertArrayEquals(new String[] {"ka@example.com"}, m.getHeader("From"));
                assertArrayEquals(new String[] {"one@example.com, Admin Two <two@example.com>"}, m.getHeader("To"));
                assertArrayEquals(new String[] {"Keepalived"}, m.getHeader("X-Mailer"));
                assertArrayEquals(new String[] {"Sat, 21 Nov 2026 13:27:24 +0000"}, m.getHeader("Date"));
                assertNull(m.getHeader("MIME-Version"), "keepalived sends no MIME headers");
                // GreenMail trims the trailing empty line; the exact DATA is checked with the scripted server.
                assertEquals(expected.body(), GreenMailUtil.getBody(m).stripTrailing());
            }
        }
        assertEquals("[r1] VRRP Instance VI_1 - Entering MASTER state", receivedFor("one@example.com")[0].getSubject());
        assertEquals("[r1] Realserver [192.0.2.5]:tcp:80 of virtual server [192.0.2.1]:tcp:80 - DOWN",
                receivedFor("one@example.com")[2].getSubject());
        assertEquals("=> Gained quorum 1+0=1 <= 2 <=",
                GreenMailUtil.getBody(receivedFor("two@example.com")[3]).stripTrailing());
    }

    @Test
    void theWholePathFromOfferToMailbox() throws Exception {
        startGreenMail(false);
        SmtpSettings s = settings(greenMailPort(false));
        sender = AlertSender.start(s, new JakartaMailTransport(s, Optional.empty(), null), log.logger,
                TestSupport.CLOCK, RetrySchedule.DEFAULT, sleeps::add, 16);
        assertTrue(sender.offer(new VrrpInstanceAlert("VI_1", VrrpAlertState.BACKUP)));
        await(() -> greenMail.getReceivedMessages().length == 2, "one message in each of the two mailboxes");
        await(() -> sender.delivered() == 1, "delivered count");
        assertEquals("[r1] VRRP Instance VI_1 - Entering BACKUP state", receivedFor("two@example.com")[0].getSubject());
        assertEquals(1, log.count("SMTP alert successfully sent."));
    }

    @Test
    void authWithPasswordFileDeliversAndAWrongPasswordIsAPermanentFailure() throws Exception {
        startGreenMail(false);
        greenMail.setUser("alerts@example.com", "alerts", "s3cret");
        SmtpSettings good = settings(greenMailPort(false)).withAuth("alerts", passwordFile("s3cret\n"));
        new JakartaMailTransport(good, Optional.of(SmtpPassword.read(good.passwordFile().get())), null)
                .send(AlertFormatter.format(good, new VrrpInstanceAlert("VI_1", VrrpAlertState.MASTER), DATE));
        assertTrue(greenMail.waitForIncomingEmail(TestSupport.HANG_GUARD_MS, 2));

        SmtpSettings bad = good.withAuth("alerts", passwordFile("wrong\n"));
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> new JakartaMailTransport(bad, Optional.of(SmtpPassword.read(bad.passwordFile().get())), null)
                        .send(AlertFormatter.format(bad, new VrrpInstanceAlert("VI_1", VrrpAlertState.FAULT), DATE)));
        assertTrue(e.permanent(), e.getMessage());
        assertEquals(2, greenMail.getReceivedMessages().length, "nothing more arrived");
    }

    @Test
    void aWorldReadablePasswordFileIsRefusedBeforeAnythingIsSent() throws Exception {
        Path pw = passwordFile("s3cret\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
        SmtpSettings s = settings(25).withAuth("alerts", pw);
        SmtpSetupException e = assertThrows(SmtpSetupException.class, () -> AlertSinks.create(s, log.logger));
        assertTrue(e.getMessage().contains("readable by everyone"), e.getMessage());
    }

    @Test
    void smtpsDelivers() throws Exception {
        startGreenMail(true);
        SmtpSettings s = settings(greenMailPort(true)).withTls(false, true);
        new JakartaMailTransport(s, Optional.empty(), new DummySSLSocketFactory())
                .send(AlertFormatter.format(s, new VrrpGroupAlert("G1", VrrpAlertState.MASTER), DATE));
        assertTrue(greenMail.waitForIncomingEmail(TestSupport.HANG_GUARD_MS, 2));
        assertEquals("[r1] VRRP Group G1 - Entering MASTER state", greenMail.getReceivedMessages()[0].getSubject());
    }

    @Test
    void startTlsIsUsedBeforeMailAndTheDataIsExactlyKeepalivedsMessage() throws Exception {
        scripted = new ScriptedSmtpServer(ScriptedSmtpServer.Mode.STARTTLS, serverTls());
        SmtpSettings s = settings(scripted.port()).withTls(true, false);
        MailText mail = AlertFormatter.format(s, new VrrpInstanceAlert("VI_1", VrrpAlertState.MASTER), DATE);
        new JakartaMailTransport(s, Optional.empty(), new DummySSLSocketFactory()).send(mail);

        List<String> t = scripted.transcript();
        assertEquals(List.of("1< EHLO vm", "1< STARTTLS", "1< >> TLS", "1< EHLO vm", "1< MAIL FROM:<ka@example.com>",
                "1< RCPT TO:<one@example.com>", "1< RCPT TO:<two@example.com>", "1< DATA"), t.subList(0, 8));
        assertEquals(List.of(mail.rfc822()), scripted.messages);
    }

    @Test
    void startTlsRequiredButNotOfferedSendsNothing() throws Exception {
        startGreenMail(false); // GreenMail's SMTP has no STARTTLS
        SmtpSettings s = settings(greenMailPort(false)).withTls(true, false);
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> new JakartaMailTransport(s, Optional.empty(), new DummySSLSocketFactory())
                        .send(AlertFormatter.format(s, new VrrpGroupAlert("G1", VrrpAlertState.MASTER), DATE)));
        assertTrue(e.getMessage().contains("STARTTLS"), e.getMessage());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void plainConfigsSpeakHeloLikeKeepalivedAndARejectedRcptIsLoggedAndDroppedWithoutRetry() throws Exception {
        scripted = new ScriptedSmtpServer(ScriptedSmtpServer.Mode.REJECT_RCPT, null);
        SmtpSettings s = settings(scripted.port());
        sender = AlertSender.start(s, new JakartaMailTransport(s, Optional.empty(), null), log.logger,
                TestSupport.CLOCK, RetrySchedule.DEFAULT, sleeps::add, 16);
        assertTrue(sender.offer(new VrrpInstanceAlert("VI_1", VrrpAlertState.MASTER)));
        assertTrue(sender.offer(new VrrpInstanceAlert("VI_1", VrrpAlertState.BACKUP)));
        await(() -> sender.undeliverableDrops() == 2, "both alerts dropped");

        assertEquals(2, scripted.connections.get(), "one attempt each: a 550 is not retried");
        assertEquals(List.of(), sleeps);
        assertEquals(List.of("1< HELO vm", "1< MAIL FROM:<ka@example.com>", "1< RCPT TO:<one@example.com>"),
                scripted.transcript().subList(0, 3));
        assertEquals(1, log.count("SMTP alert '[r1] VRRP Instance VI_1 - Entering MASTER state' dropped after 1 "
                + "attempt(s) to [127.0.0.1]:" + scripted.port()), log.all());
        assertTrue(log.all().contains("recipient one@example.com rejected: 550 5.1.1 no such user here"), log.all());
        assertEquals(0, sender.delivered());
    }

    @Test
    void serverDownIsRetriedOnTheScheduleThenDroppedWithALogLine() throws Exception {
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
        SmtpSettings s = settings(deadPort);
        sender = AlertSender.start(s, new JakartaMailTransport(s, Optional.empty(), null), log.logger,
                TestSupport.CLOCK, RetrySchedule.DEFAULT, sleeps::add, 16);
        assertTrue(sender.offer(new VrrpInstanceAlert("VI_1", VrrpAlertState.MASTER)));
        await(() -> sender.undeliverableDrops() == 1, "dropped");
        assertEquals(List.of(1_000L, 5_000L), sleeps);
        assertEquals(2, log.count("retrying in"), log.all());
        assertEquals(1, log.count("dropped after 3 attempt(s) to [127.0.0.1]:" + deadPort), log.all());
        assertTrue(log.all().contains("Connection refused"), log.all());
    }

    @Test
    void aTarpitServerNeverDelaysOfferAndTimesOutOnSmtpConnectTimeout() throws Exception {
        scripted = new ScriptedSmtpServer(ScriptedSmtpServer.Mode.TARPIT, null);
        SmtpSettings s = settings(scripted.port()).withConnectTimeoutMs(1_000);
        CountingTransport transport = new CountingTransport(new JakartaMailTransport(s, Optional.empty(), null));
        sender = AlertSender.start(s, transport, log.logger, TestSupport.CLOCK, RetrySchedule.DEFAULT, sleeps::add,
                256);
        assertTrue(sender.offer(new VrrpInstanceAlert("VI_1", VrrpAlertState.MASTER)));
        await(() -> scripted.connections.get() == 1, "the sender connected to the tarpit");

        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (sender.offer(new VrrpInstanceAlert("VI_" + i, VrrpAlertState.BACKUP))) {
                accepted++;
            }
        }
        // All 1000 offers returned while the sender's first attempt was still waiting for the greeting.
        assertEquals(0, transport.completed.get(), "the offers finished while the sender was stalled");
        assertEquals(256, accepted);
        assertEquals(744, sender.queueFullDrops());

        await(() -> sender.undeliverableDrops() >= 1, "first alert dropped after its timed-out attempts");
        assertTrue(transport.completed.get() >= 3, "three timed-out attempts for the first alert");
        assertEquals(List.of(1_000L, 5_000L), sleeps.subList(0, 2));
        assertTrue(log.all().contains("Read timed out"), log.all());
        await(() -> log.count("dropped 744 alert(s)") == 1, "one line for the burst");

        sender.close(100);
        assertEquals(1, log.count("not sent at shutdown"), log.all());
        assertEquals(1, log.count("queue full"), log.all());
    }

    private MimeMessage[] receivedFor(String mailbox) throws Exception {
        return greenMail.findReceivedMessages(u -> u.getEmail().equals(mailbox), m -> true)
                .toArray(MimeMessage[]::new);
    }

    private Path passwordFile(String content) throws Exception {
        Path f = Files.createTempFile(dir, "smtp", ".pw");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    /** Server side of STARTTLS with GreenMail's test certificate. */
    private static SSLContext serverTls() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(new DummySSLServerSocketFactory().getKeyStore(), "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static final class CountingTransport implements MailTransport {
        final AtomicInteger completed = new AtomicInteger();
        private final MailTransport delegate;

        CountingTransport(MailTransport delegate) {
            this.delegate = delegate;
        }

        @Override
        public void send(MailText mail) throws DeliveryException {
            try {
                delegate.send(mail);
            } finally {
                completed.incrementAndGet();
            }
        }
    }
}
