package org.keepalivedjava.checkers.check.impl;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.check.BindOptions;
import org.keepalivedjava.os.check.DatagramListener;
import org.keepalivedjava.os.check.IoResult;
import org.keepalivedjava.os.check.UdpSocket;
import org.keepalivedjava.os.libc.Errno;

/**
 * DNS_CHECK (keepalived check_dns.c): one query (random id, RD set, one question {@code name}/{@code type}/IN) over a
 * connected UDP socket. keepalived's acceptance rule, reproduced: a datagram shorter than 8 bytes, with another id,
 * or without the QR bit is ignored (keep waiting); RCODE != 0 fails; anything else succeeds. The answer count
 * is NOT looked at (keepalived does not). No acceptable reply within connect_timeout fails.
 *
 * <p>Loop thread only; buffers preallocated.
 */
public final class DnsCheckFsm extends CheckFsm implements DatagramListener {

    public enum State { IDLE, AWAITING_REPLY }

    /** keepalived's DNS_BUFFER_SIZE. */
    static final int BUFFER_BYTES = 768;
    /** keepalived compares against sizeof a pointer here, not the 12-byte header: kept for compatibility. */
    static final int MIN_REPLY_BYTES = 8;

    private final InetSocketAddress remote;
    private final BindOptions bind;
    private final UdpSocket socket;
    private final ByteBuffer query = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer reply = ByteBuffer.allocate(BUFFER_BYTES);
    private final String name;
    private final int type;
    private int queryId;
    private State state = State.IDLE;

    public DnsCheckFsm(CheckerConfig.DnsCheck config, CheckContext context, CheckListener listener,
                       Checks.Target target) {
        super(config, context, listener, target);
        this.remote = new InetSocketAddress(config.common().connectIp(), config.common().connectPort());
        this.bind = Binds.of(config.common());
        this.socket = context.sockets().newUdp(this);
        this.name = config.name() == null ? "." : config.name();
        this.type = typeCode(config.type());
    }

    /** The query type codes keepalived knows (RFC 1035 §3.2.2, RFC 3596, RFC 4034); SOA by default. */
    public static int typeCode(String type) {
        if (type == null) {
            return 6;
        }
        return switch (type.toUpperCase(Locale.ROOT)) {
            case "A" -> 1;
            case "NS" -> 2;
            case "CNAME" -> 5;
            case "MX" -> 15;
            case "TXT" -> 16;
            case "AAAA" -> 28;
            case "RRSIG" -> 46;
            case "DNSKEY" -> 48;
            default -> 6;
        };
    }

    /**
     * Writes keepalived's query into {@code dst} (RFC 1035 §4.1: header id, flags RD, QDCOUNT 1; question QNAME,
     * QTYPE, QCLASS IN). The name "." is the root; a trailing dot adds nothing.
     */
    public static void encodeQuery(ByteBuffer dst, int id, String name, int type) {
        dst.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0);
        if (!".".equals(name)) {
            for (String label : name.split("\\.")) {
                if (label.isEmpty()) {
                    continue;
                }
                byte[] b = label.getBytes(StandardCharsets.US_ASCII);
                dst.put((byte) b.length).put(b);
            }
        }
        dst.put((byte) 0);
        dst.putShort((short) type).putShort((short) 1);
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
            int errno = socket.failure() == null ? 0 : socket.failure().errno();
            if (errno == Errno.ENETUNREACH || errno == Errno.EHOSTUNREACH) {
                dnsFinal(true, "network unreachable for [" + Checks.addressText(remote.getAddress()) + "]:"
                        + remote.getPort(), nowNs);
            } else {
                dnsLog("UDP socket bind failed. Rescheduling.");
                scheduleIn(delayLoopNs, nowNs);
            }
            return;
        }
        queryId = context.random().nextInt(0x10000);
        query.clear();
        encodeQuery(query, queryId, name, type);
        query.flip();
        transitionTo(State.AWAITING_REPLY);
        armStepDeadline(nowNs);
        int n = socket.send(query);
        if (n == IoResult.FAILED || n == IoResult.WOULD_BLOCK) {
            dnsFinal(true, "failed to write socket.", nowNs);
        } else if (query.hasRemaining()) {
            dnsFinal(true, "failed to write all of the datagram.", nowNs);
        }
    }

    @Override
    public void onReadable(long nowNs) {
        if (state != State.AWAITING_REPLY) {
            return;
        }
        while (true) {
            reply.clear();
            int n = socket.receive(reply);
            if (n == IoResult.WOULD_BLOCK) {
                return;
            }
            if (n < 0) {
                int errno = socket.failure() == null ? 0 : socket.failure().errno();
                dnsFinal(true, "failed to read socket; errno " + errno + " (" + describe(errno) + ")", nowNs);
                return;
            }
            if (n < MIN_REPLY_BYTES) {
                continue;
            }
            int id = reply.getShort(0) & 0xffff;
            int flags = reply.getShort(2) & 0xffff;
            if (id != queryId || (flags & 0x8000) == 0) {
                continue;
            }
            int rcode = flags & 0x000f;
            if (rcode != 0) {
                dnsFinal(true, "read error occurred. (rcode = " + rcode + ")", nowNs);
            } else {
                dnsFinal(false, null, nowNs);
            }
            return;
        }
    }

    private static String describe(int errno) {
        return errno == Errno.ECONNREFUSED ? "Connection refused" : Errno.name(errno);
    }

    @Override
    protected void onTimeout(long nowNs) {
        dnsFinal(true, "read timeout from socket", nowNs);
    }

    @Override
    protected void abortAttempt() {
        state = State.IDLE;
        stepDeadline.cancel();
        if (socket.isOpen()) {
            socket.close();
        }
    }

    private void dnsLog(String text) {
        log("DNS_CHECK (" + rsText + ") " + text);
    }

    /** keepalived's dns_final. */
    private void dnsFinal(boolean error, String why, long nowNs) {
        abortAttempt();
        if (error) {
            if (up || !hasRun) {
                if (why != null && (logFailures() || retryIt >= retry)) {
                    dnsLog(why + (hasRun && retryIt >= retry ? " after " + retry + " retries" : ""));
                }
                if (retryIt < retry) {
                    retryIt++;
                    hasRun = true;
                    scheduleIn(delayBeforeRetryNs, nowNs);
                    return;
                }
                setVerdict(false, "=> DNS_CHECK: failed on service <=", nowNs);
            }
        } else if (!up || !hasRun) {
            setVerdict(true, "=> DNS_CHECK: succeed on service <=", nowNs);
        }
        retryIt = 0;
        scheduleIn(delayLoopNs, nowNs);
    }
}
