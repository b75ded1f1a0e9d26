package org.keepalivedjava.checkers.check;

/** Where a {@link Check} reports its verdict changes. Called on the loop thread. */
@FunctionalInterface
public interface CheckListener {

    /**
     * The check's verdict changed (or, for MISC_CHECK misc_dynamic and FILE_CHECK, its weight changed).
     *
     * @param up        the new verdict
     * @param message   keepalived's text for this result, used in logs and in the SMTP alert body
     *                  (e.g. {@code TCP connection to [192.0.2.10]:tcp:80 success.})
     * @param newWeight a weight the check asks for (misc_dynamic exit code, FILE_CHECK value), or -1 for none
     */
    void onCheckResult(Check check, boolean up, String message, long newWeight, long nowNs);
}
