package org.keepalivedjava.checkers.check.impl;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.keepalivedjava.checkers.check.ScriptExecutor;
import org.keepalivedjava.os.loop.EventLoop;

/**
 * TEST ADAPTER, not the runtime's script runner: starts the script with ProcessBuilder, waits for it on a plain
 * thread (off the loop), and hands the outcome to the loop with {@link EventLoop#execute}. Ignores user/group.
 */
final class ProcessScriptExecutor implements ScriptExecutor {
    private final EventLoop loop;

    ProcessScriptExecutor(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public Running run(List<String> argv, String user, String group, long timeoutNs, Consumer<Outcome> onDone) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (Exception e) {
            loop.execute(() -> onDone.accept(new Outcome(-1, false, true, e.getMessage())));
            return () -> { };
        }
        Thread t = new Thread(() -> {
            Outcome o;
            try {
                boolean finished = timeoutNs == 0 ? p.waitFor() >= Integer.MIN_VALUE
                        : p.waitFor(timeoutNs, TimeUnit.NANOSECONDS);
                if (!finished) {
                    p.destroyForcibly().waitFor();
                    o = new Outcome(-1, true, false, "timed out");
                } else if (p.exitValue() > 128) {
                    o = new Outcome(p.exitValue(), false, true, "signal " + (p.exitValue() - 128));
                } else {
                    o = new Outcome(p.exitValue(), false, false, "exited");
                }
            } catch (InterruptedException e) {
                o = new Outcome(-1, false, true, "interrupted");
            }
            Outcome result = o;
            loop.execute(() -> onDone.accept(result));
        }, "script-waiter");
        t.setDaemon(true);
        t.start();
        return p::destroyForcibly;
    }
}
