package org.keepalivedjava.config;

/**
 * The exit status of {@code -t/--config-test}, as measured on keepalived 2.2.7 (Debian 12):
 * 0 when the config is clean (warnings allowed, a missing include included), 6 when scripts would run without
 * {@code enable_script_security} or when a config file is missing under {@code -e} (both dominate any other
 * error), 5 for any other configuration error.
 */
public final class ConfigTestVerdict {
    public static final int OK = 0;
    public static final int CONFIG_ERRORS = 5;
    public static final int SECURITY_OR_MISSING_FILE = 6;

    private ConfigTestVerdict() {
    }

    public static int exitCode(Diagnostics diagnostics) {
        if (diagnostics.has(ConfigStatus.SECURITY_ERROR) || diagnostics.has(ConfigStatus.FILE_NOT_FOUND)) {
            return SECURITY_OR_MISSING_FILE;
        }
        return diagnostics.hasErrors() ? CONFIG_ERRORS : OK;
    }
}
