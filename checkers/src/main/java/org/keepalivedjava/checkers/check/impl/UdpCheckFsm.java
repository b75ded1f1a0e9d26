package org.keepalivedjava.checkers.check.impl;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.check.BindOptions;
import org.keepalivedjava.os.check.DatagramListener;
import org.keepalivedjava.os.check.IoResult;
import org.keepalivedjava.os.check.UdpSocket;

/**
 * UDP_CHECK (keepalived check_udp.c, layer4.c udp_socket_state): send the payload (or {@link #RANDOM_PAYLOAD_BYTES}
 * random bytes) on a connected UDP socket and wait connect_timeout. An ICMP unreachable (ECONNREFUSED on the
 * connected socket) fails. Silence until the deadline succeeds, unless {@code require_reply}. A reply succeeds,
 * except that with {@code require_reply} and reply data the reply must be min..max_reply_length long and match the
 * expected bytes ({@code x} nibbles are wildcards) over the shorter of the two lengths. keepalived only checks the
 * lengths when reply data is given; so does this.
 *
 * <p>Loop thread only; buffers preallocated.
 */
public final class UdpCheckFsm extends CheckFsm implements DatagramListener {

    public enum State { IDLE, AWAITING_REPLY }

    /** keepalived's UDP_BUFSIZE for the default payload (random bytes, so no stack is leaked). */
    static final int RANDOM_PAYLOAD_BYTES = 32;

    static final Messages MESSAGES = Messages.of("UDP", "UDP_CHECK", "UDP CHECK");

    private final CheckerConfig.UdpCheck udp;
    private final InetSocketAddress remote;
    private final BindOptions bind;
    private final UdpSocket socket;
    private final ByteBuffer payload;
    private final boolean randomPayload;
    private final byte[] replyData;
    private final byte[] replyMask;
    private final ByteBuffer reply;
    private State state = State.IDLE;

    public UdpCheckFsm(CheckerConfig.UdpCheck config, CheckContext context, CheckListener listener,
                       Checks.Target target) {
        super(config, context, listener, target);
        this.udp = config;
        this.remote = new InetSocketAddress(config.common().connectIp(), config.common().connectPort());
        this.bind = Binds.of(config.common());
        this.socket = context.sockets().newUdp(this);
        this.randomPayload = config.payloadHex() == null;
        this.payload = randomPayload ? ByteBuffer.allocate(RANDOM_PAYLOAD_BYTES)
                : ByteBuffer.wrap(java.util.HexFormat.of().parseHex(config.payloadHex()));
        if (config.requireReply() && config.requireReplyHex() != null) {
            String hex = config.requireReplyHex();
            int len = (hex.length() + 1) / 2;
            replyData = new byte[len];
            replyMask = new byte[len];
            for (int i = 0; i < hex.length(); i++) {
                char c = hex.charAt(i);
                int shift = i % 2 == 0 ? 4 : 0;
                if (c == 'x' || c == 'X') {
                    replyMask[i / 2] |= (byte) (0x0f << shift);
                } else {
                    replyData[i / 2] |= (byte) (Character.digit(c, 16) << shift);
                }
            }
        } else {
            replyData = null;
            replyMask = null;
        }
        this.reply = ByteBuffer.allocate((int) Math.min(65536, Math.max(config.maxReplyLength(), 0) + 1));
    }

    public State state() {
        return state;
    }

    private void transitionTo(State next) {
        state = next;
    }

    @Override
    protected void beginAttempt(long nowNs) {
        if (!socket.open(remote, bind)) {
            udpStyleEpilog(false, MESSAGES, nowNs);
            return;
        }
        payload.clear();
        if (randomPayload) {
            for (int i = 0; i < RANDOM_PAYLOAD_BYTES; i++) {
                payload.put(i, (byte) context.random().nextInt(256));
            }
        }
        transitionTo(State.AWAITING_REPLY);
        armStepDeadline(nowNs);
        int n = socket.send(payload);
        if (n == IoResult.FAILED) {
            fail(nowNs);
        }
    }

    @Override
    public void onReadable(long nowNs) {
        if (state != State.AWAITING_REPLY) {
            return;
        }
        reply.clear();
        int n = socket.receive(reply);
        if (n == IoResult.WOULD_BLOCK) {
            return;
        }
        if (n < 0) {
            fail(nowNs); // ECONNREFUSED: an ICMP port unreachable came back
            return;
        }
        if (replyData != null && mismatch(n)) {
            if (up && logFailures()) {
                log("UDP check to " + rsText + " reply data mismatch.");
            }
            finish(false, nowNs);
            return;
        }
        finish(true, nowNs);
    }

    /** keepalived's check_udp_reply: true when the reply is NOT acceptable. */
    private boolean mismatch(int length) {
        if (length < udp.minReplyLength() || length > udp.maxReplyLength()) {
            return true;
        }
        int checkLength = Math.min(Math.min(length, replyData.length), reply.position());
        for (int i = 0; i < checkLength; i++) {
            if (((reply.get(i) ^ replyData[i]) & ~replyMask[i] & 0xff) != 0) {
                return true;
            }
        }
        return false;
    }

    private void fail(long nowNs) {
        if (up && logFailures()) {
            log("UDP connection to " + rsText + " failed.");
        }
        finish(false, nowNs);
    }

    @Override
    protected void onTimeout(long nowNs) {
        // silence: success unless a reply is required (layer4.c udp_socket_state)
        if (udp.requireReply()) {
            fail(nowNs);
        } else {
            finish(true, nowNs);
        }
    }

    private void finish(boolean success, long nowNs) {
        abortAttempt();
        udpStyleEpilog(success, MESSAGES, nowNs);
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
