package org.keepalivedjava.smtp;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.keepalivedjava.config.model.global.GlobalDefs;

/**
 * global_defs -> {@link SmtpSettings}, with keepalived 2.2.7's defaults for what the config leaves out:
 * router_id and smtp_helo_name default to the host name, notification_email_from to {@code user@host} (what the
 * real 2.2.7 sends; its man page says keepalived@host), smtp_server absent means no mail at all.
 */
public final class SmtpSettingsMapper {
    private SmtpSettingsMapper() {
    }

    /**
     * @param hostName the node name (uname -n), for the defaults
     * @param userName the user the daemon runs as, for the default sender
     */
    public static SmtpSettings from(GlobalDefs global, String hostName, String userName) {
        GlobalDefs.Smtp smtp = global.smtp();
        String routerId = global.routerId() != null ? global.routerId() : hostName;
        String from = smtp.emailFrom() != null ? smtp.emailFrom() : userName + "@" + hostName;
        String helo = smtp.heloName() != null ? smtp.heloName() : hostName;
        SmtpSettings settings = SmtpSettings.defaults(routerId, from, helo)
                .withRecipients(recipients(smtp.notificationEmails()))
                .withConnectTimeoutMs(smtp.connectTimeoutSec() * 1000L)
                .withTls(smtp.starttls(), smtp.ssl())
                .withAlertFlags(Optional.ofNullable(smtp.alert()), Optional.ofNullable(smtp.alertVrrp()),
                        Optional.ofNullable(smtp.alertChecker()), smtp.noEmailFaults());
        if (smtp.smtpServerHost() != null) {
            settings = settings.withServer(smtp.smtpServerHost(),
                    smtp.smtpServerPort() > 0 ? smtp.smtpServerPort() : SmtpSettings.DEFAULT_PORT);
        }
        if (smtp.user() != null && smtp.passwordFile() != null) {
            settings = settings.withAuth(smtp.user(), Path.of(smtp.passwordFile()));
        }
        return settings;
    }

    /** Entries as the config writes them: {@code Name <addr>} keeps its display name for the To: header. */
    static List<String> recipients(List<GlobalDefs.EmailAddress> emails) {
        return emails.stream()
                .map(e -> e.display() == null ? e.address() : e.display() + " <" + e.address() + ">")
                .toList();
    }
}
