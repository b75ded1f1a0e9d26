package org.keepalivedjava.vrrp.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.os.proc.RunAs;
import org.keepalivedjava.os.proc.UserDatabase;

/**
 * Who a script runs as, keepalived's way: the script's own {@code user [group]}, else global_defs
 * {@code script_user [group]}, else {@code keepalived_script} if that user exists, else root.
 */
public final class ScriptUsers {
    public static final String DEFAULT_SCRIPT_USER = "keepalived_script";
    public static final RunAs ROOT = new RunAs("root", 0, 0);

    private final UserDatabase users;
    private final GlobalDefs.Scripts settings;

    public ScriptUsers(UserDatabase users, GlobalDefs.Scripts settings) {
        this.users = users;
        this.settings = settings;
    }

    /** The credentials for {@code script}; empty when its user or group does not exist (the caller reports it). */
    public Optional<RunAs> resolve(NotifyScript script) {
        if (script.user() != null) {
            return RunAs.resolve(users, script.user(), script.group());
        }
        if (settings != null && settings.scriptUser() != null) {
            return RunAs.resolve(users, settings.scriptUser(), settings.scriptGroup());
        }
        Optional<RunAs> fallback = RunAs.resolve(users, DEFAULT_SCRIPT_USER, null);
        return fallback.isPresent() ? fallback : Optional.of(ROOT);
    }

    /** This process's real uid and gid (from /proc/self/status), for {@link RunAs#isNoChangeFrom}. */
    public static long[] currentUidGid() {
        try {
            long uid = -1;
            long gid = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                } else if (line.startsWith("Gid:")) {
                    gid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
            return new long[] {uid, gid};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }
}
