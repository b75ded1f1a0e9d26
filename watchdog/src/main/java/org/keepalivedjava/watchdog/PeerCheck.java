package org.keepalivedjava.watchdog;

/**
 * Whether the process at the other end of a watchdog socket is the one we expect, from its SO_PEERCRED
 * credentials (the kernel records them at connect(2) for the client and at listen(2) for the server, so
 * they cannot be forged by the peer). Pure.
 */
public final class PeerCheck {
    private PeerCheck() {
    }

    /**
     * @return null when the peer is accepted, otherwise the reason it is refused (for the log)
     */
    public static String refusal(int peerPid, int peerUid, long expectedPid, int expectedUid) {
        if (peerPid != expectedPid && peerUid != expectedUid) {
            return "pid " + peerPid + " uid " + peerUid + " is neither the expected pid " + expectedPid
                    + " nor uid " + expectedUid;
        }
        if (peerPid != expectedPid) {
            return "pid " + peerPid + " is not the expected pid " + expectedPid;
        }
        if (peerUid != expectedUid) {
            return "pid " + peerPid + " runs as uid " + peerUid + ", expected uid " + expectedUid;
        }
        return null;
    }
}
