package org.keepalivedjava.smtp;

import org.keepalivedjava.log.Logger;

import java.time.Clock;
import java.util.Optional;

/** Builds the {@link AlertSink} a child uses, from its {@link SmtpSettings}. */
public final class AlertSinks {

    private AlertSinks() {
    }

    /**
     * {@link AlertSink#NONE} when the config sends no mail (no {@code notification_email} or no
     * {@code smtp_server}, as keepalived), else a started {@link AlertSender} with Jakarta Mail, the default retry
     * schedule and queue size. The caller closes the sender at shutdown.
     *
     * @throws SmtpSetupException with an operator-facing message (unsafe or missing {@code smtp_password_file},
     *                            unusable address); mail is then off and the caller decides whether that is fatal
     */
    public static AlertSink create(SmtpSettings settings, Logger log) throws SmtpSetupException {
        if (!settings.mailConfigured()) {
            return AlertSink.NONE;
        }
        Optional<String> password = settings.passwordFile().isPresent() && settings.user().isPresent()
                ? Optional.of(SmtpPassword.read(settings.passwordFile().get()))
                : Optional.empty();
        MailTransport transport = new JakartaMailTransport(settings, password, null);
        return AlertSender.start(settings, transport, log, Clock.systemDefaultZone(), RetrySchedule.DEFAULT,
                Sleeper.REAL, AlertSender.DEFAULT_CAPACITY);
    }
}
