package org.keepalivedjava.config.model.script;

import java.util.List;
import org.keepalivedjava.config.Location;

/**
 * A script the daemon will run (notify_*, vrrp_script, track_process hooks, MISC_CHECK, quorum_up/down...),
 * parsed as keepalived parses it: the command line is split into argv with keepalived's quoting rules, no shell.
 *
 * @param argv      program and arguments, argv[0] being the path
 * @param user      the user it runs as (script_user / per-script user), null for the global default
 * @param group     the group it runs as, null for the user's primary group
 * @param location  where it was configured
 */
public record NotifyScript(List<String> argv, String user, String group, Location location) {

    public NotifyScript {
        argv = List.copyOf(argv);
    }

    public String path() {
        return argv.get(0);
    }
}
