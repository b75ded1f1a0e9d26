package org.keepalivedjava.config.model.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** vrrp_scripts the script check disabled: instances and sync groups drop them without another message. */
    private final Set<String> disabledTrackScripts = new HashSet<>();

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
        public Long garpIntervalUs;
        public Long gnaIntervalUs;
        /** Set when the group has an {@code interfaces} block, which keepalived numbers (its aggregation group). */
        public boolean interfacesBlock;
        public final List<InterfaceRef> interfaces = new ArrayList<>();

        /** An interface named by the group, where it was named. */
        public record InterfaceRef(String name, Location location) {
        }

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
        /** Whether {@code state} / {@code priority} were configured: each is derived from the other if not. */
        public boolean stateSet;
        public boolean prioritySet;
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
        if (!instances.isEmpty()) {
            // Once the VRRP process runs it judges every vrrp_script, tracked or not (measured: an untracked
            // existing script still makes -t exit 6); one that cannot run is dropped from the instances.
            for (VrrpConfig.Script s : List.copyOf(builtScripts.values())) {
                if (scriptsInUse != null) {
                    scriptsInUse.add(s.command());
                }
                if (!ScriptSecurity.trackScriptUsable(s.name(), s.command(), global, diagnostics, host,
                        s.location())) {
                    builtScripts.remove(s.name());
                    disabledTrackScripts.add(s.name());
                }
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
        return new VrrpConfig(staticAddresses, staticRoutes, staticRules, trackGroups, builtScripts, procs, files,
                buildGarpGroups(diagnostics, host), groups, built);
    }

    /**
     * garp_group: each named interface must exist (the same "non-existent interface" verdict as an instance's) and
     * belong to one group only; a group that sets neither interval does nothing and is removed.
     */
    private List<VrrpConfig.GarpGroup> buildGarpGroups(Diagnostics d, HostView host) {
        List<VrrpConfig.GarpGroup> out = new ArrayList<>();
        Set<String> grouped = new HashSet<>();
        int aggregation = 0;
        for (GarpGroupBuilder g : garpGroups) {
            int number = g.interfacesBlock ? ++aggregation : 0;
            List<String> names = new ArrayList<>();
            for (GarpGroupBuilder.InterfaceRef i : g.interfaces) {
                if (!host.interfaceExists(i.name())) {
                    missingInterface(d, i.location(), "interface " + i.name() + " specified for garp_group");
                } else if (!grouped.add(i.name())) {
                    d.error(ConfigStatus.GENERAL_ERROR, i.location(), "garp_group already specified for " + i.name()
                            + " - ignoring");
                } else {
                    names.add(i.name());
                }
            }
            if (g.garpIntervalUs == null && g.gnaIntervalUs == null) {
                d.error(ConfigStatus.GENERAL_ERROR, g.location, "garp group " + number
                        + " does not have any delay set - removing");
                continue;
            }
            out.add(new VrrpConfig.GarpGroup(or(g.garpIntervalUs, 0L), or(g.gnaIntervalUs, 0L), names, g.location));
        }
        return out;
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
        List<TrackRef> enabled = t.trackScripts.stream().filter(r -> !disabledTrackScripts.contains(r.name()))
                .toList();
        List<TrackRef> ss = known(enabled, scripts.keySet(), "(" + owner + ") track script ", d);
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
        Startup startup = startup(b, strict, version, ipv6, d);
        var tracking = tracking(b, b.name, scripts, procs, files, d, host);
        registerNotifies(b);
        boolean accept = b.accept != null ? b.accept : !strict || startup.priority == 255;
        return new VrrpConfig.Instance(b.name, startup.state, b.interfaceName, b.vrid, startup.priority, advert,
                version, ipv6,
                b.useVmac, b.vmacName, b.vmacXmitBase, b.dontTrackPrimary, tracking, b.sourceAddress,
                b.mcastDestination, peers, b.unicastFaultNoPeer, b.unicastTtl,
                b.checkUnicastSrc != null ? b.checkUnicastSrc : g.checkUnicastSrc(), startup.authentication, vips,
                b.evips, b.routes, b.rules, startup.preempt, startup.preemptDelayUs,
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

    /** How an instance starts once keepalived has reconciled state, priority, authentication and preemption. */
    private record Startup(VrrpConfig.InitialState state, int priority, VrrpConfig.Authentication authentication,
                           boolean preempt, long preemptDelayUs) {
    }

    /**
     * keepalived's instance completion rules, in its order: state and priority derive from each other when one is
     * missing (state MASTER means the address owner, priority 255; priority 255 means start as MASTER); then the
     * authentication checks (RFC 5798 removed authentication from VRRPv3; an AH sequence number must be learnt
     * from an advert before taking over); then preemption, which cannot apply to an instance starting as MASTER.
     * Each reconciliation is a configuration error (exit 5) that keepalived corrects and goes on.
     */
    private static Startup startup(InstanceBuilder b, boolean strict, int version, boolean ipv6, Diagnostics d) {
        String tag = "(" + b.name + ")";
        int priority = !b.prioritySet && b.stateSet && b.state == VrrpConfig.InitialState.MASTER ? 255 : b.priority;
        boolean owner = priority == 255;
        boolean master = b.stateSet ? b.state == VrrpConfig.InitialState.MASTER : owner;
        if (b.stateSet && strict && master != owner) {
            d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag + " State MASTER must match being address owner");
            master = owner;
        }

        VrrpConfig.Authentication auth = b.authentication;
        if (auth != null && auth.type() != null) {
            String problem = null;
            if (strict) {
                problem = " Strict mode does not support authentication. Ignoring.";
            } else if (version == 3) {
                problem = " VRRP version 3 does not support authentication. Ignoring.";
            } else if (auth.password() == null || auth.password().isEmpty()) {
                problem = " Authentication specified but no password given. Ignoring";
            } else if (ipv6 && "AH".equals(auth.type())) {
                problem = " Cannot use AH authentication with IPv6 - ignoring";
            } else if ("AH".equals(auth.type()) && master && !owner) {
                d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag
                        + " Initial state master is incompatible with AH authentication - clearing");
                master = false;
            }
            if (problem != null) {
                d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag + problem);
                auth = auth.hmac() ? auth.withPass(null, null) : null; // the HMAC trailer works with any version
            }
        }
        Integer active = auth == null ? null : auth.hmacActiveKey();
        if (auth != null && auth.hmac() && active != null
                && auth.hmacKeys().stream().noneMatch(k -> k.id() == active)) {
            VrrpConfig.Authentication a = auth;
            d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag + " auth_hmac_active_key " + a.hmacActiveKey()
                    + " is not a configured auth_hmac_key - using key " + a.hmacKeys().get(0).id());
            auth = new VrrpConfig.Authentication(a.type(), a.password(), a.hmacKeys(), a.hmacKeys().get(0).id(),
                    a.hmacWindowSeconds());
        }

        boolean preempt = b.preempt;
        long delayUs = b.preemptDelayUs == null ? 0 : b.preemptDelayUs;
        if (owner && !preempt) {
            d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag
                    + " nopreempt is incompatible with priority 255. resetting nopreempt");
            preempt = true;
        }
        if (master) {
            if (!preempt) {
                d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag
                        + " Warning - nopreempt will not work with initial state MASTER - clearing");
                preempt = true;
            }
            if (delayUs > 0) {
                d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag
                        + " Warning - preempt delay will not work with initial state MASTER - clearing");
                delayUs = 0;
            }
        }
        if (delayUs > 0) {
            if (strict) {
                d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag
                        + " preempt_delay is incompatible with strict mode - resetting");
            }
            if (!preempt) {
                d.error(ConfigStatus.GENERAL_ERROR, Location.NONE, tag
                        + " preempt_delay is incompatible with nopreempt mode - resetting");
            }
            if (strict || !preempt) {
                delayUs = 0;
            }
        }
        return new Startup(master ? VrrpConfig.InitialState.MASTER : VrrpConfig.InitialState.BACKUP, priority, auth,
                preempt, delayUs);
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
