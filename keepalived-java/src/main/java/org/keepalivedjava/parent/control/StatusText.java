package org.keepalivedjava.parent.control;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.status.ChildStatus;

/**
 * {@code --status}: the {@link StatusReport} as tables for a terminal. Pure; the zone is a parameter (the CLI's
 * local zone in production, UTC in tests).
 */
public final class StatusText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private StatusText() {
    }

    public static String write(StatusReport report, ZoneId zone) {
        StringBuilder out = new StringBuilder(1024);
        out.append("keepalived-java parent pid ").append(report.parentPid()).append(", status at ")
                .append(time(report.generatedEpochMs(), zone)).append('\n');
        Table children = new Table("CHILD", "PID", "STATE", "RESTARTS", "HANGS", "STATUS");
        for (StatusReport.Child c : report.children()) {
            children.row(c.name(), c.pid() < 0 ? "-" : Long.toString(c.pid()), c.up() ? "up" : "starting",
                    Integer.toString(c.restarts()), Long.toString(c.hangs()),
                    c.status() != null ? "answered" : c.problem());
        }
        out.append('\n');
        children.appendTo(out);

        Table instances = new Table("VRRP INSTANCE", "INTERFACE", "VRID", "STATE", "PRIORITY", "EFFECTIVE",
                "LAST TRANSITION", "VIPS");
        Table servers = new Table("VIRTUAL SERVER", "REAL SERVER", "STATE", "WEIGHT");
        for (StatusReport.Child c : report.children()) {
            if (c.status() == null) {
                continue;
            }
            for (ChildStatus.Instance i : c.status().instances()) {
                instances.row(i.name(), i.interfaceName(), Integer.toString(i.vrid()), i.state(),
                        Integer.toString(i.priority()), Integer.toString(i.effectivePriority()),
                        i.lastTransitionEpochMs() > 0 ? time(i.lastTransitionEpochMs(), zone) : "-",
                        i.vips().isEmpty() ? "-" : i.vips().get(0));
                for (int k = 1; k < i.vips().size(); k++) {
                    instances.row("", "", "", "", "", "", "", i.vips().get(k));
                }
            }
            for (ChildStatus.VirtualServer vs : c.status().virtualServers()) {
                // keepalived's names, as in its logs ([192.0.2.1]:tcp:80): they carry the protocol already.
                String name = vs.name() + (vs.quorumUp() ? "" : " (quorum down)");
                if (vs.realServers().isEmpty()) {
                    servers.row(name, "-", "-", "-");
                }
                for (ChildStatus.RealServer rs : vs.realServers()) {
                    servers.row(name, rs.name(), rs.up() ? "up" : "down", Long.toString(rs.weight()));
                    name = "";
                }
            }
        }
        if (!instances.isEmpty()) {
            out.append('\n');
            instances.appendTo(out);
        }
        if (!servers.isEmpty()) {
            out.append('\n');
            servers.appendTo(out);
        }
        return out.toString();
    }

    private static String time(long epochMs, ZoneId zone) {
        return TIME.format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }

    /** Left-aligned columns two spaces apart; the last column is not padded. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        /** Control characters (a quoted name may hold a newline) are shown as '?' so a row stays one line. */
        void row(String... cells) {
            String[] clean = new String[cells.length];
            for (int k = 0; k < cells.length; k++) {
                clean[k] = cells[k] == null ? "-" : cells[k].replaceAll("[\\p{Cntrl}]", "?");
            }
            rows.add(clean);
        }

        boolean isEmpty() {
            return rows.size() == 1;
        }

        void appendTo(StringBuilder out) {
            int columns = rows.get(0).length;
            int[] width = new int[columns];
            for (String[] r : rows) {
                for (int k = 0; k < columns; k++) {
                    width[k] = Math.max(width[k], r[k] == null ? 1 : r[k].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int k = 0; k < columns; k++) {
                    String cell = r[k] == null ? "-" : r[k];
                    line.append(cell);
                    if (k < columns - 1) {
                        line.append(" ".repeat(width[k] - cell.length() + 2));
                    }
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        }
    }
}
