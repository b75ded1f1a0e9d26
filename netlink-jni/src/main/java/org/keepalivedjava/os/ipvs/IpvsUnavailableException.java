package org.keepalivedjava.os.ipvs;

/** The kernel has no IPVS: the generic netlink family "IPVS" does not exist (module ip_vs absent or not loadable). */
public final class IpvsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final String MESSAGE =
            "IPVS not available: the kernel has no ip_vs module (generic netlink family \"IPVS\" not found)";

    public IpvsUnavailableException() {
        super(MESSAGE);
    }
}
