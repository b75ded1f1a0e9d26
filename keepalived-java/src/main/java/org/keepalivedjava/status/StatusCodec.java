package org.keepalivedjava.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of a {@link ChildStatus} in a watchdog status answer: UTF-8 lines of space-separated fields, each
 * field percent-encoded (so names with spaces or newlines cannot break the framing). Pure. Positional fields keep
 * the format small and strict; the first line carries a format version so a mismatch is an error, not garbage.
 *
 * <pre>
 * KJSTATUS 1 child generatedEpochMs
 * C name value                                    child counter
 * I name iface vrid state prio effPrio lastTransitionMs becomeMaster releaseMaster sent received
 * V vip                                           a VIP of the instance above
 * E reason count                                  a receive error counter of the instance above
 * S name protocol quorumUp(0|1)                   virtual server
 * R name up(0|1) weight configuredWeight failedCheckers checkLatencyUs   real server of the S above
 * </pre>
 */
public final class StatusCodec {
    static final String MAGIC = "KJSTATUS";
    static final int FORMAT = 1;

    private StatusCodec() {
    }

    public static byte[] encode(ChildStatus status) {
        StringBuilder out = new StringBuilder(256);
        line(out, MAGIC, Integer.toString(FORMAT), status.child(), Long.toString(status.generatedEpochMs()));
        for (Map.Entry<String, Long> c : status.counters().entrySet()) {
            line(out, "C", c.getKey(), Long.toString(c.getValue()));
        }
        for (ChildStatus.Instance i : status.instances()) {
            line(out, "I", i.name(), i.interfaceName(), Integer.toString(i.vrid()), i.state(),
                    Integer.toString(i.priority()), Integer.toString(i.effectivePriority()),
                    Long.toString(i.lastTransitionEpochMs()), Long.toString(i.becomeMaster()),
                    Long.toString(i.releaseMaster()), Long.toString(i.advertsSent()), Long.toString(i.advertsReceived()));
            for (String vip : i.vips()) {
                line(out, "V", vip);
            }
            for (Map.Entry<String, Long> e : i.receiveErrors().entrySet()) {
                line(out, "E", e.getKey(), Long.toString(e.getValue()));
            }
        }
        for (ChildStatus.VirtualServer vs : status.virtualServers()) {
            line(out, "S", vs.name(), vs.protocol(), vs.quorumUp() ? "1" : "0");
            for (ChildStatus.RealServer rs : vs.realServers()) {
                line(out, "R", rs.name(), rs.up() ? "1" : "0", Long.toString(rs.weight()),
                        Long.toString(rs.configuredWeight()), Integer.toString(rs.failedCheckers()),
                        Long.toString(rs.checkLatencyUs()));
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            escape(out, fields[i] == null ? "" : fields[i]);
        }
        out.append('\n');
    }

    /** Percent-encodes '%', controls, space and DEL; everything else (UTF-8 included) passes. */
    static void escape(StringBuilder out, String s) {
        if (s.isEmpty()) {
            out.append("%00"); // an empty field must still be a field; %00 decodes to "" (NUL never occurs in names)
            return;
        }
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '%' || c <= ' ' || c == 0x7f) {
                out.append('%').append(Character.forDigit(c >> 4 & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(c);
            }
        }
    }

    static String unescape(String s, int lineNo) throws StatusFormatException {
        if (s.equals("%00")) {
            return "";
        }
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < raw.length; k++) {
            if (raw[k] == '%') {
                if (k + 2 >= raw.length) {
                    throw new StatusFormatException(lineNo, "truncated escape in '" + s + "'");
                }
                int hi = Character.digit(raw[k + 1], 16);
                int lo = Character.digit(raw[k + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new StatusFormatException(lineNo, "bad escape in '" + s + "'");
                }
                bytes.write(hi << 4 | lo);
                k += 2;
            } else {
                bytes.write(raw[k]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public static ChildStatus decode(byte[] payload) throws StatusFormatException {
        String text = new String(payload, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || !lines[lines.length - 1].isEmpty()) {
            throw new StatusFormatException(lines.length, "not a complete status (no final newline)");
        }
        String[] head = fields(lines[0], 1, 4);
        if (!head[0].equals(MAGIC) || !head[1].equals(Integer.toString(FORMAT))) {
            throw new StatusFormatException(1, "not a status of format " + FORMAT + ": " + lines[0]);
        }
        String child = head[2];
        long generated = number(head[3], 1);
        Map<String, Long> counters = new LinkedHashMap<>();
        List<ChildStatus.Instance> instances = new ArrayList<>();
        List<ChildStatus.VirtualServer> servers = new ArrayList<>();
        // The instance / virtual server being read, completed when the next one (or the end) comes.
        String[] inst = null;
        List<String> vips = new ArrayList<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        String[] vs = null;
        List<ChildStatus.RealServer> reals = new ArrayList<>();
        for (int n = 1; n < lines.length - 1; n++) {
            int lineNo = n + 1;
            String line = lines[n];
            String kind = line.isEmpty() ? "" : line.substring(0, line.indexOf(' ') < 0 ? line.length() : line.indexOf(' '));
            switch (kind) {
                case "C" -> {
                    String[] f = fields(line, lineNo, 3);
                    counters.put(f[1], number(f[2], lineNo));
                }
                case "I" -> {
                    if (inst != null) {
                        instances.add(instance(inst, vips, errors, lineNo));
                    }
                    inst = fields(line, lineNo, 12);
                    vips = new ArrayList<>();
                    errors = new LinkedHashMap<>();
                }
                case "V" -> {
                    if (inst == null) {
                        throw new StatusFormatException(lineNo, "VIP outside an instance");
                    }
                    vips.add(fields(line, lineNo, 2)[1]);
                }
                case "E" -> {
                    if (inst == null) {
                        throw new StatusFormatException(lineNo, "error counter outside an instance");
                    }
                    String[] f = fields(line, lineNo, 3);
                    errors.put(f[1], number(f[2], lineNo));
                }
                case "S" -> {
                    if (vs != null) {
                        servers.add(new ChildStatus.VirtualServer(vs[1], vs[2], vs[3].equals("1"), reals));
                    }
                    vs = fields(line, lineNo, 4);
                    reals = new ArrayList<>();
                }
                case "R" -> {
                    if (vs == null) {
                        throw new StatusFormatException(lineNo, "real server outside a virtual server");
                    }
                    String[] f = fields(line, lineNo, 7);
                    reals.add(new ChildStatus.RealServer(f[1], f[2].equals("1"), number(f[3], lineNo),
                            number(f[4], lineNo), (int) number(f[5], lineNo), number(f[6], lineNo)));
                }
                default -> throw new StatusFormatException(lineNo, "unknown record '" + kind + "'");
            }
        }
        if (inst != null) {
            instances.add(instance(inst, vips, errors, lines.length));
        }
        if (vs != null) {
            servers.add(new ChildStatus.VirtualServer(vs[1], vs[2], vs[3].equals("1"), reals));
        }
        return new ChildStatus(child, generated, instances, servers, counters);
    }

    private static ChildStatus.Instance instance(String[] f, List<String> vips, Map<String, Long> errors, int lineNo)
            throws StatusFormatException {
        return new ChildStatus.Instance(f[1], f[2], (int) number(f[3], lineNo), f[4], (int) number(f[5], lineNo),
                (int) number(f[6], lineNo), vips, number(f[7], lineNo), number(f[8], lineNo), number(f[9], lineNo),
                number(f[10], lineNo), number(f[11], lineNo), errors);
    }

    private static String[] fields(String line, int lineNo, int count) throws StatusFormatException {
        String[] raw = line.split(" ", -1);
        if (raw.length != count) {
            throw new StatusFormatException(lineNo, "expected " + count + " fields, found " + raw.length);
        }
        for (int i = 0; i < raw.length; i++) {
            raw[i] = unescape(raw[i], lineNo);
        }
        return raw;
    }

    private static long number(String s, int lineNo) throws StatusFormatException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new StatusFormatException(lineNo, "not a number: '" + s + "'");
        }
    }
}
