package org.keepalivedjava.os.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The credentials a script runs with, and the command line that applies them.
 *
 * <p>keepalived's semantics (notify.c set_privileges, for script_user and per-script "user [group]"): the group is
 * the named one, or the user's primary group; the supplementary groups are exactly that one group; a uid or gid
 * of 0 is left as it is (keepalived skips setuid(0)/setgid(0)); the script gets SIGTERM when its parent dies.
 * Same here with {@code setpriv --reuid=U --regid=G --groups=G --pdeathsig=TERM -- argv...}.
 *
 * <p>Two caveats of the launcher approach: the daemon must be root (or hold CAP_SETUID + CAP_SETGID) for setpriv to
 * switch user; and PR_SET_PDEATHSIG fires when the parent THREAD that started the process exits, so scripts should
 * be started from the long-lived loop thread (or a long-lived launcher thread).
 *
 * @param user the user name (for messages; setpriv gets the numbers)
 */
public record RunAs(String user, long uid, long gid) {
    /** Where Debian 12 (util-linux 2.38) installs setpriv. */
    public static final String SETPRIV = "/usr/bin/setpriv";

    /**
     * keepalived's "user [group]" resolved through {@code db}.
     * @param group null for the user's primary group
     * @return empty when the user or the group does not exist (the caller reports it, as keepalived's
     *         "Unable to set uid/gid for script" / config check does)
     */
    public static Optional<RunAs> resolve(UserDatabase db, String user, String group) {
        Optional<PosixUser> u = db.user(user);
        if (u.isEmpty()) {
            return Optional.empty();
        }
        long gid = u.get().gid();
        if (group != null) {
            Optional<PosixGroup> g = db.group(group);
            if (g.isEmpty()) {
                return Optional.empty();
            }
            gid = g.get().gid();
        }
        return Optional.of(new RunAs(u.get().name(), u.get().uid(), gid));
    }

    /** True when nothing needs changing for a process already running as {@code currentUid}/{@code currentGid}. */
    public boolean isNoChangeFrom(long currentUid, long currentGid) {
        return (uid == 0 || uid == currentUid) && (gid == 0 || gid == currentGid);
    }

    /**
     * The command to start instead of {@code argv}: the setpriv launcher, then {@code --}, then argv unchanged
     * (no shell: keepalived-java passes argv vectors, so nothing is re-parsed).
     */
    public List<String> commandLine(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(SETPRIV);
        if (gid != 0) {
            cmd.add("--regid=" + gid);
            cmd.add("--groups=" + gid);
        }
        if (uid != 0) {
            cmd.add("--reuid=" + uid);
        }
        cmd.add("--pdeathsig=TERM");
        cmd.add("--");
        cmd.addAll(argv);
        return cmd;
    }
}
