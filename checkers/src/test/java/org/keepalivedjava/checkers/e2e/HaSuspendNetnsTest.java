package org.keepalivedjava.checkers.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.os.testing.Netns;

/**
 * ha_suspend for real: the checker child (real TCP_CHECK, real rtnetlink) in a namespace whose VIP the test adds
 * and deletes with ip(8) from outside the child. Checks reaching the real server are counted at the server.
 */
@Tag("root")
class HaSuspendNetnsTest {
    static final String RS = "[192.0.2.2]:tcp:10001";
    static final String VS = "[192.0.2.100]:tcp:80";

    @Test
    void checksFollowTheVirtualServerAddress() throws Exception {
        Path dir = Files.createTempDirectory("kj-hasuspend");
        try (Netns ns = Netns.create("hasusp")) {
            // a veth pair inside the namespace (no dummy driver on these kernels): the server on one end, the VIP
            // added and deleted on the other
            ns.ip("link", "add", "d0", "type", "veth", "peer", "name", "d1");
            ns.ip("link", "set", "d0", "up");
            ns.ip("link", "set", "d1", "up");
            ns.ip("addr", "add", "192.0.2.2/24", "dev", "d1");
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, """
                    virtual_server 192.0.2.100 80 {
                      delay_loop 1
                      lb_algo rr
                      lb_kind NAT
                      protocol TCP
                      ha_suspend
                      real_server 192.0.2.2 10001 {
                        TCP_CHECK {
                          connect_timeout 1
                          retry 0
                        }
                      }
                    }
                    """);
            try (RealServers.TcpListener server = new RealServers.TcpListener(ns, InetAddress.getByName("192.0.2.2"),
                    10001);
                 ChildProcess child = ChildProcess.start(ns, conf, List.of(), dir.resolve("child.log"))) {
                server.start();
                // no VIP: deactivated from the start, nothing reaches the server
                child.waitForLine("Deactivating healthchecker for service " + RS + " for VS " + VS, 30_000);
                child.waitForLine("Startup complete", 10_000);
                Thread.sleep(2500);
                assertEquals(List.of(), server.arrivalsMs(), child::output);

                // VIP added from outside: activated, checks arrive
                ns.ip("addr", "add", "192.0.2.100/32", "dev", "d0");
                child.waitForLine("Netlink reflector reports IP 192.0.2.100 added", 10_000);
                child.waitForLine("Activating healthchecker for service " + RS + " for VS " + VS, 10_000);
                child.waitFor(() -> server.arrivalsMs().size() >= 2, 10_000, "two checks at the server");

                // VIP deleted: suspended; a stopped server then goes unnoticed
                ns.ip("addr", "del", "192.0.2.100/32", "dev", "d0");
                child.waitForLine("Netlink reflector reports IP 192.0.2.100 removed", 10_000);
                child.waitForLine("Suspending healthchecker for service " + RS + " for VS " + VS, 10_000);
                Thread.sleep(1500); // an attempt already under way may still finish
                int arrivals = server.arrivalsMs().size();
                server.stop();
                Thread.sleep(3000);
                assertEquals(arrivals, server.arrivalsMs().size(), "no check while suspended");
                assertEquals(0, child.count("TCP_CHECK on service " + RS + " failed."), child::output);

                // VIP back: checks resume and see the server down
                ns.ip("addr", "add", "192.0.2.100/32", "dev", "d0");
                child.waitForLine("TCP_CHECK on service " + RS + " failed.", 10_000);
                child.waitForLine("Removing service " + RS + " from VS " + VS, 10_000);
                assertEquals(2, child.count("Activating healthchecker for service " + RS), child::output);
                assertEquals(0, child.terminate(10_000), child::output);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
