package org.keepalivedjava.config.model.script;

import java.util.List;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.global.GlobalDefs;

/**
 * keepalived's script security rules, checked over every script in use after all sections are built (the rules of
 * check_script_secure and its callers in keepalived 2.2.7).
 * <ul>
 * <li>A script runs as its own user, else {@code script_user}, else {@code keepalived_script} if that user
 * exists, else root.</li>
 * <li>Only a script whose program exists counts as "a script being executed" ({@link ScriptFile#isScript()}):
 * a config naming only missing scripts runs nothing, so it is no security problem (keepalived's own samples
 * name scripts under /usr/local/bin that do not exist: -t exits 0).</li>
 * <li>Without {@code enable_script_security}, any existing script, whichever user runs it, is a SECURITY_ERROR
 * ({@code -t} exits 6), with " There are insecure scripts." when a root script could be replaced by another
 * user.</li>
 * <li>With {@code enable_script_security}, an insecure root script is disabled (logged only for notify and
 * checker scripts; a vrrp_script is judged by {@link #trackScriptUsable}), and a missing default user is an
 * error for each script that needs it.</li>
 * <li>A command starting {@code </path} only tests that a file can be opened: nothing is executed.</li>
 * </ul>
 */
public final class ScriptSecurity {
    public static final String DEFAULT_SCRIPT_USER = "keepalived_script";

    private ScriptSecurity() {
    }

    public static void check(GlobalDefs global, List<NotifyScript> scripts, Diagnostics diagnostics, HostView host) {
        boolean secure = global.scripts().enableScriptSecurity();
        boolean anyScript = false;
        boolean anyInsecure = false;
        for (NotifyScript s : scripts) {
            if (!resolveUser(s, global, diagnostics, host, s.location(), false) || opensAFileOnly(s)) {
                continue;
            }
            ScriptFile file = examine(s, global, host);
            anyScript |= file.isScript();
            if (file == ScriptFile.INSECURE) {
                anyInsecure = true;
                if (secure) {
                    diagnostics.warning(s.location(), "Unsafe permissions found for script '" + s.path()
                            + "' - disabling.");
                }
            }
        }
        if (anyScript && !secure) {
            diagnostics.error(ConfigStatus.SECURITY_ERROR, Location.NONE,
                    "SECURITY VIOLATION - scripts are being executed but script_security not enabled."
                            + (anyInsecure ? " There are insecure scripts." : ""));
        }
    }

    /**
     * Whether a vrrp_script ({@code name}, run as resolved from its user) can be kept once the VRRP process runs.
     * Unlike a notify script, a vrrp_script that cannot run is a configuration error: not found, or disabled as
     * insecure (under enable_script_security, or always when its path holds the wrong kind of file). A script
     * that exists but is not executable is dropped without a message.
     */
    public static boolean trackScriptUsable(String name, NotifyScript command, GlobalDefs global, Diagnostics d,
                                            HostView host, Location at) {
        if (opensAFileOnly(command)) {
            return true;
        }
        ScriptFile file = examine(command, global, host);
        boolean inhibit = file == ScriptFile.WRONG_TYPE
                || (file == ScriptFile.INSECURE && global.scripts().enableScriptSecurity());
        if (inhibit) {
            d.error(ConfigStatus.GENERAL_ERROR, at, "Disabling track script " + name + " due to insecure");
            return false;
        }
        if (file == ScriptFile.NOT_FOUND) {
            d.error(ConfigStatus.GENERAL_ERROR, at, "Disabling track script " + name
                    + " since not found/accessible");
            return false;
        }
        return file != ScriptFile.NOT_EXECUTABLE;
    }

    private static ScriptFile examine(NotifyScript s, GlobalDefs global, HostView host) {
        return host.scriptFile(s.path(), "root".equals(effectiveUser(s, global, host)));
    }

    /** {@code </path}: keepalived only checks that the file can be opened, and executes nothing. */
    static boolean opensAFileOnly(NotifyScript s) {
        String p = s.path();
        return p.startsWith("<") && p.substring(1).stripLeading().startsWith("/");
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
}
