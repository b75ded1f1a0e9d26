/**
 * keepalived-format email alerts, sent off the event loop.
 *
 * <p>How a child uses it (the VRRP and health-check children; loop thread unless said otherwise):
 * <pre>{@code
 * AlertSink sink = AlertSinks.create(smtpSettings, logger);        // at start; NONE when no mail is configured
 * ...
 * // on a VRRP transition, with the instance's effective smtp_alert (SmtpSettings.vrrpAlertDefault() if unset):
 * if (AlertPolicy.shouldSendVrrp(instanceSmtpAlert, smtpSettings.noEmailFaults(), newState, lastMailedState)) {
 *     sink.offer(new VrrpInstanceAlert(instanceName, newState));   // never blocks
 *     lastMailedState = newState;
 * }
 * ...
 * sink.close();                                                    // at shutdown: drains with a deadline
 * }</pre>
 *
 * <p>Pieces: {@link org.keepalivedjava.smtp.SmtpSettings} (global_defs values), the {@link
 * org.keepalivedjava.smtp.Alert} records, the pure {@link org.keepalivedjava.smtp.AlertFormatter} and {@link
 * org.keepalivedjava.smtp.AlertPolicy}, {@link org.keepalivedjava.smtp.AlertSender} (queue + one sender thread) over
 * a {@link org.keepalivedjava.smtp.MailTransport} ({@link org.keepalivedjava.smtp.JakartaMailTransport} in
 * production).
 */
package org.keepalivedjava.smtp;
