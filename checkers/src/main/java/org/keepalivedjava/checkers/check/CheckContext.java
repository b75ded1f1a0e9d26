package org.keepalivedjava.checkers.check;

import java.util.random.RandomGenerator;
import org.keepalivedjava.os.check.CheckSockets;
import org.keepalivedjava.os.loop.EventLoop;

/**
 * What a {@link Check} needs from the checker child: its loop, sockets, a script runner, randomness (warmup
 * delays, UDP payloads) and a log. Tests pass fakes (in-memory sockets, a recording script executor, a seeded
 * random, a ManualClock loop).
 *
 * @param log     receives keepalived-shaped log lines ("TCP connection to [192.0.2.10]:tcp:80 failed.")
 * @param buffers transient buffers shared by the checks of this loop
 */
public record CheckContext(EventLoop loop, CheckSockets sockets, ScriptExecutor scripts, RandomGenerator random,
                           java.util.function.Consumer<String> log, LoopBuffers buffers) {

    /** A context with its own {@link LoopBuffers} (one context per loop). */
    public CheckContext(EventLoop loop, CheckSockets sockets, ScriptExecutor scripts, RandomGenerator random,
                        java.util.function.Consumer<String> log) {
        this(loop, sockets, scripts, random, log, new LoopBuffers());
    }
}
