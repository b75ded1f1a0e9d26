package org.keepalivedjava.config.model.script;

import java.util.List;
import org.keepalivedjava.config.tree.Words;
import org.keepalivedjava.config.values.CommandLine;

/**
 * Reads the script keywords' common shape, {@code KEYWORD "CMD ARGS" [username [groupname]]}: the command
 * (one word, usually quoted) is split into argv with keepalived's quoting rules.
 */
public final class ScriptLines {
    private ScriptLines() {
    }

    /** The script at word {@code index} with optional user and group after it, or null after reporting. */
    public static NotifyScript read(Words w, int index) {
        String cmd = w.require(index);
        if (cmd == null) {
            return null;
        }
        List<String> argv = CommandLine.split(cmd);
        if (argv.isEmpty()) {
            w.error(org.keepalivedjava.config.ConfigStatus.GENERAL_ERROR, "Empty script for " + w.keyword());
            return null;
        }
        return new NotifyScript(argv, w.get(index + 1), w.get(index + 2), w.location());
    }
}
