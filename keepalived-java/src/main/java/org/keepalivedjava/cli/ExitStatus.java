package org.keepalivedjava.cli;

/**
 * Process exit statuses, with keepalived 2.2.7's values as measured on the installed binary (Debian 12).
 * {@code -t} statuses come from {@link org.keepalivedjava.config.ConfigTestVerdict}.
 */
public final class ExitStatus {
    /** Normal end; also -h, -v, --signum, and "daemon is already running" (keepalived exits 0 there too). */
    public static final int OK = 0;
    /** Bad command line (unknown option, missing option argument, unknown --signum name); a launcher failure. */
    public static final int FAILURE = 1;
    /** keepalived's parent stops with 2 when a child reports a config it cannot run (e.g. a missing interface). */
    public static final int CONFIG_CANNOT_RUN = 2;
    /**
     * keepalived's parent stops with 6 when the main config file is missing (measured; it logs "Config files
     * missing", we log the loader's "Configuration file '...' not found").
     */
    public static final int CONFIG_MISSING = 6;
    private ExitStatus() {
    }
}
