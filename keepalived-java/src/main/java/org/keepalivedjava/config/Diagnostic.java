package org.keepalivedjava.config;

/**
 * One message about the configuration. {@code status == null} means a warning: logged, but it does not change
 * the verdict of {@code -t}.
 */
public record Diagnostic(Location location, ConfigStatus status, String message) {

    public boolean isWarning() {
        return status == null;
    }

    /** keepalived's shape: {@code (FILE: Line N) message}, or the bare message when no line applies. */
    public String format() {
        return location.isKnown() ? location + " " + message : message;
    }

    @Override
    public String toString() {
        return format();
    }
}
