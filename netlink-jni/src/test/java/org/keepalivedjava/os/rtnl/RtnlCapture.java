package org.keepalivedjava.os.rtnl;

import static org.keepalivedjava.os.netlink.Netlink.NLM_F_ACK;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_CREATE;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_DUMP;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_EXCL;
import static org.keepalivedjava.os.netlink.Netlink.NLM_F_REQUEST;
import static org.keepalivedjava.os.rtnl.RtnlConstants.*;

import java.net.InetAddress;
import java.util.HexFormat;

import org.keepalivedjava.os.libc.Consts;
import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.libc.NativeBuffer;
import org.keepalivedjava.os.netlink.Netlink;
import org.keepalivedjava.os.netlink.NetlinkWriter;

/**
 * Not a test: records real kernel datagrams as hex for the codec tests (src/test/resources/rtnl/captures.txt).
 * Run as root inside a scratch namespace holding a veth pair a0/a1 with MAC 02:00:00:00:00:a0 on a0:
 * <pre>
 * ip netns add kj-cap; ip -n kj-cap link add a0 type veth peer name a1; ip -n kj-cap link set a0 address 02:00:00:00:00:a0
 * ip -n kj-cap link set a0 up; ip -n kj-cap link set a1 up
 * ip netns exec kj-cap java -cp target/classes:target/test-classes:$(cat cp.txt) org.keepalivedjava.os.rtnl.RtnlCapture
 * ip netns del kj-cap
 * </pre>
 * Uses the socket calls directly (not NetlinkSocket) so whole datagrams, ACKs included, are seen as sent.
 */
public final class RtnlCapture {
    private static final NativeBuffer SEND = NativeBuffer.allocate(4096);
    private static final NativeBuffer RECV = NativeBuffer.allocate(65536);
    private static final NativeBuffer KERNEL = NativeBuffer.allocate(12);
    private static final NativeBuffer SCRATCH = NativeBuffer.allocate(16);

    private RtnlCapture() {
    }

    public static void main(String[] args) throws Exception {
        KERNEL.buffer().putShort(0, (short) Consts.AF_NETLINK);
        int a0 = Native.interfaceIndex("a0");
        int monitor = socket(RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV4_RULE);
        int fd = socket(0);
        NetlinkWriter w = new NetlinkWriter(SEND.buffer());

        IfAddress v4 = IfAddress.of(a0, InetAddress.getByName("192.0.2.1"), 24)
                .withBroadcast(InetAddress.getByName("192.0.2.255")).withLabel("a0:vip");
        w.begin(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 1, 0);
        RtnlCodec.writeAddress(w, v4);
        print("request_newaddr_v4", SEND, w.finish());
        send(fd, w.position());
        print("ack_newaddr", RECV, recv(fd));
        print("event_newaddr_v4", RECV, recvType(monitor, RTM_NEWADDR, Consts.AF_INET));
        send(fd, w.position());
        print("error_eexist", RECV, recv(fd));

        IfAddress v6 = IfAddress.of(a0, InetAddress.getByName("2001:db8::1"), 64)
                .withFlags(IFA_F_NODAD | IFA_F_NOPREFIXROUTE);
        w.begin(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 2, 0);
        RtnlCodec.writeAddress(w, v6);
        send(fd, w.finish());
        recv(fd);
        print("event_newaddr_v6", RECV, recvType(monitor, RTM_NEWADDR, Consts.AF_INET6));

        Route route = Route.to(InetAddress.getByName("203.0.113.0"), 24).via(InetAddress.getByName("192.0.2.254"))
                .dev(a0).table(100).metric(50).protocol(RTPROT_KEEPALIVED);
        w.begin(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 3, 0);
        RtnlCodec.writeRoute(w, route, false);
        print("request_newroute", SEND, w.finish());
        send(fd, w.position());
        recv(fd);
        print("event_newroute", RECV, recvTable(monitor, RTM_NEWROUTE, 100));

        Rule rule = Rule.forFamily(Consts.AF_INET).priority(101).to(InetAddress.getByName("203.0.113.0"), 24)
                .fwmark(0x10, 0xff).iif("a0").table(1000);
        w.begin(RTM_NEWRULE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 4, 0);
        RtnlCodec.writeRule(w, rule);
        print("request_newrule", SEND, w.finish());
        send(fd, w.position());
        recv(fd);
        print("event_newrule", RECV, recvType(monitor, RTM_NEWRULE, Consts.AF_INET));

        setA1Down();
        print("event_link_down", RECV, recvType(monitor, RTM_NEWLINK, 0));

        w.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 5, 0);
        RtnlCodec.writeLinkDump(w);
        send(fd, w.finish());
        int part = 0;
        while (true) {
            int n = recv(fd);
            print("dump_links_" + part++, RECV, n);
            if (RECV.buffer().getShort(4) == Netlink.NLMSG_DONE) {
                break;
            }
            int at = 0; // DONE may share the datagram with the last part
            boolean done = false;
            while (at < n) {
                if (RECV.buffer().getShort(at + 4) == Netlink.NLMSG_DONE) {
                    done = true;
                }
                at += Netlink.align(RECV.buffer().getInt(at));
            }
            if (done) {
                break;
            }
        }
        Native.close(fd);
        Native.close(monitor);
    }

    private static void setA1Down() throws Exception {
        Process p = new ProcessBuilder("ip", "link", "set", "a1", "down").inheritIO().start();
        p.waitFor();
    }

    private static int socket(int groups) {
        int fd = Native.socket(Consts.AF_NETLINK, Consts.SOCK_RAW, Netlink.NETLINK_ROUTE, "capture");
        Native.setsockopt(fd, Consts.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1, SCRATCH, "EXT_ACK");
        Native.setsockopt(fd, Consts.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1, SCRATCH, "CAP_ACK");
        NativeBuffer addr = NativeBuffer.allocate(12);
        addr.buffer().putShort(0, (short) Consts.AF_NETLINK);
        addr.buffer().putInt(8, groups);
        Native.bind(fd, addr, 12);
        return fd;
    }

    private static void send(int fd, int length) {
        Native.sendto(fd, SEND, length, 0, KERNEL, 12);
    }

    private static int recv(int fd) {
        return (int) Native.recvfrom(fd, RECV, RECV.sizeBytes(), 0, null, null);
    }

    /** The next datagram whose first message has {@code type} and family byte {@code family}. */
    private static int recvType(int fd, int type, int family) {
        while (true) {
            int n = recv(fd);
            if (RECV.buffer().getShort(4) == type && RECV.buffer().get(16) == family) {
                return n;
            }
        }
    }

    /** The next route datagram for table {@code table} (rtm_table, byte 4 of struct rtmsg). */
    private static int recvTable(int fd, int type, int table) {
        while (true) {
            int n = recv(fd);
            if (RECV.buffer().getShort(4) == type && (RECV.buffer().get(20) & 0xff) == table) {
                return n;
            }
        }
    }

    private static void print(String name, NativeBuffer buf, int length) {
        byte[] bytes = new byte[length];
        buf.buffer().get(0, bytes);
        System.out.println(name + " " + HexFormat.of().formatHex(bytes));
    }
}
