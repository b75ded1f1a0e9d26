package org.keepalivedjava.config.model.script;

import java.util.List;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.model.global.GlobalDefs;

/** keepalived's script security rules (enable_script_security, script_user), checked over every script in use. */
public final class ScriptSecurity {
    private ScriptSecurity() {
    }

    public static void check(GlobalDefs global, List<NotifyScript> scripts, Diagnostics diagnostics, HostView host) {
        // Filled in with the global_defs keywords (issue 2).
    }
}
