package org.keepalivedjava.vrrp.child;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.config.model.vrrp.VrrpConfig;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.libc.NativeException;
import org.keepalivedjava.os.raw.ReceivedPacket;
import org.keepalivedjava.vrrp.dump.InstanceDump;
import org.keepalivedjava.vrrp.fsm.InstanceActions;
import org.keepalivedjava.vrrp.fsm.VrrpInstanceFsm;
import org.keepalivedjava.vrrp.fsm.VrrpInstanceSettings;
import org.keepalivedjava.vrrp.fsm.VrrpState;
import org.keepalivedjava.vrrp.fsm.VrrpStats.Counter;
import org.keepalivedjava.vrrp.net.AddressText;
import org.keepalivedjava.vrrp.net.GarpScheduler;
import org.keepalivedjava.vrrp.net.VipManager;
import org.keepalivedjava.vrrp.track.InstanceTracker;

/**
 * One running vrrp_instance: its state machine plus what the machine's actions do in the world. Adverts go out on
 * the instance's {@link VrrpTransport} (multicast group, or every unicast peer); becoming MASTER installs the
 * addresses through the {@link VipManager} and starts the GARP/NA bursts; leaving MASTER stops them and removes the
 * addresses (not on shutdown with -V, keepalived's --dont-release-vrrp); state changes go to the {@link Notifier}.
 * Loop thread only; sending an advert allocates nothing.
 */
final class InstanceRuntime implements InstanceActions {
    /** RFC 5798 §5.1.1.3 / §5.1.2.3: adverts leave with TTL / hop limit 255. */
    private static final int VRRP_TTL = 255;

    final VrrpConfig.Instance config;
    final VrrpInstanceSettings settings;
    final InstanceTracker tracker;
    VrrpInstanceFsm fsm;

    private final VrrpTransport transport;
    private final VipManager vips;
    private final GarpScheduler garps;
    private final Notifier notifier;
    private final Logger log;
    private final IpAddress source;
    private final IpAddress[] destinations;
    private final int ttl;
    private final ByteBuffer tx = ByteBuffer.allocate(1500);
    private final ChildClock clock;
    private int ipv4Id;
    private long sendFailures;
    private boolean keepAddressesOnLeave;
    private long lastTransitionEpochUs;

    /** The loop's "now" for actions that the FSM calls without a time (becomeMaster): read once per cycle. */
    interface ChildClock {
        long nowNs();
    }

    InstanceRuntime(VrrpConfig.Instance config, VrrpInstanceSettings settings, InstanceTracker tracker,
                    VrrpTransport transport, IpAddress source, VipManager vips, GarpScheduler garps,
                    Notifier notifier, Logger log, ChildClock clock) {
        this.config = config;
        this.settings = settings;
        this.tracker = tracker;
        this.transport = transport;
        this.source = source;
        this.vips = vips;
        this.garps = garps;
        this.notifier = notifier;
        this.log = log;
        this.clock = clock;
        if (settings.isUnicast()) {
            destinations = settings.unicastPeers().stream().map(VrrpInstanceSettings.Peer::address)
                    .toArray(IpAddress[]::new);
        } else {
            destinations = new IpAddress[] {settings.multicastGroup()};
        }
        this.ttl = settings.isUnicast() && config.unicastTtl() != null ? config.unicastTtl() : VRRP_TTL;
        this.ipv4Id = (int) (System.nanoTime() & 0xffff);
    }

    void onPacket(ReceivedPacket packet, long nowNs) {
        fsm.onPacket(packet, nowNs);
    }

    /** Reload, instance removed: released as on stop (priority 0 if MASTER, addresses removed, notify STOP). */
    void release(long nowNs) {
        fsm.stop(nowNs);
        garps.onLeaveMaster();
        transport.detach(this);
    }

    /** Reload, instance changed: replaced by a runtime of the new block; goes quiet without any action. */
    void retire() {
        fsm.retire();
        garps.onLeaveMaster();
        transport.detach(this);
    }

    /**
     * Reload, instance changed: carry on in the state of the runtime this one replaces ({@link
     * VrrpInstanceFsm#resume}); a MASTER announces only when the reload added addresses.
     */
    void resume(VrrpState previous, boolean addressesAdded, long nowNs) {
        fsm.resume(previous, nowNs);
        if (fsm.state() == VrrpState.MASTER) {
            garps.resumeMaster(addressesAdded, nowNs);
        }
    }

    /** On shutdown with -V: the state machine still resigns (priority 0) but the addresses stay. */
    void keepAddressesOnLeave() {
        keepAddressesOnLeave = true;
    }

    @Override
    public void sendAdvert(int priority) {
        // IPv6: a null source leaves the checksum to the kernel (IPV6_CHECKSUM), as keepalived does.
        IpAddress checksumSource = settings.ipv6() ? null : source;
        for (IpAddress destination : destinations) {
            int length = fsm.encodeAdvert(tx, 0, priority, checksumSource, destination);
            ipv4Id = (ipv4Id + 1) & 0xffff;
            try {
                if (!transport.socket().send(tx, 0, length, source, destination, ttl, ipv4Id)) {
                    log.detail("(" + settings.name() + ") advert to " + destination + " dropped: socket buffer full");
                }
            } catch (NativeException e) {
                // e.g. ENETUNREACH while the link is down (the priority 0 advert on the way to FAULT): an advert
                // that cannot leave is lost, as on the wire; the instance carries on (keepalived logs and goes on).
                sendFailures++;
                log.detail("(" + settings.name() + ") advert to " + destination + " not sent: " + e.getMessage());
            }
        }
    }

    @Override
    public void becomeMaster() {
        vips.install(settings.name());
        garps.onBecomeMaster(clock.nowNs());
    }

    @Override
    public void leaveMaster() {
        garps.onLeaveMaster();
        if (!keepAddressesOnLeave) {
            vips.uninstall(settings.name());
        }
    }

    @Override
    public void lowerPriorityAdvertReceived() {
        garps.onLowerPriorityAdvert(clock.nowNs());
        notifier.masterReceivedLowerPriority(config, fsm.effectivePriority());
    }

    @Override
    public void stateChanged(VrrpState state, int effectivePriority) {
        lastTransitionEpochUs = System.currentTimeMillis() * 1000L;
        notifier.instanceStateChanged(config, state, effectivePriority);
    }

    /** A snapshot for the USR1/USR2 dumps. */
    InstanceDump dump() {
        boolean set = vips.isInstalled(settings.name());
        List<String> vipLines = new ArrayList<>();
        for (VrrpConfig.IpAddress a : config.virtualAddresses()) {
            vipLines.add(AddressText.of(a, a.dev() != null ? a.dev() : config.interfaceName(), set));
        }
        List<String> evipLines = new ArrayList<>();
        for (VrrpConfig.IpAddress a : config.excludedAddresses()) {
            evipLines.add(AddressText.of(a, a.dev() != null ? a.dev() : config.interfaceName(), set));
        }
        var s = fsm.stats();
        InstanceDump.Stats stats = new InstanceDump.Stats(s.get(Counter.ADVERT_RCVD), s.get(Counter.ADVERT_SENT),
                s.get(Counter.BECOME_MASTER), s.get(Counter.RELEASE_MASTER), s.get(Counter.PACKET_LEN_ERR),
                s.get(Counter.ADVERT_INTERVAL_ERR), s.get(Counter.IP_TTL_ERR), s.get(Counter.INVALID_TYPE_RCVD),
                s.get(Counter.ADDR_LIST_ERR), s.get(Counter.INVALID_AUTHTYPE), s.get(Counter.AUTHTYPE_MISMATCH),
                s.get(Counter.AUTH_FAILURE), s.get(Counter.PRI_ZERO_RCVD), s.get(Counter.PRI_ZERO_SENT));
        org.keepalivedjava.vrrp.dump.VrrpState state = dumpState(fsm.state());
        org.keepalivedjava.vrrp.dump.VrrpState want = fsm.wantsMaster()
                ? org.keepalivedjava.vrrp.dump.VrrpState.MASTER : state;
        return new InstanceDump(config, state, want, fsm.effectivePriority(), fsm.masterPriority(),
                fsm.masterAdverIntervalUs(), lastTransitionEpochUs, set, vipLines, evipLines, List.of(), List.of(),
                stats);
    }

    static org.keepalivedjava.vrrp.dump.VrrpState dumpState(VrrpState s) {
        return org.keepalivedjava.vrrp.dump.VrrpState.valueOf(s.name());
    }

    long sendFailures() {
        return sendFailures;
    }

    String name() {
        return settings.name();
    }
}
