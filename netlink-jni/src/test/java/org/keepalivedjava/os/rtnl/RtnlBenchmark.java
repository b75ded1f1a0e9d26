package org.keepalivedjava.os.rtnl;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;

import org.keepalivedjava.os.libc.Native;
import org.keepalivedjava.os.testing.Netns;

/**
 * Not a test: rtnetlink address add + delete round trips per second, in a throw-away kj- namespace (root).
 * Each round trip is two requests, each waiting for its ACK. Also reports bytes allocated per round trip on the
 * calling thread (the caller's IfAddress is reused, as VRRP reuses its VIP records).
 * <pre>
 * cd netlink-jni && mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) org.keepalivedjava.os.rtnl.RtnlBenchmark [roundTrips]
 * </pre>
 * Measured on the dev machine (2 vCPU, kernel 6.18, JDK 17): 38,000-48,000 round trips/s (21-26 us each); 144
 * bytes allocated per round trip, all in the Rtnl layer (InetAddress.getAddress() copies for IFA_LOCAL/IFA_ADDRESS
 * and the lazy request description); NetlinkSocket itself allocates 0 bytes per request in steady state.
 */
public final class RtnlBenchmark {
    private RtnlBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (Netns ns = Netns.create("bench")) {
            ns.ip("link", "add", "b0", "type", "veth", "peer", "name", "b1");
            ns.ip("link", "set", "b0", "up");
            String result = ns.call(() -> run(roundTrips));
            System.out.println(result);
        }
    }

    private static String run(int roundTrips) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (NetlinkRtnl rtnl = NetlinkRtnl.open()) {
            IfAddress v4 = IfAddress.of(Native.interfaceIndex("b0"), InetAddress.getByName("192.0.2.1"), 24);
            for (int i = 0; i < 2_000; i++) { // warm-up (JIT)
                rtnl.addAddress(v4);
                rtnl.deleteAddress(v4);
            }
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            for (int i = 0; i < roundTrips; i++) {
                rtnl.addAddress(v4);
                rtnl.deleteAddress(v4);
            }
            long elapsedNs = System.nanoTime() - start;
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            return String.format("rtnetlink: %d IPv4 address add+delete round trips in %.1f ms = %.0f round trips/s"
                            + " (%.1f us each); %.1f bytes allocated per round trip",
                    roundTrips, elapsedNs / 1e6, roundTrips / (elapsedNs / 1e9), elapsedNs / 1e3 / roundTrips,
                    (double) allocated / roundTrips);
        }
    }
}
