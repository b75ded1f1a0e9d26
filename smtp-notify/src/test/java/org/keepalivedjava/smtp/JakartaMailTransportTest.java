package org.keepalivedjava.smtp;

import com.icegreen.greenmail.util.DummySSLSocketFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The settings -> Jakarta Mail properties mapping, without a server. */
class JakartaMailTransportTest {

    private static final SmtpSettings PLAIN = SmtpSettings.defaults("r1", "KA <ka@example.com>", "helo.example")
            .withRecipients(List.of("a@example.com")).withServer("192.0.2.25", 2525).withConnectTimeoutMs(7_000);

    @Test
    void plainConfigIsKeepalivedsDialogue() {
        Properties p = JakartaMailTransport.properties(PLAIN, "ka@example.com", null);
        assertEquals("192.0.2.25", p.getProperty("mail.smtp.host"));
        assertEquals("2525", p.getProperty("mail.smtp.port"));
        assertEquals("helo.example", p.getProperty("mail.smtp.localhost"));
        assertEquals("false", p.getProperty("mail.smtp.ehlo"), "HELO, as keepalived");
        assertEquals("ka@example.com", p.getProperty("mail.smtp.from"));
        assertEquals("7000", p.getProperty("mail.smtp.connectiontimeout"));
        assertEquals("7000", p.getProperty("mail.smtp.timeout"));
        assertEquals("7000", p.getProperty("mail.smtp.writetimeout"));
        assertEquals("false", p.getProperty("mail.smtp.auth"));
        assertEquals("false", p.getProperty("mail.smtp.ssl.enable"));
        assertEquals("false", p.getProperty("mail.smtp.starttls.enable"));
        assertEquals("true", p.getProperty("mail.smtp.ssl.checkserveridentity"));
        assertNull(p.get("mail.smtp.ssl.socketFactory"));
    }

    @Test
    void startTlsAndAuthNeedEhlo() {
        Properties tls = JakartaMailTransport.properties(PLAIN.withTls(true, false), "ka@example.com", null);
        assertEquals("true", tls.getProperty("mail.smtp.ehlo"));
        assertEquals("true", tls.getProperty("mail.smtp.starttls.required"));
        Properties auth = JakartaMailTransport.properties(PLAIN.withAuth("u", Path.of("/pw")), "ka@example.com",
                null);
        assertEquals("true", auth.getProperty("mail.smtp.ehlo"));
        assertEquals("true", auth.getProperty("mail.smtp.auth"));
    }

    @Test
    void smtpsWinsOverStartTls() {
        DummySSLSocketFactory factory = new DummySSLSocketFactory();
        Properties p = JakartaMailTransport.properties(PLAIN.withTls(true, true), "ka@example.com", factory);
        assertEquals("true", p.getProperty("mail.smtp.ssl.enable"));
        assertEquals("false", p.getProperty("mail.smtp.starttls.enable"));
        assertSame(factory, p.get("mail.smtp.ssl.socketFactory"));
        assertEquals("false", p.getProperty("mail.smtp.ssl.checkserveridentity"));
    }

    @Test
    void envelopeFromIsTheBareAddress() throws Exception {
        assertEquals("ka@example.com", JakartaMailTransport.envelopeAddress("KA <ka@example.com>"));
        assertEquals("root@vm", JakartaMailTransport.envelopeAddress("root@vm"));
        assertThrows(SmtpSetupException.class, () -> JakartaMailTransport.envelopeAddress("a <b"));
    }

    @Test
    void noServerOrNoRecipientsMeansNoSender() throws Exception {
        TestSupport.CapturedLog log = new TestSupport.CapturedLog();
        assertSame(AlertSink.NONE, AlertSinks.create(PLAIN.withRecipients(List.of()), log.logger));
        assertSame(AlertSink.NONE, AlertSinks.create(SmtpSettings.defaults("r", "f@x", "h")
                .withRecipients(List.of("a@x")), log.logger));
        assertThrows(SmtpSetupException.class,
                () -> new JakartaMailTransport(SmtpSettings.defaults("r", "f@x", "h"), java.util.Optional.empty(),
                        null));
    }
}
