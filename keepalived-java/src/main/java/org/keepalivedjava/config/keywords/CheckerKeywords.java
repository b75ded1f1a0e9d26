package org.keepalivedjava.config.keywords;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.lvs.CheckerBuilder;
import org.keepalivedjava.config.model.lvs.CheckerBuilder.Kind;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.config.model.lvs.RealServerBuilder;
import org.keepalivedjava.config.tree.KeywordTable;
import org.keepalivedjava.config.tree.Words;
import org.keepalivedjava.config.values.CheckValues;

/**
 * The checker blocks of a real server (TCP_CHECK, HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK, UDP_CHECK,
 * PING_CHECK, MISC_CHECK, FILE_CHECK, BFD_CHECK) with keepalived 2.2.7's keywords and messages.
 *
 * <p>End-of-block checks (MISC_CHECK without misc_path, url without path...) are reported by keepalived at the
 * closing brace; the tree parser hands closers the opening line, so that is the line reported here.
 */
final class CheckerKeywords {
    static final Set<String> DNS_TYPES = Set.of("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", "RRSIG", "DNSKEY");

    private CheckerKeywords() {
    }

    static void install(KeywordTable<RealServerBuilder> rs) {
        rs.block("TCP_CHECK", opener(Kind.TCP_CHECK), connecting("TCP_CHECK"));
        rs.block("PING_CHECK", opener(Kind.PING_CHECK), connecting("PING_CHECK"));
        rs.block("HTTP_GET", opener(Kind.HTTP_GET), http("HTTP_GET"), CheckerKeywords::closeHttp);
        rs.block("SSL_GET", opener(Kind.SSL_GET), http("SSL_GET"), CheckerKeywords::closeHttp);
        rs.block("SMTP_CHECK", opener(Kind.SMTP_CHECK), smtp());
        rs.block("DNS_CHECK", opener(Kind.DNS_CHECK), dns());
        rs.block("UDP_CHECK", opener(Kind.UDP_CHECK), udp(), CheckerKeywords::closeUdp);
        rs.block("MISC_CHECK", opener(Kind.MISC_CHECK), misc(), CheckerKeywords::closeMisc);
        rs.block("FILE_CHECK", opener(Kind.FILE_CHECK), file(), CheckerKeywords::closeFile);
        rs.block("BFD_CHECK", opener(Kind.BFD_CHECK), bfd(), CheckerKeywords::closeBfd);
    }

    private static KeywordTable.BlockOpener<RealServerBuilder, CheckerBuilder> opener(Kind kind) {
        return (rs, w) -> {
            CheckerBuilder c = new CheckerBuilder(rs, kind, w.location());
            c.diagnostics = w.diagnostics();
            rs.checkers.add(c);
            return c;
        };
    }

    private static void error(CheckerBuilder c, Location at, String message) {
        c.diagnostics.error(ConfigStatus.GENERAL_ERROR, at, message);
    }

    // ---------------------------------------------------------------- options shared by checkers

    /** alpha, connect_timeout, retry, delay_before_retry, warmup, delay_loop, log_all_failures (MISC_CHECK has these). */
    private static KeywordTable<CheckerBuilder> timing(String name) {
        return new KeywordTable<CheckerBuilder>(name)
                .leaf("alpha", (c, w) -> {
                    Boolean b = LvsRealServerKeywords.bool(w, "Invalid alpha parameter ");
                    c.alpha = b != null ? b : c.alpha;
                })
                .leaf("connect_timeout", (c, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 1, CheckValues.UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "connect_timeout " + CheckKeywords.arg(w)
                                + " invalid - ignoring");
                    } else {
                        c.connectTimeoutUs = v;
                    }
                })
                .leaf("retry", (c, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 0, CheckValues.UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid retry connection value '" + CheckKeywords.arg(w)
                                + "'");
                    } else {
                        c.retry = v;
                    }
                })
                .leaf("delay_before_retry", (c, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 0, null);
                    c.delayBeforeRetryUs = v != null ? v : c.delayBeforeRetryUs;
                })
                .leaf("warmup", (c, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 0, null);
                    c.warmupUs = v != null ? v : c.warmupUs;
                })
                .leaf("delay_loop", (c, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 1, null);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "delay_loop '" + CheckKeywords.arg(w)
                                + "' is invalid - ignoring");
                    } else {
                        c.delayLoopUs = v;
                    }
                })
                .leaf("log_all_failures", (c, w) -> {
                    Boolean b = LvsRealServerKeywords.bool(w, "Invalid log_all_failures parameter ");
                    c.logAllFailures = b != null ? b : c.logAllFailures;
                });
    }

    /** The timing options plus the connection options (connect_ip ... fwmark). */
    private static KeywordTable<CheckerBuilder> connecting(String name) {
        return addConnection(timing(name));
    }

    private static KeywordTable<CheckerBuilder> addConnection(KeywordTable<CheckerBuilder> t) {
        return t.leaf("connect_ip", (c, w) -> {
                    InetAddress a = CheckValues.ip(CheckKeywords.arg(w));
                    if (a == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid connect_ip address " + CheckKeywords.arg(w)
                                + " - ignoring");
                    } else {
                        c.connectIp = a;
                    }
                })
                .leaf("connect_port", (c, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 1, 65535);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid checker connect_port '" + CheckKeywords.arg(w)
                                + "'");
                    } else {
                        c.connectPort = v.intValue();
                    }
                })
                .leaf("bindto", (c, w) -> {
                    InetAddress a = CheckValues.ip(CheckKeywords.arg(w));
                    if (a == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid bindto address " + CheckKeywords.arg(w)
                                + " - ignoring");
                    } else {
                        c.bindTo = a;
                    }
                })
                .leaf("bind_port", (c, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 1, 65535);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid checker bind_port '" + CheckKeywords.arg(w) + "'");
                    } else {
                        c.bindPort = v.intValue();
                    }
                })
                .leaf("bind_if", (c, w) -> {
                    String s = w.require(1);
                    if (s != null && s.length() >= CheckKeywords.IFNAMSIZ) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Interface name " + s + " is too long - ignoring");
                    } else if (s != null) {
                        c.bindIf = s;
                    }
                })
                .leaf("fwmark", (c, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 0, CheckValues.UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid fwmark connection value '" + CheckKeywords.arg(w)
                                + "'");
                    } else {
                        c.fwmark = v;
                    }
                });
    }

    // ---------------------------------------------------------------- HTTP_GET / SSL_GET

    private static KeywordTable<CheckerBuilder> http(String name) {
        KeywordTable<CheckerBuilder.UrlBuilder> url = new KeywordTable<CheckerBuilder.UrlBuilder>("url")
                .leaf("path", (u, w) -> u.path = w.require(1))
                .leaf("digest", CheckerKeywords::digest)
                .leaf("status_code", CheckerKeywords::statusCodes)
                .leaf("virtualhost", (u, w) -> {
                    if (!w.has(1)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Missing HTTP_GET virtualhost name");
                    } else {
                        u.virtualhost = String.join(" ", w.from(1));
                    }
                })
                .leaf("regex", (u, w) -> {
                    if (w.size() != 2) {
                        w.error(ConfigStatus.GENERAL_ERROR, "regex missing or too many fields");
                    } else {
                        u.regex = w.get(1);
                    }
                })
                .leaf("regex_no_match", (u, w) -> u.regexNoMatch = true)
                .leaf("regex_options", (u, w) -> u.regexOptions.addAll(w.from(1)))
                .leaf("regex_stack", (u, w) -> { })
                .leaf("regex_min_offset", (u, w) -> {
                    Long v = regexOffset(w, "min");
                    u.regexMinOffset = v != null ? v : u.regexMinOffset;
                })
                .leaf("regex_max_offset", (u, w) -> {
                    Long v = regexOffset(w, "max");
                    u.regexMaxOffset = v != null ? v : u.regexMaxOffset;
                });
        return connecting(name)
                .leaf("http_protocol", (c, w) -> {
                    if (!w.has(1)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Missing http_protocol version");
                        return;
                    }
                    switch (w.get(1)) {
                        case "1.0", "1.1" -> c.httpProtocol = w.get(1);
                        case "1.0C", "1.0c" -> c.httpProtocol = "1.0C";
                        default -> w.error(ConfigStatus.GENERAL_ERROR, "Invalid http_protocol version " + w.get(1));
                    }
                })
                .leaf("enable_sni", (c, w) -> {
                    Boolean b = LvsRealServerKeywords.bool(w, "Invalid enable_sni parameter ");
                    c.enableSni = b != null ? b : c.enableSni;
                })
                .leaf("fast_recovery", (c, w) -> {
                    Boolean b = LvsRealServerKeywords.bool(w, "Invalid fast_recovery parameter ");
                    c.fastRecovery = b != null ? b : c.fastRecovery;
                })
                // keepalived 2.2.7 reports its own deprecation message as a config error (exit 5, measured), then
                // reads the value as retry; so this is not a KeywordTable.deprecated alias (that only warns).
                .leaf("nb_get_retry", (c, w) -> {
                    w.error(ConfigStatus.GENERAL_ERROR, "nb_get_retry is deprecated - please use 'retry'");
                    Long v = CheckValues.unsigned(w, 1, 0, CheckValues.UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid nb_get_retry value '" + CheckKeywords.arg(w)
                                + "'");
                    } else {
                        c.retry = v;
                    }
                })
                .leaf("virtualhost", (c, w) -> {
                    if (!w.has(1)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "HTTP_GET virtualhost name missing");
                    } else {
                        c.virtualhost = String.join(" ", w.from(1));
                    }
                })
                .block("url", (c, w) -> {
                    CheckerBuilder.UrlBuilder u = new CheckerBuilder.UrlBuilder(w.location());
                    c.urls.add(u);
                    return u;
                }, url);
    }

    /** keepalived 2.2.7 ignores a bad offset without a message at config-test time (measured). */
    private static Long regexOffset(Words w, String which) {
        String s = w.get(1);
        return w.size() == 2 && s.matches("\\d{1,18}") ? Long.parseLong(s) : null;
    }

    private static void digest(CheckerBuilder.UrlBuilder u, Words w) {
        String d = w.require(1);
        if (d == null) {
            return;
        }
        for (int i = 0; i < d.length(); i += 2) {
            if (Character.digit(d.charAt(i), 16) < 0 || (i + 1 < d.length() && Character.digit(d.charAt(i + 1), 16) < 0)) {
                w.error(ConfigStatus.GENERAL_ERROR, "Unable to interpret hex digit in '"
                        + d.substring(i, Math.min(i + 2, d.length())) + "' at offset " + i + "/" + (i + 1));
                return;
            }
        }
        if (d.length() != 32) {
            w.error(ConfigStatus.GENERAL_ERROR, "digest '" + d + "' character length should be 32 rather than "
                    + d.length());
            return;
        }
        String lower = d.toLowerCase(Locale.ROOT);
        if (u.digests.contains(lower)) {
            w.error(ConfigStatus.GENERAL_ERROR, "Digest '" + d + "' is a duplicate");
            return;
        }
        u.digests.add(lower);
    }

    /** {@code status_code 200 300-399 ...}: each a code or inclusive range within 100..599. */
    private static void statusCodes(CheckerBuilder.UrlBuilder u, Words w) {
        for (String s : w.from(1)) {
            CheckerConfig.StatusRange r = null;
            if (s.matches("\\d{1,3}")) {
                int v = Integer.parseInt(s);
                r = new CheckerConfig.StatusRange(v, v);
            } else if (s.matches("\\d{1,3}-\\d{1,3}")) {
                int dash = s.indexOf('-');
                r = new CheckerConfig.StatusRange(Integer.parseInt(s.substring(0, dash)),
                        Integer.parseInt(s.substring(dash + 1)));
            }
            if (r == null || r.from() < 100 || r.to() > 599 || r.from() > r.to()) {
                w.error(ConfigStatus.GENERAL_ERROR, "Invalid HTTP_GET status code '" + s + "'");
                continue;
            }
            u.statusCodes.add(r);
        }
    }

    private static void closeHttp(CheckerBuilder c, Location at) {
        for (var it = c.urls.iterator(); it.hasNext(); ) {
            CheckerBuilder.UrlBuilder u = it.next();
            if (u.path == null) {
                error(c, u.location, "HTTP/SSL_GET checker url has no path - ignoring");
                it.remove();
            }
        }
        if (c.urls.isEmpty()) {
            error(c, at, "HTTP/SSL_GET checker has no urls specified - ignoring");
            c.valid = false;
        }
    }

    // ---------------------------------------------------------------- SMTP_CHECK, DNS_CHECK

    private static KeywordTable<CheckerBuilder> smtp() {
        // The deprecated host sub-block takes the connection options of one more SMTP checker (keepalived 2.2.7
        // accepts it silently at config-test time).
        KeywordTable<CheckerBuilder> host = addConnection(new KeywordTable<CheckerBuilder>("host"));
        return connecting("SMTP_CHECK")
                .leaf("helo_name", (c, w) -> {
                    if (!w.has(1)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "SMTP_CHECK helo name missing");
                    } else {
                        c.heloName = w.get(1);
                    }
                })
                .block("host", (c, w) -> {
                    CheckerBuilder h = new CheckerBuilder(c.owner, Kind.SMTP_CHECK, w.location());
                    h.diagnostics = c.diagnostics;
                    c.owner.checkers.add(h);
                    return h;
                }, host);
    }

    private static KeywordTable<CheckerBuilder> dns() {
        return connecting("DNS_CHECK")
                .leaf("type", (c, w) -> {
                    String s = w.require(1);
                    if (s == null) {
                        return;
                    }
                    if (!DNS_TYPES.contains(s.toUpperCase(Locale.ROOT))) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Unknown DNS check type " + s + " - ignoring");
                    } else {
                        c.dnsType = s.toUpperCase(Locale.ROOT);
                    }
                })
                .leaf("name", (c, w) -> {
                    String s = w.require(1);
                    if (s == null) {
                        return;
                    }
                    if (c.dnsName != null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "DNS_CHECK name already specified - ignoring");
                        return;
                    }
                    if (s.contains("..") || (s.startsWith(".") && s.length() > 1)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "DNS_CHECK name '" + s + "' has empty label - ignoring");
                        return;
                    }
                    c.dnsName = s;
                });
    }

    // ---------------------------------------------------------------- UDP_CHECK

    private static KeywordTable<CheckerBuilder> udp() {
        return connecting("UDP_CHECK")
                .leaf("payload", (c, w) -> {
                    String hex = hex(String.join(" ", w.from(1)), false);
                    if (hex == null || hex.isEmpty()) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid hex string for UDP_CHECK payload");
                    } else {
                        c.payloadHex = hex;
                    }
                })
                .leaf("require_reply", (c, w) -> {
                    c.requireReply = true;
                    if (w.has(1)) {
                        String hex = hex(String.join(" ", w.from(1)), true);
                        if (hex == null) {
                            w.error(ConfigStatus.GENERAL_ERROR, "Invalid hex string for UDP_CHECK require_reply");
                        } else {
                            c.requireReplyHex = hex;
                        }
                    }
                })
                .leaf("min_reply_length", (c, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 0, 65535);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "UDP_CHECK min length " + CheckKeywords.arg(w)
                                + " not valid - must be between 0 & 65535");
                    } else {
                        c.minReplyLength = v;
                    }
                })
                .leaf("max_reply_length", (c, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 0, 65535);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "UDP_CHECK max length " + CheckKeywords.arg(w)
                                + " not valid - must be between 0 & 65535");
                    } else {
                        c.maxReplyLength = v;
                    }
                });
    }

    /**
     * keepalived's free-format hex: space separated groups, each of an even number of digits or a single digit
     * (a nibble, e.g. {@code 3} is {@code 03}); {@code x} allowed as a wildcard digit in replies. Lower-case, or
     * null when not hex.
     */
    static String hex(String s, boolean wildcards) {
        StringBuilder out = new StringBuilder();
        for (String group : s.trim().split("\\s+")) {
            if (group.isEmpty()) {
                continue;
            }
            String g = group.toLowerCase(Locale.ROOT);
            if (!g.matches(wildcards ? "[0-9a-fx]+" : "[0-9a-f]+")) {
                return null;
            }
            // Pairs from the left; an odd digit left over is a byte of its own.
            for (int i = 0; i < g.length(); i += 2) {
                out.append(i + 1 < g.length() ? g.substring(i, i + 2) : "0" + g.charAt(i));
            }
        }
        return out.toString();
    }

    private static void closeUdp(CheckerBuilder c, Location at) {
        if (c.minReplyLength > c.maxReplyLength) {
            error(c, at, "UDP_CHECK min_reply length " + c.minReplyLength + " > max_reply_length "
                    + c.maxReplyLength + " - will always fail");
        }
    }

    // ---------------------------------------------------------------- MISC_CHECK

    private static KeywordTable<CheckerBuilder> misc() {
        return timing("MISC_CHECK")
                .leaf("misc_path", (c, w) -> {
                    var s = CheckScripts.parse(w);
                    c.script = s != null ? s : c.script;
                })
                .leaf("misc_timeout", (c, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 0, CheckValues.UINT_MAX / 1_000_000);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid misc_timeout value '" + CheckKeywords.arg(w)
                                + "'");
                    } else {
                        c.miscTimeoutUs = v * 1_000_000;
                    }
                })
                .leaf("misc_dynamic", (c, w) -> c.miscDynamic = true)
                .leaf("user", (c, w) -> {
                    c.user = w.require(1);
                    c.group = w.get(2);
                });
    }

    private static void closeMisc(CheckerBuilder c, Location at) {
        if (c.script == null) {
            error(c, at, "No script path has been specified for MISC_CHECKER - skipping");
            c.valid = false;
        }
    }

    // ---------------------------------------------------------------- FILE_CHECK, BFD_CHECK

    private static KeywordTable<CheckerBuilder> file() {
        return new KeywordTable<CheckerBuilder>("FILE_CHECK")
                .leaf("track_file", (c, w) -> c.trackFile = w.require(1))
                .leaf("file", (c, w) -> c.trackFile = w.require(1))
                .leaf("dynamic", (c, w) -> c.fileDynamic = true)
                .leaf("weight", (c, w) -> {
                    Long v = CheckValues.signed(w, 1, -Integer.MAX_VALUE, Integer.MAX_VALUE);
                    if (v != null) {
                        c.fileWeight = v;
                    }
                    if ("reverse".equals(w.get(2))) {
                        c.fileReverse = true;
                    } else if (w.has(2)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Unknown track file weight option " + w.get(2)
                                + " - ignoring");
                    }
                });
    }

    private static void closeFile(CheckerBuilder c, Location at) {
        if (c.trackFile == null) {
            error(c, at, "FILE_CHECK has no track_file specified - ignoring");
            c.valid = false;
        }
    }

    private static KeywordTable<CheckerBuilder> bfd() {
        return new KeywordTable<CheckerBuilder>("BFD_CHECK")
                .leaf("name", (c, w) -> c.bfdName = w.require(1));
    }

    private static void closeBfd(CheckerBuilder c, Location at) {
        var vs = c.owner.owner;
        if (c.bfdName == null || vs.root == null || !vs.root.bfdInstanceNames.contains(c.bfdName)) {
            String rs = CheckValues.serviceName(c.owner.address, vs.protocol == null ? "none"
                    : vs.protocol.name().toLowerCase(Locale.ROOT), c.owner.port);
            error(c, at, "(" + rs + ") BFD_CHECK - BFD " + c.bfdName + " not configured");
            c.valid = false;
        }
    }
}
