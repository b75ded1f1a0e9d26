package org.keepalivedjava.vrrp.dump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;

/**
 * The VRRP child's dumps in keepalived 2.2.7's shapes (measured on the real daemon):
 * SIGUSR2 {@link #stats} -> /tmp/keepalived.stats, the JSON signal {@link #json} -> /tmp/keepalived.json,
 * SIGUSR1 {@link #data} -> /tmp/keepalived.data (the VRRP Topology part: per-instance lines keepalived-java can
 * state; keepalived's global-definitions and interface sections are not reproduced).
 *
 * <p>Formatting is pure (tests compare exact text); {@link #writeAtomically} writes a temp file beside the target
 * (mode 0600, as keepalived) and renames it over the target, so a reader never sees half a dump. Formatting and
 * writing two instances takes well under a millisecond; call it on the loop, or hand the text to another thread
 * for configurations with thousands of instances.
 */
public final class Dumps {
    public static final String DATA_FILE = "keepalived.data";
    public static final String STATS_FILE = "keepalived.stats";
    public static final String JSON_FILE = "keepalived.json";

    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss", Locale.ROOT);

    private Dumps() {
    }

    /**
     * Where keepalived writes dump {@code fileName}: in $TMPDIR when set and not empty, else /tmp (keepalived 2.2.7,
     * measured: started with TMPDIR=/x it writes /x/keepalived.json).
     *
     * @param tmpDirEnv the TMPDIR environment variable, or null
     */
    public static Path tmpFile(String fileName, String tmpDirEnv) {
        String dir = tmpDirEnv == null || tmpDirEnv.isEmpty() ? "/tmp" : tmpDirEnv;
        return Path.of(dir, fileName);
    }

    /** /tmp/keepalived.stats. */
    public static String stats(List<InstanceDump> instances) {
        StringBuilder s = new StringBuilder();
        for (InstanceDump i : instances) {
            InstanceDump.Stats c = i.stats();
            s.append("VRRP Instance: ").append(i.config().name()).append('\n')
                    .append("  Advertisements:\n")
                    .append("    Received: ").append(c.advertRcvd()).append('\n')
                    .append("    Sent: ").append(c.advertSent()).append('\n')
                    .append("  Became master: ").append(c.becomeMaster()).append('\n')
                    .append("  Released master: ").append(c.releaseMaster()).append('\n')
                    .append("  Packet Errors:\n")
                    .append("    Length: ").append(c.packetLenErr()).append('\n')
                    .append("    TTL: ").append(c.ipTtlErr()).append('\n')
                    .append("    Invalid Type: ").append(c.invalidTypeRcvd()).append('\n')
                    .append("    Advertisement Interval: ").append(c.advertIntervalErr()).append('\n')
                    .append("    Address List: ").append(c.addrListErr()).append('\n')
                    .append("  Authentication Errors:\n")
                    .append("    Invalid Type: ").append(c.invalidAuthType()).append('\n')
                    .append("    Type Mismatch: ").append(c.authTypeMismatch()).append('\n')
                    .append("    Failure: ").append(c.authFailure()).append('\n')
                    .append("  Priority Zero:\n")
                    .append("    Received: ").append(c.priZeroRcvd()).append('\n')
                    .append("    Sent: ").append(c.priZeroSent()).append('\n');
        }
        return s.toString();
    }

    /** /tmp/keepalived.json without the tracked scripts' and processes' lists (no VRRP configuration at hand). */
    public static String json(List<InstanceDump> instances) {
        return json(instances, null);
    }

    /**
     * /tmp/keepalived.json: one array, one {"data":{...},"stats":{...}} per instance, then a newline.
     *
     * @param vrrp the running configuration, for the instances' "track_script" (each vrrp_script's command, its
     *             program as a real path, as keepalived resolves it) and "track_process" (the vrrp_track_process
     *             names) lists; null leaves them out
     */
    public static String json(List<InstanceDump> instances, VrrpConfig vrrp) {
        StringBuilder s = new StringBuilder("[");
        for (int k = 0; k < instances.size(); k++) {
            InstanceDump i = instances.get(k);
            VrrpConfig.Instance c = i.config();
            if (k > 0) {
                s.append(',');
            }
            s.append("{\"data\":{");
            str(s, "iname", c.name()).append(',');
            num(s, "dont_track_primary", c.dontTrackPrimary() ? 1 : 0).append(',');
            num(s, "skip_check_adv_addr", c.skipCheckAdvAddr() ? 1 : 0).append(',');
            num(s, "strict_mode", c.strictMode() ? 1 : 0).append(',');
            str(s, "vmac_ifname", c.useVmac() && c.vmacName() != null ? c.vmacName() : "").append(',');
            str(s, "ifp_ifname", c.interfaceName()).append(',');
            num(s, "master_priority", i.masterPriority()).append(',');
            key(s, "last_transition").append(epoch(i.lastTransitionEpochUs())).append(',');
            num(s, "garp_delay", c.garpMasterDelayUs() / 1_000_000).append(',');
            num(s, "garp_refresh", c.garpMasterRefreshUs() / 1_000_000).append(',');
            num(s, "garp_rep", c.garpMasterRepeat()).append(',');
            num(s, "garp_refresh_rep", c.garpMasterRefreshRepeat()).append(',');
            num(s, "garp_lower_prio_delay", c.garpLowerPrioDelayUs() / 1_000_000).append(',');
            num(s, "garp_lower_prio_rep", c.garpLowerPrioRepeat()).append(',');
            num(s, "lower_prio_no_advert", c.lowerPrioNoAdvert() ? 1 : 0).append(',');
            num(s, "higher_prio_send_advert", c.higherPrioSendAdvert() ? 1 : 0).append(',');
            num(s, "vrid", c.vrid()).append(',');
            num(s, "base_priority", c.priority()).append(',');
            num(s, "effective_priority", i.effectivePriority()).append(',');
            key(s, "vipset").append(i.vipSet()).append(',');
            key(s, "promote_secondaries").append(c.promoteSecondaries()).append(',');
            num(s, "adver_int", c.advertIntervalUs() / 1_000_000).append(',');
            num(s, "master_adver_int", i.masterAdverIntervalUs() / 1_000_000).append(',');
            num(s, "accept", c.accept() ? 1 : 0).append(',');
            key(s, "nopreempt").append(!c.preempt()).append(',');
            num(s, "preempt_delay", c.preemptDelayUs() / 1_000_000).append(',');
            num(s, "state", i.state().code()).append(',');
            num(s, "wantstate", i.wantState().code()).append(',');
            num(s, "version", c.version()).append(',');
            key(s, "smtp_alert").append(Boolean.TRUE.equals(c.smtpAlert())).append(',');
            key(s, "notify_deleted").append(c.notifies() != null && c.notifies().deletedState()).append(',');
            if (c.notifies() != null) {
                script(s, "script_backup", c.notifies().backup());
                script(s, "script_master", c.notifies().master());
                script(s, "script_fault", c.notifies().fault());
                script(s, "script_stop", c.notifies().stop());
                script(s, "script_deleted", c.notifies().deleted());
                script(s, "script", c.notifies().any());
                script(s, "script_master_rx_lower_pri", c.notifies().masterRxLowerPri());
            }
            list(s, "vips", i.vips());
            list(s, "evips", i.evips());
            list(s, "vroutes", i.vroutes());
            list(s, "vrules", i.vrules());
            if (vrrp != null) {
                list(s, "track_script", trackedScripts(c, vrrp));
                List<String> processes = new ArrayList<>();
                c.tracking().processes().forEach(r -> processes.add(r.name()));
                list(s, "track_process", processes);
            }
            num(s, "auth_type", authType(c));
            if (c.authentication() != null && "PASS".equals(c.authentication().type())) {
                s.append(',');
                str(s, "auth_data", c.authentication().password());
            }
            InstanceDump.Stats t = i.stats();
            s.append("},\"stats\":{");
            num(s, "advert_rcvd", t.advertRcvd()).append(',');
            num(s, "advert_sent", t.advertSent()).append(',');
            num(s, "become_master", t.becomeMaster()).append(',');
            num(s, "release_master", t.releaseMaster()).append(',');
            num(s, "packet_len_err", t.packetLenErr()).append(',');
            num(s, "advert_interval_err", t.advertIntervalErr()).append(',');
            num(s, "ip_ttl_err", t.ipTtlErr()).append(',');
            num(s, "invalid_type_rcvd", t.invalidTypeRcvd()).append(',');
            num(s, "addr_list_err", t.addrListErr()).append(',');
            num(s, "invalid_authtype", t.invalidAuthType()).append(',');
            num(s, "authtype_mismatch", t.authTypeMismatch()).append(',');
            num(s, "auth_failure", t.authFailure()).append(',');
            num(s, "pri_zero_rcvd", t.priZeroRcvd()).append(',');
            num(s, "pri_zero_sent", t.priZeroSent());
            s.append("}}");
        }
        return s.append("]\n").toString();
    }

    /** The "VRRP Topology" section of /tmp/keepalived.data, in keepalived's wording and order. */
    public static String data(List<InstanceDump> instances, ZoneId zone) {
        StringBuilder s = new StringBuilder("------< VRRP Topology >------\n");
        for (InstanceDump i : instances) {
            VrrpConfig.Instance c = i.config();
            s.append(" VRRP Instance = ").append(c.name()).append('\n');
            s.append("   VRRP Version = ").append(c.version()).append('\n');
            if (c.syncGroup() != null) {
                s.append("   Sync group = ").append(c.syncGroup()).append('\n');
            }
            s.append("   State = ").append(i.state().name()).append('\n');
            s.append("   Wantstate = ").append(i.wantState().name()).append('\n');
            s.append("   Last transition = ").append(epoch(i.lastTransitionEpochUs())).append(" (")
                    .append(ctimeUs(i.lastTransitionEpochUs(), zone)).append(")\n");
            s.append("   Interface = ").append(c.interfaceName()).append('\n');
            s.append("   Gratuitous ARP delay = ").append(c.garpMasterDelayUs() / 1_000_000).append('\n');
            s.append("   Gratuitous ARP repeat = ").append(c.garpMasterRepeat()).append('\n');
            s.append("   Gratuitous ARP refresh = ").append(c.garpMasterRefreshUs() / 1_000_000).append('\n');
            s.append("   Gratuitous ARP refresh repeat = ").append(c.garpMasterRefreshRepeat()).append('\n');
            s.append("   Gratuitous ARP lower priority delay = ").append(c.garpLowerPrioDelayUs() / 1_000_000)
                    .append('\n');
            s.append("   Gratuitous ARP lower priority repeat = ").append(c.garpLowerPrioRepeat()).append('\n');
            s.append("   Down timer adverts = ").append(c.downTimerAdverts()).append('\n');
            s.append("   Virtual Router ID = ").append(c.vrid()).append('\n');
            s.append("   Priority = ").append(c.priority()).append('\n');
            s.append("   Effective priority = ").append(i.effectivePriority()).append('\n');
            s.append("   Advert interval = ").append(interval(c.advertIntervalUs())).append('\n');
            s.append("   Accept = ").append(c.accept() ? "enabled" : "disabled").append('\n');
            s.append("   Preempt = ").append(c.preempt() ? "enabled" : "disabled").append('\n');
            if (!i.vips().isEmpty()) {
                s.append("   Virtual IP (").append(i.vips().size()).append("):\n");
                i.vips().forEach(v -> s.append("     ").append(v).append('\n'));
            }
            if (!i.evips().isEmpty()) {
                s.append("   Virtual IP Excluded :\n");
                i.evips().forEach(v -> s.append("     ").append(v).append('\n'));
            }
            if (!i.vroutes().isEmpty()) {
                s.append("   Virtual Routes :\n");
                i.vroutes().forEach(v -> s.append("     ").append(v).append('\n'));
            }
            if (!i.vrules().isEmpty()) {
                s.append("   Virtual Rules :\n");
                i.vrules().forEach(v -> s.append("     ").append(v).append('\n'));
            }
        }
        return s.toString();
    }

    /** Writes {@code text} to a temp file beside {@code target} (0600) and renames it over the target. */
    public static void writeAtomically(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String interval(long us) {
        return us % 1_000_000 == 0 ? us / 1_000_000 + " sec" : us / 1000 + " milli-sec";
    }

    private static String epoch(long us) {
        return us / 1_000_000 + "." + String.format(Locale.ROOT, "%06d", us % 1_000_000);
    }

    /** "Sat Nov 21 13:31:38.434592 2026" (ctime with micro-seconds, as keepalived prints transitions). */
    private static String ctimeUs(long us, ZoneId zone) {
        var t = Instant.ofEpochSecond(us / 1_000_000).atZone(zone);
        String day = CTIME.format(t);
        return day + "." + String.format(Locale.ROOT, "%06d", us % 1_000_000) + " " + t.getYear();
    }

    private static int authType(VrrpConfig.Instance c) {
        if (c.authentication() == null || c.authentication().type() == null) {
            return 0;
        }
        return "PASS".equals(c.authentication().type()) ? 1 : 2;
    }

    private static StringBuilder key(StringBuilder s, String k) {
        return s.append('"').append(k).append("\":");
    }

    private static StringBuilder num(StringBuilder s, String k, long v) {
        return key(s, k).append(v);
    }

    private static StringBuilder str(StringBuilder s, String k, String v) {
        return escape(key(s, k).append('"'), v).append('"');
    }

    private static void list(StringBuilder s, String k, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        key(s, k).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            escape(s.append('"'), values.get(i)).append('"');
        }
        s.append("],");
    }

    /** keepalived prints scripts as 'argv0' 'arg1' ... */
    private static void script(StringBuilder s, String k, NotifyScript script) {
        if (script == null) {
            return;
        }
        str(s, k, commandText(script.argv())).append(',');
    }

    private static String commandText(List<String> argv) {
        StringBuilder text = new StringBuilder();
        for (String a : argv) {
            text.append(text.length() == 0 ? "" : " ").append('\'').append(a).append('\'');
        }
        return text.toString();
    }

    /** keepalived 2.2.7 (measured): "track_script":["'/usr/bin/true' 'arg'"] for script "/bin/true arg". */
    private static List<String> trackedScripts(VrrpConfig.Instance c, VrrpConfig vrrp) {
        List<String> out = new ArrayList<>();
        for (VrrpConfig.TrackRef r : c.tracking().scripts()) {
            VrrpConfig.Script script = vrrp.scripts().get(r.name());
            if (script == null || script.command() == null || script.command().argv().isEmpty()) {
                continue;
            }
            List<String> argv = new ArrayList<>(script.command().argv());
            argv.set(0, realPath(argv.get(0)));
            out.add(commandText(argv));
        }
        return out;
    }

    private static String realPath(String program) {
        try {
            Path p = Path.of(program);
            return p.isAbsolute() && Files.exists(p) ? p.toRealPath().toString() : program;
        } catch (IOException | RuntimeException e) {
            return program;
        }
    }

    /** JSON string escaping as keepalived's json writer does it (including "/" as "\/"). */
    private static StringBuilder escape(StringBuilder s, String v) {
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '/' -> s.append("\\/");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        s.append(String.format("\\u%04x", (int) ch));
                    } else {
                        s.append(ch);
                    }
                }
            }
        }
        return s;
    }
}
