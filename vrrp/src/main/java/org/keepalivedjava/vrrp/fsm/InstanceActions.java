package org.keepalivedjava.vrrp.fsm;

/**
 * What a VRRP instance's state machine asks the outside world to do; the runtime implements it (sockets, VIPs via
 * rtnetlink, GARP/NA, notify scripts), tests record the calls. Called on the loop thread, synchronously, from
 * inside the FSM's event methods; an implementation must not call back into the FSM's event methods (reading
 * its state and {@link VrrpInstanceFsm#encodeAdvert} is fine).
 */
public interface InstanceActions {
    /**
     * Send one advertisement with {@code priority} (0 = "I resign", RFC 5798 §6.4.3) to the multicast group or
     * every unicast peer: for each destination, encode it with {@link VrrpInstanceFsm#encodeAdvert} and send.
     */
    void sendAdvert(int priority);

    /** Entered MASTER: add VIPs, excluded VIPs, virtual routes and rules; GARP/NA burst and the delayed repeat. */
    void becomeMaster();

    /** Left MASTER (to BACKUP, FAULT or STOP): remove what {@link #becomeMaster} added, cancel pending GARPs. */
    void leaveMaster();

    /**
     * As MASTER, received an advert with lower priority (keepalived: garp_lower_prio_delay/repeat and the
     * notify_master_rx_lower_pri script).
     */
    void lowerPriorityAdvertReceived();

    /** The instance entered {@code state}: notify scripts, notify FIFO, SMTP alert. */
    void stateChanged(VrrpState state, int effectivePriority);

    /** Does nothing: for tests and instances without side effects. */
    InstanceActions NONE = new InstanceActions() {
        @Override
        public void sendAdvert(int priority) {
        }

        @Override
        public void becomeMaster() {
        }

        @Override
        public void leaveMaster() {
        }

        @Override
        public void lowerPriorityAdvertReceived() {
        }

        @Override
        public void stateChanged(VrrpState state, int effectivePriority) {
        }
    };
}
