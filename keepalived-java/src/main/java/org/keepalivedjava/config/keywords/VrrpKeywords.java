package org.keepalivedjava.config.keywords;

import java.util.List;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.model.ConfigBuilder;
import org.keepalivedjava.config.model.script.ScriptLines;
import org.keepalivedjava.config.model.vrrp.VrrpBuilder;
import org.keepalivedjava.config.model.vrrp.VrrpBuilder.GarpGroupBuilder;
import org.keepalivedjava.config.model.vrrp.VrrpBuilder.ScriptBuilder;
import org.keepalivedjava.config.model.vrrp.VrrpBuilder.SyncGroupBuilder;
import org.keepalivedjava.config.model.vrrp.VrrpBuilder.TrackFileBuilder;
import org.keepalivedjava.config.model.vrrp.VrrpBuilder.TrackProcessBuilder;
import org.keepalivedjava.config.model.vrrp.VrrpBuilder.Tracked;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.config.tree.KeywordTable;
import org.keepalivedjava.config.tree.Words;

/**
 * The VRRP sections: static_*, track_group, vrrp_script, vrrp_track_process, track_file, vrrp_sync_group,
 * garp_group; vrrp_instance is in {@link VrrpInstanceKeywords}.
 */
public final class VrrpKeywords {
    private VrrpKeywords() {
    }

    public static void install(KeywordTable<ConfigBuilder> root) {
        root.values("static_ipaddress", (c, w) -> {
            var a = VrrpAddressKeywords.address(w);
            if (a != null) {
                c.vrrp.staticAddresses.add(a);
            }
        });
        root.values("static_routes", (c, w) -> {
            var r = VrrpAddressKeywords.route(w);
            if (r != null) {
                c.vrrp.staticRoutes.add(r);
            }
        });
        root.values("static_rules", (c, w) -> {
            var r = VrrpAddressKeywords.rule(w);
            if (r != null) {
                c.vrrp.staticRules.add(r);
            }
        });
        root.block("track_group", (c, w) -> {
            String name = w.require(1);
            return name == null ? null : new TrackGroupBuilder(c.vrrp, name, w);
        }, new KeywordTable<TrackGroupBuilder>("track_group").values("group", (g, w) -> g.members.addAll(w.all())),
                (g, at) -> g.vrrp.trackGroups.put(g.name, new VrrpConfig.TrackGroup(g.name, g.members, at)));
        root.block("vrrp_script", (c, w) -> named(w) == null ? null
                : c.vrrp.attach(c.scriptsInUse).scripts.computeIfAbsent(w.get(1), n -> new ScriptBuilder(n,
                        w.location())), scriptTable());
        root.block("vrrp_track_process", (c, w) -> named(w) == null ? null
                : c.vrrp.trackProcesses.computeIfAbsent(w.get(1), n -> new TrackProcessBuilder(n, w.location())),
                trackProcessTable());
        root.block("track_file", (c, w) -> named(w) == null ? null
                : c.vrrp.trackFiles.computeIfAbsent(w.get(1), n -> new TrackFileBuilder(n, w.location())),
                trackFileTable());
        root.deprecated("vrrp_track_file", "track_file");
        root.block("garp_group", (c, w) -> {
            var g = new GarpGroupBuilder(w.location());
            c.vrrp.garpGroups.add(g);
            return g;
        }, garpGroupTable());
        root.block("vrrp_sync_group", (c, w) -> {
            if (named(w) == null) {
                return null;
            }
            var g = new SyncGroupBuilder(w.get(1), w.location());
            c.vrrp.attach(c.scriptsInUse).syncGroups.add(g);
            return g;
        }, syncGroupTable());
        VrrpInstanceKeywords.install(root);
        // bfd_instance is installed by BfdKeywords (shared by track_bfd and BFD_CHECK).
    }

    static String named(Words w) {
        if (!w.has(1)) {
            w.error(ConfigStatus.MISSING_PARAMETER, w.keyword() + " name missing");
            return null;
        }
        return w.get(1);
    }

    static final class TrackGroupBuilder {
        final VrrpBuilder vrrp;
        final String name;
        final List<String> members = new java.util.ArrayList<>();

        TrackGroupBuilder(VrrpBuilder vrrp, String name, Words w) {
            this.vrrp = vrrp;
            this.name = name;
        }
    }

    private static KeywordTable<ScriptBuilder> scriptTable() {
        return new KeywordTable<ScriptBuilder>("vrrp_script")
                .leaf("script", (s, w) -> s.command = ScriptLines.read(w, 1))
                .leaf("interval", (s, w) -> {
                    Long v = w.decimalSeconds(1, 0.000001, 4294);
                    if (v != null) {
                        s.intervalUs = v;
                    }
                })
                .leaf("timeout", (s, w) -> {
                    Long v = w.decimalSeconds(1, 0.000001, 4294);
                    if (v != null) {
                        s.timeoutUs = v;
                    }
                })
                .leaf("weight", (s, w) -> {
                    Long v = w.integer(1, -253, 253);
                    if (v != null) {
                        s.weight = v.intValue();
                        s.reverse = "reverse".equals(w.get(2));
                    }
                })
                .leaf("rise", (s, w) -> {
                    Long v = w.integer(1, 1, Integer.MAX_VALUE);
                    if (v != null) {
                        s.rise = v.intValue();
                    }
                })
                .leaf("fall", (s, w) -> {
                    Long v = w.integer(1, 1, Integer.MAX_VALUE);
                    if (v != null) {
                        s.fall = v.intValue();
                    }
                })
                .leaf("user", (s, w) -> {
                    s.user = w.require(1);
                    s.group = w.get(2);
                })
                .leaf("init_fail", (s, w) -> s.initFail = true);
    }

    private static KeywordTable<TrackProcessBuilder> trackProcessTable() {
        return new KeywordTable<TrackProcessBuilder>("vrrp_track_process")
                .leaf("process", (p, w) -> {
                    if (w.require(1) != null) {
                        p.process = List.copyOf(w.from(1));
                    }
                })
                .leaf("param_match", (p, w) -> {
                    String m = w.get(1);
                    if (m != null && !m.equals("initial") && !m.equals("partial")) {
                        w.error(ConfigStatus.GENERAL_ERROR, "Invalid param_match type " + m);
                    } else {
                        // keepalived 2.2.7 (vrrp_parser.c): a bare param_match is an exact match
                        p.paramMatch = m == null ? "exact" : m;
                    }
                })
                .leaf("weight", (p, w) -> {
                    Long v = w.integer(1, -254, 254);
                    if (v != null) {
                        p.weight = v.intValue();
                        p.reverse = "reverse".equals(w.get(2));
                    }
                })
                .leaf("quorum", (p, w) -> {
                    Long v = w.integer(1, 1, 65535);
                    if (v != null) {
                        p.quorum = v.intValue();
                    }
                })
                .leaf("quorum_max", (p, w) -> {
                    Long v = w.integer(1, 0, 65535);
                    if (v != null) {
                        p.quorumMax = v.intValue();
                    }
                })
                .leaf("fork_delay", (p, w) -> {
                    Long v = w.decimalSeconds(1, 0, 65535);
                    if (v != null) {
                        p.forkDelayUs = v;
                    }
                })
                .leaf("terminate_delay", (p, w) -> {
                    Long v = w.decimalSeconds(1, 0, 65535);
                    if (v != null) {
                        p.terminateDelayUs = v;
                    }
                })
                .leaf("delay", (p, w) -> {
                    Long v = w.decimalSeconds(1, 0, 65535);
                    if (v != null) {
                        p.forkDelayUs = v;
                        p.terminateDelayUs = v;
                    }
                })
                .leaf("full_command", (p, w) -> p.fullCommand = true);
    }

    private static KeywordTable<TrackFileBuilder> trackFileTable() {
        return new KeywordTable<TrackFileBuilder>("track_file")
                .leaf("file", (f, w) -> f.path = w.require(1))
                .leaf("weight", (f, w) -> {
                    Long v = w.integer(1, -2147483647L, 2147483647L);
                    if (v != null) {
                        f.weight = v.intValue();
                        f.reverse = "reverse".equals(w.get(2));
                    }
                })
                .leaf("init_file", (f, w) -> {
                    f.initValue = 0L;
                    for (int i = 1; i < w.size(); i++) {
                        if (w.get(i).equals("overwrite")) {
                            f.initOverwrite = true;
                        } else {
                            Long v = w.parseInteger(w.get(i), Integer.MIN_VALUE, Integer.MAX_VALUE);
                            if (v != null) {
                                f.initValue = v;
                            }
                        }
                    }
                });
    }

    private static KeywordTable<GarpGroupBuilder> garpGroupTable() {
        return new KeywordTable<GarpGroupBuilder>("garp_group")
                .leaf("garp_interval", (g, w) -> {
                    Long v = w.decimalSeconds(1, 0, 1_000_000);
                    if (v != null) {
                        g.garpIntervalUs = v;
                    }
                })
                .leaf("gna_interval", (g, w) -> {
                    Long v = w.decimalSeconds(1, 0, 1_000_000);
                    if (v != null) {
                        g.gnaIntervalUs = v;
                    }
                })
                .leaf("interface", (g, w) -> {
                    if (w.require(1) != null) {
                        g.interfaces.add(new GarpGroupBuilder.InterfaceRef(w.get(1), w.location()));
                    }
                })
                .values("interfaces", (g, w) -> {
                    g.interfacesBlock = true;
                    w.all().forEach(name -> g.interfaces.add(new GarpGroupBuilder.InterfaceRef(name, w.location())));
                });
    }

    private static KeywordTable<SyncGroupBuilder> syncGroupTable() {
        KeywordTable<SyncGroupBuilder> t = new KeywordTable<SyncGroupBuilder>("vrrp_sync_group")
                .values("group", (g, w) -> g.members.addAll(w.all()))
                .leaf("global_tracking", (g, w) -> {
                    w.error(ConfigStatus.GENERAL_ERROR, "(" + g.name
                            + ") global_tracking is deprecated. Use track_interface/script/file on the sync group");
                    g.globalTracking = true;
                })
                .leaf("sync_group_tracking_weight", (g, w) -> g.trackingWeight = true);
        tracking(t, 253);
        notifies(t);
        return t;
    }

    /** track_interface/track_script/track_process/track_file/track_bfd, shared by instances and sync groups. */
    static <T extends Tracked> void tracking(KeywordTable<T> t, int maxWeight) {
        t.values("track_interface", (b, w) -> ref(w, 253).ifPresent(b.trackInterfaces::add));
        t.values("track_script", (b, w) -> ref(w, 253).ifPresent(b.trackScripts::add));
        t.values("track_process", (b, w) -> ref(w, 254).ifPresent(b.trackProcesses::add));
        t.values("track_file", (b, w) -> ref(w, 254).ifPresent(b.trackFiles::add));
        t.values("track_bfd", (b, w) -> ref(w, 253).ifPresent(b.trackBfds::add));
    }

    /** {@code NAME [weight N [reverse|noreverse|no_reverse]]}. */
    static java.util.Optional<VrrpConfig.TrackRef> ref(Words w, int maxWeight) {
        Integer weight = null;
        boolean reverse = false;
        for (int i = 1; i < w.size(); i++) {
            String k = w.get(i);
            if (k.equals("weight") && w.has(i + 1)) {
                Long v = w.parseInteger(w.get(++i), -maxWeight, maxWeight);
                if (v == null) {
                    w.error(ConfigStatus.GENERAL_ERROR, "weight for " + w.get(0) + " must be between [-"
                            + maxWeight + ":" + maxWeight + "] inclusive. Ignoring weight");
                } else {
                    weight = v.intValue();
                }
            } else if (k.equals("reverse")) {
                reverse = true;
            } else if (k.equals("noreverse") || k.equals("no_reverse")) {
                reverse = false;
            } else {
                w.error(ConfigStatus.GENERAL_ERROR, "Unknown track option " + k + " for " + w.get(0) + " - ignoring");
            }
        }
        return java.util.Optional.of(new VrrpConfig.TrackRef(w.get(0), weight, reverse, w.location()));
    }

    static <T extends Tracked> void notifies(KeywordTable<T> t) {
        t.leaf("notify_master", (b, w) -> b.notifyMaster = ScriptLines.read(w, 1));
        t.leaf("notify_backup", (b, w) -> b.notifyBackup = ScriptLines.read(w, 1));
        t.leaf("notify_fault", (b, w) -> b.notifyFault = ScriptLines.read(w, 1));
        t.leaf("notify_stop", (b, w) -> b.notifyStop = ScriptLines.read(w, 1));
        t.leaf("notify", (b, w) -> b.notify = ScriptLines.read(w, 1));
        t.leaf("smtp_alert", (b, w) -> {
            Boolean v = w.flag(1);
            if (v != null) {
                b.smtpAlert = v;
            }
        });
        t.leaf("notify_priority_changes", (b, w) -> {
            Boolean v = w.flag(1);
            if (v != null) {
                b.notifyPriorityChanges = v;
            }
        });
    }
}
