package org.keepalivedjava.log;

/** The syslog idents keepalived uses, one per process kind, so existing log filters keep working. */
public final class Ident {
    public static final String PARENT = "Keepalived";
    public static final String VRRP = "Keepalived_vrrp";
    public static final String CHECKERS = "Keepalived_healthcheckers";

    private Ident() {
    }
}
