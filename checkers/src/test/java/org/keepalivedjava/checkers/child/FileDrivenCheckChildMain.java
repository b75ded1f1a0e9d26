package org.keepalivedjava.checkers.child;

import java.nio.file.Files;
import java.nio.file.Path;

import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;

/**
 * Not a test by itself: the checker child with stand-in checks for process tests ({@link CheckerChildProcessTest},
 * the UML test), used until the real checker state machines are merged. Each check of a connecting checker is up
 * while the file {@code DIR/up-IP-PORT} exists (DIR from {@code -Dkj.check.dir}), looked at every 100 ms on the
 * loop. Arguments: keepalived's options.
 */
public final class FileDrivenCheckChildMain {
    private FileDrivenCheckChildMain() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(System.getProperty("kj.check.dir"));
        System.exit(CheckerChildMain.run(args, (config, context, listener, realServer, virtualServer) ->
                new FileDrivenCheck(config, context.loop(), listener, dir), dir.resolve("keepalived_check.data")));
    }

    static final class FileDrivenCheck implements Check {
        private final CheckerConfig config;
        private final CheckListener listener;
        private final Path file;
        private final Timer timer;
        private boolean up;
        private boolean enabled = true;
        private boolean hasRun;

        FileDrivenCheck(CheckerConfig config, EventLoop loop, CheckListener listener, Path dir) {
            this.config = config;
            this.listener = listener;
            CheckerConfig.Common c = ((CheckerConfig.Connecting) config).common();
            this.file = dir.resolve("up-" + c.connectIp().getHostAddress() + "-" + c.connectPort());
            this.up = !c.alpha();
            this.timer = loop.newTimer((t, nowNs) -> {
                boolean result = Files.exists(file);
                if (enabled && (result != up || !hasRun)) {
                    hasRun = true;
                    up = result;
                    listener.onCheckResult(this, result, "=> file " + file + (result ? " present" : " absent")
                            + " <=", -1, nowNs);
                }
                t.scheduleAt(nowNs + 100_000_000L);
            });
        }

        @Override
        public void start(long nowNs) {
            timer.scheduleAt(nowNs + 100_000_000L);
        }

        @Override
        public void stop() {
            timer.cancel();
        }

        @Override
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public boolean isEnabled() {
            return enabled;
        }

        @Override
        public boolean isUp() {
            return up;
        }

        @Override
        public CheckerConfig config() {
            return config;
        }
    }
}
