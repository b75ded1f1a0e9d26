package org.keepalivedjava.os.rtnl;

/**
 * A network interface as an RTM_NEWLINK (dump reply or event) describes it.
 *
 * @param flags     IFF_* ({@link RtnlConstants})
 * @param mac       hardware address as "aa:bb:cc:dd:ee:ff", or null (e.g. some tunnels)
 * @param operState IF_OPER_* (RFC 2863: 2 down, 6 up, 0 unknown)
 */
public record Link(int index, String name, int flags, String mac, int mtu, int operState) {
    /** Administratively up (IFF_UP: ip link set X up). */
    public boolean isUp() {
        return (flags & RtnlConstants.IFF_UP) != 0;
    }

    /** Up and carrier present (IFF_RUNNING). */
    public boolean isRunning() {
        return (flags & RtnlConstants.IFF_RUNNING) != 0;
    }
}
