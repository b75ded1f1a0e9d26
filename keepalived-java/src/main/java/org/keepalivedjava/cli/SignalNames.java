package org.keepalivedjava.cli;

import java.util.Map;
import java.util.Optional;

/**
 * {@code --signum=NAME}: the signal number that makes a running keepalived perform NAME, so scripts can write
 * {@code kill -s $(keepalived --signum=RELOAD) $(cat /run/keepalived.pid)}. Names are case-sensitive.
 * The numbers are those keepalived 2.2.7 prints on Linux x86_64 / glibc (measured): STATS_CLEAR and JSON are
 * real-time signals (SIGRTMIN = 34 under glibc), which is why the parent will read signals through signalfd
 * rather than sun.misc.Signal (which cannot register real-time signals).
 */
public final class SignalNames {
    private static final Map<String, Integer> NUMBERS = Map.of(
            "STOP", 15,          // SIGTERM
            "RELOAD", 1,         // SIGHUP
            "DATA", 10,          // SIGUSR1: dump the data to /tmp/keepalived.data
            "STATS", 12,         // SIGUSR2: write /tmp/keepalived.stats
            "STATS_CLEAR", 63,   // SIGRTMAX - 1: write and clear the statistics
            "JSON", 36);         // SIGRTMIN + 2: write /tmp/keepalived.json

    private SignalNames() {
    }

    public static Optional<Integer> number(String name) {
        return Optional.ofNullable(NUMBERS.get(name));
    }
}
