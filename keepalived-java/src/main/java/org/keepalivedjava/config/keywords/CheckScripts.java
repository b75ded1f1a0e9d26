package org.keepalivedjava.config.keywords;

import java.util.ArrayList;
import java.util.List;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.config.tree.Words;

/**
 * The scripts of the health-check keywords ({@code notify_up}, {@code notify_down}, {@code quorum_up},
 * {@code quorum_down}, {@code misc_path}): {@code KEYWORD "COMMAND LINE" [USER [GROUP]]}. The lexer has removed
 * the outer quotes, so word 1 is the whole command line, split here into argv as keepalived does (spaces separate,
 * single/double quotes group, backslash escapes). A minimal splitter, kept private to the check keywords until
 * the shared script parser exists.
 */
final class CheckScripts {
    private CheckScripts() {
    }

    /** The script of a keyword line, or null (after keepalived's message) when the command is missing. */
    static NotifyScript parse(Words w) {
        String command = w.require(1);
        if (command == null) {
            return null;
        }
        List<String> argv = split(command);
        if (argv.isEmpty()) {
            return null;
        }
        return new NotifyScript(argv, w.get(2), w.get(3), w.location());
    }

    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && quote == '"' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (ch == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(ch);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
