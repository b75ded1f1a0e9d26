package org.keepalivedjava.jmh;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.keepalivedjava.os.inet.IpAddress;
import org.keepalivedjava.vrrp.packet.ParseError;
import org.keepalivedjava.vrrp.packet.VrrpAdvert;
import org.keepalivedjava.vrrp.packet.VrrpPacketCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One advert through the codec, as the VRRP child does per send (encode, checksum included) and per receive
 * (decode + checksum check): VRRPv2 IPv4 with one VIP, and VRRPv3 IPv6 with 8 VIPs and the pseudo-header sum.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VrrpCodecBenchmark {
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
    private final VrrpAdvert v2 = new VrrpAdvert();
    private final VrrpAdvert v3 = new VrrpAdvert();
    private final VrrpAdvert received = new VrrpAdvert();
    private long v3PseudoHeader;
    private int v2Length;
    private int v3Length;
    private final ByteBuffer v2Wire = ByteBuffer.allocateDirect(64);
    private final ByteBuffer v3Wire = ByteBuffer.allocateDirect(256);

    @Setup
    public void setUp() {
        v2.version(2).type(1).vrid(51).priority(150).advertIntervalRaw(1)
                .addresses(false, List.of(IpAddress.parse("192.0.2.100")));
        v3.version(3).type(1).vrid(51).priority(150).advertIntervalRaw(5);
        List<IpAddress> vips = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            vips.add(IpAddress.parse("2001:db8::" + Integer.toHexString(i)));
        }
        v3.addresses(true, vips);
        byte[] source = new byte[16];
        byte[] group = new byte[16];
        IpAddress.parse("fe80::1").copyTo(source);
        IpAddress.VRRP_MULTICAST_V6.copyTo(group);
        v3PseudoHeader = VrrpPacketCodec.pseudoHeaderV6(source, group, VrrpPacketCodec.length(3, true, 8));
        v2Length = VrrpPacketCodec.encode(v2Wire, 0, v2, VrrpPacketCodec.NO_PSEUDO_HEADER);
        v3Length = VrrpPacketCodec.encode(v3Wire, 0, v3, v3PseudoHeader);
    }

    @Benchmark
    public int encodeV2Ipv4() {
        return VrrpPacketCodec.encode(buffer, 0, v2, VrrpPacketCodec.NO_PSEUDO_HEADER);
    }

    @Benchmark
    public ParseError decodeV2Ipv4() {
        return VrrpPacketCodec.decode(v2Wire, 0, v2Length, false, VrrpPacketCodec.NO_PSEUDO_HEADER, received);
    }

    @Benchmark
    public int encodeV3Ipv6EightVips() {
        return VrrpPacketCodec.encode(buffer, 0, v3, v3PseudoHeader);
    }

    @Benchmark
    public ParseError decodeV3Ipv6EightVips() {
        return VrrpPacketCodec.decode(v3Wire, 0, v3Length, true, v3PseudoHeader, received);
    }
}
