package org.keepalivedjava.vrrp.child;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.keepalivedjava.config.ConfigLoader;
import org.keepalivedjava.config.ConfigStatus;
import org.keepalivedjava.config.Diagnostic;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.ConfigSnapshot;
import org.keepalivedjava.config.lex.LoadOptions;
import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.Severity;
import org.keepalivedjava.os.caps.CapabilityProbe;
import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.SignalFd;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.os.packet.AddressAnnouncer;
import org.keepalivedjava.os.packet.PacketSocket;
import org.keepalivedjava.os.proc.NativeUserDatabase;
import org.keepalivedjava.os.raw.VrrpSocketConfig;
import org.keepalivedjava.os.rtnl.IfAddress;
import org.keepalivedjava.os.rtnl.Link;
import org.keepalivedjava.os.rtnl.NetlinkRtnl;
import org.keepalivedjava.os.rtnl.RtnlMonitor;
import org.keepalivedjava.parent.ChildExit;
import org.keepalivedjava.parent.ChildSpec;
import org.keepalivedjava.parent.ConfigReload;
import org.keepalivedjava.smtp.AlertSender;
import org.keepalivedjava.smtp.AlertSink;
import org.keepalivedjava.smtp.AlertSinks;
import org.keepalivedjava.smtp.SmtpSettings;
import org.keepalivedjava.smtp.SmtpSetupException;
import org.keepalivedjava.smtp.SmtpSettingsMapper;
import org.keepalivedjava.vrrp.dump.Dumps;
import org.keepalivedjava.vrrp.dump.InstanceDump;
import org.keepalivedjava.vrrp.fsm.FsmLog;
import org.keepalivedjava.vrrp.fsm.LoopInstanceTimer;
import org.keepalivedjava.vrrp.fsm.SyncGroup;
import org.keepalivedjava.vrrp.fsm.VrrpInstanceFsm;
import org.keepalivedjava.vrrp.fsm.VrrpInstanceSettings;
import org.keepalivedjava.vrrp.fsm.VrrpState;
import org.keepalivedjava.vrrp.net.GarpBurstLimiter;
import org.keepalivedjava.vrrp.net.GarpPacer;
import org.keepalivedjava.vrrp.net.GarpScheduler;
import org.keepalivedjava.vrrp.net.VipManager;
import org.keepalivedjava.vrrp.notify.NotifyFifo;
import org.keepalivedjava.vrrp.notify.ScriptRunner;
import org.keepalivedjava.vrrp.notify.ScriptUsers;
import org.keepalivedjava.vrrp.track.InstanceTracker;
import org.keepalivedjava.vrrp.track.TrackedKind;
import org.keepalivedjava.watchdog.ChildLink;
import org.keepalivedjava.watchdog.WatchdogServer;
import org.keepalivedjava.status.StatusCodec;
import org.keepalivedjava.vrrp.status.VrrpStatusSnapshot;

/**
 * The VRRP child: every vrrp_instance of the configuration on ONE event loop thread.
 *
 * <h2>Start-up (keepalived's order)</h2>
 * Load the configuration (the parent validated it; a configuration that cannot run exits {@link ChildExit#CONFIG}),
 * check CAP_NET_RAW and CAP_NET_ADMIN ({@link ChildExit#FATAL} with the missing ones named), then: addresses left
 * by a crashed predecessor removed and static addresses/routes/rules installed ({@link VipManager#start}), the link
 * and address monitor joined, one {@link VrrpTransport} per interface/family/group/protocol, a GARP pacer per
 * interface, the trackers fed with the interfaces' current state, sync groups and lone instances started (all in
 * BACKUP, waiting Master_Down_Interval), the vrrp_scripts started.
 *
 * <h2>Events</h2>
 * Adverts go to the FSM of their VRID; link down/up goes through the instances' trackers (FAULT / back to BACKUP);
 * a VIP deleted by someone else while MASTER is put back at once (VipManager's restore mode). keepalived 2.2.7
 * instead drops the instance to BACKUP and re-elects, which moves the VIP away for a Master_Down_Interval and can
 * let a lower-priority peer take over for a moment; restoring keeps the master and the VIP where they are and
 * ends in the same place without the flap. SIGTERM/SIGINT and the parent's end of stream stop in order
 * (priority 0 adverts, addresses removed unless -V, notify STOP, exit 0); SIGUSR1 writes /tmp/keepalived.data,
 * SIGUSR2 /tmp/keepalived.stats; SIGHUP re-reads the file and applies the difference ({@link #reload},
 * {@link VrrpReloadPlan}). With a parent ({@link ChildLink}), the watchdog server answers its hellos from
 * this loop.
 *
 * <p>Threading: the thread calling {@link #run} is the loop thread; nothing else touches this object.
 */
public final class VrrpChild {
    /** How long an orderly stop waits for notify STOP scripts to start/finish before exiting anyway. */
    static final long STOP_SCRIPT_WAIT_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long STOP_POLL_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Left for the JVM to exit after the stop's mail drain, inside the parent's child_wait_time. */
    static final long STOP_EXIT_MARGIN_MS = 1_000;

    /**
     * @param dontReleaseVrrp -V: leave the VIPs in place on stop
     * @param standalone      no parent: the configuration's diagnostics are this process's to log
     * @param configSnapshot  the configuration the parent validated ({@link ConfigSnapshot}), run instead of
     *                        reading {@code configFile} at start and at each reload; empty when started alone
     */
    public record Settings(Path configFile, LoadOptions loadOptions, boolean dontReleaseVrrp, boolean standalone,
                           Optional<Path> configSnapshot) {
        public Settings(Path configFile, LoadOptions loadOptions, boolean dontReleaseVrrp, boolean standalone) {
            this(configFile, loadOptions, dontReleaseVrrp, standalone, Optional.empty());
        }
    }

    private final Settings settings;
    private final Logger log;
    private final Optional<ChildLink> link;

    private EventLoop loop;
    private NetlinkRtnl rtnl;
    private VipManager vips;
    private RtnlMonitor monitor;
    private ScriptRunner runner;
    private AlertSink alerts = AlertSink.NONE;
    /** How long the stop waits for queued alerts ({@link #stopMailDrainMs}). */
    private long stopMailDrainMs;
    private final List<NotifyFifo> fifos = new ArrayList<>();
    private final Map<String, VrrpTransport> transports = new LinkedHashMap<>();
    private final Map<String, PacketSocket> packetSockets = new LinkedHashMap<>();
    private final Map<String, GarpPacer> pacers = new HashMap<>();
    /** One per-turn budget for the announcements of all interfaces: the bound is for the loop, not per pacer. */
    private GarpBurstLimiter garpLimiter;
    private final List<InstanceRuntime> instances = new ArrayList<>();
    private final Map<String, InstanceRuntime> byName = new HashMap<>();
    private final List<SyncGroup> groups = new ArrayList<>();
    private final Map<SyncGroup, VrrpConfig.SyncGroup> groupConfigs = new HashMap<>();
    private TrackScripts trackScripts;
    private TrackFiles trackFiles;
    private TrackProcesses trackProcesses;
    private Notifier notifier;
    private WatchdogServer watchdog;
    private SignalFd jsonSignal;
    private VmacInterfaces vmacs;
    private boolean stopping;
    private int exitStatus = ChildExit.OK;
    /** The configuration the child started with (start-up-only settings) and the one its instances run now. */
    private KeepalivedConfig startup;
    private KeepalivedConfig running;
    private FsmLog fsmLog;
    private ScriptUsers users;

    public VrrpChild(Settings settings, Logger log, Optional<ChildLink> link) {
        this.settings = settings;
        this.log = log;
        this.link = link;
    }

    /** Runs the child until it is told to stop; returns the process exit status ({@link ChildExit} codes). */
    public int run() {
        Diagnostics diagnostics = new Diagnostics(d -> logDiagnostic(d));
        ConfigLoader.Result loaded = ConfigLoader.loadHanded(settings.configSnapshot(), settings.configFile(),
                settings.loadOptions(), HostView.system(), diagnostics);
        ConfigStatus status = diagnostics.status();
        if (status == ConfigStatus.BAD_IF || status == ConfigStatus.FATAL
                || status == ConfigStatus.FILE_NOT_FOUND || loaded.config() == null) {
            log.error("Configuration " + settings.configFile() + " cannot run (" + status + "); exiting");
            return ChildExit.CONFIG;
        }
        List<String> missing = CapabilityProbe.probe(CapabilityProbe.VRRP);
        if (!missing.isEmpty()) {
            missing.forEach(line -> log.error("VRRP child: " + line));
            log.error("VRRP child cannot run without CAP_NET_RAW and CAP_NET_ADMIN; exiting");
            return ChildExit.FATAL;
        }
        try (EventLoop l = new EventLoop(Clock.SYSTEM,
                (source, error) -> log.error("event loop: " + source + " failed: " + error),
                EventLoop.DEFAULT_TASK_QUEUE_CAPACITY, EventLoop.DEFAULT_MAX_EVENTS)) {
            this.loop = l;
            this.garpLimiter = new GarpBurstLimiter(l, GarpBurstLimiter.DEFAULT_FRAMES_PER_TURN);
            try {
                setUp(loaded.config());
            } catch (NativeException | IllegalArgumentException e) {
                log.error("VRRP child cannot start: " + e.getMessage());
                tearDown();
                return e instanceof NativeException ne && isPermission(ne) ? ChildExit.FATAL : ChildExit.CONFIG;
            }
            loop.run();
            tearDown();
        }
        return exitStatus;
    }

    // ------------------------------------------------------------------ set-up

    private void setUp(KeepalivedConfig loaded) {
        if (link.isPresent()) {
            watchdog = openWatchdog(link.get());
        }
        claimSignals();

        rtnl = NetlinkRtnl.open();
        vmacs = new VmacInterfaces(rtnl, log);
        KeepalivedConfig config = vmacs.setUp(loaded); // use_vmac instances run on their VMAC interface
        startup = config;
        running = config;
        GlobalDefs global = config.global();
        VrrpConfig vrrp = config.vrrp();
        vips = new VipManager(rtnl, log, new VipManager.Listener() {
            @Override
            public void onLinkChange(String interfaceName, boolean up) {
                linkChanged(interfaceName, up);
            }
        }, true);
        for (VrrpConfig.Instance i : vrrp.instances()) {
            vips.addInstance(i);
        }
        vips.setStatic(vrrp.staticAddresses(), vrrp.staticRoutes(), vrrp.staticRules(),
                global.vrrp().defaultInterface());
        vips.start();
        monitor = vips.startMonitor(loop);

        TrackFiles.initialise(vrrp.trackFiles().values(), false, log);
        runner = new ScriptRunner(loop);
        users = new ScriptUsers(NativeUserDatabase.INSTANCE, global.scripts());
        openFifos(global, users);
        alerts = openAlerts(global);
        notifier = new Notifier(runner, users, fifos, alerts, global.smtp(), log);

        Map<Integer, String> linkNames = new HashMap<>();
        for (Link lk : rtnl.links()) {
            linkNames.put(lk.index(), lk.name());
        }
        fsmLog = new FsmLog() {
            @Override
            public void info(String line) {
                log.info(line);
            }

            @Override
            public void detail(String line) {
                log.detail(line);
            }
        };
        for (VrrpConfig.Instance i : vrrp.instances()) {
            instances.add(buildInstance(global, vrrp, i, fsmLog));
        }
        for (InstanceRuntime r : instances) {
            byName.put(r.name(), r);
        }
        Set<String> grouped = new HashSet<>();
        for (VrrpConfig.SyncGroup g : vrrp.syncGroups()) {
            List<VrrpInstanceFsm> members = new ArrayList<>();
            for (String name : g.instances()) {
                InstanceRuntime r = byName.get(name);
                if (r != null) {
                    members.add(r.fsm);
                    grouped.add(name);
                }
            }
            SyncGroup group = SyncGroup.of(g.name(), members, fsmLog,
                    (sg, state) -> notifier.groupStateChanged(groupConfigs.get(sg), state));
            groups.add(group);
            groupConfigs.put(group, g);
        }
        long nowNs = loop.nowNs();
        // Files first: an instance whose file says FAULT starts in FAULT, not BACKUP then FAULT.
        trackFiles = new TrackFiles(loop, log, this::fileChanged, trackedFiles(vrrp));
        trackFiles.start(nowNs);
        trackProcesses = new TrackProcesses(loop, log, this::processChanged, ProcTable.SYSTEM,
                trackedProcesses(vrrp));
        trackProcesses.start(nowNs);
        for (InstanceRuntime r : instances) {
            for (String name : r.tracker.names(TrackedKind.INTERFACE)) {
                r.tracker.setInterfaceUp(name, vips.isUp(name));
            }
            r.tracker.applyTo(r.fsm, nowNs);
        }
        for (InstanceRuntime r : instances) {
            if (r.tracker.noPeerFault()) {
                log.info("(" + r.name() + ") Cannot use unicast without any peers - going to fault state");
            }
        }
        long startupDelayUs = global.vrrp().startupDelayUs();
        if (startupDelayUs > 0) {
            // keepalived.conf(5): lets slow interfaces (bonds at boot) pass adverts before any instance may win.
            log.info("Delaying startup for " + StartupDelay.seconds(startupDelayUs) + " seconds");
            loop.newTimer((t, now) -> startInstances(grouped, now))
                    .scheduleAt(nowNs + TimeUnit.MICROSECONDS.toNanos(startupDelayUs));
        } else {
            startInstances(grouped, nowNs);
        }
        trackScripts = new TrackScripts(loop, runner, users, log, this::scriptChanged, trackedScripts(vrrp));
        trackScripts.start(nowNs);
    }

    /** The instances leave INIT: the sync groups' members through their group, the others alone. */
    private void startInstances(Set<String> grouped, long nowNs) {
        if (stopping) {
            return;
        }
        for (SyncGroup g : groups) {
            if (g.members().stream().allMatch(m -> m.state() == VrrpState.INIT)) { // a reload may have started it
                g.start(nowNs);
            }
        }
        for (InstanceRuntime r : instances) {
            if (!grouped.contains(r.name()) && r.fsm.state() == VrrpState.INIT) {
                r.fsm.start(nowNs);
            }
        }
    }

    /** The vrrp_scripts some instance tracks (the others are not run, as keepalived does). */
    private List<VrrpConfig.Script> trackedScripts(VrrpConfig vrrp) {
        List<VrrpConfig.Script> tracked = new ArrayList<>();
        for (VrrpConfig.Script s : vrrp.scripts().values()) {
            if (instances.stream().anyMatch(r -> r.tracker.tracks(TrackedKind.SCRIPT, s.name()))) {
                tracked.add(s);
            }
        }
        return tracked;
    }

    /**
     * The track_files some instance or sync group of {@code vrrp} tracks (keepalived reads no other). From the
     * configuration, not the runtimes, so that a reload can read new files before it builds the instances.
     */
    static List<VrrpConfig.TrackFile> trackedFiles(VrrpConfig vrrp) {
        return trackedBy(vrrp, VrrpConfig.Tracking::files, vrrp.trackFiles());
    }

    /** The vrrp_track_process entries some instance or sync group of {@code vrrp} tracks (keepalived: only those). */
    static List<VrrpConfig.TrackProcess> trackedProcesses(VrrpConfig vrrp) {
        return trackedBy(vrrp, VrrpConfig.Tracking::processes, vrrp.trackProcesses());
    }

    /** The entries of {@code defined} that an instance or a sync group refers to through {@code refs}. */
    private static <T> List<T> trackedBy(VrrpConfig vrrp, Function<VrrpConfig.Tracking, List<VrrpConfig.TrackRef>> refs,
                                         Map<String, T> defined) {
        Set<String> names = new HashSet<>();
        for (VrrpConfig.Instance i : vrrp.instances()) {
            refs.apply(i.tracking()).forEach(r -> names.add(r.name()));
        }
        for (VrrpConfig.SyncGroup g : vrrp.syncGroups()) {
            if (g.tracking() != null) {
                refs.apply(g.tracking()).forEach(r -> names.add(r.name()));
            }
        }
        List<T> tracked = new ArrayList<>();
        defined.forEach((name, entry) -> {
            if (names.contains(name)) {
                tracked.add(entry);
            }
        });
        return tracked;
    }

    // ------------------------------------------------------------------ reload

    /**
     * SIGHUP: re-read the file and apply the difference ({@link VrrpReloadPlan} says what happens to each
     * instance). The parent has validated the file; should it have changed since and now hold errors, the reload
     * is refused here too and the running configuration stays. Settings read only at start-up are reported, not
     * applied ({@link VrrpReloadPlan#notApplied}).
     */
    void reload(long nowNs) {
        if (stopping) {
            return;
        }
        log.info("Reloading configuration file " + settings.configFile());
        Diagnostics diagnostics = new Diagnostics(d -> {
            if (!d.isWarning()) {
                log.error(d.format());
            } else {
                logDiagnostic(d);
            }
        });
        ConfigLoader.Result loaded = ConfigLoader.loadHanded(settings.configSnapshot(), settings.configFile(),
                settings.loadOptions(), HostView.system(), diagnostics);
        if (ConfigReload.refuses(diagnostics) || loaded.config() == null) {
            log.error("Reload refused: the configuration has errors; still running the previous one");
            return;
        }
        KeepalivedConfig next = vmacs.setUp(loaded.config());
        VrrpReloadPlan plan = VrrpReloadPlan.of(running.vrrp(), next.vrrp());
        log.info("Reload: " + plan);
        List<String> notApplied = VrrpReloadPlan.notApplied(startup, next);
        if (!notApplied.isEmpty()) {
            log.warning("Reload: changes to " + String.join(", ", notApplied)
                    + " take effect at the next restart");
        }
        apply(plan, next, nowNs);
        running = next;
    }

    private void apply(VrrpReloadPlan plan, KeepalivedConfig next, long nowNs) {
        VrrpConfig vrrp = next.vrrp();
        TrackFiles.initialise(vrrp.trackFiles().values(), true, log);
        Map<String, VrrpConfig.Instance> newByName = new HashMap<>();
        for (VrrpConfig.Instance i : vrrp.instances()) {
            newByName.put(i.name(), i);
        }

        // 1. Sync groups with a removed or regrouped member are rebuilt below (see VrrpReloadPlan); their state is
        //    remembered by name so that the rebuilt group carries on from it.
        Map<String, VrrpState> previousGroupStates = new HashMap<>();
        for (SyncGroup g : new ArrayList<>(groups)) {
            if (g.members().stream().anyMatch(m -> plan.removed().contains(m.name())
                    || plan.regrouped().contains(m.name()))) {
                previousGroupStates.put(g.name(), g.state());
                groups.remove(g);
                groupConfigs.remove(g);
            }
        }
        // 2. Removed instances are released as on stop.
        for (String name : plan.removed()) {
            InstanceRuntime r = byName.remove(name);
            if (r == null) {
                continue;
            }
            instances.remove(r);
            r.release(nowNs);
            vips.removeInstance(name);
        }
        // Track files: unchanged ones keep their value (the kept instances track only those, see VrrpReloadPlan);
        // new ones are read now, before the instances that track them are built and fed (feedTracker).
        trackFiles.reconcile(trackedFiles(vrrp), nowNs);
        trackProcesses.reconcile(trackedProcesses(vrrp), nowNs);
        // 3. Changed and regrouped instances: rebuilt with their counters, addresses moved by difference; changed
        //    ones resume their state now, regrouped ones with their group (5).
        Map<String, VrrpState> previousStates = new HashMap<>();
        Map<String, Boolean> addressesAddedByName = new HashMap<>();
        List<String> rebuilt = new ArrayList<>(plan.changed());
        rebuilt.addAll(plan.regrouped());
        for (String name : rebuilt) {
            InstanceRuntime old = byName.get(name);
            if (old == null) {
                continue;
            }
            VrrpState previous = old.fsm.state();
            old.retire();
            VrrpConfig.Instance config = newByName.get(name);
            boolean addressesAdded = vips.replaceInstance(config);
            InstanceRuntime r;
            try {
                r = buildInstance(next.global(), vrrp, config, fsmLog);
            } catch (NativeException | IllegalArgumentException e) {
                log.error("(" + name + ") cannot apply the new configuration: " + e.getMessage() + "; released");
                vips.uninstall(name);
                vips.removeInstance(name);
                instances.remove(old);
                byName.remove(name);
                continue;
            }
            r.fsm.stats().copyFrom(old.fsm.stats());
            instances.set(instances.indexOf(old), r);
            byName.put(name, r);
            feedTracker(r);
            r.tracker.applyTo(r.fsm, nowNs);
            if (plan.changed().contains(name)) {
                r.resume(previous, addressesAdded, nowNs);
            } else {
                previousStates.put(name, previous);
                addressesAddedByName.put(name, addressesAdded);
            }
        }
        // 4. Added instances are built; they start as at start-up (BACKUP, the owner MASTER), in their group if any.
        List<InstanceRuntime> starting = new ArrayList<>();
        for (VrrpConfig.Instance i : vrrp.instances()) {
            if (!plan.added().contains(i.name())) {
                continue;
            }
            vips.addInstance(i);
            try {
                InstanceRuntime r = buildInstance(next.global(), vrrp, i, fsmLog);
                instances.add(r);
                byName.put(i.name(), r);
                starting.add(r);
                feedTracker(r);
                r.tracker.applyTo(r.fsm, nowNs);
            } catch (NativeException | IllegalArgumentException e) {
                log.error("(" + i.name() + ") cannot start: " + e.getMessage());
                vips.removeInstance(i.name());
            }
        }
        // 5. Groups not kept are rebuilt from the new file and carry on from their members' states.
        Set<String> grouped = new HashSet<>();
        for (VrrpConfig.SyncGroup g : vrrp.syncGroups()) {
            if (groups.stream().anyMatch(existing -> existing.name().equals(g.name()))) {
                continue; // unchanged group of kept members
            }
            List<VrrpInstanceFsm> members = new ArrayList<>();
            for (String name : g.instances()) {
                InstanceRuntime r = byName.get(name);
                if (r != null && (starting.contains(r) || previousStates.containsKey(name))) {
                    members.add(r.fsm);
                    grouped.add(name);
                }
            }
            SyncGroup group = SyncGroup.of(g.name(), members, fsmLog,
                    (sg, state) -> notifier.groupStateChanged(groupConfigs.get(sg), state));
            groups.add(group);
            groupConfigs.put(group, g);
            group.resume(previousGroupStates.get(g.name()), fsm -> resumeOrStart(fsm.name(), previousStates,
                    addressesAddedByName, nowNs), nowNs);
        }
        // 6. Regrouped instances left without a group, and added lone instances.
        for (String name : plan.regrouped()) {
            if (!grouped.contains(name) && previousStates.containsKey(name)) {
                resumeOrStart(name, previousStates, addressesAddedByName, nowNs);
            }
        }
        for (InstanceRuntime r : starting) {
            if (!grouped.contains(r.name())) {
                r.fsm.start(nowNs);
            }
        }
        // 7. Scripts: unchanged ones keep their state; new ones run now.
        trackScripts.reconcile(trackedScripts(vrrp), users, nowNs);
    }

    /** A rebuilt instance resumes the state of the one it replaces; a new one starts. */
    private void resumeOrStart(String name, Map<String, VrrpState> previousStates,
                               Map<String, Boolean> addressesAdded, long nowNs) {
        InstanceRuntime r = byName.get(name);
        VrrpState previous = previousStates.get(name);
        if (previous == null) {
            r.fsm.start(nowNs);
        } else {
            r.resume(previous, addressesAdded.getOrDefault(name, false), nowNs);
        }
    }

    /** A new runtime's tracker learns what is known now: interface states, script results, file values. */
    private void feedTracker(InstanceRuntime r) {
        for (String name : r.tracker.names(TrackedKind.INTERFACE)) {
            r.tracker.setInterfaceUp(name, vips.isUp(name));
        }
        for (String name : r.tracker.names(TrackedKind.SCRIPT)) {
            Boolean up = trackScripts.state(name);
            if (up != null) {
                r.tracker.setScriptUp(name, up);
            }
        }
        for (String name : r.tracker.names(TrackedKind.PROCESS)) {
            Boolean up = trackProcesses.state(name);
            if (up != null) {
                r.tracker.setProcessUp(name, up);
            }
        }
        for (String name : r.tracker.names(TrackedKind.FILE)) {
            Long value = trackFiles.value(name);
            if (value != null) {
                r.tracker.setFileValue(name, value);
            }
        }
    }

    private InstanceRuntime buildInstance(GlobalDefs global, VrrpConfig vrrp, VrrpConfig.Instance i,
                                          FsmLog fsmLog) {
        VrrpInstanceSettings s = VrrpInstanceSettings.of(i);
        int family = s.ipv6() ? Consts.AF_INET6 : Consts.AF_INET;
        IpAddress group = s.isUnicast() ? null : s.multicastGroup();
        int protocol = s.authType() == org.keepalivedjava.vrrp.packet.VrrpPacketCodec.AUTH_AH
                ? InetConsts.IPPROTO_AH : InetConsts.IPPROTO_VRRP;
        // vmac_xmit_base: adverts sent and received on the base interface, the VIPs stay on the VMAC
        String advertInterface = i.vmacXmitBase() ? vmacs.addressInterface(i.interfaceName()) : i.interfaceName();
        VrrpSocketConfig socketConfig = new VrrpSocketConfig(family, advertInterface, group, protocol, true);
        String key = socketConfig.toString();
        VrrpTransport transport = transports.get(key);
        if (transport == null) {
            transport = VrrpTransport.open(socketConfig);
            transports.put(key, transport);
            transport.register(loop);
        }
        IpAddress source = s.sourceAddress() != null ? s.sourceAddress()
                : interfaceAddress(vmacs.addressInterface(i.interfaceName()), s.ipv6());
        if (source == null) {
            log.warning("(" + i.name() + ") no " + (s.ipv6() ? "link-local IPv6" : "IPv4") + " address on "
                    + i.interfaceName() + "; adverts leave without a source address");
        }
        List<GarpScheduler.Target> targets = new ArrayList<>();
        for (VrrpConfig.IpAddress a : i.virtualAddresses()) {
            targets.add(new GarpScheduler.Target(IpAddress.of(a.prefix().address()),
                    pacer(global, vrrp, a.dev() != null ? a.dev() : i.interfaceName())));
        }
        for (VrrpConfig.IpAddress a : i.excludedAddresses()) {
            targets.add(new GarpScheduler.Target(IpAddress.of(a.prefix().address()),
                    pacer(global, vrrp, a.dev() != null ? a.dev() : i.interfaceName())));
        }
        GarpScheduler garps = new GarpScheduler(loop, i.name(), targets, GarpScheduler.Settings.of(i), log);
        InstanceTracker tracker = InstanceTracker.forInstance(vrrp, i);
        InstanceRuntime runtime = new InstanceRuntime(i, s, tracker, transport, source, vips, garps, notifier, log,
                loop::nowNs);
        LoopInstanceTimer timer = new LoopInstanceTimer(loop);
        VrrpInstanceFsm fsm = new VrrpInstanceFsm(s, runtime, timer, fsmLog);
        fsm.authHmac(VrrpInstanceSettings.authHmacOf(i, () -> System.currentTimeMillis() * 1_000_000L));
        timer.attach(fsm);
        runtime.fsm = fsm;
        if (source != null) {
            fsm.setInterfaceAddress(source);
        }
        if (!transport.attach(runtime, s.vrid())) {
            throw new IllegalArgumentException("(" + i.name() + ") VRID " + s.vrid() + " is used twice on "
                    + i.interfaceName());
        }
        return runtime;
    }

    /** The interface's own address: the first IPv4 address, or the IPv6 link-local one (RFC 5798 §5.1.2.1). */
    private IpAddress interfaceAddress(String interfaceName, boolean ipv6) {
        int index = 0;
        for (Link lk : rtnl.links()) {
            if (lk.name().equals(interfaceName)) {
                index = lk.index();
            }
        }
        for (IfAddress a : rtnl.addresses(ipv6 ? Consts.AF_INET6 : Consts.AF_INET)) {
            if (a.ifIndex() != index) {
                continue;
            }
            InetAddress address = a.address();
            if (!ipv6 || (address instanceof Inet6Address v6 && v6.isLinkLocalAddress())) {
                return IpAddress.of(address);
            }
        }
        return null;
    }

    private GarpPacer pacer(GlobalDefs global, VrrpConfig vrrp, String interfaceName) {
        GarpPacer pacer = pacers.get(interfaceName);
        if (pacer != null) {
            return pacer;
        }
        long garpUs = global.vrrp().garpIntervalUs();
        long gnaUs = global.vrrp().gnaIntervalUs();
        for (VrrpConfig.GarpGroup g : vrrp.garpGroups()) {
            if (g.interfaces().contains(interfaceName)) {
                garpUs = g.garpIntervalUs();
                gnaUs = g.gnaIntervalUs();
            }
        }
        PacketSocket socket = PacketSocket.openSender(interfaceName);
        packetSockets.put(interfaceName, socket);
        pacer = new GarpPacer(loop, new AddressAnnouncer(socket), interfaceName, ipv6Forwarding(interfaceName),
                garpUs * 1_000L, gnaUs * 1_000L, log, garpLimiter);
        pacers.put(interfaceName, pacer);
        return pacer;
    }

    private static boolean ipv6Forwarding(String interfaceName) {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv6/conf", interfaceName, "forwarding")).trim()
                    .equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void openFifos(GlobalDefs global, ScriptUsers users) {
        GlobalDefs.Fifos f = global.fifos();
        if (f == null) {
            return;
        }
        for (GlobalDefs.Fifo fifo : new GlobalDefs.Fifo[] {f.vrrp(), f.general()}) {
            if (fifo == null || fifo.path() == null) {
                continue;
            }
            try {
                var runAs = fifo.script() == null ? null : users.resolve(fifo.script()).orElse(null);
                fifos.add(NotifyFifo.open(Path.of(fifo.path()), fifo.script() == null ? null : fifo.script().argv(),
                        runAs, runner, ScriptRunner.Listener.IGNORE));
            } catch (IOException e) {
                log.error("Unable to open notify FIFO " + fifo.path() + ": " + e.getMessage());
            }
        }
    }

    private AlertSink openAlerts(GlobalDefs global) {
        try {
            String host = java.net.InetAddress.getLocalHost().getHostName();
            SmtpSettings smtp = SmtpSettingsMapper.from(global, host, System.getProperty("user.name"));
            stopMailDrainMs = stopMailDrainMs(smtp.connectTimeoutMs(), global.processes().childWaitTimeSec());
            return AlertSinks.create(smtp, log);
        } catch (SmtpSetupException | IOException | RuntimeException e) {
            log.error("SMTP alerts disabled: " + e.getMessage());
            return AlertSink.NONE;
        }
    }

    /**
     * How long an orderly stop waits for queued alerts (the STOP mails among them): at most smtp_connect_timeout,
     * and short enough that the parent's child_wait_time (SIGTERM, then SIGKILL) does not run out first, after the
     * notify STOP scripts may have had {@link #STOP_SCRIPT_WAIT_NS} and with {@link #STOP_EXIT_MARGIN_MS} left for
     * the exit. A tarpitting SMTP server then costs the alerts still queued (logged), not a SIGKILLed child.
     */
    static long stopMailDrainMs(long smtpConnectTimeoutMs, int childWaitTimeSec) {
        long budgetMs = TimeUnit.SECONDS.toMillis(childWaitTimeSec) - TimeUnit.NANOSECONDS.toMillis(STOP_SCRIPT_WAIT_NS)
                - STOP_EXIT_MARGIN_MS;
        return Math.max(0, Math.min(smtpConnectTimeoutMs, budgetMs));
    }

    private WatchdogServer openWatchdog(ChildLink childLink) {
        try {
            return WatchdogServer.open(loop, childLink.socketPath(), childLink.parentPid(), Native.getuid(),
                    new WatchdogServer.Listener() {
                        @Override
                        public void onParentGone(String reason, long nowNs) {
                            log.info("Parent process gone (" + reason + "); stopping");
                            shutdown(nowNs);
                        }

                        @Override
                        public void onNotice(String message) {
                            log.info("watchdog: " + message);
                        }
                    }, nowNs -> StatusCodec.encode(VrrpStatusSnapshot.of(dumps(), System.currentTimeMillis(),
                            VrrpStatusSnapshot.alertCounters(alerts))));
        } catch (IOException e) {
            throw new IllegalArgumentException("watchdog socket " + childLink.socketPath() + ": " + e.getMessage());
        }
    }

    private void claimSignals() {
        loop.onSignal(Consts.SIGTERM, (signo, nowNs) -> {
            log.info("Received SIGTERM: stopping");
            shutdown(nowNs);
        });
        loop.onSignal(Consts.SIGINT, (signo, nowNs) -> {
            log.info("Received SIGINT: stopping");
            shutdown(nowNs);
        });
        loop.onSignal(Consts.SIGUSR1, (signo, nowNs) -> writeDump(Dumps.DATA_FILE,
                Dumps.data(dumps(), ZoneId.systemDefault())));
        loop.onSignal(Consts.SIGUSR2, (signo, nowNs) -> writeDump(Dumps.STATS_FILE, Dumps.stats(dumps())));
        // The JSON signal is real-time: readable only when the JVM was started with it blocked (SignalFd).
        if (SignalFd.isBlocked(ChildSpec.JSON_SIGNAL)) {
            jsonSignal = SignalFd.open(loop, ChildSpec.JSON_SIGNAL, (signo, nowNs) -> {
                log.info("Printing VRRP as json for process(" + Native.getpid() + ") on signal");
                writeDump(Dumps.JSON_FILE, Dumps.json(dumps(), running.vrrp()));
            });
        }
        loop.onSignal(Consts.SIGHUP, (signo, nowNs) -> reload(nowNs));
    }

    // ------------------------------------------------------------------ events

    private void linkChanged(String interfaceName, boolean up) {
        long nowNs = loop.nowNs();
        for (InstanceRuntime r : instances) {
            if (r.tracker.setInterfaceUp(interfaceName, up)) {
                r.tracker.applyTo(r.fsm, nowNs);
            }
        }
    }

    private void scriptChanged(String name, boolean up, long nowNs) {
        for (InstanceRuntime r : instances) {
            if (r.tracker.setScriptUp(name, up)) {
                r.tracker.applyTo(r.fsm, nowNs);
            }
        }
    }

    private void processChanged(String name, boolean up, long nowNs) {
        for (InstanceRuntime r : instances) {
            if (r.tracker.setProcessUp(name, up)) {
                r.tracker.applyTo(r.fsm, nowNs);
            }
        }
    }

    private void fileChanged(String name, long value, long nowNs) {
        for (InstanceRuntime r : instances) {
            if (r.tracker.setFileValue(name, value)) {
                r.tracker.applyTo(r.fsm, nowNs);
            }
        }
    }

    private List<InstanceDump> dumps() {
        List<InstanceDump> list = new ArrayList<>();
        for (InstanceRuntime r : instances) {
            list.add(r.dump());
        }
        return list;
    }

    private void writeDump(String fileName, String text) {
        Path file = Dumps.tmpFile(fileName, System.getenv("TMPDIR"));
        try {
            Dumps.writeAtomically(file, text);
        } catch (IOException e) {
            log.error("Unable to write " + file + ": " + e.getMessage());
        }
    }

    /**
     * Orderly stop, once: every instance to STOP (a MASTER sends priority 0 and, unless -V, removes its addresses),
     * the groups' STOP notification, then the loop runs on until the notify scripts have finished or
     * {@link #STOP_SCRIPT_WAIT_NS} has passed.
     */
    void shutdown(long nowNs) {
        if (stopping) {
            return;
        }
        stopping = true;
        if (trackScripts != null) {
            trackScripts.stop();
        }
        if (trackFiles != null) {
            trackFiles.stop();
        }
        if (trackProcesses != null) {
            trackProcesses.stop();
        }
        for (InstanceRuntime r : instances) {
            if (settings.dontReleaseVrrp()) {
                r.keepAddressesOnLeave();
            }
            r.fsm.stop(nowNs);
        }
        for (SyncGroup g : groups) {
            notifier.groupStateChanged(groupConfigs.get(g), VrrpState.STOP);
        }
        long deadlineNs = nowNs + STOP_SCRIPT_WAIT_NS;
        Timer wait = loop.newTimer((t, now) -> {
            if ((runner.runningCount() == 0 && runner.queuedCount() == 0) || deadlineNs - now <= 0) {
                loop.stop();
            } else {
                t.scheduleAt(now + STOP_POLL_NS);
            }
        });
        wait.scheduleAt(nowNs + STOP_POLL_NS);
    }

    private void tearDown() {
        if (jsonSignal != null) {
            jsonSignal.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        for (VrrpTransport t : transports.values()) {
            t.unregister(loop);
            t.close();
        }
        for (PacketSocket p : packetSockets.values()) {
            p.close();
        }
        for (NotifyFifo f : fifos) {
            f.close();
        }
        if (alerts instanceof AlertSender sender) {
            sender.close(stopMailDrainMs);
        } else {
            alerts.close();
        }
        if (runner != null) {
            runner.close();
        }
        if (watchdog != null) {
            watchdog.close();
        }
        if (vmacs != null && !settings.dontReleaseVrrp()) { // -V keeps the VIPs, so their VMAC interfaces too
            vmacs.removeAll();
        }
        if (rtnl != null) {
            rtnl.close();
        }
    }

    private void logDiagnostic(Diagnostic d) {
        // The parent already logged the configuration's diagnostics; a standalone child is its own parent.
        if (settings.standalone()) {
            log.log(d.isWarning() ? Severity.WARNING : Severity.ERR, d.format());
        } else {
            log.detail(d.format());
        }
    }

    private static boolean isPermission(NativeException e) {
        return e.errno() == org.keepalivedjava.os.libc.Errno.EPERM
                || e.errno() == org.keepalivedjava.os.libc.Errno.EACCES;
    }

    // ------------------------------------------------------------------ for tests

    List<InstanceRuntime> instances() {
        return instances;
    }
}
