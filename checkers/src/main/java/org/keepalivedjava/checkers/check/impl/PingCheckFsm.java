package org.keepalivedjava.checkers.check.impl;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.check.BindOptions;
import org.keepalivedjava.os.check.DatagramListener;
import org.keepalivedjava.os.check.IcmpEchoCodec;
import org.keepalivedjava.os.check.IoResult;
import org.keepalivedjava.os.check.PingSocket;

/**
 * PING_CHECK (keepalived check_ping.c): one ICMP / ICMPv6 echo request with {@link #PAYLOAD_BYTES} random bytes
 * over a ping socket; the first message received must be an echo reply, within connect_timeout. keepalived treats
 * a short message or any other ICMP type as a failure, and so does this.
 *
 * <p>Loop thread only; buffers preallocated.
 */
public final class PingCheckFsm extends CheckFsm implements DatagramListener {

    public enum State { IDLE, AWAITING_REPLY }

    /** keepalived's ICMP_BUFSIZE (the usual 56 bytes of ping(8)). */
    static final int PAYLOAD_BYTES = 56;

    private final Messages messages;
    private final InetAddress targetAddress;
    private final boolean ipv6;
    private final BindOptions bind;
    private final PingSocket socket;
    private final ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES);
    private final ByteBuffer in = ByteBuffer.allocate(IcmpEchoCodec.HEADER_BYTES + PAYLOAD_BYTES + 64);
    private int sequence;
    private State state = State.IDLE;

    public PingCheckFsm(CheckerConfig.PingCheck config, CheckContext context, CheckListener listener,
                        Checks.Target target) {
        super(config, context, listener, target);
        this.targetAddress = config.common().connectIp();
        this.ipv6 = targetAddress instanceof Inet6Address;
        this.bind = Binds.of(config.common());
        this.socket = context.sockets().newPing(this);
        String vs = target.virtualServer();
        this.messages = new Messages("ICMP connection to %1$s success.", "ICMP CHECK on service %1$s failed.",
                "ICMP CHECK on service %1$s of " + vs.replace("%", "%%") + " failed after %2$d retries.",
                "=> ICMP CHECK succeed on service <=", "=> ICMP CHECK failed on service <=");
    }

    public State state() {
        return state;
    }

    private void transitionTo(State next) {
        state = next;
    }

    @Override
    protected void beginAttempt(long nowNs) {
        if (!socket.open(targetAddress, bind)) {
            log("ICMP" + (ipv6 ? "v6" : "") + " connect fail to create socket. Rescheduling."
                    + (socket.failure() != null ? " (" + socket.failure().message() + ")" : ""));
            scheduleIn(delayLoopNs, nowNs);
            return;
        }
        for (int i = 0; i < PAYLOAD_BYTES; i++) {
            payload.put(i, (byte) context.random().nextInt(256));
        }
        payload.clear();
        sequence = (sequence + 1) & 0xffff;
        transitionTo(State.AWAITING_REPLY);
        armStepDeadline(nowNs);
        if (socket.sendEcho(sequence, payload) < 0) {
            log(ipv6 ? "send ICMPv6 packet fail - errno " + errno() : "send ICMP packet fail");
            finish(false, nowNs);
        }
    }

    private int errno() {
        return socket.failure() == null ? 0 : socket.failure().errno();
    }

    @Override
    public void onReadable(long nowNs) {
        if (state != State.AWAITING_REPLY) {
            return;
        }
        in.clear();
        int n = socket.receive(in);
        if (n == IoResult.WOULD_BLOCK) {
            return;
        }
        boolean success;
        if (n < 0) {
            log(ipv6 ? "recv ICMPv6 packet error" : "recv ICMP packet error");
            success = false;
        } else if (n < IcmpEchoCodec.HEADER_BYTES) {
            log("Error, got short ICMP" + (ipv6 ? "v6" : "") + " packet, " + n + " bytes");
            success = false;
        } else {
            int type = in.get(0) & 0xff;
            success = ipv6 ? type == IcmpEchoCodec.ICMPV6_ECHO_REPLY : type == IcmpEchoCodec.ICMP_ECHO_REPLY;
            if (!success) {
                log("Got ICMP" + (ipv6 ? "v6" : "") + " packet with type 0x" + Integer.toHexString(type));
            }
        }
        if (!success && up && logFailures()) {
            log("ICMP connection to " + rsText + " of " + target.virtualServer() + " failed.");
        }
        finish(success, nowNs);
    }

    @Override
    protected void onTimeout(long nowNs) {
        if (up && logFailures()) {
            log("ICMP connection to address " + rsText + " timeout.");
        }
        finish(false, nowNs);
    }

    private void finish(boolean success, long nowNs) {
        abortAttempt();
        udpStyleEpilog(success, messages, nowNs);
    }

    @Override
    protected void abortAttempt() {
        state = State.IDLE;
        stepDeadline.cancel();
        if (socket.isOpen()) {
            socket.close();
        }
    }
}
