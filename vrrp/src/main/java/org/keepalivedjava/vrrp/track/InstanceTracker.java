package org.keepalivedjava.vrrp.track;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.vrrp.fsm.VrrpInstanceFsm;

/**
 * Effective priority and fault of one vrrp_instance from its tracked objects (track_interface, track_script,
 * track_process, track_file, track_bfd, those of its sync group, and its own interface unless
 * dont_track_primary), computed as keepalived 2.2.7 computes them. Pure: the runtime reports what it observed
 * ({@link #setInterfaceUp}, {@link #setScriptUp}...), then pushes the result into the FSM with {@link #applyTo}.
 *
 * <h2>Rules (keepalived.conf(5))</h2>
 * <ul>
 *   <li>Weight 0: the object being down puts the instance in FAULT; with {@code reverse}, being UP does.</li>
 *   <li>Weight &gt; 0 adds the weight while the object is up; weight &lt; 0 adds it (subtracts |weight|) while it
 *       is down; {@code reverse} negates the adjustment ("priority decreased when up and increased when
 *       down").</li>
 *   <li>track_file: weight 0 → a non-zero value is a fault (reverse: a zero value); otherwise value * weight
 *       (negated with reverse) is added, and a result below -253 is a fault.</li>
 *   <li>The effective priority is base + adjustments clamped to 1..254; the address owner (255) never changes and
 *       its weights are forced to 0, as are those of sync group members unless the group sets
 *       sync_group_tracking_weight.</li>
 *   <li>{@code unicast_fault_no_peer} without any {@code unicast_peer}: always FAULT.</li>
 *   <li>An object not yet reported (a script before its first result without init_fail) neither adjusts nor
 *       faults.</li>
 * </ul>
 * Loop thread only; updates look names up in a map with the caller's strings and allocate nothing.
 */
public final class InstanceTracker {
    /** keepalived: weights and file results beyond ±253 are faults. */
    public static final int MAX_ADJUSTMENT = 253;

    private enum Status { UNKNOWN, UP, DOWN }

    /** One tracked object as this instance sees it. */
    private static final class Item {
        final TrackedKind kind;
        final String name;
        final int weight;
        final boolean reverse;
        Status status = Status.UNKNOWN;
        long fileValue;

        Item(TrackedKind kind, String name, int weight, boolean reverse) {
            this.kind = kind;
            this.name = name;
            this.weight = weight;
            this.reverse = reverse;
        }
    }

    private final String instanceName;
    private final int basePriority;
    private final List<Item> items = new ArrayList<>();
    private final Map<TrackedKind, Map<String, List<Item>>> byName = new HashMap<>();
    private int effectivePriority;
    private boolean faulted;
    /** unicast_fault_no_peer without a unicast_peer: FAULT for as long as the configuration stays. */
    private boolean noPeerFault;

    /**
     * @param basePriority the configured priority
     */
    public InstanceTracker(String instanceName, int basePriority) {
        this.instanceName = instanceName;
        this.basePriority = basePriority;
        for (TrackedKind k : TrackedKind.values()) {
            byName.put(k, new HashMap<>());
        }
        recompute();
    }

    /**
     * The tracker of a configured instance: its own track_* lists, its sync group's, and its interface (weight 0)
     * unless dont_track_primary. Weights left out take the tracked object's default (vrrp_script/vrrp_track_process/
     * vrrp_track_file weight and reverse; interfaces 0).
     */
    public static InstanceTracker forInstance(VrrpConfig config, VrrpConfig.Instance instance) {
        VrrpConfig.SyncGroup group = null;
        for (VrrpConfig.SyncGroup g : config.syncGroups()) {
            if (g.instances().contains(instance.name())) {
                group = g;
            }
        }
        boolean owner = instance.priority() == 255;
        boolean zeroWeights = owner || (group != null && !group.trackingWeight());
        InstanceTracker t = new InstanceTracker(instance.name(), instance.priority());
        if (!instance.dontTrackPrimary() && instance.interfaceName() != null) {
            t.add(TrackedKind.INTERFACE, instance.interfaceName(), 0, false);
        }
        // keepalived 2.2.7 (measured): unicast_fault_no_peer alone suffices, no other unicast keyword is needed.
        t.noPeerFault = instance.unicastFaultNoPeer() && instance.unicastPeers().isEmpty();
        t.addAll(config, instance.tracking(), zeroWeights);
        if (group != null && group.tracking() != null) {
            t.addAll(config, group.tracking(), zeroWeights);
        }
        for (Item item : t.items) {
            if (item.kind == TrackedKind.SCRIPT) {
                VrrpConfig.Script s = config.scripts().get(item.name);
                if (s != null && s.initFail()) {
                    item.status = Status.DOWN;
                }
            } else if (item.kind == TrackedKind.FILE) {
                VrrpConfig.TrackFile f = config.trackFiles().get(item.name);
                if (f != null && f.initValue() != null) {
                    item.status = Status.UP;
                    item.fileValue = f.initValue();
                }
            }
        }
        t.recompute();
        return t;
    }

    private void addAll(VrrpConfig config, VrrpConfig.Tracking tracking, boolean zeroWeights) {
        for (VrrpConfig.TrackRef r : tracking.interfaces()) {
            addRef(TrackedKind.INTERFACE, r, 0, false, zeroWeights);
        }
        for (VrrpConfig.TrackRef r : tracking.scripts()) {
            VrrpConfig.Script s = config.scripts().get(r.name());
            addRef(TrackedKind.SCRIPT, r, s == null ? 0 : s.weight(), s != null && s.reverse(), zeroWeights);
        }
        for (VrrpConfig.TrackRef r : tracking.processes()) {
            VrrpConfig.TrackProcess p = config.trackProcesses().get(r.name());
            addRef(TrackedKind.PROCESS, r, p == null ? 0 : p.weight(), p != null && p.reverse(), zeroWeights);
        }
        for (VrrpConfig.TrackRef r : tracking.files()) {
            VrrpConfig.TrackFile f = config.trackFiles().get(r.name());
            addRef(TrackedKind.FILE, r, f == null ? 0 : f.weight(), f != null && f.reverse(), zeroWeights);
        }
        for (VrrpConfig.TrackRef r : tracking.bfds()) {
            addRef(TrackedKind.BFD, r, 0, false, zeroWeights);
        }
    }

    private void addRef(TrackedKind kind, VrrpConfig.TrackRef ref, int defaultWeight, boolean defaultReverse,
            boolean zeroWeights) {
        int weight = ref.weight() != null ? ref.weight() : defaultWeight;
        boolean reverse = ref.weight() != null ? ref.reverse() : defaultReverse || ref.reverse();
        add(kind, ref.name(), zeroWeights ? 0 : weight, reverse);
    }

    /** Adds a tracked object (configuration time). */
    public InstanceTracker add(TrackedKind kind, String name, int weight, boolean reverse) {
        Item item = new Item(kind, name, weight, reverse);
        items.add(item);
        byName.get(kind).computeIfAbsent(name, n -> new ArrayList<>()).add(item);
        recompute();
        return this;
    }

    // ------------------------------------------------------------------ observations in

    public boolean setInterfaceUp(String name, boolean up) {
        return setStatus(TrackedKind.INTERFACE, name, up);
    }

    /** A vrrp_script's state after rise/fall (the runtime counts them): up = succeeded. */
    public boolean setScriptUp(String name, boolean up) {
        return setStatus(TrackedKind.SCRIPT, name, up);
    }

    /** A vrrp_track_process's state after quorum and delays: up = enough processes. */
    public boolean setProcessUp(String name, boolean up) {
        return setStatus(TrackedKind.PROCESS, name, up);
    }

    public boolean setBfdUp(String name, boolean up) {
        return setStatus(TrackedKind.BFD, name, up);
    }

    /** The number read from a track_file. */
    public boolean setFileValue(String name, long value) {
        List<Item> list = byName.get(TrackedKind.FILE).get(name);
        if (list == null) {
            return false;
        }
        for (int i = 0; i < list.size(); i++) {
            list.get(i).status = Status.UP;
            list.get(i).fileValue = value;
        }
        return recompute();
    }

    private boolean setStatus(TrackedKind kind, String name, boolean up) {
        List<Item> list = byName.get(kind).get(name);
        if (list == null) {
            return false;
        }
        for (int i = 0; i < list.size(); i++) {
            list.get(i).status = up ? Status.UP : Status.DOWN;
        }
        return recompute();
    }

    // ------------------------------------------------------------------ result out

    /** Pushes the result into the FSM: priority first (its log line precedes a FAULT), then fault. */
    public void applyTo(VrrpInstanceFsm fsm, long nowNs) {
        fsm.setEffectivePriority(effectivePriority, nowNs);
        fsm.setFaulted(faulted, nowNs);
    }

    public int effectivePriority() {
        return effectivePriority;
    }

    public boolean faulted() {
        return faulted;
    }

    /** True when the instance is in FAULT because unicast_fault_no_peer is set and it has no unicast_peer. */
    public boolean noPeerFault() {
        return noPeerFault;
    }

    /** True when an object of this kind and name is tracked. */
    public boolean tracks(TrackedKind kind, String name) {
        return byName.get(kind).containsKey(name);
    }

    /** Names tracked of a kind (for the runtime's subscriptions). */
    public List<String> names(TrackedKind kind) {
        return Collections.unmodifiableList(new ArrayList<>(byName.get(kind).keySet()));
    }

    /** @return true when the effective priority or the fault changed */
    private boolean recompute() {
        long total = basePriority;
        boolean fault = noPeerFault;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.status == Status.UNKNOWN) {
                continue;
            }
            int sign = item.reverse ? -1 : 1;
            if (item.kind == TrackedKind.FILE) {
                if (item.weight == 0) {
                    fault |= item.reverse ? item.fileValue == 0 : item.fileValue != 0;
                } else {
                    long adjustment = item.fileValue * item.weight * sign;
                    if (adjustment < -MAX_ADJUSTMENT) {
                        fault = true;
                    } else {
                        total += adjustment;
                    }
                }
                continue;
            }
            boolean up = item.status == Status.UP;
            if (item.weight == 0) {
                fault |= up == item.reverse;
            } else if (up && item.weight > 0) {
                total += (long) item.weight * sign;
            } else if (!up && item.weight < 0) {
                total += (long) item.weight * sign;
            }
        }
        int priority = basePriority == 255 ? 255 : (int) Math.max(1, Math.min(254, total));
        boolean changed = priority != effectivePriority || fault != faulted;
        effectivePriority = priority;
        faulted = fault;
        return changed;
    }

    @Override
    public String toString() {
        return "(" + instanceName + ") tracking " + items.size() + " objects: priority " + effectivePriority
                + (faulted ? " FAULT" : "");
    }
}
