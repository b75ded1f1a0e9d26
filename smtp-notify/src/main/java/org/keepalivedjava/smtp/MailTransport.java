package org.keepalivedjava.smtp;

/**
 * Delivers one formatted mail to the SMTP server, blocking (sender thread only). The production implementation is
 * {@link JakartaMailTransport}; tests use fakes.
 */
public interface MailTransport {
    void send(MailText mail) throws DeliveryException;
}
