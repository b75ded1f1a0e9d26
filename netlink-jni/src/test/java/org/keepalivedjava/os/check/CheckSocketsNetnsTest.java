package org.keepalivedjava.os.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Errno;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.loop.Timer;
import org.keepalivedjava.os.testing.Netns;

/**
 * Checker sockets between two namespaces joined by a veth (root): ping across the link (v4 and v6), bind_if and
 * fwmark visible to the kernel (getsockopt, ss) and acting on routing (a second veth pair side0/side1 in A, with no
 * route to B, gives bind_if something to restrict).
 *
 * <pre>
 *  kj-chka  veth0 192.0.2.1/24 2001:db8::1/64  &lt;--&gt;  veth0 192.0.2.2/24 2001:db8::2/64  kj-chkb
 * </pre>
 */
@Tag("root")
class CheckSocketsNetnsTest {
    private static final int SO_BINDTOIFINDEX = 62;
    private static final int MARK = 42;

    static Netns a;
    static Netns b;
    static ServerSocket serverInB;

    @BeforeAll
    static void setUp() throws Exception {
        a = Netns.create("chka");
        b = Netns.create("chkb");
        a.vethTo(b, "veth0", "veth0");
        a.ip("addr", "add", "192.0.2.1/24", "dev", "veth0");
        a.ip("addr", "add", "2001:db8::1/64", "dev", "veth0", "nodad");
        b.ip("addr", "add", "192.0.2.2/24", "dev", "veth0");
        b.ip("addr", "add", "2001:db8::2/64", "dev", "veth0", "nodad");
        // ping sockets are governed per namespace; open them to every group in A.
        a.exec("sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 2147483647");
        // fwmark 42 is routed to a table where B is unreachable: a marked connect must fail, an unmarked one works.
        a.ip("rule", "add", "fwmark", String.valueOf(MARK), "table", "100");
        a.ip("route", "add", "unreachable", "192.0.2.2", "table", "100");
        // A second link in A with no route to B, for bind_if.
        a.ip("link", "add", "side0", "type", "veth", "peer", "name", "side1");
        a.ip("link", "set", "side0", "up");
        a.ip("link", "set", "side1", "up");
        serverInB = b.call(() -> new ServerSocket(0, 50, InetAddress.getByName("192.0.2.2")));
        Thread acceptor = new Thread(() -> {
            while (!serverInB.isClosed()) {
                try {
                    Socket s = serverInB.accept();
                    s.getInputStream().read(); // hold it open until the client closes
                    s.close();
                } catch (Exception ignored) {
                    // closed at the end of the test class
                }
            }
        }, "acceptor-in-kj-chkb");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (serverInB != null) {
            serverInB.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static InetSocketAddress server() throws Exception {
        return new InetSocketAddress(InetAddress.getByName("192.0.2.2"), serverInB.getLocalPort());
    }

    @Test
    void pingsAcrossTheVethOverIpv4AndIpv6() throws Exception {
        for (String target : List.of("192.0.2.2", "2001:db8::2")) {
            a.call(() -> {
                try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
                    NativePingSocketTest.EchoCollector collector = new NativePingSocketTest.EchoCollector();
                    PingSocket ping = new NativeCheckSockets(loop).newPing(collector);
                    collector.socket = ping;
                    assertTrue(ping.open(InetAddress.getByName(target), BindOptions.NONE), () -> ping.failure().message());
                    assertEquals(1, NativePingSocketTest.pingOnce(loop, ping, collector, InetAddress.getByName(target), 99).size(), target);
                    ping.close();
                }
                return null;
            });
        }
    }

    @Test
    void bindIfAndFwmarkAreSetOnTheSocket() throws Exception {
        a.call(() -> {
            try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
                RecordingStreamListener listener = new RecordingStreamListener(null);
                NativeTcpSocket tcp = (NativeTcpSocket) new NativeCheckSockets(loop).newTcp(listener);
                // The mark alone would make B unreachable (table 100); mark 43 is unrouted and harmless.
                tcp.connect(server(), new BindOptions(null, 0, "veth0", MARK + 1));
                LoopRunner.runUntil(loop, () -> !listener.events.isEmpty(), "connected");
                assertEquals(List.of("connected"), listener.events, String.valueOf(listener.failure));

                NativeBuffer scratch = NativeBuffer.allocate(8);
                assertEquals(MARK + 1, Native.getsockoptInt(tcp.fd(), Consts.SOL_SOCKET, Consts.SO_MARK, scratch, "SO_MARK"));
                assertEquals(Native.interfaceIndex("veth0"),
                        Native.getsockoptInt(tcp.fd(), Consts.SOL_SOCKET, SO_BINDTOIFINDEX, scratch, "SO_BINDTOIFINDEX"));
                String ss = a.exec("ss", "-tnoe", "dst", "192.0.2.2");
                assertTrue(ss.contains("fwmark:0x2b"), ss);
                assertTrue(ss.contains("192.0.2.1%veth0:"), ss);
                tcp.close();
            }
            return null;
        });
    }

    @Test
    void theFwmarkSteersRouting() throws Exception {
        a.call(() -> {
            try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
                RecordingStreamListener listener = new RecordingStreamListener(null);
                TcpSocket tcp = new NativeCheckSockets(loop).newTcp(listener);
                tcp.connect(server(), new BindOptions(null, 0, null, MARK));
                LoopRunner.runUntil(loop, () -> listener.done, "marked connect outcome");
                assertEquals(List.of("connect failed"), listener.events);
                assertEquals(Errno.EHOSTUNREACH, listener.failure.errno(), listener.failure.message());
            }
            return null;
        });
    }

    @Test
    void bindIfSendsThroughThatDeviceOnly() throws Exception {
        a.call(() -> {
            try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
                RecordingStreamListener listener = new RecordingStreamListener(null);
                TcpSocket tcp = new NativeCheckSockets(loop).newTcp(listener);
                boolean[] timedOut = new boolean[1];
                Timer connectTimeout = loop.newTimer((timer, nowNs) -> {
                    timedOut[0] = true;
                    tcp.close();
                });
                // B is reachable through veth0 only. Bound to side0, the kernel takes B as on-link there (its
                // fallback when a device-bound lookup finds no route) and asks for it by ARP: nobody answers.
                tcp.connect(server(), new BindOptions(null, 0, "side0", 0));
                connectTimeout.scheduleAt(loop.nowNs() + TimeUnit.MILLISECONDS.toNanos(500));
                LoopRunner.runUntil(loop, () -> timedOut[0] || listener.done, "timeout or outcome");
                assertTrue(timedOut[0], "must not connect through side0: " + listener.events + " " + listener.failure);
                String neighbours = a.ip("neigh", "show", "dev", "side0");
                assertTrue(neighbours.contains("192.0.2.2"), "B was looked for on side0: " + neighbours);
            }
            return null;
        });
    }
}
