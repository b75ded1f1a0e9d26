package org.keepalivedjava.vrrp.dump;

/** An instance state with keepalived's number (vrrp.h, printed in the JSON dump) and name (.data dump). */
public enum VrrpState {
    INIT(0), BACKUP(1), MASTER(2), FAULT(3), DELETED(97), STOP(98);

    private final int code;

    VrrpState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
