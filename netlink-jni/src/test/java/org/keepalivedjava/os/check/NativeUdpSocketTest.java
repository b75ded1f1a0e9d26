package org.keepalivedjava.os.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;

/** The connected UDP checker socket on loopback (no root). */
class NativeUdpSocketTest {
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

    private static final class Receiver implements DatagramListener {
        UdpSocket socket;
        final ByteBuffer in;
        int result = Integer.MIN_VALUE;

        Receiver(int bufferBytes) {
            in = ByteBuffer.allocate(bufferBytes);
        }

        @Override
        public void onReadable(long nowNs) {
            result = socket.receive(in);
        }
    }

    private void echoOnce(DatagramSocket server, String suffix) {
        Thread t = new Thread(() -> {
            try {
                DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                server.receive(p);
                byte[] reply = (new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII) + suffix)
                        .getBytes(StandardCharsets.US_ASCII);
                server.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (Exception ignored) {
                // the test fails on its own assertions
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void sendsThePayloadAndReceivesTheReply() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            echoOnce(server, "-reply");
            Receiver receiver = new Receiver(64);
            UdpSocket udp = sockets.newUdp(receiver);
            receiver.socket = udp;
            assertTrue(udp.open(new InetSocketAddress(server.getLocalAddress(), server.getLocalPort()), BindOptions.NONE),
                    () -> String.valueOf(udp.failure()));
            ByteBuffer payload = ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals(5, udp.send(payload));
            assertEquals(5, payload.position());

            LoopRunner.runUntil(loop, () -> receiver.result != Integer.MIN_VALUE, "reply");
            assertEquals(11, receiver.result);
            assertEquals("hello-reply", new String(receiver.in.array(), 0, receiver.in.position(), StandardCharsets.US_ASCII));
            udp.close();
        }
    }

    @Test
    void aReplyLongerThanTheBufferReportsItsRealLength() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            echoOnce(server, "-a-long-reply");
            Receiver receiver = new Receiver(4);
            UdpSocket udp = sockets.newUdp(receiver);
            receiver.socket = udp;
            assertTrue(udp.open(new InetSocketAddress(server.getLocalAddress(), server.getLocalPort()), BindOptions.NONE));
            udp.send(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));

            LoopRunner.runUntil(loop, () -> receiver.result != Integer.MIN_VALUE, "reply");
            assertEquals(15, receiver.result, "the datagram's length, not the 4 bytes copied");
            assertEquals(4, receiver.in.position());
            assertEquals("hi-a", new String(receiver.in.array(), 0, 4, StandardCharsets.US_ASCII));
            udp.close();
        }
    }

    @Test
    void anIcmpPortUnreachableSurfacesAsEconnrefused() throws Exception {
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Receiver receiver = new Receiver(64);
        UdpSocket udp = sockets.newUdp(receiver);
        receiver.socket = udp;
        assertTrue(udp.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort), BindOptions.NONE));
        assertEquals(3, udp.send(ByteBuffer.wrap(new byte[] {1, 2, 3})));

        LoopRunner.runUntil(loop, () -> receiver.result != Integer.MIN_VALUE, "ICMP error");
        assertEquals(IoResult.FAILED, receiver.result);
        assertEquals(Errno.ECONNREFUSED, udp.failure().errno(), udp.failure().message());
        udp.close();
        assertEquals(0, loop.registrationCount());
    }

    @Test
    void openFailsCleanlyForAMismatchedBindAddress() throws Exception {
        UdpSocket udp = sockets.newUdp(nowNs -> { });
        boolean opened = udp.open(new InetSocketAddress(InetAddress.getByName("::1"), 53),
                new BindOptions(InetAddress.getLoopbackAddress(), 0, null, 0));
        assertEquals(false, opened);
        assertEquals(Errno.EAFNOSUPPORT, udp.failure().errno());
        assertTrue(udp.failure().message().contains("not of the target's family"), udp.failure().message());
        assertEquals(false, udp.isOpen());
        assertEquals(IoResult.FAILED, udp.send(ByteBuffer.allocate(1)));
    }
}
