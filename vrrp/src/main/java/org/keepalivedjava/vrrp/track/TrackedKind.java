package org.keepalivedjava.vrrp.track;

/** What a tracked object is: the track_* list it came from (the instance's own interface counts as an interface). */
public enum TrackedKind {
    INTERFACE, SCRIPT, PROCESS, FILE, BFD
}
