package org.keepalivedjava.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.testing.TestHosts;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.global.GlobalDefs;

/** The settings the children get from a real global_defs block. */
class SmtpSettingsMapperTest {
    private static final HostView HOST = TestHosts.ANY;

    private static GlobalDefs global(String text) {
        Diagnostics d = new Diagnostics();
        GlobalDefs g = ConfigLoader.loadText("k.conf", text, LoadOptions.defaults(), HOST, d).config().global();
        assertEquals(List.of(), d.errors(), "the test config is valid");
        return g;
    }

    @Test
    void everyKeywordIsMapped() {
        SmtpSettings s = SmtpSettingsMapper.from(global("""
                global_defs {
                  router_id lb1
                  notification_email {
                    ops@example.com
                    "Admin Two <two@example.com>"
                  }
                  notification_email_from lb1@example.com
                  smtp_server 192.0.2.25 2525
                  smtp_helo_name lb1.example.com
                  smtp_connect_timeout 7
                  smtp_alert_vrrp
                  no_email_faults
                  smtp_starttls
                  smtp_user alerts
                  smtp_password_file /etc/keepalived/smtp.pass
                }
                """), "node", "root");
        assertEquals("lb1", s.routerId());
        assertEquals(List.of("ops@example.com", "Admin Two <two@example.com>"), s.recipients());
        assertEquals("lb1@example.com", s.emailFrom());
        assertEquals(Optional.of("192.0.2.25"), s.serverHost());
        assertEquals(2525, s.serverPort());
        assertEquals("lb1.example.com", s.heloName());
        assertEquals(7000, s.connectTimeoutMs());
        assertTrue(s.startTls());
        assertFalse(s.ssl());
        assertEquals(Optional.of("alerts"), s.user());
        assertEquals(Optional.of(Path.of("/etc/keepalived/smtp.pass")), s.passwordFile());
        assertEquals(Optional.of(true), s.smtpAlertVrrp());
        assertEquals(Optional.empty(), s.smtpAlert());
        assertTrue(s.noEmailFaults());
        assertTrue(s.mailConfigured());
    }

    @Test
    void keepalivedDefaultsWhenTheConfigIsSilent() {
        SmtpSettings s = SmtpSettingsMapper.from(global("global_defs {\n}\n"), "node", "root");
        assertEquals("node", s.routerId());
        assertEquals("root@node", s.emailFrom());
        assertEquals("node", s.heloName());
        assertEquals(SmtpSettings.DEFAULT_CONNECT_TIMEOUT_MS, s.connectTimeoutMs());
        assertEquals(SmtpSettings.DEFAULT_PORT, s.serverPort());
        assertFalse(s.mailConfigured(), "no smtp_server, no recipients: no mail");
        assertFalse(s.vrrpAlertDefault());
        assertTrue(s.realServerAlertDefault(), "real servers alert by default, as keepalived");
    }
}
