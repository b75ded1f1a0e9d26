package org.keepalivedjava.smtp;

import java.util.List;
import java.util.OptionalLong;

/**
 * How long to wait before each retry of a failed delivery. keepalived makes one attempt and drops the mail; we
 * retry a few times because a relay restarting for a second should not cost the operator the page.
 *
 * @param backoffMs the waits before attempt 2, 3, ...; the number of attempts is {@code backoffMs.size() + 1}
 */
public record RetrySchedule(List<Long> backoffMs) {

    /** Three attempts: at once, after 1 s, after 5 s more. */
    public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(1_000L, 5_000L));

    /** One attempt, no retry: used while draining at shutdown. */
    public static final RetrySchedule NONE = new RetrySchedule(List.of());

    public RetrySchedule {
        backoffMs = List.copyOf(backoffMs);
        for (long ms : backoffMs) {
            if (ms < 0) {
                throw new IllegalArgumentException("negative back-off " + ms + " ms");
            }
        }
    }

    public int attempts() {
        return backoffMs.size() + 1;
    }

    /**
     * The wait before the next attempt after {@code failedAttempts} (1 or more) attempts failed, or empty when the
     * alert must be dropped.
     */
    public OptionalLong delayAfterFailureMs(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts " + failedAttempts);
        }
        if (failedAttempts > backoffMs.size()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(backoffMs.get(failedAttempts - 1));
    }
}
