package org.keepalivedjava.os.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.os.ipvs.IpvsConstants.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.genl.GenericNetlink;
import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.netlink.Attributes;
import org.keepalivedjava.os.netlink.Captures;
import org.keepalivedjava.os.netlink.NetlinkMessage;
import org.keepalivedjava.os.netlink.NetlinkWriter;

/**
 * IPVS bodies against what ipvsadm 1.31 sends and what a Linux 6.1 kernel replies (resources/ipvs/captures.txt,
 * recorded in a UML guest), plus round trips.
 */
class IpvsCodecTest {
    private static final Captures CAPTURED = Captures.load("/ipvs/captures.txt");
    private final Attributes top = new Attributes(IPVS_CMD_ATTR_MAX);
    private final Attributes nested = new Attributes(IPVS_DEST_ATTR_MAX);

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    /** A writer whose nlmsghdr copies the captured request's (type, flags, seq, pid), then the genl header. */
    private static NetlinkWriter like(String capture, int cmd) {
        NetlinkMessage m = CAPTURED.message(capture);
        NetlinkWriter w = new NetlinkWriter(ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder()));
        w.begin(m.type(), m.flags(), m.seq(), m.portId());
        return IpvsCodec.header(w, cmd);
    }

    private static String hex(NetlinkWriter w) {
        byte[] b = new byte[w.finish()];
        w.buffer().get(0, b);
        return HexFormat.of().formatHex(b);
    }

    private static String hex(String capture) {
        return HexFormat.of().formatHex(CAPTURED.bytes(capture));
    }

    /** The bytes of top-level attribute {@code type} (header included) of a captured or built message. */
    private static String attrHex(ByteBuffer b, int length, int type) {
        int at = 20;
        while (at < length) {
            int len = b.getShort(at) & 0xffff;
            if ((b.getShort(at + 2) & 0x3fff) == type) {
                byte[] out = new byte[len];
                b.get(at, out);
                return HexFormat.of().formatHex(out);
            }
            at += (len + 3) & ~3;
        }
        return null;
    }

    @Test
    void servicesAreEncodedByteForByteAsIpvsadmDoes() throws Exception {
        NetlinkWriter w = like("ipvsadm_new_service_tcp_persistent", IPVS_CMD_NEW_SERVICE);
        IpvsCodec.writeService(w, IpvsService.tcp(ip("192.0.2.10"), 80, "rr").persistent(300, 24), true);
        assertEquals(hex("ipvsadm_new_service_tcp_persistent"), hex(w), "-A -t 192.0.2.10:80 -s rr -p 300 -M 255.255.255.0");

        w = like("ipvsadm_new_service_fwm6", IPVS_CMD_NEW_SERVICE);
        IpvsCodec.writeService(w, IpvsService.fwmark(Consts.AF_INET6, 7, "wlc").persistent(60, 64), true);
        assertEquals(hex("ipvsadm_new_service_fwm6"), hex(w), "-A -f 7 -6 -s wlc -p 60 -M 64");

        w = like("ipvsadm_new_service_udp6", IPVS_CMD_NEW_SERVICE);
        IpvsCodec.writeService(w, IpvsService.udp(ip("2001:db8::1"), 53, "sh").withFlags(IP_VS_SVC_F_SCHED2), true);
        assertEquals(hex("ipvsadm_new_service_udp6"), hex(w), "-A -u [2001:db8::1]:53 -s sh -b sh-port");

        w = like("ipvsadm_new_service_sctp_pe", IPVS_CMD_NEW_SERVICE);
        IpvsCodec.writeService(w, IpvsService.sctp(ip("192.0.2.11"), 9, "wrr").persistent(10, 32)
                .withPersistenceEngine("sip"), true);
        assertEquals(hex("ipvsadm_new_service_sctp_pe"), hex(w), "-A --sctp-service 192.0.2.11:9 -s wrr --pe sip -p 10");
    }

    @Test
    void destinationsAreEncodedAsIpvsadmDoes() throws Exception {
        // ipvsadm repeats the whole service in destination commands; the kernel reads only its identity, so
        // only the destination attribute is compared.
        NetlinkWriter w = like("ipvsadm_new_dest_nat", IPVS_CMD_NEW_DEST);
        IpvsCodec.writeService(w, IpvsService.tcp(ip("192.0.2.10"), 80, "rr"), false);
        IpvsCodec.writeDestination(w, IpvsDestination.nat(ip("192.0.2.20"), 8080).withWeight(3).withThresholds(10, 2), true);
        int len = w.finish();
        ByteBuffer captured = CAPTURED.buffer("ipvsadm_new_dest_nat");
        assertEquals(attrHex(captured, captured.capacity(), IPVS_CMD_ATTR_DEST), attrHex(w.buffer(), len, IPVS_CMD_ATTR_DEST));

        w = like("ipvsadm_new_dest_gue", IPVS_CMD_NEW_DEST);
        IpvsCodec.writeService(w, IpvsService.udp(ip("2001:db8::1"), 53, "sh"), false);
        IpvsCodec.writeDestination(w, IpvsDestination.tunnel(ip("2001:db8::2"), 53)
                .withTunnel(IP_VS_CONN_F_TUNNEL_TYPE_GUE, 6080, IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM), true);
        len = w.finish();
        captured = CAPTURED.buffer("ipvsadm_new_dest_gue");
        assertEquals(attrHex(captured, captured.capacity(), IPVS_CMD_ATTR_DEST), attrHex(w.buffer(), len, IPVS_CMD_ATTR_DEST));
    }

    @Test
    void timeoutsAreEncodedAsIpvsadmDoesAndDecodedFromTheKernel() {
        NetlinkWriter w = like("ipvsadm_set_timeouts", IPVS_CMD_SET_CONFIG);
        IpvsCodec.writeTimeouts(w, new IpvsTimeouts(100, 20, 30));
        assertEquals(hex("ipvsadm_set_timeouts"), hex(w), "--set 100 20 30");
        assertEquals(new IpvsTimeouts(100, 20, 30), IpvsCodec.decodeTimeouts(CAPTURED.message("get_config_reply"), top));
    }

    @Test
    void decodesTheKernelsServiceDump() throws Exception {
        ByteBuffer b = CAPTURED.buffer("dump_services");
        NetlinkMessage m = new NetlinkMessage();
        List<IpvsService> services = new ArrayList<>();
        assertTrue(m.wrap(b, 0, b.capacity()));
        do {
            assertEquals(0x1c, m.type());
            services.add(IpvsCodec.decodeService(m, top, nested));
        } while (m.next());
        assertEquals(List.of(
                IpvsService.tcp(ip("192.0.2.10"), 80, "rr").persistent(300, 24),
                IpvsService.sctp(ip("192.0.2.11"), 9, "wrr").persistent(10, 32).withPersistenceEngine("sip"),
                IpvsService.udp(ip("2001:db8::1"), 53, "sh").withFlags(IP_VS_SVC_F_SCHED2),
                IpvsService.fwmark(Consts.AF_INET6, 7, "wlc").persistent(60, 64)), services);
    }

    @Test
    void decodesTheKernelsDestinationDumps() throws Exception {
        IpvsDestination nat = IpvsCodec.decodeDestination(CAPTURED.message("dump_dests_tcp"), top, nested, Consts.AF_INET);
        assertEquals(IpvsDestination.nat(ip("192.0.2.20"), 8080).withWeight(3).withThresholds(10, 2), nat);
        IpvsDestination gue = IpvsCodec.decodeDestination(CAPTURED.message("dump_dests_udp6"), top, nested, Consts.AF_INET6);
        assertEquals(IpvsDestination.tunnel(ip("2001:db8::2"), 53).withTunnel(IP_VS_CONN_F_TUNNEL_TYPE_GUE, 6080, 0), gue);
    }

    @Test
    void decodesTheControllersFamilyReply() {
        NetlinkMessage reply = CAPTURED.message("ctrl_getfamily_reply");
        assertEquals(GenericNetlink.GENL_ID_CTRL, reply.type());
        assertEquals(0x1c, GenericNetlink.decodeFamilyId(reply, new Attributes(GenericNetlink.CTRL_ATTR_MAXATTR)));
        NetlinkWriter w = new NetlinkWriter(ByteBuffer.allocate(64).order(ByteOrder.nativeOrder()));
        NetlinkMessage req = CAPTURED.message("ctrl_getfamily_request");
        w.begin(req.type(), req.flags(), req.seq(), req.portId());
        GenericNetlink.writeGetFamily(w, "IPVS");
        assertEquals(hex("ctrl_getfamily_request"), hex(w));
    }

    @Test
    void serviceDestinationAndDaemonRoundTrip() throws Exception {
        List<IpvsService> services = List.of(
                IpvsService.tcp(ip("203.0.113.1"), 443, "wlc"),
                IpvsService.udp(ip("192.0.2.1"), 0, "rr").persistent(1800, 0),
                IpvsService.fwmark(Consts.AF_INET, 0x7fffffff, "mh").withFlags(IP_VS_SVC_F_ONEPACKET | IP_VS_SVC_F_SCHED1),
                IpvsService.sctp(ip("2001:db8::10"), 3868, "lc").persistent(5, 48));
        for (IpvsService s : services) {
            NetlinkWriter w = new NetlinkWriter(ByteBuffer.allocate(512).order(ByteOrder.nativeOrder()));
            w.begin(0x1c, 0);
            IpvsCodec.header(w, IPVS_CMD_NEW_SERVICE);
            IpvsCodec.writeService(w, s, true);
            w.finish();
            NetlinkMessage m = new NetlinkMessage();
            m.wrap(w.buffer(), 0, w.position());
            assertEquals(s, IpvsCodec.decodeService(m, top, nested), s.toString());
        }
        for (IpvsDestination d : List.of(IpvsDestination.dr(ip("198.51.100.7"), 0).withWeight(0),
                IpvsDestination.tunnel(ip("198.51.100.8"), 80).withTunnel(IP_VS_CONN_F_TUNNEL_TYPE_GRE, 0,
                        IP_VS_TUNNEL_ENCAP_FLAG_CSUM),
                IpvsDestination.nat(ip("2001:db8::8"), 65535).withThresholds(1000, 900))) {
            NetlinkWriter w = new NetlinkWriter(ByteBuffer.allocate(512).order(ByteOrder.nativeOrder()));
            w.begin(0x1c, 0);
            IpvsCodec.header(w, IPVS_CMD_NEW_DEST);
            IpvsCodec.writeDestination(w, d, true);
            w.finish();
            NetlinkMessage m = new NetlinkMessage();
            m.wrap(w.buffer(), 0, w.position());
            assertEquals(d, IpvsCodec.decodeDestination(m, top, nested, Consts.AF_INET), d.toString());
        }
        IpvsSyncDaemon daemon = new IpvsSyncDaemon(IP_VS_STATE_MASTER, "eth0", 9, 1472, ip("239.1.2.3"), 8849, 2);
        NetlinkWriter w = new NetlinkWriter(ByteBuffer.allocate(512).order(ByteOrder.nativeOrder()));
        w.begin(0x1c, 0);
        IpvsCodec.header(w, IPVS_CMD_NEW_DAEMON);
        IpvsCodec.writeDaemon(w, daemon, true);
        w.finish();
        NetlinkMessage m = new NetlinkMessage();
        m.wrap(w.buffer(), 0, w.position());
        assertEquals(daemon, IpvsCodec.decodeDaemon(m, top, new Attributes(IPVS_DAEMON_ATTR_MAX)));
        assertNull(IpvsCodec.decodeService(new Attributes(IPVS_SVC_ATTR_MAX)).address(), "empty service decodes as fwmark 0");
    }

    @Test
    void ipv4NetmaskIsANetworkOrderMask() {
        assertEquals(0xffffff00, IpvsCodec.prefixToMask(24));
        assertEquals(0, IpvsCodec.prefixToMask(0));
        assertEquals(-1, IpvsCodec.prefixToMask(32));
    }
}
