package org.keepalivedjava.lab;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an operator's keepalived.conf into the lab node's copy. Pure text in, text out; line numbers are kept
 * where possible (inserted lines go right after {@code global_defs {}}) so the daemon's messages still point
 * near the operator's lines.
 *
 * <ul>
 *   <li>Interface names are renamed into the lab ({@code eth0 -> lab0}): every whitespace-separated word equal to
 *       a mapped name, which covers {@code interface}, {@code dev X} in addresses and routes,
 *       {@code track_interface} entries, {@code lvs_sync_daemon} and the like, and address labels
 *       ({@code eth0:1 -> lab0:1}). Otherwise words are matched whole, so a VLAN {@code eth0.100} is not touched (the
 *       lab has no VLANs).</li>
 *   <li>{@code smtp_server} points at the lab's SMTP sink and {@code notify_fifo} at the lab's FIFO for this node
 *       (the operator's lines for these two keywords are commented out, saying why).</li>
 * </ul>
 * keepalived's lexer puts braces on lines of their own, so {@code global_defs { router_id x }} on one line is
 * split where the lab's lines go in.
 */
public final class ConfigRewriter {
    /** Marks every line the lab changed, so a reader of the node's copy sees them. */
    public static final String MARK = "# keepalived-lab";

    private ConfigRewriter() {
    }

    /**
     * The interface names a config uses, in order of first appearance: after {@code interface} and
     * {@code lvs_sync_daemon}, and after {@code dev} in addresses and routes.
     */
    public static List<String> interfacesOf(String text) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : text.split("\n", -1)) {
            List<String> w = words(line);
            if (w.size() >= 2 && (w.get(0).equals("interface") || w.get(0).equals("lvs_sync_daemon"))) {
                names.add(w.get(1));
            }
            for (int i = 1; i + 1 < w.size(); i++) {
                if (w.get(i).equals("dev")) {
                    names.add(w.get(i + 1));
                }
            }
        }
        return List.copyOf(names);
    }

    /** The first {@code unicast_src_ip} with an IPv4 address, or null: the node's own address in the operator's pair. */
    public static String unicastSourceOf(String text) {
        for (String line : text.split("\n", -1)) {
            List<String> w = words(line);
            if (w.size() >= 2 && w.get(0).equals("unicast_src_ip") && w.get(1).matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                return w.get(1);
            }
        }
        return null;
    }

    /** The {@code real_server ADDR PORT} entries with an IPv4 address, as "ADDR:PORT", in order, each once. */
    public static List<String> realServersOf(String text) {
        Set<String> found = new LinkedHashSet<>();
        for (String line : text.split("\n", -1)) {
            List<String> w = words(line);
            if (w.size() >= 3 && w.get(0).equals("real_server") && w.get(1).matches("\\d+\\.\\d+\\.\\d+\\.\\d+")
                    && w.get(2).matches("\\d+")) {
                found.add(w.get(1) + ":" + w.get(2));
            }
        }
        return List.copyOf(found);
    }

    /**
     * The lab copy of {@code text}.
     *
     * @param interfaces operator's interface name -> the lab's (e.g. eth0 -> lab0)
     * @param smtpServer the sink's address, e.g. "192.0.2.250"
     * @param smtpPort   the sink's port
     * @param fifo       the node's notify FIFO path
     */
    public static String rewrite(String text, Map<String, String> interfaces, String smtpServer, int smtpPort,
                                 String fifo) {
        List<String> out = new ArrayList<>();
        List<String> ours = List.of("    smtp_server " + smtpServer + " " + smtpPort + "   " + MARK,
                "    notify_fifo " + fifo + "   " + MARK);
        boolean inserted = false;
        boolean globalDefsSeen = false;
        for (String line : text.split("\n", -1)) {
            List<String> w = words(line);
            String first = w.isEmpty() ? "" : w.get(0);
            if (first.equals("smtp_server") || first.equals("notify_fifo")) {
                out.add("#" + line + "   " + MARK + ": replaced");
                continue;
            }
            String renamed = renameWords(line, interfaces);
            if (!inserted && first.equals("global_defs")) {
                globalDefsSeen = true;
            }
            int brace = globalDefsSeen && !inserted ? codeOf(renamed).indexOf('{') : -1;
            if (brace >= 0) {
                out.add(renamed.substring(0, brace + 1));
                out.addAll(ours);
                String rest = renamed.substring(brace + 1);
                if (!rest.isBlank()) {
                    out.add(rest);
                }
                inserted = true;
            } else {
                out.add(renamed);
            }
        }
        if (!inserted) {
            List<String> withGlobal = new ArrayList<>();
            withGlobal.add("global_defs {   " + MARK);
            withGlobal.addAll(ours);
            withGlobal.add("}");
            withGlobal.addAll(out);
            out = withGlobal;
        }
        return String.join("\n", out);
    }

    /** Replaces whole words found in {@code names}, keeping the line's spacing. */
    static String renameWords(String line, Map<String, String> names) {
        if (names.isEmpty()) {
            return line;
        }
        StringBuilder b = new StringBuilder(line.length() + 8);
        int i = 0;
        while (i < line.length()) {
            if (Character.isWhitespace(line.charAt(i))) {
                b.append(line.charAt(i++));
                continue;
            }
            int end = i;
            while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                end++;
            }
            String word = line.substring(i, end);
            b.append(rename(word, names));
            i = end;
        }
        return b.toString();
    }

    /** A mapped name, or an address label "NAME:x" (Linux wants a label to begin with its device's name). */
    private static String rename(String word, Map<String, String> names) {
        String whole = names.get(word);
        if (whole != null) {
            return whole;
        }
        int colon = word.indexOf(':');
        String device = colon > 0 ? names.get(word.substring(0, colon)) : null;
        return device == null ? word : device + word.substring(colon);
    }

    /** The line without its comment (keepalived: '#' or '!' starts one). */
    static String codeOf(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '#' || c == '!') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** The words of a line's code part; braces count as words of their own, as keepalived's lexer sees them. */
    static List<String> words(String line) {
        String code = codeOf(line).replace("{", " { ").replace("}", " } ").trim();
        return code.isEmpty() ? List.of() : List.of(code.split("\\s+"));
    }
}
