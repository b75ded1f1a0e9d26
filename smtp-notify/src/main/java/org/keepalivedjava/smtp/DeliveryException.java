package org.keepalivedjava.smtp;

/**
 * A mail could not be delivered. {@link #permanent()} for an SMTP 5xx reply (a rejected recipient, bad
 * credentials, TLS required but refused...): retrying cannot help, the alert is dropped at once.
 */
public final class DeliveryException extends Exception {
    private final boolean permanent;

    public DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
