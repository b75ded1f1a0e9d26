package org.keepalivedjava.os.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.inet.InetChecksum;
import org.keepalivedjava.os.inet.InetConsts;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.os.inet.NetOrder;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.loop.Clock;
import org.keepalivedjava.os.loop.EventLoop;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.testing.Netns;

/**
 * The real keepalived 2.2.7 as the sender: its VRRPv3 adverts (IPv4 and IPv6) arrive on our sockets with TTL /
 * hop limit 255, the right ingress interface and a checksum our pseudo-header code verifies. keepalived runs
 * (VRRP only) in its own kj- namespace and is stopped by PID.
 */
@Tag("root")
class KeepalivedInteropTest {
    private static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    private static final String CONFIG = """
            global_defs {
                router_id kj_interop
            }
            vrrp_instance V4 {
                interface eth0
                virtual_router_id 51
                priority 255
                advert_int 1
                version 3
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }
            vrrp_instance V6 {
                interface eth0
                virtual_router_id 52
                priority 255
                advert_int 1
                virtual_ipaddress {
                    fe80::100/64
                    2001:db8::100/64
                }
            }
            """;

    @Test
    void keepalivedAdvertsArriveWithTtl255IngressInterfaceAndValidChecksums() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(KEEPALIVED), "keepalived 2.2.7 is installed (apt-get install keepalived)");
        Path dir = Files.createTempDirectory("kj-interop");
        Process keepalived = null;
        try (Netns us = Netns.create("kaio"); Netns them = Netns.create("kaio")) {
            us.vethTo(them, "eth0", "eth0");
            us.ip("addr", "add", "192.0.2.1/24", "dev", "eth0");
            them.ip("addr", "add", "192.0.2.2/24", "dev", "eth0");
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, CONFIG);
            int ifindex = us.call(() -> Native.interfaceIndex("eth0"));
            try (VrrpSocket v4 = us.call(() -> VrrpSocket.open(
                    VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V4, "eth0")));
                    VrrpSocket v6 = us.call(() -> VrrpSocket.open(
                            VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V6, "eth0")))) {
                keepalived = new ProcessBuilder("ip", "netns", "exec", them.name(), KEEPALIVED.toString(), "-n", "-l",
                        "-D", "-P", "-f", conf.toString(), "-p", dir.resolve("k.pid").toString(),
                        "-r", dir.resolve("v.pid").toString(), "-c", dir.resolve("c.pid").toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();

                ReceivedPacket packet = new ReceivedPacket();
                awaitAdvert(v4, packet, 51);
                assertEquals(255, packet.ttl());
                assertEquals(ifindex, packet.ifindex());
                assertTrue(packet.sourceIs(IpAddress.parse("192.0.2.2")), packet.toString());
                assertEquals(0xc0, NetOrder.u8(packet.buffer(), 1), "TOS");
                long sum = InetChecksum.ipv4PseudoHeader(packet.sourceV4(), packet.destinationV4(),
                        InetConsts.IPPROTO_VRRP, packet.payloadLength());
                assertEquals(0, InetChecksum.finish(InetChecksum.add(sum, packet.buffer(), packet.payloadOffset(),
                        packet.payloadLength())), "VRRPv3 checksum with the IPv4 pseudo-header");

                awaitAdvert(v6, packet, 52);
                assertEquals(255, packet.ttl());
                assertEquals(ifindex, packet.ifindex());
                assertTrue(packet.source().isLinkLocal(), packet.toString());
                assertTrue(packet.destinationIs(IpAddress.VRRP_MULTICAST_V6));
                assertEquals(40, packet.payloadLength());
                byte[] src = new byte[16];
                byte[] dst = new byte[16];
                packet.source().copyTo(src);
                packet.destination().copyTo(dst);
                long sum6 = InetChecksum.ipv6PseudoHeader(src, dst, InetConsts.IPPROTO_VRRP, 40);
                assertEquals(0, InetChecksum.finish(InetChecksum.add(sum6, packet.buffer(), 0, 40)),
                        "VRRPv3 checksum with the IPv6 pseudo-header");
            }
        } finally {
            if (keepalived != null) {
                keepalived.destroy();
                if (!keepalived.waitFor(10, TimeUnit.SECONDS)) {
                    keepalived.destroyForcibly();
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Waits (on an event loop, no sleeping) for an advert of {@code vrid}, skipping others. */
    private static void awaitAdvert(RawIpSocket socket, ReceivedPacket packet, int vrid) {
        boolean[] got = new boolean[1];
        try (EventLoop loop = new EventLoop(Clock.SYSTEM)) {
            loop.register(socket.fd(), Consts.EPOLLIN, (registration, events, nowNs) -> {
                while (!got[0] && socket.receive(packet)) {
                    ByteBuffer b = packet.buffer();
                    got[0] = packet.payloadLength() >= 8 && NetOrder.u8(b, packet.payloadOffset() + 1) == vrid
                            && NetOrder.u8(b, packet.payloadOffset() + 2) != 0;
                }
            });
            long deadline = System.nanoTime() + WAIT_NS;
            while (!got[0] && deadline - System.nanoTime() > 0) {
                loop.runOnce(deadline - System.nanoTime());
            }
        }
        assertTrue(got[0], "keepalived's advert for VRID " + vrid + " arrived within 10 s");
    }
}
