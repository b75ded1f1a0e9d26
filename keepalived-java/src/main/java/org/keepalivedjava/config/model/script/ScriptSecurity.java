package org.keepalivedjava.config.model.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.global.GlobalDefs;

/**
 * keepalived's script security rules, checked over every script in use after all sections are built.
 * <ul>
 * <li>A script runs as its own user, else {@code script_user}, else {@code keepalived_script} if that user
 * exists, else root.</li>
 * <li>Scripts running as root without {@code enable_script_security}: SECURITY_ERROR ({@code -t} exits 6), with
 * " There are insecure scripts." when one of them could be replaced by a non-root user.</li>
 * <li>With {@code enable_script_security}, an insecure root script is disabled (logged only: keepalived's
 * {@code -t} stays 0), and a missing default user is an error for each script that needs it.</li>
 * </ul>
 */
public final class ScriptSecurity {
    public static final String DEFAULT_SCRIPT_USER = "keepalived_script";

    private ScriptSecurity() {
    }

    /** Whether a root-run script at this (resolved) path could be changed by someone other than root. */
    @FunctionalInterface
    public interface PathCheck {
        boolean isInsecure(String program);
    }

    public static void check(GlobalDefs global, List<NotifyScript> scripts, Diagnostics diagnostics, HostView host) {
        check(global, scripts, diagnostics, host, ScriptSecurity::insecureOnDisk);
    }

    public static void check(GlobalDefs global, List<NotifyScript> scripts, Diagnostics diagnostics, HostView host,
                             PathCheck paths) {
        boolean secure = global.scripts().enableScriptSecurity();
        boolean anyRoot = false;
        boolean anyInsecure = false;
        for (NotifyScript s : scripts) {
            if (!resolveUser(s, global, diagnostics, host, s.location(), false)) {
                continue;
            }
            if (!"root".equals(effectiveUser(s, global, host))) {
                continue;
            }
            anyRoot = true;
            if (paths.isInsecure(s.path())) {
                anyInsecure = true;
                if (secure) {
                    diagnostics.warning(s.location(), "Unsafe permissions found for script '" + s.path()
                            + "' - disabling.");
                }
            }
        }
        if (anyRoot && !secure) {
            diagnostics.error(ConfigStatus.SECURITY_ERROR, Location.NONE,
                    "SECURITY VIOLATION - scripts are being executed but script_security not enabled."
                            + (anyInsecure ? " There are insecure scripts." : ""));
        }
    }

    /** The user a script runs as; assumes {@link #resolveUser} passed. */
    public static String effectiveUser(NotifyScript s, GlobalDefs global, HostView host) {
        if (s.user() != null) {
            return s.user();
        }
        if (global.scripts().scriptUser() != null) {
            return global.scripts().scriptUser();
        }
        return host.userExists(DEFAULT_SCRIPT_USER) ? DEFAULT_SCRIPT_USER : "root";
    }

    /**
     * Whether the script's user and group can be set, reporting as keepalived: an explicit unknown user/group is
     * an error for a vrrp_script's {@code user} keyword ({@code explicitIsError}) but only logged for a notify
     * script (measured: {@code -t} stays 0, the script is dropped); the default user missing under
     * enable_script_security is an error at the script's line.
     */
    public static boolean resolveUser(NotifyScript s, GlobalDefs global, Diagnostics d, HostView host, Location at,
                                      boolean explicitIsError) {
        if (s.user() != null) {
            if (!host.userExists(s.user()) || (s.group() != null && !host.groupExists(s.group()))) {
                String msg = "Unable to set uid/gid for script '" + s.path() + "'";
                if (explicitIsError) {
                    d.error(ConfigStatus.GENERAL_ERROR, at, msg);
                } else {
                    d.warning(at, msg);
                }
                return false;
            }
            return true;
        }
        if (global.scripts().scriptUser() != null || host.userExists(DEFAULT_SCRIPT_USER)) {
            return true;
        }
        if (global.scripts().enableScriptSecurity()) {
            d.error(ConfigStatus.GENERAL_ERROR, at, "Unable to set default user " + DEFAULT_SCRIPT_USER
                    + " for script");
            return false;
        }
        return true;
    }

    private static final List<String> SEARCH_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin");

    /**
     * keepalived's rule: insecure if the file or any directory above it is owned by a non-root user, or the file is
     * group/other writable, or a directory is group/other writable without the sticky bit. A missing file is not
     * judged here (keepalived just fails to run it).
     */
    static boolean insecureOnDisk(String program) {
        Path p = resolve(program);
        if (p == null) {
            return false;
        }
        try {
            p = p.toRealPath();
            if (badMode(p, false)) {
                return true;
            }
            for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
                if (badMode(dir, true)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean badMode(Path p, boolean directory) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        boolean writableByOthers = (mode & 0022) != 0;
        boolean sticky = (mode & 01000) != 0;
        return uid != 0 || (writableByOthers && !(directory && sticky));
    }

    private static Path resolve(String program) {
        if (program.indexOf('/') >= 0) {
            Path p = Path.of(program);
            return Files.exists(p) ? p : null;
        }
        for (String dir : SEARCH_PATH) {
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
