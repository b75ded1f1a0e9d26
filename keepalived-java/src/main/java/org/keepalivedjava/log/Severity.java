package org.keepalivedjava.log;

/** syslog severities (RFC 3164 §4.1.1, syslog(3) LOG_EMERG..LOG_DEBUG), by their numeric code. */
public enum Severity {
    EMERG, ALERT, CRIT, ERR, WARNING, NOTICE, INFO, DEBUG;

    /** The RFC 3164 severity number (0 = emergency .. 7 = debug). */
    public int code() {
        return ordinal();
    }
}
