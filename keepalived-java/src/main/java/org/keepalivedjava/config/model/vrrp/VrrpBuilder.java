package org.keepalivedjava.config.model.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.config.model.script.ScriptSecurity;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpAddress;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpRoute;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.IpRule;
import org.keepalivedjava.config.model.vrrp.VrrpConfig.TrackRef;

/**
 * Filled by the VRRP keywords (phase 2); {@link #build} applies the global defaults and runs keepalived's
 * validation checks, in keepalived's order, with its messages (phase 3).
 */
public final class VrrpBuilder {
    public final List<IpAddress> staticAddresses = new ArrayList<>();
    public final List<IpRoute> staticRoutes = new ArrayList<>();
    public final List<IpRule> staticRules = new ArrayList<>();
    public final Map<String, VrrpConfig.TrackGroup> trackGroups = new LinkedHashMap<>();
    public final Map<String, ScriptBuilder> scripts = new LinkedHashMap<>();
    public final Map<String, TrackProcessBuilder> trackProcesses = new LinkedHashMap<>();
    public final Map<String, TrackFileBuilder> trackFiles = new LinkedHashMap<>();
    public final List<GarpGroupBuilder> garpGroups = new ArrayList<>();
    public final List<SyncGroupBuilder> syncGroups = new ArrayList<>();
    public final List<InstanceBuilder> instances = new ArrayList<>();

    private List<NotifyScript> scriptsInUse;

    /** Connects this builder to the config's list of scripts in use (ConfigBuilder.scriptsInUse). */
    public VrrpBuilder attach(List<NotifyScript> scripts) {
        this.scriptsInUse = scripts;
        return this;
    }

    /** Notify scripts and the tracking lists, shared by instances and sync groups. */
    public static class Tracked {
        public final List<TrackRef> trackInterfaces = new ArrayList<>();
        public final List<TrackRef> trackScripts = new ArrayList<>();
        public final List<TrackRef> trackProcesses = new ArrayList<>();
        public final List<TrackRef> trackFiles = new ArrayList<>();
        public final List<TrackRef> trackBfds = new ArrayList<>();
        public NotifyScript notifyMaster;
        public NotifyScript notifyBackup;
        public NotifyScript notifyFault;
        public NotifyScript notifyStop;
        public NotifyScript notifyDeleted;
        public boolean notifyDeletedState;
        public NotifyScript notifyMasterRxLowerPri;
        public NotifyScript notify;
        public Boolean smtpAlert;
        public boolean notifyPriorityChanges;

        VrrpConfig.Notifies notifies() {
            return new VrrpConfig.Notifies(notifyMaster, notifyBackup, notifyFault, notifyStop, notifyDeleted,
                    notifyDeletedState, notifyMasterRxLowerPri, notify);
        }
    }

    public static final class ScriptBuilder {
        public final String name;
        public final Location location;
        public NotifyScript command;
        public String user;
        public String group;
        public long intervalUs = 1_000_000;
        public Long timeoutUs;
        public int weight;
        public boolean reverse;
        public int rise = 1;
        public int fall = 1;
        public boolean initFail;

        public ScriptBuilder(String name, Location location) {
            this.name = name;
            this.location = location;
        }
    }

    public static final class TrackProcessBuilder {
        public final String name;
        public final Location location;
        public List<String> process;
        public String paramMatch;
        public int weight = 1;
        public boolean reverse;
        public int quorum = 1;
        public int quorumMax = Integer.MAX_VALUE;
        public long forkDelayUs;
        public long terminateDelayUs;
        public boolean fullCommand;

        public TrackProcessBuilder(String name, Location location) {
            this.name = name;
            this.location = location;
        }
    }

    public static final class TrackFileBuilder {
        public final String name;
        public final Location location;
        public String path;
        public int weight = 1;
        public boolean reverse;
        public Long initValue;
        public boolean initOverwrite;

        public TrackFileBuilder(String name, Location location) {
            this.name = name;
            this.location = location;
        }
    }

    public static final class GarpGroupBuilder {
        public final Location location;
        public long garpIntervalUs;
        public long gnaIntervalUs;
        public final List<String> interfaces = new ArrayList<>();

        public GarpGroupBuilder(Location location) {
            this.location = location;
        }
    }

    public static final class SyncGroupBuilder extends Tracked {
        public final String name;
        public final Location location;
        public final List<String> members = new ArrayList<>();
        public boolean globalTracking;
        public boolean trackingWeight;

        public SyncGroupBuilder(String name, Location location) {
            this.name = name;
            this.location = location;
        }
    }

    public static final class InstanceBuilder extends Tracked {
        public final String name;
        public final Location location;
        public VrrpConfig.InitialState state = VrrpConfig.InitialState.BACKUP;
        public String interfaceName;
        public Location interfaceLocation;
        /** The interface keyword named something keepalived refuses (the loopback). */
        public boolean interfaceRejected;
        public Integer vrid;
        public int priority = 100;
        public Long advertIntervalUs;
        public Integer version;
        public boolean nativeIpv6;
        public boolean useVmac;
        public String vmacName;
        public boolean vmacXmitBase;
        public boolean dontTrackPrimary;
        public InetAddress sourceAddress;
        public InetAddress mcastDestination;
        public final List<VrrpConfig.UnicastPeer> unicastPeers = new ArrayList<>();
        public boolean unicastFaultNoPeer;
        public Integer unicastTtl;
        public Boolean checkUnicastSrc;
        public VrrpConfig.Authentication authentication;
        public final List<IpAddress> vips = new ArrayList<>();
        public final List<IpAddress> evips = new ArrayList<>();
        public final List<IpRoute> routes = new ArrayList<>();
        public final List<IpRule> rules = new ArrayList<>();
        public boolean preempt = true;
        public Long preemptDelayUs;
        public Long garpMasterDelayUs;
        public Integer garpMasterRepeat;
        public Long garpLowerPrioDelayUs;
        public Integer garpLowerPrioRepeat;
        public Long garpMasterRefreshUs;
        public Integer garpMasterRefreshRepeat;
        public Boolean lowerPrioNoAdvert;
        public Boolean higherPrioSendAdvert;
        public Integer downTimerAdverts;
        public Boolean accept;
        public Boolean skipCheckAdvAddr;
        public Boolean strictMode;
        public boolean promoteSecondaries;
        public boolean trackSrcIp;
        public final Map<String, List<String>> otherSettings = new LinkedHashMap<>();

        public InstanceBuilder(String name, Location location) {
            this.name = name;
            this.location = location;
        }

        /** The instance's address family as keepalived decides it: native_ipv6, else the first VIP. */
        boolean ipv6() {
            if (nativeIpv6) {
                return true;
            }
            return !vips.isEmpty() && !vips.get(0).prefix().isIpv4();
        }
    }

    public VrrpConfig build(GlobalDefs global, Diagnostics diagnostics, HostView host) {
        Map<String, VrrpConfig.Script> builtScripts = new LinkedHashMap<>();
        for (ScriptBuilder s : scripts.values()) {
            VrrpConfig.Script built = buildScript(s, global, diagnostics, host);
            if (built != null) {
                builtScripts.put(s.name, built);
            }
        }
        checkStaticInterfaces(global, diagnostics, host);
        Map<String, VrrpConfig.TrackProcess> procs = new LinkedHashMap<>();
        trackProcesses.values().forEach(p -> procs.put(p.name, new VrrpConfig.TrackProcess(p.name,
                p.process == null ? List.of() : p.process, p.paramMatch, p.weight, p.reverse, p.quorum,
                p.quorumMax, p.forkDelayUs, p.terminateDelayUs, p.fullCommand, p.location)));
        Map<String, VrrpConfig.TrackFile> files = new LinkedHashMap<>();
        trackFiles.values().forEach(f -> files.put(f.name, new VrrpConfig.TrackFile(f.name, f.path, f.weight,
                f.reverse, f.initValue, f.initOverwrite, f.location)));

        Map<String, String> groupOf = new HashMap<>();
        List<VrrpConfig.SyncGroup> groups = new ArrayList<>();
        Map<String, InstanceBuilder> byName = new LinkedHashMap<>();
        instances.forEach(i -> byName.putIfAbsent(i.name, i));
        for (SyncGroupBuilder g : syncGroups) {
            List<String> members = new ArrayList<>();
            for (String m : g.members) {
                if (!byName.containsKey(m)) {
                    diagnostics.error(ConfigStatus.GENERAL_ERROR, Location.NONE, "Virtual router " + m
                            + " specified in sync group " + g.name + " doesn't exist - ignoring");
                } else if (groupOf.containsKey(m)) {
                    diagnostics.error(ConfigStatus.GENERAL_ERROR, Location.NONE, "Virtual router " + m
                            + " cannot exist in more than one sync group; ignoring " + g.name);
                } else {
                    members.add(m);
                    groupOf.put(m, g.name);
                }
            }
            if (members.size() <= 1) {
                diagnostics.error(ConfigStatus.GENERAL_ERROR, Location.NONE, "Sync group " + g.name + " has only "
                        + members.size() + " virtual router(s) - this probably isn't what you want");
            }
            var tracking = tracking(g, g.name, builtScripts, procs, files, diagnostics, host);
            registerNotifies(g);
            groups.add(new VrrpConfig.SyncGroup(g.name, members, tracking, g.notifies(), g.smtpAlert,
                    g.notifyPriorityChanges, g.globalTracking, g.trackingWeight, g.location));
        }

        List<VrrpConfig.Instance> built = new ArrayList<>();
        for (InstanceBuilder b : instances) {
            VrrpConfig.Instance i = buildInstance(b, global, builtScripts, procs, files, groupOf.get(b.name),
                    diagnostics, host);
            if (i != null) {
                built.add(i);
            }
        }
        checkDuplicateVrids(built, diagnostics);
        if (!built.isEmpty() && scriptsInUse != null) {
            // keepalived counts every vrrp_script once the VRRP process runs, tracked or not (measured: rc 6)
            builtScripts.values().forEach(s -> scriptsInUse.add(s.command()));
        }
        List<GarpGroupBuilder> gg = garpGroups;
        return new VrrpConfig(staticAddresses, staticRoutes, staticRules, trackGroups, builtScripts, procs, files,
                gg.stream().map(g -> new VrrpConfig.GarpGroup(g.garpIntervalUs, g.gnaIntervalUs, g.interfaces,
                        g.location)).toList(), groups, built);
    }

    private VrrpConfig.Script buildScript(ScriptBuilder s, GlobalDefs global, Diagnostics diagnostics,
                                          HostView host) {
        if (s.command == null) {
            diagnostics.error(ConfigStatus.GENERAL_ERROR, s.location, "No script specified for vrrp_script "
                    + s.name + " - ignoring");
            return null;
        }
        NotifyScript cmd = new NotifyScript(s.command.argv(), s.user, s.group, s.command.location());
        if (!ScriptSecurity.resolveUser(cmd, global, diagnostics, host, s.location, true)) {
            if (s.user != null) {
                return null;
            }
            diagnostics.error(ConfigStatus.GENERAL_ERROR, s.location, "Unable to set default user for vrrp script "
                    + s.name + " - removing");
            return null;
        }
        long timeout = s.timeoutUs == null ? s.intervalUs : s.timeoutUs;
        return new VrrpConfig.Script(s.name, cmd, s.intervalUs, timeout, s.weight, s.reverse, s.rise, s.fall,
                s.initFail, s.location);
    }

    private void checkStaticInterfaces(GlobalDefs global, Diagnostics diagnostics, HostView host) {
        for (IpAddress a : staticAddresses) {
            if (a.dev() != null && !host.interfaceExists(a.dev())) {
                missingInterface(diagnostics, a.location(), "interface " + a.dev() + " for ip address "
                        + org.keepalivedjava.config.values.IpPrefix.text(a.prefix().address()));
            }
        }
        for (IpRoute r : staticRoutes) {
            if (r.dev() != null && !host.interfaceExists(r.dev())) {
                missingInterface(diagnostics, r.location(), "interface " + r.dev() + " for VROUTE nexthop");
            }
        }
    }

    private static void missingInterface(Diagnostics d, Location at, String what) {
        d.warning(at, "WARNING - " + what + " doesn't exist");
        if (!d.has(ConfigStatus.BAD_IF)) {
            d.error(ConfigStatus.BAD_IF, Location.NONE, "Non-existent interface specified in configuration");
        }
    }

    private VrrpConfig.Tracking tracking(Tracked t, String owner, Map<String, VrrpConfig.Script> scripts,
                                         Map<String, VrrpConfig.TrackProcess> procs,
                                         Map<String, VrrpConfig.TrackFile> files, Diagnostics d, HostView host) {
        List<TrackRef> ifs = new ArrayList<>();
        for (TrackRef r : t.trackInterfaces) {
            if (!host.interfaceExists(r.name())) {
                missingInterface(d, r.location(), "track_interface " + r.name() + " for " + owner);
            }
            ifs.add(r);
        }
        List<TrackRef> ss = known(t.trackScripts, scripts.keySet(), "(" + owner + ") track script ", d);
        List<TrackRef> ps = known(t.trackProcesses, procs.keySet(), "(" + owner + ") track process ", d);
        List<TrackRef> fs = known(t.trackFiles, files.keySet(), "(" + owner + ") track file ", d);
        return new VrrpConfig.Tracking(ifs, ss, ps, fs, t.trackBfds);
    }

    private static List<TrackRef> known(List<TrackRef> refs, java.util.Set<String> names, String what,
                                        Diagnostics d) {
        List<TrackRef> out = new ArrayList<>();
        for (TrackRef r : refs) {
            if (names.contains(r.name())) {
                out.add(r);
            } else {
                d.error(ConfigStatus.GENERAL_ERROR, r.location(), what + r.name() + " not found, ignoring...");
            }
        }
        return out;
    }

    private void registerNotifies(Tracked t) {
        if (scriptsInUse != null) {
            scriptsInUse.addAll(t.notifies().all());
        }
    }

    private VrrpConfig.Instance buildInstance(InstanceBuilder b, GlobalDefs global,
                                              Map<String, VrrpConfig.Script> scripts,
                                              Map<String, VrrpConfig.TrackProcess> procs,
                                              Map<String, VrrpConfig.TrackFile> files, String syncGroup,
                                              Diagnostics d, HostView host) {
        String tag = "(" + b.name + ")";
        if (b.interfaceName != null && !host.interfaceExists(b.interfaceName)) {
            missingInterface(d, b.interfaceLocation, "interface " + b.interfaceName + " for vrrp_instance "
                    + b.name);
        }
        if (b.interfaceRejected && b.interfaceName == null) {
            d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag + " Unknown interface!");
        }
        boolean ipv6 = b.ipv6();
        List<IpAddress> vips = new ArrayList<>();
        for (IpAddress a : b.vips) {
            if (a.prefix().isIpv4() == ipv6) {
                d.error(ConfigStatus.GENERAL_ERROR, a.location(), tag + ": address family must match VRRP instance ["
                        + a.prefix() + "] - ignoring");
            } else {
                vips.add(a);
            }
        }
        for (IpAddress a : concat(b.vips, b.evips)) {
            if (a.dev() != null && !host.interfaceExists(a.dev())) {
                missingInterface(d, a.location(), "interface " + a.dev() + " for ip address "
                        + org.keepalivedjava.config.values.IpPrefix.text(a.prefix().address()));
            }
        }
        if (b.vrid == null) {
            d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag + " the virtual router id must be set");
            return null;
        }
        GlobalDefs.VrrpDefaults g = global.vrrp();
        boolean strict = b.strictMode != null ? b.strictMode : g.strict();
        if (vips.isEmpty()) {
            d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag + " No VIP specified; at least one is "
                    + (strict ? "required" : "sensible"));
        }
        int version = ipv6 ? 3 : b.version != null ? b.version : g.version();
        long advert = b.advertIntervalUs == null ? 1_000_000 : b.advertIntervalUs;
        if (version == 2 && advert % 1_000_000 != 0) {
            d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, String.format(java.util.Locale.ROOT,
                    "%s VRRPv2 advertisement interval %fs must be an integer. rounding", tag, advert / 1e6));
            advert = Math.max(1, Math.round(advert / 1e6)) * 1_000_000;
        }
        boolean v4 = !ipv6;
        List<VrrpConfig.UnicastPeer> peers = new ArrayList<>();
        for (VrrpConfig.UnicastPeer p : b.unicastPeers) {
            if ((p.address() instanceof Inet4Address) != v4) {
                d.error(ConfigStatus.GENERAL_ERROR, p.location(), tag + " Unicast peer " + org.keepalivedjava.config.values.IpPrefix.text(p.address()) + " address family doesn't match the instance - ignoring");
            } else {
                peers.add(p);
            }
        }
        if (b.sourceAddress != null && (b.sourceAddress instanceof Inet4Address) != v4) {
            d.error(ConfigStatus.GENERAL_ERROR, b.location, tag + " Unicast/mcast source address "
                    + b.sourceAddress.getHostAddress() + " address family doesn't match the instance - ignoring");
        }
        if (b.state == VrrpConfig.InitialState.MASTER && b.priority != 255 && strict) {
            d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag
                    + " Strict mode requires priority 255 for state MASTER - setting state BACKUP");
        }
        var tracking = tracking(b, b.name, scripts, procs, files, d, host);
        registerNotifies(b);
        boolean accept = b.accept != null ? b.accept : !strict || b.priority == 255;
        return new VrrpConfig.Instance(b.name, b.state, b.interfaceName, b.vrid, b.priority, advert, version, ipv6,
                b.useVmac, b.vmacName, b.vmacXmitBase, b.dontTrackPrimary, tracking, b.sourceAddress,
                b.mcastDestination, peers, b.unicastFaultNoPeer, b.unicastTtl,
                b.checkUnicastSrc != null ? b.checkUnicastSrc : g.checkUnicastSrc(), b.authentication, vips,
                b.evips, b.routes, b.rules, b.preempt, b.preemptDelayUs == null ? 0 : b.preemptDelayUs,
                or(b.garpMasterDelayUs, g.garpMasterDelayUs()), or(b.garpMasterRepeat, g.garpMasterRepeat()),
                or(b.garpLowerPrioDelayUs, or(g.garpLowerPrioDelayUs(), or(b.garpMasterDelayUs,
                        g.garpMasterDelayUs()))),
                or(b.garpLowerPrioRepeat, or(g.garpLowerPrioRepeat(), or(b.garpMasterRepeat,
                        g.garpMasterRepeat()))),
                or(b.garpMasterRefreshUs, g.garpMasterRefreshUs()),
                or(b.garpMasterRefreshRepeat, g.garpMasterRefreshRepeat()),
                b.lowerPrioNoAdvert != null ? b.lowerPrioNoAdvert : g.lowerPrioNoAdvert() || strict,
                b.higherPrioSendAdvert != null ? b.higherPrioSendAdvert : g.higherPrioSendAdvert(),
                or(b.downTimerAdverts, g.downTimerAdverts()), b.notifies(), b.smtpAlert,
                b.notifyPriorityChanges || g.notifyPriorityChanges(), accept,
                b.skipCheckAdvAddr != null ? b.skipCheckAdvAddr : g.skipCheckAdvAddr(), strict,
                b.promoteSecondaries, b.trackSrcIp, syncGroup, b.otherSettings, b.location);
    }

    private static <T> T or(T v, T dflt) {
        return v != null ? v : dflt;
    }

    private static List<IpAddress> concat(List<IpAddress> a, List<IpAddress> b) {
        List<IpAddress> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** keepalived rejects two instances with the same VRID, family and interface (and both multicast). */
    private static void checkDuplicateVrids(List<VrrpConfig.Instance> built, Diagnostics d) {
        Map<String, VrrpConfig.Instance> seen = new HashMap<>();
        for (VrrpConfig.Instance i : built) {
            if (i.interfaceName() == null || i.isUnicast()) {
                continue;
            }
            String key = i.vrid() + "/" + i.ipv6() + "/" + i.interfaceName() + "/" + i.mcastDestination();
            VrrpConfig.Instance other = seen.putIfAbsent(key, i);
            if (other != null) {
                d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, other.name() + " and " + i.name()
                        + " both use VRID " + i.vrid() + " with " + (i.ipv6() ? "IPv6" : "IPv4") + " on interface "
                        + i.interfaceName());
            }
        }
    }
}
