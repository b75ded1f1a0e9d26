package org.keepalivedjava.checkers.lvs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.keepalivedjava.config.model.SameConfig;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.config.model.lvs.LvsConfig;
import org.keepalivedjava.config.model.lvs.RealServer;
import org.keepalivedjava.config.model.lvs.VirtualServer;

/**
 * What a reload (SIGHUP) does to the virtual servers, real servers and checkers, decided from the old and new
 * configuration alone. Pure.
 *
 * <p>Virtual servers are matched by their service, as keepalived's vs_exist does: address/port, fwmark or
 * virtual_server_group name, together with the protocol and the address family. Real servers of a matched virtual
 * server are matched by address:port (keepalived's rs_exist). "Same" is {@link SameConfig} (locations ignored).
 * <ul>
 *   <li>a virtual server only in the old file is <b>removed</b>, one only in the new file is <b>added</b>;</li>
 *   <li>a matched virtual server whose own settings differ only in what the kernel's service holds (lvs_sched,
 *       scheduler flags, persistence_timeout, persistence_granularity, persistence_engine) is <b>kept</b> with
 *       {@link KeptVs#serviceEdited}: its IPVS services are edited in place (IPVS_CMD_SET_SERVICE), as keepalived
 *       does, so destinations and connections survive;</li>
 *   <li>a matched virtual server whose other own settings differ (anything but its real server list, its
 *       virtual_server_group's definition included) is removed and added again. A simplification of keepalived,
 *       which edits those in place too; it costs that service's connections, never a wrong table;</li>
 *   <li>otherwise it is <b>kept</b> with a per-real-server plan: real servers only in the old list are removed,
 *       only in the new list added; a matched real server whose settings other than its checkers differ is removed
 *       and added again; one whose checkers differ keeps its IPVS entry and only the checkers that left are stopped
 *       and those that came are started (checkers are matched as a multiset of {@link SameConfig same} values,
 *       so a reordered list changes nothing); an identical one is not touched at all.</li>
 * </ul>
 * Lists keep the new file's order (old file's order for removals).
 */
public record LvsReloadPlan(List<VirtualServer> removed, List<VirtualServer> added, List<KeptVs> kept) {

    public LvsReloadPlan {
        removed = List.copyOf(removed);
        added = List.copyOf(added);
        kept = List.copyOf(kept);
    }

    /**
     * A virtual server in both files with the same own settings, or differing only in its IPVS service attributes.
     *
     * @param serviceEdited its IPVS services must be edited in place (scheduler, flags, persistence changed)
     */
    public record KeptVs(VirtualServer old, VirtualServer next, List<RealServer> removed, List<RealServer> added,
                         List<KeptRs> kept, boolean serviceEdited) {
        public KeptVs {
            removed = List.copyOf(removed);
            added = List.copyOf(added);
            kept = List.copyOf(kept);
        }

        /** True when neither the service nor any of its real servers changes. */
        public boolean untouched() {
            return !serviceEdited && removed.isEmpty() && added.isEmpty() && kept.stream().allMatch(KeptRs::untouched);
        }

        /** True when none of its real servers changes. */
        public boolean realServersUntouched() {
            return removed.isEmpty() && added.isEmpty() && kept.stream().allMatch(KeptRs::untouched);
        }
    }

    /**
     * A real server in both files with the same settings but maybe different checkers.
     *
     * @param stopped the old checkers without a same one in the new list
     * @param started the new checkers without a same one in the old list
     */
    public record KeptRs(RealServer old, RealServer next, List<CheckerConfig> stopped, List<CheckerConfig> started) {
        public KeptRs {
            stopped = List.copyOf(stopped);
            started = List.copyOf(started);
        }

        public boolean untouched() {
            return stopped.isEmpty() && started.isEmpty();
        }
    }

    /** The identity keepalived matches virtual servers by. */
    record VsKey(VirtualServer.Service service, VirtualServer.Protocol protocol, String family) {
        static VsKey of(VirtualServer vs) {
            return new VsKey(vs.service(), vs.protocol(), vs.family());
        }
    }

    public static LvsReloadPlan of(LvsConfig old, LvsConfig next) {
        List<VirtualServer> removed = new ArrayList<>();
        List<VirtualServer> added = new ArrayList<>();
        List<KeptVs> kept = new ArrayList<>();
        List<VirtualServer> unmatchedOld = new ArrayList<>(old.virtualServers());
        List<VirtualServer> replacedOld = new ArrayList<>();
        for (VirtualServer n : next.virtualServers()) {
            VirtualServer o = takeVs(unmatchedOld, n);
            if (o == null) {
                added.add(n);
            } else if (sameOwnSettings(old, next, o, n, false)) {
                kept.add(realServers(o, n, false));
            } else if (sameOwnSettings(old, next, o, n, true)) {
                kept.add(realServers(o, n, true));
            } else {
                replacedOld.add(o);
                added.add(n);
            }
        }
        for (VirtualServer o : old.virtualServers()) {
            if (containsSame(unmatchedOld, o) || containsSame(replacedOld, o)) {
                removed.add(o);
            }
        }
        return new LvsReloadPlan(removed, added, kept);
    }

    /** True when the reload changes nothing (IPVS, checks). */
    public boolean untouched() {
        return removed.isEmpty() && added.isEmpty() && kept.stream().allMatch(KeptVs::untouched);
    }

    /** Membership by identity: the plan hands back the very records of the old file. */
    private static boolean containsSame(List<?> list, Object o) {
        for (Object x : list) {
            if (x == o) {
                return true;
            }
        }
        return false;
    }

    private static VirtualServer takeVs(List<VirtualServer> candidates, VirtualServer n) {
        VsKey key = VsKey.of(n);
        for (int i = 0; i < candidates.size(); i++) {
            if (VsKey.of(candidates.get(i)).equals(key)) {
                return candidates.remove(i);
            }
        }
        return null;
    }

    /** @param ignoringService true: the IPVS service attributes may differ (they can be edited in place) */
    private static boolean sameOwnSettings(LvsConfig oldLvs, LvsConfig nextLvs, VirtualServer o, VirtualServer n,
                                           boolean ignoringService) {
        VirtualServer a = withoutRealServers(o);
        VirtualServer b = withoutRealServers(n);
        if (ignoringService) {
            a = withServiceOf(a, b);
        }
        if (!SameConfig.same(a, b)) {
            return false;
        }
        if (o.service() instanceof VirtualServer.Group g) {
            return SameConfig.same(oldLvs.group(g.name()), nextLvs.group(g.name()));
        }
        return true;
    }

    private static VirtualServer withoutRealServers(VirtualServer v) {
        return new VirtualServer(v.service(), v.protocol(), v.scheduler(), v.schedulerFlags(), v.forwarding(),
                v.persistenceTimeoutS(), v.persistenceGranularity(), v.persistenceEngine(), v.family(), v.quorum(),
                v.hysteresis(), v.quorumUp(), v.quorumDown(), v.sorryServer(), v.inhibitOnFailure(), v.alpha(),
                v.omega(), v.haSuspend(), v.virtualhost(), v.smtpAlert(), v.weight(), v.snmpName(), List.of(),
                v.location());
    }

    /** {@code v} with the IPVS service attributes of {@code from}: what IPVS_CMD_SET_SERVICE can change. */
    private static VirtualServer withServiceOf(VirtualServer v, VirtualServer from) {
        return new VirtualServer(v.service(), v.protocol(), from.scheduler(), from.schedulerFlags(), v.forwarding(),
                from.persistenceTimeoutS(), from.persistenceGranularity(), from.persistenceEngine(), v.family(),
                v.quorum(), v.hysteresis(), v.quorumUp(), v.quorumDown(), v.sorryServer(), v.inhibitOnFailure(),
                v.alpha(), v.omega(), v.haSuspend(), v.virtualhost(), v.smtpAlert(), v.weight(), v.snmpName(),
                v.realServers(), v.location());
    }

    private static RealServer withoutCheckers(RealServer r) {
        return new RealServer(r.address(), r.port(), r.weight(), r.forwarding(), r.inhibitOnFailure(), r.notifyUp(),
                r.notifyDown(), r.uthreshold(), r.lthreshold(), r.smtpAlert(), r.alpha(), r.virtualhost(),
                r.snmpName(), List.of(), r.location());
    }

    private static KeptVs realServers(VirtualServer o, VirtualServer n, boolean serviceEdited) {
        List<RealServer> removed = new ArrayList<>();
        List<RealServer> added = new ArrayList<>();
        List<KeptRs> kept = new ArrayList<>();
        List<RealServer> unmatchedOld = new ArrayList<>(o.realServers());
        List<RealServer> replacedOld = new ArrayList<>();
        for (RealServer rn : n.realServers()) {
            RealServer ro = takeRs(unmatchedOld, rn);
            if (ro == null) {
                added.add(rn);
            } else if (!SameConfig.same(withoutCheckers(ro), withoutCheckers(rn))) {
                replacedOld.add(ro);
                added.add(rn);
            } else {
                kept.add(checkers(ro, rn));
            }
        }
        for (RealServer ro : o.realServers()) {
            if (containsSame(unmatchedOld, ro) || containsSame(replacedOld, ro)) {
                removed.add(ro);
            }
        }
        return new KeptVs(o, n, removed, added, kept, serviceEdited);
    }

    private static RealServer takeRs(List<RealServer> candidates, RealServer n) {
        for (int i = 0; i < candidates.size(); i++) {
            RealServer c = candidates.get(i);
            if (Objects.equals(c.address(), n.address()) && c.port() == n.port()) {
                return candidates.remove(i);
            }
        }
        return null;
    }

    private static KeptRs checkers(RealServer o, RealServer n) {
        List<CheckerConfig> stopped = new ArrayList<>(o.checkers());
        List<CheckerConfig> started = new ArrayList<>();
        for (CheckerConfig c : n.checkers()) {
            int i = indexOfSame(stopped, c);
            if (i >= 0) {
                stopped.remove(i);
            } else {
                started.add(c);
            }
        }
        return new KeptRs(o, n, stopped, started);
    }

    private static int indexOfSame(List<CheckerConfig> list, CheckerConfig c) {
        for (int i = 0; i < list.size(); i++) {
            if (SameConfig.same(list.get(i), c)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "virtual servers: removed " + removed.size() + ", added " + added.size() + ", kept " + kept.size()
                + " (" + kept.stream().filter(KeptVs::serviceEdited).count() + " edited)";
    }
}
