package org.keepalivedjava.vrrp.fsm;

import java.util.List;

/**
 * A vrrp_sync_group: its member instances move together, as keepalived 2.2.7's vrrp_sync.c moves them.
 * <ul>
 *   <li>A member only becomes MASTER when every other member wants to as well (its own timer expired, or it is
 *       MASTER): "prefer backup state to avoid thrashing". A member held back keeps BACKUP and re-arms its
 *       Master_Down_Timer.</li>
 *   <li>One member becoming MASTER takes all the others to MASTER ("Syncing instances to MASTER state").</li>
 *   <li>One member leaving MASTER for BACKUP takes all the other masters to BACKUP.</li>
 *   <li>One member's tracking fault puts every member in FAULT; when no member is faulted any more, all leave FAULT
 *       together.</li>
 *   <li>The group's own state changes are announced once to the {@link GroupListener} (group notify scripts:
 *       {@code GROUP G1 MASTER 0}).</li>
 * </ul>
 * Loop thread only.
 */
public final class SyncGroup {

    /** Receives the group's state changes (notify scripts, FIFO, SMTP for the group). */
    public interface GroupListener {
        void groupStateChanged(SyncGroup group, VrrpState state);

        GroupListener NONE = (group, state) -> { };
    }

    private final String name;
    private final List<VrrpInstanceFsm> members;
    private final FsmLog log;
    private final GroupListener listener;
    private VrrpState state = VrrpState.INIT;
    /** Set while this group drives its members, so their transitions do not re-enter the group's rules. */
    private boolean syncing;

    private SyncGroup(String name, List<VrrpInstanceFsm> members, FsmLog log, GroupListener listener) {
        this.name = name;
        this.members = List.copyOf(members);
        this.log = log;
        this.listener = listener;
    }

    /** Groups {@code members} (not yet started); each may belong to one group only. */
    public static SyncGroup of(String name, List<VrrpInstanceFsm> members, FsmLog log, GroupListener listener) {
        SyncGroup group = new SyncGroup(name, members, log, listener);
        for (VrrpInstanceFsm m : members) {
            if (m.syncGroup != null) {
                throw new IllegalArgumentException(m.name() + " is already in sync group " + m.syncGroup.name);
            }
            m.syncGroup = group;
        }
        return group;
    }

    /**
     * Starts every member (faulted members make all start in FAULT). The group's state is announced BEFORE the
     * members' as keepalived 2.2.7 does (measured: {@code GROUP "G1" BACKUP 0} precedes the members' BACKUP lines on
     * the notify FIFO); a group with an address owner, whose state depends on the members' start, is announced
     * after them.
     */
    public void start(long nowNs) {
        boolean anyFault = anyTrackingFault();
        boolean anyOwner = members.stream().anyMatch(m -> m.basePriority() == VrrpInstanceSettings.PRIORITY_OWNER);
        if (!anyOwner) {
            setState(anyFault ? VrrpState.FAULT : VrrpState.BACKUP);
        }
        syncing = true;
        try {
            for (VrrpInstanceFsm m : members) {
                m.groupFault = anyFault;
                m.start(nowNs);
            }
        } finally {
            syncing = false;
        }
        boolean allMaster = members.stream().allMatch(m -> m.state() == VrrpState.MASTER);
        setState(anyFault ? VrrpState.FAULT : allMaster ? VrrpState.MASTER : VrrpState.BACKUP);
    }

    /**
     * Reload: this group, rebuilt from the new configuration, carries on instead of starting. {@code resumeMember}
     * resumes each member from the state of the instance it replaces, or starts it when it is new (the group's rules
     * are held meanwhile). The group then takes its members' state: FAULT if one is faulted; MASTER if all are
     * MASTER; otherwise BACKUP, and members still MASTER go to BACKUP with it. So two masters put in a new group
     * stay MASTER, while a member new to a MASTER group (it starts in BACKUP) takes the others to BACKUP until they
     * all become MASTER together: what keepalived 2.2.7 does (run in a namespace: reload adding SG_3 to a MASTER
     * group G1 logs "(SG_1) removing VIPs", "(SG_1) Entering BACKUP STATE (init)", then "VRRP_Group(G1) Syncing
     * instances to MASTER state" after the Master_Down_Interval). A state equal to {@code previousState} is not
     * announced again.
     *
     * @param previousState the state of the group of that name before the reload, null for a new group
     */
    public void resume(VrrpState previousState, java.util.function.Consumer<VrrpInstanceFsm> resumeMember,
                       long nowNs) {
        boolean anyFault = anyTrackingFault();
        syncing = true;
        try {
            for (VrrpInstanceFsm m : members) {
                m.groupFault = anyFault;
                resumeMember.accept(m);
            }
        } finally {
            syncing = false;
        }
        state = previousState == null ? VrrpState.INIT : previousState;
        boolean allMaster = members.stream().allMatch(m -> m.state() == VrrpState.MASTER);
        VrrpState next;
        if (anyFault || members.stream().anyMatch(m -> m.state() == VrrpState.FAULT)) {
            next = VrrpState.FAULT;
        } else if (allMaster) {
            next = VrrpState.MASTER;
        } else {
            next = VrrpState.BACKUP;
            drive(VrrpState.BACKUP, nowNs); // no log line: keepalived's reload re-initialises them silently
        }
        setState(next);
    }

    /** keepalived's vrrp_sync_can_goto_master. */
    boolean canGoMaster(VrrpInstanceFsm member) {
        if (state == VrrpState.MASTER) {
            return true;
        }
        for (VrrpInstanceFsm m : members) {
            if (m != member && !m.wantsMaster()) {
                return false;
            }
        }
        return true;
    }

    /** Called by a member's transitionTo (keepalived's TSM table: B→M, F→M sync to MASTER; M→B sync to BACKUP). */
    void memberTransitioned(VrrpInstanceFsm member, VrrpState from, VrrpState to, long nowNs) {
        if (syncing || state == VrrpState.INIT) {
            return;
        }
        if (to == VrrpState.MASTER && state != VrrpState.MASTER && canGoMaster(member)) {
            log.info("VRRP_Group(" + name + ") Syncing instances to MASTER state");
            drive(VrrpState.MASTER, nowNs);
            setState(VrrpState.MASTER);
        } else if (from == VrrpState.MASTER && to == VrrpState.BACKUP && state != VrrpState.BACKUP) {
            log.info("VRRP_Group(" + name + ") Syncing instances to BACKUP state");
            drive(VrrpState.BACKUP, nowNs);
            setState(VrrpState.BACKUP);
        }
    }

    /** A member's tracking fault changed: the whole group goes to FAULT, or leaves it when no member is faulted. */
    void memberTrackingChanged(long nowNs) {
        boolean anyFault = anyTrackingFault();
        if (state == VrrpState.INIT) {
            for (VrrpInstanceFsm m : members) {
                m.groupFault = anyFault;
            }
            return;
        }
        if (anyFault && state != VrrpState.FAULT) {
            log.info("VRRP_Group(" + name + ") Syncing instances to FAULT state");
        }
        syncing = true;
        try {
            for (VrrpInstanceFsm m : members) {
                m.groupFault = anyFault;
                m.reconcileFault(nowNs);
            }
        } finally {
            syncing = false;
        }
        if (anyFault) {
            setState(VrrpState.FAULT);
        } else if (state == VrrpState.FAULT) {
            setState(members.stream().allMatch(m -> m.state() == VrrpState.MASTER) ? VrrpState.MASTER
                    : VrrpState.BACKUP);
        }
    }

    private void drive(VrrpState target, long nowNs) {
        syncing = true;
        try {
            for (VrrpInstanceFsm m : members) {
                if (target == VrrpState.MASTER && m.state() != VrrpState.MASTER) {
                    m.transitionTo(VrrpState.MASTER, nowNs, VrrpInstanceFsm.Reason.SYNC_GROUP);
                } else if (target == VrrpState.BACKUP && m.state() == VrrpState.MASTER) {
                    m.transitionTo(VrrpState.BACKUP, nowNs, VrrpInstanceFsm.Reason.SYNC_GROUP);
                }
            }
        } finally {
            syncing = false;
        }
    }

    private boolean anyTrackingFault() {
        for (VrrpInstanceFsm m : members) {
            if (m.trackingFault()) {
                return true;
            }
        }
        return false;
    }

    private void setState(VrrpState next) {
        if (next != state) {
            state = next;
            listener.groupStateChanged(this, next);
        }
    }

    public String name() {
        return name;
    }

    public VrrpState state() {
        return state;
    }

    public List<VrrpInstanceFsm> members() {
        return members;
    }
}
