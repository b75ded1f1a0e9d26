package org.keepalivedjava.vrrp.fsm;

/**
 * The states of a VRRP instance (RFC 5798 §6.4 Initialize, Backup, Master) plus keepalived's FAULT (a tracked
 * interface/script/process/file says the instance must not run) and STOP (the daemon is stopping; the state
 * notify scripts receive).
 */
public enum VrrpState {
    INIT, BACKUP, MASTER, FAULT, STOP
}
