package org.keepalivedjava.vrrp.fsm;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.loop.ManualClock;

/**
 * A test network: VRRP instance FSMs on one {@link ManualClock}, each with a recording timer and actions, whose
 * adverts (encoded with the FSM's own encoder) reach every other node's {@code onAdvert} with TTL 255. Delivery is
 * queued and happens after the sending event returns (zero latency, no re-entrance). {@link #runUntil} fires
 * timers in deadline order: nothing sleeps.
 */
final class Lan {
    final ManualClock clock = new ManualClock(0);
    final List<Node> nodes = new ArrayList<>();
    private final ArrayDeque<Frame> inFlight = new ArrayDeque<>();

    record Frame(Node from, byte[] payload, byte[] source, byte[] destination) {
    }

    /** A recording fake of the instance timer. */
    static final class FakeTimer implements InstanceTimer {
        long deadlineNs;
        boolean armed;
        int schedules;

        @Override
        public void scheduleAt(long deadline) {
            deadlineNs = deadline;
            armed = true;
            schedules++;
        }

        @Override
        public void cancel() {
            armed = false;
        }
    }

    final class Node implements InstanceActions {
        final IpAddress address;
        final FakeTimer timer = new FakeTimer();
        final List<String> log = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final List<Long> advertTimesNs = new ArrayList<>();
        final VrrpInstanceFsm fsm;
        final ByteBuffer tx = ByteBuffer.allocate(4200);
        boolean crashed;

        Node(VrrpInstanceSettings settings, String address) {
            this.address = IpAddress.parse(address);
            FsmLog fsmLog = new FsmLog() {
                @Override
                public void info(String line) {
                    log.add(line);
                }

                @Override
                public void detail(String line) {
                    log.add("[detail] " + line);
                }
            };
            this.fsm = new VrrpInstanceFsm(settings, this, timer, fsmLog);
            fsm.setInterfaceAddress(this.address);
        }

        @Override
        public void sendAdvert(int priority) {
            events.add("send " + priority);
            advertTimesNs.add(clock.nanoTime());
            if (crashed) {
                return;
            }
            List<IpAddress> destinations = fsm.settings().isUnicast()
                    ? fsm.settings().unicastPeers().stream().map(VrrpInstanceSettings.Peer::address).toList()
                    : List.of(fsm.settings().multicastGroup());
            IpAddress src = fsm.primaryAddress();
            for (IpAddress dst : destinations) {
                int n = fsm.encodeAdvert(tx, 0, priority, src, dst);
                byte[] payload = new byte[n];
                tx.get(0, payload);
                byte[] s = new byte[16];
                byte[] d = new byte[16];
                src.copyTo(s);
                dst.copyTo(d);
                inFlight.add(new Frame(this, payload, s, d));
            }
        }

        @Override
        public void becomeMaster() {
            events.add("becomeMaster");
        }

        @Override
        public void leaveMaster() {
            events.add("leaveMaster");
        }

        @Override
        public void lowerPriorityAdvertReceived() {
            events.add("lowerPrio");
        }

        @Override
        public void stateChanged(VrrpState state, int effectivePriority) {
            events.add("state " + state + " " + effectivePriority);
        }

        VrrpState state() {
            return fsm.state();
        }

        /** The node stops sending, receiving and running timers (SIGKILL). */
        void crash() {
            crashed = true;
            timer.armed = false;
        }

        /** Delivers a packet to this node as if received now. */
        RxVerdict receive(byte[] payload, IpAddress source, IpAddress destination, int ttl) {
            byte[] s = new byte[16];
            byte[] d = new byte[16];
            source.copyTo(s);
            destination.copyTo(d);
            return fsm.onAdvert(ByteBuffer.wrap(payload), 0, payload.length, s, d, ttl, clock.nanoTime());
        }
    }

    Node add(VrrpInstanceSettings settings, String address) {
        Node n = new Node(settings, address);
        nodes.add(n);
        return n;
    }

    void startAll() {
        for (Node n : nodes) {
            n.fsm.start(clock.nanoTime());
        }
        deliver();
    }

    /** Delivers every queued frame (and the frames those deliveries cause). */
    void deliver() {
        while (!inFlight.isEmpty()) {
            Frame f = inFlight.poll();
            for (Node n : nodes) {
                if (n == f.from || n.crashed || n.fsm.settings().vrid() != (f.payload[1] & 0xff)) {
                    continue; // the dispatcher hands a packet only to the instance of its VRID
                }
                n.fsm.onAdvert(ByteBuffer.wrap(f.payload), 0, f.payload.length, f.source, f.destination, 255,
                        clock.nanoTime());
            }
        }
    }

    /** Runs every timer due up to {@code untilNs} in deadline order (ties: node order), then sets the clock. */
    void runUntil(long untilNs) {
        deliver();
        while (true) {
            Node next = null;
            for (Node n : nodes) {
                if (!n.crashed && n.timer.armed && n.timer.deadlineNs - untilNs <= 0
                        && (next == null || n.timer.deadlineNs < next.timer.deadlineNs)) {
                    next = n;
                }
            }
            if (next == null) {
                break;
            }
            clock.setNs(Math.max(clock.nanoTime(), next.timer.deadlineNs));
            next.fsm.onTimer(clock.nanoTime());
            deliver();
        }
        clock.setNs(untilNs);
    }

    void runFor(long ns) {
        runUntil(clock.nanoTime() + ns);
    }

    static long s(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
