package org.keepalivedjava.config.keywords;

import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.model.lvs.Forwarding;
import org.keepalivedjava.config.model.lvs.RealServerBuilder;
import org.keepalivedjava.config.tree.KeywordTable;
import org.keepalivedjava.config.tree.Words;
import org.keepalivedjava.config.values.CheckValues;

/** The keywords of a {@code real_server} block (its checkers come from {@link CheckerKeywords}). */
final class LvsRealServerKeywords {
    private LvsRealServerKeywords() {
    }

    static KeywordTable<RealServerBuilder> table() {
        KeywordTable<RealServerBuilder> t = new KeywordTable<RealServerBuilder>("real_server")
                .leaf("weight", (rs, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 0, CheckKeywords.INT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Real server weight " + CheckKeywords.arg(w)
                                + " is outside range 0-" + CheckKeywords.INT_MAX);
                    } else {
                        rs.weight = v;
                    }
                })
                .leaf("lvs_method", (rs, w) -> {
                    Forwarding f = CheckKeywords.forwarding(w, "real");
                    rs.forwarding = f != null ? f : rs.forwarding;
                })
                .leaf("uthreshold", (rs, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 0, CheckKeywords.UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid real_server uthreshold '" + CheckKeywords.arg(w)
                                + "' - ignoring");
                    } else {
                        rs.uthreshold = v;
                    }
                })
                .leaf("lthreshold", (rs, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 0, CheckKeywords.UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid real_server lthreshold '" + CheckKeywords.arg(w)
                                + "' - ignoring");
                    } else {
                        rs.lthreshold = v;
                    }
                })
                .leaf("inhibit_on_failure", (rs, w) -> {
                    Boolean b = bool(w, "Invalid inhibit_on_failure parameter ");
                    rs.inhibitOnFailure = b != null ? b : rs.inhibitOnFailure;
                })
                .leaf("notify_up", (rs, w) -> {
                    if (rs.notifyUp != null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "(" + CheckKeywords.groupName(rs.owner)
                                + ") notify_up script already specified - ignoring " + CheckKeywords.arg(w));
                    } else {
                        rs.notifyUp = CheckScripts.parse(w);
                    }
                })
                .leaf("notify_down", (rs, w) -> {
                    if (rs.notifyDown != null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "(" + CheckKeywords.groupName(rs.owner)
                                + ") notify_down script already specified - ignoring " + CheckKeywords.arg(w));
                    } else {
                        rs.notifyDown = CheckScripts.parse(w);
                    }
                })
                .leaf("alpha", (rs, w) -> {
                    Boolean b = bool(w, "Invalid alpha parameter ");
                    rs.alpha = b != null ? b : rs.alpha;
                })
                .leaf("retry", (rs, w) -> {
                    Long v = CheckValues.unsigned(w, 1, 1, CheckKeywords.UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "retry value invalid - " + CheckKeywords.arg(w));
                    } else {
                        rs.retry = v;
                    }
                })
                .leaf("delay_before_retry", (rs, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 0, null);
                    rs.delayBeforeRetryUs = v != null ? v : rs.delayBeforeRetryUs;
                })
                .leaf("warmup", (rs, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 0, null);
                    rs.warmupUs = v != null ? v : rs.warmupUs;
                })
                .leaf("connect_timeout", (rs, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 1, CheckKeywords.UINT_MAX);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "real server connect_timeout " + CheckKeywords.arg(w)
                                + " invalid - ignoring");
                    } else {
                        rs.connectTimeoutUs = v;
                    }
                })
                .leaf("delay_loop", (rs, w) -> {
                    Long v = CheckValues.timerUs(w, 1, 1, null);
                    if (v == null) {
                        w.error(ConfigStatus.GENERAL_ERROR, "real server delay_loop '" + CheckKeywords.arg(w)
                                + "' invalid - ignoring");
                    } else {
                        rs.delayLoopUs = v;
                    }
                })
                .leaf("smtp_alert", (rs, w) -> {
                    Boolean b = bool(w, "Invalid real_server smtp_alert parameter ");
                    rs.smtpAlert = b != null ? b : rs.smtpAlert;
                })
                .leaf("virtualhost", (rs, w) -> {
                    if (!w.has(1)) {
                        w.error(ConfigStatus.GENERAL_ERROR, "real server virtualhost missing");
                    } else {
                        rs.virtualhost = String.join(" ", w.from(1));
                    }
                })
                .leaf("snmp_name", (rs, w) -> {
                    if (w.size() != 2) {
                        w.error(ConfigStatus.GENERAL_ERROR, "real server snmp_name missing or extra parameters");
                    } else {
                        rs.snmpName = w.get(1);
                    }
                });
        CheckerKeywords.install(t);
        return t;
    }

    /** An optional true/false word (absent = true), or null after {@code message + word}. */
    static Boolean bool(Words w, String message) {
        if (!w.has(1)) {
            return Boolean.TRUE;
        }
        Boolean b = CheckValues.trueFalse(w.get(1));
        if (b == null) {
            w.error(ConfigStatus.GENERAL_ERROR, message + w.get(1));
        }
        return b;
    }
}
