package org.keepalivedjava.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code -d/--dump-conf}: a generic, deterministic text dump of the immutable config records. It walks records
 * reflectively (component order), so a field added to the model appears without a change here.
 *
 * <pre>
 * KeepalivedConfig
 *   global: GlobalDefs
 *     routerId: "lb1"
 *   vrrp: VrrpConfig
 *     instances: [1]
 *       - VrrpInstance
 *           name: "VI_1"
 * </pre>
 * Strings are quoted (so empty and space-bearing values show), Optionals print their value or {@code (none)},
 * maps and sets are sorted by their keys' / elements' text so the output never depends on hash order.
 */
public final class ConfigDump {
    private static final String INDENT = "  ";
    /** Records are immutable trees; the limit only guards against a future model type that is not one. */
    private static final int MAX_DEPTH = 64;

    private ConfigDump() {
    }

    public static List<String> lines(Object root) {
        List<String> out = new ArrayList<>();
        value(out, "", "", root, 0);
        return out;
    }

    public static String text(Object root) {
        return String.join("\n", lines(root)) + "\n";
    }

    /** Appends {@code prefix + value} and, for composite values, their members one level deeper. */
    private static void value(List<String> out, String indent, String prefix, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            out.add(indent + prefix + "...");
            return;
        }
        if (v instanceof Optional<?> o) {
            if (o.isEmpty()) {
                out.add(indent + prefix + "(none)");
            } else {
                value(out, indent, prefix, o.get(), depth + 1);
            }
        } else if (v != null && v.getClass().isRecord() && !isLeafRecord(v)) {
            out.add(indent + prefix + v.getClass().getSimpleName());
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                value(out, indent + INDENT, c.getName() + ": ", read(c, v), depth + 1);
            }
        } else if (v instanceof Map<?, ?> m) {
            out.add(indent + prefix + "{" + m.size() + "}");
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            entries.sort(Comparator.comparing(e -> scalar(e.getKey())));
            for (Map.Entry<?, ?> e : entries) {
                value(out, indent + INDENT, scalar(e.getKey()) + ": ", e.getValue(), depth + 1);
            }
        } else if (v instanceof Collection<?> c) {
            out.add(indent + prefix + "[" + c.size() + "]");
            List<?> items = new ArrayList<>(c);
            if (!(c instanceof List<?>)) {
                items.sort(Comparator.comparing(ConfigDump::scalar));
            }
            for (Object item : items) {
                value(out, indent + INDENT, "- ", item, depth + 1);
            }
        } else {
            out.add(indent + prefix + scalar(v));
        }
    }

    /** A record that already prints as one meaningful token (a Location prints "(file: Line N)"). */
    private static boolean isLeafRecord(Object v) {
        return v instanceof org.keepalivedjava.config.Location;
    }

    private static Object read(RecordComponent c, Object record) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return "<unreadable: " + e.getClass().getSimpleName() + ">";
        }
    }

    private static String scalar(Object v) {
        if (v == null) {
            return "(null)";
        }
        if (v instanceof CharSequence s) {
            return quote(s.toString());
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof java.net.InetAddress a) {
            return org.keepalivedjava.os.inet.IpAddress.of(a).toString(); // RFC 5952 short form for IPv6
        }
        if (v instanceof byte[] b) {
            return java.util.HexFormat.of().formatHex(b);
        }
        return v.toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\x%02x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
