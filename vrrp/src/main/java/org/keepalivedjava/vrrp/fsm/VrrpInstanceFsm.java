package org.keepalivedjava.vrrp.fsm;

import java.nio.ByteBuffer;

import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.raw.ReceivedPacket;
import org.keepalivedjava.vrrp.fsm.VrrpStats.Counter;
import org.keepalivedjava.vrrp.packet.AuthHmac;
import org.keepalivedjava.vrrp.packet.AuthHmacCodec;
import org.keepalivedjava.vrrp.packet.ParseError;
import org.keepalivedjava.vrrp.packet.VrrpAdvert;
import org.keepalivedjava.vrrp.packet.VrrpPacketCodec;

/**
 * The state machine of one vrrp_instance: RFC 5798 §6 (and RFC 3768 §6 for v2) as keepalived 2.2.7 runs it.
 *
 * <h2>Events in</h2>
 * {@link #start}, {@link #onTimer} (the instance's one timer expired), {@link #onPacket}/{@link #onAdvert} (a
 * received VRRP message for this VRID), {@link #setFaulted} and {@link #setEffectivePriority} (tracking),
 * {@link #stop} (daemon shutdown).
 *
 * <h2>Actions out</h2>
 * {@link InstanceActions} (send an advert, add/remove VIPs, notify), the {@link InstanceTimer} (Master_Down_Timer
 * in BACKUP, Adver_Timer in MASTER), {@link FsmLog} lines in keepalived's words, {@link VrrpStats} counters. Every
 * state change goes through {@link #transitionTo}, which runs the entry/exit actions, logs, counts, notifies and
 * tells the sync group.
 *
 * <h2>keepalived behaviour kept</h2>
 * <ul>
 *   <li>Every instance starts BACKUP and waits Master_Down_Interval, even with {@code state MASTER}; only the address
 *       owner (priority 255) goes MASTER at once.</li>
 *   <li>Skew_Time (µs, integer arithmetic as keepalived): v2 {@code (256-prio)*10^6/256}; v3
 *       {@code (256-prio)*Master_Adver_Interval/256} with the interval in whole centiseconds; prio is the effective
 *       priority. Master_Down_Interval = down_timer_adverts (default 3) * Master_Adver_Interval + Skew_Time.</li>
 *   <li>BACKUP accepts an advert of higher or EQUAL priority as the master's (RFC 5798 §6.4.2); a lower one is
 *       "discarded" (the timer keeps running, so we take over when it expires) unless nopreempt or a running
 *       preempt_delay makes us accept it. Priority 0: take over after Skew_Time. v3: adopt the master's interval.</li>
 *   <li>MASTER steps down on higher priority, or equal priority from a higher primary address; answers a lower
 *       priority advert with an advert of its own unless lower_prio_no_advert; answers priority 0 with an advert;
 *       with higher_prio_send_advert sends one before stepping down.</li>
 *   <li>Leaving MASTER for FAULT or STOP sends a priority 0 advert.</li>
 * </ul>
 *
 * <p>Allocation: accepted adverts and timer ticks allocate nothing (reused {@link VrrpAdvert}s, no lambdas, no
 * logging on that path). Loop thread only.
 */
public final class VrrpInstanceFsm {

    /** Why a transition happened: the "(init)" suffix of keepalived's log line and the tests' view. */
    public enum Reason {
        INIT, MASTER_DOWN, OWNER, HIGHER_PRIORITY, SYNC_GROUP, FAULT, RECOVERED, SHUTDOWN
    }

    private static final long NS_PER_US = 1_000L;
    private static final int TTL_UNKNOWN = -1;

    private final VrrpInstanceSettings settings;
    private final InstanceActions actions;
    private final InstanceTimer timer;
    private final FsmLog log;
    private final VrrpStats stats = new VrrpStats();
    private final String prefix;
    private final VrrpAdvert rx = new VrrpAdvert();
    private final VrrpAdvert tx = new VrrpAdvert();
    private final byte[] sourceScratch = new byte[16];
    private final byte[] destinationScratch = new byte[16];

    SyncGroup syncGroup;

    private VrrpState state = VrrpState.INIT;
    private int basePriority;
    private int effectivePriority;
    /** Master_Adver_Interval (RFC 5798 §6.1): ours, or the master's in v3 BACKUP. */
    private long masterAdverIntervalUs;
    /** keepalived's ms_down_timer: what the BACKUP timer is (re)armed with. */
    private long masterDownIntervalUs;
    private long deadlineNs;
    private boolean timerArmed;
    /** keepalived's wantstate MASTER while in BACKUP: our timer expired but the sync group holds us back. */
    private boolean wantMaster;
    private boolean preemptDelayRunning;
    private long preemptDelayEndNs;
    private final byte[] masterSource = new byte[16];
    private boolean masterKnown;
    private int masterPriority;
    private IpAddress interfaceAddress;
    private boolean trackingFault;
    boolean groupFault;
    /** old_unicast_checksum in effect (forced, or detected from a peer). */
    private boolean oldUnicastChecksum;
    /** auth_hmac: sign and require the HMAC trailer; null when off. */
    private AuthHmac authHmac;

    public VrrpInstanceFsm(VrrpInstanceSettings settings, InstanceActions actions, InstanceTimer timer, FsmLog log) {
        this.settings = settings;
        this.actions = actions;
        this.timer = timer;
        this.log = log;
        this.prefix = "(" + settings.name() + ") ";
        this.basePriority = settings.basePriority();
        this.effectivePriority = settings.basePriority();
        this.masterAdverIntervalUs = settings.advertIntervalUs();
        this.masterDownIntervalUs = downIntervalUs();
        this.oldUnicastChecksum = settings.checksumCompat() == VrrpInstanceSettings.ChecksumCompat.FORCED;
        tx.version(settings.version()).type(VrrpPacketCodec.TYPE_ADVERTISEMENT).vrid(settings.vrid())
                .priority(effectivePriority).addresses(settings.ipv6(), settings.virtualAddresses())
                .auth(settings.authType(), settings.authData())
                .advertIntervalRaw(settings.version() == VrrpPacketCodec.VERSION_2
                        ? (int) (settings.advertIntervalUs() / 1_000_000L)
                        : (int) (settings.advertIntervalUs() / 10_000L));
    }

    // ------------------------------------------------------------------ events

    /**
     * Leaves INIT (keepalived's vrrp_init_state): FAULT if tracking says so, MASTER at once for the address owner,
     * otherwise BACKUP with the Master_Down_Timer running.
     */
    public void start(long nowNs) {
        if (state != VrrpState.INIT) {
            throw new IllegalStateException(prefix + "already started");
        }
        masterAdverIntervalUs = settings.advertIntervalUs();
        if (trackingFault || groupFault) {
            transitionTo(VrrpState.FAULT, nowNs, Reason.INIT);
        } else if (basePriority == VrrpInstanceSettings.PRIORITY_OWNER) {
            gotoMaster(nowNs, Reason.OWNER);
        } else {
            transitionTo(VrrpState.BACKUP, nowNs, Reason.INIT);
        }
    }

    /**
     * Reload: this machine replaces one built from the previous configuration of the same instance, which was in
     * {@code previous}; carry on from there WITHOUT the entry actions (no advert burst, no notify, no VIP change:
     * the wiring has already adjusted the addresses), as keepalived's reload keeps the state. A MASTER keeps sending
     * adverts at the (new) advert_int, the first one interval from now; a BACKUP waits a fresh Master_Down_Interval.
     * Tracking has been applied already ({@link #setFaulted}, {@link #setEffectivePriority} while in INIT): a MASTER
     * now faulted goes to FAULT properly (priority 0, addresses released); otherwise, and for FAULT or any other
     * previous state, or an address owner that was not MASTER, this is {@link #start}.
     */
    public void resume(VrrpState previous, long nowNs) {
        if (state != VrrpState.INIT) {
            throw new IllegalStateException(prefix + "already started");
        }
        boolean faulted = trackingFault || groupFault;
        if (previous == VrrpState.MASTER) {
            state = VrrpState.MASTER;
            masterAdverIntervalUs = settings.advertIntervalUs();
            scheduleAt(nowNs + settings.advertIntervalUs() * NS_PER_US);
            if (faulted) {
                transitionTo(VrrpState.FAULT, nowNs, Reason.FAULT);
            }
        } else if (previous == VrrpState.BACKUP && !faulted
                && basePriority != VrrpInstanceSettings.PRIORITY_OWNER) {
            state = VrrpState.BACKUP;
            masterAdverIntervalUs = settings.advertIntervalUs();
            masterDownIntervalUs = downIntervalUs();
            scheduleAt(nowNs + masterDownIntervalUs * NS_PER_US);
        } else {
            start(nowNs);
        }
    }

    /**
     * Reload: this machine is replaced by one built from the new configuration ({@link #resume}); it goes quiet
     * without any action (its timer cancelled, no advert, no notify). Its addresses are the new machine's now.
     */
    public void retire() {
        cancelTimer();
        state = VrrpState.STOP;
        wantMaster = false;
    }

    /** The instance timer expired: BACKUP → Master_Down_Timer (RFC 5798 §6.4.2), MASTER → Adver_Timer (§6.4.3). */
    public void onTimer(long nowNs) {
        if (!timerArmed || deadlineNs - nowNs > 0) {
            return; // stale or early wake-up
        }
        timerArmed = false;
        if (state == VrrpState.BACKUP) {
            log.detail(prefix + "Receive advertisement timeout");
            gotoMaster(nowNs, Reason.MASTER_DOWN);
        } else if (state == VrrpState.MASTER) {
            sendAdvert(effectivePriority);
            long next = deadlineNs + settings.advertIntervalUs() * NS_PER_US; // drift-free
            scheduleAt(next - nowNs > 0 ? next : nowNs + settings.advertIntervalUs() * NS_PER_US);
        }
    }

    /** A packet received on the instance's socket whose VRID is this instance's (see {@link VrrpPacketCodec#vrid}). */
    public RxVerdict onPacket(ReceivedPacket packet, long nowNs) {
        if (packet.truncated()) {
            if (state == VrrpState.BACKUP || state == VrrpState.MASTER) {
                log.info(prefix + "vrrp packet too long, truncated at " + packet.receivedLength());
                stats.increment(Counter.PACKET_LEN_ERR);
                return RxVerdict.BAD_LENGTH;
            }
            return RxVerdict.NOT_LISTENING;
        }
        return onAdvert(packet.buffer(), packet.payloadOffset(), packet.payloadLength(), packet.sourceBytes(),
                packet.destinationBytes(), packet.ttl(), nowNs);
    }

    /**
     * A received VRRP message: {@code length} bytes at {@code offset} of {@code b}, from {@code source} to
     * {@code destination} (4 or 16 network-order bytes, by the instance's family), received with TTL/hop limit
     * {@code ttl} (-1 unknown). Runs the receive checks, then the BACKUP or MASTER rules.
     */
    public RxVerdict onAdvert(ByteBuffer b, int offset, int length, byte[] source, byte[] destination, int ttl,
            long nowNs) {
        if (state != VrrpState.BACKUP && state != VrrpState.MASTER) {
            return RxVerdict.NOT_LISTENING; // keepalived ignores adverts in FAULT and INIT
        }
        if (authHmac != null) {
            RxVerdict refused = checkHmac(b, offset, length, source);
            if (refused != null) {
                return refused;
            }
            length -= AuthHmacCodec.TRAILER_BYTES; // from here on, the VRRP message alone
        }
        long pseudo = rxPseudoHeader(b, offset, length, source, destination, oldUnicastChecksum);
        ParseError parse = VrrpPacketCodec.decode(b, offset, length, settings.ipv6(), pseudo, rx);
        boolean checkAddresses = state == VrrpState.MASTER || !settings.skipCheckAdvAddr() || !masterKnown
                || !sameAddress(source, masterSource);
        RxVerdict verdict = check(parse, b, offset, length, source, destination, ttl, checkAddresses);
        if (verdict != RxVerdict.ACCEPTED) {
            return verdict;
        }
        if (state == VrrpState.BACKUP) {
            backupReceived(source, nowNs);
        } else {
            masterReceived(source, nowNs);
        }
        return RxVerdict.ACCEPTED;
    }

    /**
     * The HMAC trailer's receive check (keepalived's auth_hmac extension): any failure is counted as an
     * authentication failure (the stats file's "Authentication Errors: Failure") and logged with its reason; null
     * when the advert is authentic and new.
     */
    private RxVerdict checkHmac(ByteBuffer b, int offset, int length, byte[] source) {
        int messageLength = length - AuthHmacCodec.TRAILER_BYTES;
        AuthHmac.Result result = messageLength < VrrpPacketCodec.HEADER_BYTES ? AuthHmac.Result.MALFORMED
                : authHmac.verify(b, offset, messageLength, settings.version(), settings.vrid(), source,
                        addressLength());
        if (result == AuthHmac.Result.OK) {
            return null;
        }
        log.info(prefix + "HMAC authentication failed (" + result.name().toLowerCase(java.util.Locale.ROOT)
                + ") for an advert from " + IpAddress.format(source, addressLength()));
        stats.increment(Counter.AUTH_FAILURE);
        return RxVerdict.AUTH_FAILURE;
    }

    /**
     * Wiring: sign every advert with, and require from every received one, the HMAC trailer ({@code null}: off).
     * Set before {@link #start}.
     */
    public void authHmac(AuthHmac auth) {
        this.authHmac = auth;
    }

    /** Tracking changed: a weight-0 tracked object (or the interface) went down (true) or all are back (false). */
    public void setFaulted(boolean faulted, long nowNs) {
        if (trackingFault == faulted) {
            return;
        }
        trackingFault = faulted;
        if (syncGroup != null) {
            syncGroup.memberTrackingChanged(nowNs);
        } else {
            reconcileFault(nowNs);
        }
    }

    /**
     * Tracking weights changed the effective priority (already clamped to 1..254). The address owner's priority
     * never changes. In BACKUP the running Master_Down_Timer moves by the change of Skew_Time, as keepalived's does.
     */
    public void setEffectivePriority(int priority, long nowNs) {
        if (basePriority == VrrpInstanceSettings.PRIORITY_OWNER || priority == effectivePriority) {
            return;
        }
        log.info(prefix + "Changing effective priority from " + effectivePriority + " to " + priority);
        long oldDownUs = masterDownIntervalUs;
        effectivePriority = priority;
        masterDownIntervalUs = downIntervalUs();
        if (state == VrrpState.BACKUP && timerArmed) {
            scheduleAt(deadlineNs + (masterDownIntervalUs - oldDownUs) * NS_PER_US);
        }
    }

    /** Daemon shutdown: a MASTER sends priority 0 (RFC 5798 §6.4.3) and releases its addresses; all go STOP. */
    public void stop(long nowNs) {
        if (state != VrrpState.STOP) {
            transitionTo(VrrpState.STOP, nowNs, Reason.SHUTDOWN);
        }
    }

    /** The interface's primary address, used when no mcast_src_ip/unicast_src_ip is configured. */
    public void setInterfaceAddress(IpAddress address) {
        this.interfaceAddress = address;
    }

    // ------------------------------------------------------------------ the one transition method

    /**
     * Moves to {@code next}: exit actions of the old state, entry actions of the new one, keepalived's log line,
     * counters, the state notification and the sync group. The only place {@link #state} changes.
     */
    void transitionTo(VrrpState next, long nowNs, Reason reason) {
        VrrpState from = state;
        if (from == next || next == VrrpState.INIT) {
            return;
        }
        switch (next) {
            case MASTER -> {
                // keepalived sends the first advert before adding the VIPs, so the old master drops them first
                sendAdvert(effectivePriority);
                state = VrrpState.MASTER;
                log.info(prefix + "Entering MASTER STATE");
                stats.increment(Counter.BECOME_MASTER);
                wantMaster = false;
                preemptDelayRunning = false;
                masterAdverIntervalUs = settings.advertIntervalUs();
                actions.becomeMaster();
                scheduleAt(nowNs + settings.advertIntervalUs() * NS_PER_US);
            }
            case BACKUP -> {
                log.info(prefix + "Entering BACKUP STATE" + (reason == Reason.INIT ? " (init)" : ""));
                if (from == VrrpState.MASTER) {
                    actions.leaveMaster();
                    stats.increment(Counter.RELEASE_MASTER);
                } else {
                    masterAdverIntervalUs = settings.advertIntervalUs();
                }
                state = VrrpState.BACKUP;
                wantMaster = false;
                preemptDelayRunning = false;
                masterDownIntervalUs = downIntervalUs();
                scheduleAt(nowNs + masterDownIntervalUs * NS_PER_US);
            }
            case FAULT -> {
                log.info(prefix + "Entering FAULT STATE" + (reason == Reason.INIT ? " (init)" : ""));
                if (from == VrrpState.MASTER) {
                    sendAdvert(0);
                    actions.leaveMaster();
                    stats.increment(Counter.RELEASE_MASTER);
                }
                state = VrrpState.FAULT;
                wantMaster = false;
                cancelTimer();
            }
            case STOP -> {
                if (from == VrrpState.MASTER) {
                    sendAdvert(0);
                    log.detail(prefix + "sent 0 priority");
                    actions.leaveMaster();
                }
                state = VrrpState.STOP;
                wantMaster = false;
                cancelTimer();
            }
            default -> throw new IllegalStateException();
        }
        actions.stateChanged(next, effectivePriority);
        if (syncGroup != null) {
            syncGroup.memberTransitioned(this, from, next, nowNs);
        }
    }

    // ------------------------------------------------------------------ state rules

    /** keepalived's vrrp_state_goto_master: a sync group may hold us in BACKUP until every member wants MASTER. */
    private void gotoMaster(long nowNs, Reason reason) {
        if (syncGroup != null && !syncGroup.canGoMaster(this)) {
            wantMaster = true;
            masterDownIntervalUs = downIntervalUs();
            scheduleAt(nowNs + masterDownIntervalUs * NS_PER_US);
            return;
        }
        transitionTo(VrrpState.MASTER, nowNs, reason);
    }

    /** RFC 5798 §6.4.2 "If an ADVERTISEMENT is received", as keepalived's vrrp_state_backup. */
    private void backupReceived(byte[] source, long nowNs) {
        int priority = rx.priority();
        if (priority == 0) {
            log.detail(prefix + "Backup received priority 0 advertisement");
            masterDownIntervalUs = skewTimeUs();
            scheduleAt(nowNs + masterDownIntervalUs * NS_PER_US);
            return;
        }
        boolean preemptDelayHolds = settings.preemptDelayUs() > 0
                && (!preemptDelayRunning || preemptDelayEndNs - nowNs > 0);
        if (!settings.preempt() || priority >= effectivePriority || preemptDelayHolds) {
            adoptMasterInterval("master");
            masterDownIntervalUs = downIntervalUs();
            rememberMaster(source, priority);
            if (settings.preemptDelayUs() > 0) {
                if (priority >= effectivePriority) {
                    if (preemptDelayRunning) {
                        log.detail(prefix + "stop preempt delay");
                        preemptDelayRunning = false;
                    }
                } else if (!preemptDelayRunning) {
                    long delayUs = settings.preemptDelayUs();
                    log.detail(prefix + "start preempt delay (" + delayUs / 1_000_000 + "."
                            + String.format("%06d", delayUs % 1_000_000) + ")");
                    preemptDelayRunning = true;
                    preemptDelayEndNs = nowNs + delayUs * NS_PER_US;
                }
            }
            wantMaster = false;
            scheduleAt(nowNs + masterDownIntervalUs * NS_PER_US);
        } else {
            log.info(prefix + "received lower priority (" + priority + ") advert from "
                    + IpAddress.format(source, addressLength()) + " - discarding");
            rememberMaster(source, priority);
            // the timer keeps running: when it expires we take over (RFC 5798 §6.4.2 preemption)
        }
    }

    /** RFC 5798 §6.4.3 "If an ADVERTISEMENT is received", as keepalived's vrrp_state_master_rx. */
    private void masterReceived(byte[] source, long nowNs) {
        int priority = rx.priority();
        int addressOrder = compareToPrimary(source);
        if (priority == 0 || (settings.higherPrioSendAdvert() && (priority > effectivePriority
                || (priority == effectivePriority && addressOrder > 0)))) {
            sendAdvert(effectivePriority);
            restartAdverTimer(nowNs);
            if (priority == 0) {
                log.detail(prefix + "Master received priority 0 message");
                return;
            }
        }
        if (priority == effectivePriority) {
            if (addressOrder == 0) {
                log.info(prefix + "WARNING - equal priority advert received from remote host with our IP address.");
            } else if (effectivePriority == VrrpInstanceSettings.PRIORITY_OWNER) {
                log.info(prefix + "CONFIGURATION ERROR: local instance and a remote instance are both configured"
                        + " as address owner, please fix - reducing local priority");
                effectivePriority = VrrpInstanceSettings.PRIORITY_OWNER - 1;
                basePriority = VrrpInstanceSettings.PRIORITY_OWNER - 1;
            }
        }
        if (priority < effectivePriority || (priority == effectivePriority && addressOrder < 0)) {
            log.info(prefix + "Received advert from " + IpAddress.format(source, addressLength())
                    + " with lower priority " + priority + ", ours " + effectivePriority
                    + (settings.lowerPrioNoAdvert() ? "" : ", forcing new election"));
            if (!settings.lowerPrioNoAdvert()) {
                sendAdvert(effectivePriority);
                restartAdverTimer(nowNs);
            }
            actions.lowerPriorityAdvertReceived();
            return;
        }
        if (priority > effectivePriority || (priority == effectivePriority && addressOrder > 0)) {
            if (priority > effectivePriority) {
                log.info(prefix + "Master received advert from " + IpAddress.format(source, addressLength())
                        + " with higher priority " + priority + ", ours " + effectivePriority);
            } else {
                log.info(prefix + "Master received advert from " + IpAddress.format(source, addressLength())
                        + " with same priority " + priority + " but higher IP address than ours");
            }
            adoptMasterInterval("new master");
            rememberMaster(source, priority);
            transitionTo(VrrpState.BACKUP, nowNs, Reason.HIGHER_PRIORITY);
        }
    }

    /** Applies tracking/group fault to the state: enter FAULT, or leave it for BACKUP (owner: MASTER). */
    void reconcileFault(long nowNs) {
        if (state == VrrpState.INIT || state == VrrpState.STOP) {
            return;
        }
        boolean faulted = trackingFault || groupFault;
        if (faulted && state != VrrpState.FAULT) {
            transitionTo(VrrpState.FAULT, nowNs, Reason.FAULT);
        } else if (!faulted && state == VrrpState.FAULT) {
            masterAdverIntervalUs = settings.advertIntervalUs();
            if (basePriority == VrrpInstanceSettings.PRIORITY_OWNER) {
                gotoMaster(nowNs, Reason.OWNER);
            } else {
                transitionTo(VrrpState.BACKUP, nowNs, Reason.RECOVERED);
            }
        }
    }

    // ------------------------------------------------------------------ receive checks

    /** keepalived's vrrp_check_packet, in its order; counts and logs every rejection. */
    private RxVerdict check(ParseError parse, ByteBuffer b, int offset, int length, byte[] source,
            byte[] destination, int ttl, boolean checkAddresses) {
        if (parse == ParseError.TOO_SHORT) {
            log.info(prefix + "vrrp packet too short, length " + length + " and expect "
                    + VrrpPacketCodec.HEADER_BYTES);
            stats.increment(Counter.PACKET_LEN_ERR);
            return RxVerdict.BAD_LENGTH;
        }
        if (rx.vrid() != settings.vrid()) {
            stats.increment(Counter.VRID_ERR);
            return RxVerdict.OTHER_VRID;
        }
        if (parse == ParseError.BAD_LENGTH) {
            int expected = VrrpPacketCodec.length(rx.version(), settings.ipv6(), rx.addressCount());
            log.info(prefix + "vrrp packet too " + (length > expected ? "long" : "short") + ", length " + length
                    + " and expect " + expected);
            stats.increment(Counter.PACKET_LEN_ERR);
            return RxVerdict.BAD_LENGTH;
        }
        if (!settings.isUnicast() && ttl != TTL_UNKNOWN && ttl != 255) {
            log.info(prefix + "invalid TTL/HL. Received " + ttl + " and expect 255");
            stats.increment(Counter.IP_TTL_ERR);
            return RxVerdict.BAD_TTL;
        }
        if (parse == ParseError.BAD_VERSION || rx.version() != settings.version()) {
            log.info(prefix + "wrong version. Received " + rx.version() + " and expect " + settings.version());
            stats.increment(Counter.VERS_ERR);
            return RxVerdict.BAD_VERSION;
        }
        if (settings.version() == VrrpPacketCodec.VERSION_2) {
            int authType = rx.authType();
            if (authType > VrrpPacketCodec.AUTH_AH) {
                log.info(prefix + "Invalid auth type: " + authType);
                stats.increment(Counter.INVALID_AUTHTYPE);
                return RxVerdict.INVALID_AUTH_TYPE;
            }
            if (authType != settings.authType()) {
                log.info(prefix + "received a " + authType + " auth, expecting " + settings.authType() + "!");
                stats.increment(Counter.AUTHTYPE_MISMATCH);
                return RxVerdict.AUTH_TYPE_MISMATCH;
            }
            if (authType == VrrpPacketCodec.AUTH_PASS && !rx.authDataEquals(settings.authData())) {
                log.info(prefix + "received an invalid passwd!");
                stats.increment(Counter.AUTH_FAILURE);
                return RxVerdict.AUTH_FAILURE;
            }
            if (rx.advertIntervalUs() != settings.advertIntervalUs()) {
                log.info(prefix + "advertisement interval mismatch mine=" + settings.advertIntervalUs() / 1_000_000
                        + " sec rcv'd=" + rx.advertIntervalRaw() + " sec");
                stats.increment(Counter.ADVERT_INTERVAL_ERR);
                return RxVerdict.INTERVAL_MISMATCH;
            }
        }
        if (parse == ParseError.BAD_TYPE) {
            log.info(prefix + "Invalid packet type. " + rx.type() + " and expect " + VrrpPacketCodec.TYPE_ADVERTISEMENT);
            stats.increment(Counter.INVALID_TYPE_RCVD);
            return RxVerdict.BAD_TYPE;
        }
        int vipCount = settings.virtualAddresses().size();
        if (checkAddresses && rx.addressCount() != vipCount) {
            log.info(prefix + "received an unexpected ip number count " + rx.addressCount() + ", expected "
                    + vipCount + "!");
            stats.increment(Counter.ADDR_LIST_ERR);
            return RxVerdict.ADDRESS_COUNT_MISMATCH;
        }
        if (parse == ParseError.BAD_CHECKSUM && !oldChecksumDetected(b, offset, length, source)) {
            log.info(prefix + "Invalid VRRPv" + rx.version() + " checksum");
            stats.increment(Counter.CHK_ERR);
            return RxVerdict.BAD_CHECKSUM;
        }
        boolean multicast = isMulticast(destination);
        if (multicast == settings.isUnicast()) {
            log.info(prefix + "Expected " + (settings.isUnicast() ? "un" : "mult") + "icast packet but received "
                    + (settings.isUnicast() ? "mult" : "un") + "icast packet");
            stats.increment(Counter.ADDR_LIST_ERR);
            return RxVerdict.CAST_MISMATCH;
        }
        // keepalived: "Correct type, version, and length. Count as VRRP advertisement"
        stats.increment(Counter.ADVERT_RCVD);
        if (checkAddresses) {
            for (int i = 0; i < vipCount; i++) {
                IpAddress vip = settings.virtualAddresses().get(i);
                if (!rx.containsAddress(vip)) {
                    log.info(prefix + "ip address associated with VRID " + settings.vrid()
                            + " not present in MASTER advert : " + vip);
                    stats.increment(Counter.ADDR_LIST_ERR);
                    return RxVerdict.ADDRESS_MISSING;
                }
            }
            if (settings.isUnicast() && settings.checkUnicastSrc()) {
                VrrpInstanceSettings.Peer peer = peerOf(source);
                if (peer == null) {
                    log.info(prefix + "unicast source address " + IpAddress.format(source, addressLength())
                            + " not a unicast peer");
                    stats.increment(Counter.UNICAST_SRC_ERR);
                    return RxVerdict.UNICAST_SOURCE_NOT_PEER;
                }
                if (ttl != TTL_UNKNOWN && (ttl < peer.minTtl() || ttl > peer.maxTtl())) {
                    log.info(prefix + "TTL/HL " + ttl + " not in range " + peer.minTtl() + " - " + peer.maxTtl());
                    stats.increment(Counter.IP_TTL_ERR);
                    return RxVerdict.UNICAST_TTL_OUT_OF_RANGE;
                }
            }
        }
        if (rx.priority() == 0) {
            stats.increment(Counter.PRI_ZERO_RCVD);
        }
        return RxVerdict.ACCEPTED;
    }

    /**
     * old_unicast_checksum auto-detection (v3, IPv4, unicast): an advert that only verifies with the multicast group
     * in the pseudo-header comes from keepalived before 1.3.6; switch to that checksum for good, as keepalived.
     */
    private boolean oldChecksumDetected(ByteBuffer b, int offset, int length, byte[] source) {
        if (oldUnicastChecksum || settings.checksumCompat() != VrrpInstanceSettings.ChecksumCompat.AUTO
                || settings.version() != VrrpPacketCodec.VERSION_3 || settings.ipv6() || !settings.isUnicast()
                || settings.v3ChecksumAsV2()) {
            return false;
        }
        long pseudo = VrrpPacketCodec.pseudoHeaderV4(v4(source), settings.multicastGroup().v4(), length);
        if (!VrrpPacketCodec.checksumOk(b, offset, length, VrrpPacketCodec.VERSION_3, pseudo)) {
            return false;
        }
        oldUnicastChecksum = true;
        log.info(prefix + "Setting unicast VRRPv3 checksum to old version");
        return true;
    }

    private long rxPseudoHeader(ByteBuffer b, int offset, int length, byte[] source, byte[] destination,
            boolean oldChecksum) {
        if (settings.v3ChecksumAsV2()) {
            return VrrpPacketCodec.NO_PSEUDO_HEADER;
        }
        if (settings.ipv6()) {
            return settings.verifyIpv6Checksum() ? VrrpPacketCodec.pseudoHeaderV6(source, destination, length)
                    : VrrpPacketCodec.SKIP_CHECKSUM;
        }
        int dst = oldChecksum && settings.isUnicast() ? settings.multicastGroup().v4() : v4(destination);
        return VrrpPacketCodec.pseudoHeaderV4(v4(source), dst, length);
    }

    // ------------------------------------------------------------------ sending

    /**
     * Encodes this instance's advertisement with {@code priority} for one destination at {@code offset} of
     * {@code b}: the runtime calls it from {@link InstanceActions#sendAdvert}. v3 IPv4 checksums use
     * {@code source}/{@code destination} in the pseudo-header (the multicast group under old_unicast_checksum);
     * v3 IPv6 with a null source leaves the checksum to the kernel (IPV6_CHECKSUM). No allocation.
     *
     * @return the message length
     */
    public int encodeAdvert(ByteBuffer b, int offset, int priority, IpAddress source, IpAddress destination) {
        tx.priority(priority);
        int length = VrrpPacketCodec.length(settings.version(), settings.ipv6(), tx.addressCount());
        long pseudo = VrrpPacketCodec.NO_PSEUDO_HEADER;
        if (settings.version() == VrrpPacketCodec.VERSION_3 && !settings.v3ChecksumAsV2() && source != null) {
            if (settings.ipv6()) {
                source.copyTo(sourceScratch);
                destination.copyTo(destinationScratch);
                pseudo = VrrpPacketCodec.pseudoHeaderV6(sourceScratch, destinationScratch, length);
            } else {
                IpAddress dst = oldUnicastChecksum && settings.isUnicast() ? settings.multicastGroup() : destination;
                pseudo = VrrpPacketCodec.pseudoHeaderV4(source.v4(), dst.v4(), length);
            }
        }
        int encoded = VrrpPacketCodec.encode(b, offset, tx, pseudo);
        IpAddress signer = source != null ? source : primaryAddress();
        if (authHmac == null || signer == null) {
            return encoded;
        }
        signer.copyTo(sourceScratch);
        return authHmac.sign(b, offset, encoded, settings.version(), settings.vrid(), sourceScratch, addressLength());
    }

    private void sendAdvert(int priority) {
        actions.sendAdvert(priority);
        stats.increment(Counter.ADVERT_SENT);
        if (priority == 0) {
            stats.increment(Counter.PRI_ZERO_SENT);
        }
    }

    // ------------------------------------------------------------------ timing

    /** Skew_Time in µs for the current effective priority and Master_Adver_Interval (keepalived's rounding). */
    public long skewTimeUs() {
        int weight = 256 - effectivePriority;
        if (settings.version() == VrrpPacketCodec.VERSION_3) {
            return weight * (masterAdverIntervalUs / 10_000L) * 625L / 16L; // (256-p) * interval_cs * 10^4 / 256
        }
        return weight * 1_000_000L / 256L;
    }

    /** Master_Down_Interval in µs: down_timer_adverts * Master_Adver_Interval + Skew_Time. */
    public long downIntervalUs() {
        return settings.downTimerAdverts() * masterAdverIntervalUs + skewTimeUs();
    }

    private void adoptMasterInterval(String who) {
        if (settings.version() != VrrpPacketCodec.VERSION_3) {
            return;
        }
        long intervalUs = rx.advertIntervalUs();
        if (intervalUs != masterAdverIntervalUs) {
            log.detail(prefix + "advertisement interval updated from " + masterAdverIntervalUs / 1000 + "ms to "
                    + intervalUs / 1000 + "ms by " + who);
            masterAdverIntervalUs = intervalUs;
        }
    }

    private void restartAdverTimer(long nowNs) {
        scheduleAt(nowNs + settings.advertIntervalUs() * NS_PER_US);
    }

    private void scheduleAt(long atNs) {
        deadlineNs = atNs;
        timerArmed = true;
        timer.scheduleAt(atNs);
    }

    private void cancelTimer() {
        timerArmed = false;
        timer.cancel();
    }

    // ------------------------------------------------------------------ helpers

    private void rememberMaster(byte[] source, int priority) {
        System.arraycopy(source, 0, masterSource, 0, addressLength());
        masterKnown = true;
        masterPriority = priority;
    }

    /** Compares {@code source} with our primary address as unsigned network-order numbers; 0 when unknown. */
    private int compareToPrimary(byte[] source) {
        IpAddress ours = primaryAddress();
        if (ours == null || ours.length() != addressLength()) {
            return 0;
        }
        for (int i = 0; i < addressLength(); i++) {
            int d = (source[i] & 0xff) - ours.byteAt(i);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    private VrrpInstanceSettings.Peer peerOf(byte[] source) {
        for (VrrpInstanceSettings.Peer p : settings.unicastPeers()) {
            if (p.address().sameAs(source, addressLength())) {
                return p;
            }
        }
        return null;
    }

    private boolean sameAddress(byte[] a, byte[] b) {
        for (int i = 0; i < addressLength(); i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean isMulticast(byte[] destination) {
        return settings.ipv6() ? (destination[0] & 0xff) == 0xff : (destination[0] & 0xf0) == 0xe0;
    }

    private int addressLength() {
        return settings.ipv6() ? 16 : 4;
    }

    private static int v4(byte[] a) {
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    // ------------------------------------------------------------------ read-only view

    public String name() {
        return settings.name();
    }

    public VrrpInstanceSettings settings() {
        return settings;
    }

    public VrrpState state() {
        return state;
    }

    public int effectivePriority() {
        return effectivePriority;
    }

    public int basePriority() {
        return basePriority;
    }

    public VrrpStats stats() {
        return stats;
    }

    public long masterAdverIntervalUs() {
        return masterAdverIntervalUs;
    }

    public long masterDownIntervalUs() {
        return masterDownIntervalUs;
    }

    /** The instance timer's deadline, meaningful while {@link #timerArmed()}. */
    public long deadlineNs() {
        return deadlineNs;
    }

    public boolean timerArmed() {
        return timerArmed;
    }

    /** keepalived's wantstate == MASTER: MASTER, or BACKUP whose timer expired while its sync group held it. */
    public boolean wantsMaster() {
        return state == VrrpState.MASTER || wantMaster;
    }

    public boolean trackingFault() {
        return trackingFault;
    }

    /** The priority of the last accepted advert's sender (the master as far as we know), -1 if none yet. */
    public int masterPriority() {
        return masterKnown ? masterPriority : -1;
    }

    /** The address our adverts come from and ties are broken with: mcast_src_ip/unicast_src_ip or the interface's. */
    public IpAddress primaryAddress() {
        return settings.sourceAddress() != null ? settings.sourceAddress() : interfaceAddress;
    }

    public boolean oldUnicastChecksum() {
        return oldUnicastChecksum;
    }

    /** The last decoded advert (tests, dumps). */
    public VrrpAdvert lastReceived() {
        return rx;
    }

    @Override
    public String toString() {
        return prefix + state + " prio " + effectivePriority + (timerArmed ? " timer " + deadlineNs : "");
    }
}
