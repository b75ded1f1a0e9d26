package org.keepalivedjava.os.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keepalivedjava.os.caps.PingGroupRange;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;

/**
 * ICMP echo over ping sockets on loopback, without root. Whether this process may open ping sockets depends on
 * net.ipv4.ping_group_range: when it may, the ping must be answered; when it may not, open() must fail with
 * EACCES. Either way the test asserts something (the root namespace test sets the range and always pings).
 */
class NativePingSocketTest {
    private EventLoop loop;
    private NativeCheckSockets sockets;

    @BeforeEach
    void setUp() {
        loop = new EventLoop(Clock.SYSTEM);
        sockets = new NativeCheckSockets(loop);
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void pingsLoopbackOrSaysWhyItMayNot(String address) throws Exception {
        boolean allowed = PingGroupRange.current().allowsAny(PingGroupRange.currentGroups());
        InetAddress target = InetAddress.getByName(address);
        EchoCollector collector = new EchoCollector();
        PingSocket ping = sockets.newPing(collector);
        collector.socket = ping;

        boolean opened = ping.open(target, BindOptions.NONE);
        if (!allowed) {
            assertFalse(opened);
            assertEquals(Errno.EACCES, ping.failure().errno(), ping.failure().message());
            return;
        }
        assertTrue(opened, () -> ping.failure().message());
        assertEquals(collector.replies, pingOnce(loop, ping, collector, target, 7));
        ping.close();
        assertEquals(0, loop.registrationCount());
    }

    /** Sends one echo and runs the loop until its reply arrives; returns the replies seen. */
    static List<IcmpEcho> pingOnce(EventLoop loop, PingSocket ping, EchoCollector collector, InetAddress target, int sequence) {
        ByteBuffer payload = ByteBuffer.wrap("keepalived-java".getBytes(StandardCharsets.US_ASCII));
        int sent = ping.sendEcho(sequence, payload);
        assertEquals(IcmpEchoCodec.HEADER_BYTES + 15, sent, () -> String.valueOf(ping.failure()));
        collector.ipv6 = target instanceof Inet6Address;
        LoopRunner.runUntil(loop, () -> !collector.replies.isEmpty() || collector.failed, "echo reply");
        assertFalse(collector.failed, () -> String.valueOf(ping.failure()));
        IcmpEcho reply = collector.replies.get(0);
        assertTrue(reply.isReply());
        assertEquals(ping.identifier(), reply.identifier(), "the kernel delivers only replies with our id");
        assertEquals(sequence, reply.sequence());
        assertEquals("keepalived-java", new String(collector.in.array(), reply.payloadOffset(), reply.payloadLength(),
                StandardCharsets.US_ASCII));
        return collector.replies;
    }

    static final class EchoCollector implements DatagramListener {
        PingSocket socket;
        boolean ipv6;
        boolean failed;
        final ByteBuffer in = ByteBuffer.allocate(256);
        final List<IcmpEcho> replies = new java.util.ArrayList<>();

        @Override
        public void onReadable(long nowNs) {
            in.clear();
            int n = socket.receive(in);
            if (n == IoResult.FAILED) {
                failed = true;
                return;
            }
            if (n < 0) {
                return;
            }
            in.flip();
            try {
                replies.add(IcmpEchoCodec.decode(in, ipv6));
            } catch (IcmpEchoCodec.MalformedIcmpException e) {
                failed = true;
            }
        }
    }
}
