package org.keepalivedjava.os.ipvs;

import java.net.InetAddress;

/**
 * Not a test: time to program N IPVS destinations (default 10,000) into one TCP service, then to dump and to
 * delete them. Run inside a guest kernel with IPVS (root):
 * <pre>
 * cd netlink-jni && mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * src/test/uml/uml-run.sh -- java -XX:+UseSerialGC -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *     org.keepalivedjava.os.ipvs.IpvsBenchmark 10000
 * </pre>
 * Addresses: 198.51.100.1-250 x ports 1-N/250 (documentation range). Measured in UML (Linux 6.1um, 1 CPU) on the
 * dev machine: 10,000 destinations added in 1.6 s (6,300/s, one request + ACK each), dumped in 0.19 s, deleted
 * in 1.5 s; the whole guest run including boot and JVM start took 9 s.
 */
public final class IpvsBenchmark {
    private IpvsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        IpvsDestination[] destinations = new IpvsDestination[count];
        for (int i = 0; i < count; i++) {
            destinations[i] = IpvsDestination.nat(InetAddress.getByAddress(
                    new byte[] {(byte) 198, 51, 100, (byte) (1 + i % 250)}), 1 + i / 250);
        }
        try (NetlinkIpvs ipvs = NetlinkIpvs.open()) {
            ipvs.flush();
            IpvsService service = IpvsService.tcp(InetAddress.getByName("192.0.2.10"), 80, "wlc");
            ipvs.addService(service);
            long start = System.nanoTime();
            for (IpvsDestination d : destinations) {
                ipvs.addDestination(service, d);
            }
            long addNs = System.nanoTime() - start;
            start = System.nanoTime();
            int dumped = ipvs.destinations(service).size();
            long dumpNs = System.nanoTime() - start;
            start = System.nanoTime();
            for (IpvsDestination d : destinations) {
                ipvs.deleteDestination(service, d);
            }
            long deleteNs = System.nanoTime() - start;
            ipvs.flush();
            System.out.printf("IPVS: added %d destinations in %.0f ms (%.0f/s), dumped %d in %.0f ms, deleted all in %.0f ms%n",
                    count, addNs / 1e6, count / (addNs / 1e9), dumped, dumpNs / 1e6, deleteNs / 1e6);
        }
    }
}
