package org.keepalivedjava.os.caps;

/**
 * The Linux capabilities keepalived-java uses (numbers from linux/capability.h), each with what fails without it.
 */
public enum Capability {
    CAP_KILL(5, "signalling notify/check scripts that run as another user (timeouts, stop)"),
    CAP_SETGID(6, "running scripts as another group (script_user, notify scripts with a user/group)"),
    CAP_SETUID(7, "running scripts as another user (script_user, notify scripts with a user/group)"),
    CAP_NET_ADMIN(12, "virtual IP addresses and routes (rtnetlink), IPVS (virtual/real servers), "
            + "SO_MARK (checker fwmark)"),
    CAP_NET_RAW(13, "VRRP adverts (raw IP protocol 112), gratuitous ARP and unsolicited NA (packet sockets), "
            + "SO_BINDTODEVICE on kernels before 5.7"),
    CAP_SYS_ADMIN(21, "entering another network namespace (--namespace)"),
    CAP_SYS_NICE(23, "realtime scheduling and priorities (vrrp_rt_priority, checker_rt_priority, *_priority)");

    private final int number;
    private final String neededFor;

    Capability(int number, String neededFor) {
        this.number = number;
        this.neededFor = neededFor;
    }

    /** The bit number in a capability set. */
    public int number() {
        return number;
    }

    /** What will not work without it, for the probe's message. */
    public String neededFor() {
        return neededFor;
    }

    public boolean isIn(long capabilitySet) {
        return (capabilitySet & (1L << number)) != 0;
    }
}
