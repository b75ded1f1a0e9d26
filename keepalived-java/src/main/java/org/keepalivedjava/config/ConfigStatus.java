package org.keepalivedjava.config;

/**
 * The kinds of configuration problem keepalived distinguishes (its {@code config_err_t}), in the same order.
 * A run's status is the highest-ordered kind reported, exactly as keepalived keeps "the worst so far", which
 * makes a security error dominate everything else (exit 6 from {@code -t}).
 */
public enum ConfigStatus {
    OK,
    // keepalived cannot run the config
    FILE_NOT_FOUND,
    BAD_IF,
    FATAL,
    // configuration errors; keepalived still runs
    MULTIPLE_FILES,
    UNKNOWN_KEYWORD,
    UNEXPECTED_BOB,
    MISSING_BOB,
    UNMATCHED_QUOTE,
    MISSING_PARAMETER,
    INVALID_NUMBER,
    GENERAL_ERROR,
    // scripts configured but script security not enabled (or insecure scripts)
    SECURITY_ERROR;

    public ConfigStatus worst(ConfigStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
