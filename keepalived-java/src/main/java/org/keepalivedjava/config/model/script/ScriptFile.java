package org.keepalivedjava.config.model.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Map;

/**
 * What keepalived's script check (check_script_secure in lib/notify.c) finds on disk for a script's program,
 * reduced to what decides the config verdict and whether the script is kept:
 * <ul>
 *   <li>{@link #NOT_FOUND}: no such program (path search for a bare name, then realpath). Such a script is not
 *       "a script being executed", so it does not make the SECURITY VIOLATION; a missing vrrp_script is an
 *       error.</li>
 *   <li>{@link #NOT_EXECUTABLE}: found, not executable: it counts as a script but is dropped silently.</li>
 *   <li>{@link #WRONG_TYPE}: run as root, and an element of its path is not a directory, or the file itself is
 *       neither a regular file nor a symbolic link: always disabled.</li>
 *   <li>{@link #INSECURE}: run as root and a non-root user could replace it (an owner that is not root, a
 *       group-writable element whose group is not root, a world-writable element; directories with the sticky
 *       bit are exempt): disabled under enable_script_security.</li>
 *   <li>{@link #OK}: found, executable, and not replaceable (or not run as root, where keepalived does not
 *       look).</li>
 * </ul>
 */
public enum ScriptFile {
    NOT_FOUND, NOT_EXECUTABLE, WRONG_TYPE, INSECURE, OK;

    /** The directories searched for a program named without a slash (keepalived's default PATH when unset). */
    static final List<String> SEARCH_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
            "/sbin", "/bin");

    /** Whether a script in this state counts as "a script being executed" for the security verdict. */
    public boolean isScript() {
        return this != NOT_FOUND;
    }

    /**
     * Examines {@code program} on the local file system. {@code runsAsRoot}: keepalived judges the path's
     * security only for scripts run as root (uid or gid 0); for others only existence matters here.
     */
    public static ScriptFile examine(String program, boolean runsAsRoot) {
        if (program.indexOf('\0') >= 0) {
            return NOT_FOUND; // no file name holds a NUL (and Path.of would throw InvalidPathException)
        }
        Path given = program.indexOf('/') >= 0 ? Path.of(program) : searchPath(program);
        if (given == null) {
            return NOT_FOUND;
        }
        try {
            Path real = given.toRealPath();
            PosixFileAttributes target = Files.readAttributes(real, PosixFileAttributes.class);
            int mode = mode(target);
            // root may execute a file when any execute bit is set
            if ((mode & 0111) == 0) {
                return NOT_EXECUTABLE;
            }
            if (!runsAsRoot) {
                return OK;
            }
            // keepalived replaces the command by its realpath before judging it, so links on the way (/bin ->
            // usr/bin) are followed and the directories actually holding the file are the ones judged
            return pathSecurity(real);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return NOT_FOUND;
        }
    }

    private static Path searchPath(String program) {
        for (String dir : SEARCH_PATH) {
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Checks "/", each directory down the path, then the file itself, none of them followed if a link. */
    private static ScriptFile pathSecurity(Path absolute) throws IOException {
        Path p = absolute.getRoot();
        int n = absolute.getNameCount();
        for (int i = 0; i <= n; i++) {
            if (i > 0) {
                p = p.resolve(absolute.getName(i - 1));
            }
            boolean last = i == n;
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if ((!last && !a.isDirectory()) || (last && !a.isRegularFile() && !a.isSymbolicLink())) {
                return WRONG_TYPE;
            }
            if (replaceable(p, a)) {
                return INSECURE;
            }
        }
        return OK;
    }

    private static boolean replaceable(Path p, PosixFileAttributes a) throws IOException {
        Map<String, Object> ids = Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) ids.get("uid");
        int gid = (Integer) ids.get("gid");
        int mode = (Integer) ids.get("mode");
        if (uid != 0) {
            return true;
        }
        boolean sticky = (mode & 01000) != 0;
        boolean judged = (a.isDirectory() && !sticky) || a.isRegularFile();
        boolean groupWritable = gid != 0 && (mode & 0020) != 0;
        boolean worldWritable = (mode & 0002) != 0;
        return judged && (groupWritable || worldWritable);
    }

    private static int mode(PosixFileAttributes a) {
        int mode = 0;
        for (var perm : a.permissions()) {
            mode |= 1 << (8 - perm.ordinal());
        }
        return mode;
    }
}
