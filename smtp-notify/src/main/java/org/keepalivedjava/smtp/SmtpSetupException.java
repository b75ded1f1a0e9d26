package org.keepalivedjava.smtp;

/**
 * The SMTP settings cannot be used (unsafe password file, unparsable address...). The message is a complete,
 * operator-facing sentence; callers log it and refuse to start mail delivery.
 */
public final class SmtpSetupException extends Exception {
    public SmtpSetupException(String message) {
        super(message);
    }

    public SmtpSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
