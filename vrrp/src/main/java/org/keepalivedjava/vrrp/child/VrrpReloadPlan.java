package org.keepalivedjava.vrrp.child;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keepalivedjava.config.model.KeepalivedConfig;
import org.keepalivedjava.config.model.SameConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;

/**
 * What a reload (SIGHUP) does to each vrrp_instance, decided from the old and new configuration alone. Pure.
 *
 * <p>Instances are matched by name, as keepalived does. For an instance in both:
 * <ul>
 *   <li><b>kept</b> when nothing that shapes it changed: its own record (every keyword of the block) is
 *       {@link SameConfig the same} (locations ignored), every vrrp_script / vrrp_track_process / vrrp_track_file it
 *       or its sync group tracks is the same, and its sync group is the same. A kept instance is not touched at all:
 *       state, VIPs, timers, counters stay; no advert, no GARP, no notify;</li>
 *   <li><b>changed</b> otherwise: rebuilt from the new block but keeping its state (keepalived's reload does the
 *       same): a MASTER stays MASTER, only the VIPs/routes/rules that left the list are removed and only the new
 *       ones added (GARPs when some were added); a BACKUP stays BACKUP with a fresh Master_Down_Timer;</li>
 *   <li><b>regrouped</b> when it is in a sync group (old or new) and anything of that group changed (group block,
 *       membership, or any member): rebuilt like a changed instance, keeping its state and its counters, and put in
 *       the rebuilt group, which carries on from its members' states (keepalived 2.2.7's reload restores every
 *       instance found by name, sync group or not: vrrp.c restore_vrrp_state). Members new to the group start in
 *       BACKUP, which takes a MASTER group to BACKUP until all members become MASTER together, as keepalived
 *       does ({@link org.keepalivedjava.vrrp.fsm.SyncGroup#resume}).</li>
 * </ul>
 * Changed and regrouped instances keep their counters (the SIGUSR2 stats): the instance's identity is its name.
 * Instances only in the old file are <b>removed</b> (released as on stop: priority 0 if MASTER, VIPs removed);
 * instances only in the new file are <b>added</b> and start as at start-up (BACKUP; the owner MASTER).
 * Lists keep the new file's order (old file's order for removals).
 *
 * <p>Settings outside the instances that the child reads only at start-up (global_defs, static_ipaddress/routes/
 * rules, garp_group) are not applied by a reload: {@link #notApplied} names those that differ, for the log.
 */
record VrrpReloadPlan(List<String> kept, List<String> changed, List<String> regrouped, List<String> removed,
                      List<String> added) {

    static VrrpReloadPlan of(VrrpConfig old, VrrpConfig next) {
        Map<String, VrrpConfig.Instance> oldByName = byName(old);
        Map<String, VrrpConfig.Instance> newByName = byName(next);

        Set<String> inChangedGroups = new LinkedHashSet<>();
        for (String name : union(groupNames(old), groupNames(next))) {
            VrrpConfig.SyncGroup a = group(old, name);
            VrrpConfig.SyncGroup b = group(next, name);
            boolean same = SameConfig.same(a, b);
            if (same && a != null) {
                for (String member : a.instances()) {
                    if (!unchanged(old, next, oldByName.get(member), newByName.get(member))) {
                        same = false;
                    }
                }
            }
            if (!same) {
                if (a != null) {
                    inChangedGroups.addAll(a.instances());
                }
                if (b != null) {
                    inChangedGroups.addAll(b.instances());
                }
            }
        }

        List<String> kept = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> regrouped = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (VrrpConfig.Instance i : old.instances()) {
            if (!newByName.containsKey(i.name())) {
                removed.add(i.name());
            }
        }
        for (VrrpConfig.Instance i : next.instances()) {
            VrrpConfig.Instance before = oldByName.get(i.name());
            if (before == null) {
                added.add(i.name());
            } else if (inChangedGroups.contains(i.name())) {
                regrouped.add(i.name());
            } else if (unchanged(old, next, before, i)) {
                kept.add(i.name());
            } else {
                changed.add(i.name());
            }
        }

        return new VrrpReloadPlan(List.copyOf(kept), List.copyOf(changed), List.copyOf(regrouped),
                List.copyOf(removed), List.copyOf(added));
    }

    /**
     * The start-up-only settings that differ between the configuration the child started with and the new one: a
     * reload does not apply them (they need a restart).
     */
    static List<String> notApplied(KeepalivedConfig running, KeepalivedConfig next) {
        List<String> notApplied = new ArrayList<>();
        if (!SameConfig.same(running.global(), next.global())) {
            notApplied.add("global_defs");
        }
        VrrpConfig old = running.vrrp();
        VrrpConfig nv = next.vrrp();
        if (!SameConfig.same(old.staticAddresses(), nv.staticAddresses())) {
            notApplied.add("static_ipaddress");
        }
        if (!SameConfig.same(old.staticRoutes(), nv.staticRoutes())) {
            notApplied.add("static_routes");
        }
        if (!SameConfig.same(old.staticRules(), nv.staticRules())) {
            notApplied.add("static_rules");
        }
        if (!SameConfig.same(old.garpGroups(), nv.garpGroups())) {
            notApplied.add("garp_group");
        }
        return notApplied;
    }

    /** True when the reload leaves every instance as it is. */
    boolean touchesNoInstance() {
        return changed.isEmpty() && regrouped.isEmpty() && removed.isEmpty() && added.isEmpty();
    }

    /** The instance and everything it tracks are the same in both files (group membership aside). */
    private static boolean unchanged(VrrpConfig old, VrrpConfig next, VrrpConfig.Instance a, VrrpConfig.Instance b) {
        if (a == null || b == null || !SameConfig.same(a, b)) {
            return false;
        }
        VrrpConfig.SyncGroup ga = groupOf(old, a.name());
        VrrpConfig.SyncGroup gb = groupOf(next, b.name());
        if (!SameConfig.same(ga, gb)) {
            return false;
        }
        return sameTracked(old, next, a.tracking()) && (ga == null || sameTracked(old, next, ga.tracking()));
    }

    private static boolean sameTracked(VrrpConfig old, VrrpConfig next, VrrpConfig.Tracking t) {
        if (t == null) {
            return true;
        }
        for (VrrpConfig.TrackRef r : t.scripts()) {
            if (!SameConfig.same(old.scripts().get(r.name()), next.scripts().get(r.name()))) {
                return false;
            }
        }
        for (VrrpConfig.TrackRef r : t.processes()) {
            if (!SameConfig.same(old.trackProcesses().get(r.name()), next.trackProcesses().get(r.name()))) {
                return false;
            }
        }
        for (VrrpConfig.TrackRef r : t.files()) {
            if (!SameConfig.same(old.trackFiles().get(r.name()), next.trackFiles().get(r.name()))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, VrrpConfig.Instance> byName(VrrpConfig c) {
        Map<String, VrrpConfig.Instance> m = new java.util.LinkedHashMap<>();
        for (VrrpConfig.Instance i : c.instances()) {
            m.put(i.name(), i);
        }
        return m;
    }

    private static List<String> groupNames(VrrpConfig c) {
        return c.syncGroups().stream().map(VrrpConfig.SyncGroup::name).toList();
    }

    private static Set<String> union(List<String> a, List<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static VrrpConfig.SyncGroup group(VrrpConfig c, String name) {
        for (VrrpConfig.SyncGroup g : c.syncGroups()) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        return null;
    }

    private static VrrpConfig.SyncGroup groupOf(VrrpConfig c, String instance) {
        for (VrrpConfig.SyncGroup g : c.syncGroups()) {
            if (g.instances().contains(instance)) {
                return g;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "kept " + kept + ", changed " + changed + ", regrouped " + regrouped + ", removed " + removed
                + ", added " + added;
    }
}
