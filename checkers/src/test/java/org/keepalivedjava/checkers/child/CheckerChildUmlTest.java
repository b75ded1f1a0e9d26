package org.keepalivedjava.checkers.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real IPVS: the checker child ({@link FileDrivenCheckChildMain}: the real runtime, stand-in checks driven by
 * files) runs in a User-Mode Linux guest (netlink-jni's src/test/uml/uml-run.sh; this kernel has no IPVS) and
 * programs NAT, DR and TUN services, a fwmark service and a group; {@code ipvsadm -Sn} in the guest must show
 * exactly the expected table, a failing server removed (or weight 0 with inhibit_on_failure), then back, and an
 * empty table after SIGTERM. Needs root and user-mode-linux, kmod, ipvsadm (a missing one FAILS the test).
 */
@Tag("root")
class CheckerChildUmlTest {
    static final String CONFIG = """
            virtual_server_group G1 {
              192.0.2.50-51 80
            }
            virtual_server 192.0.2.1 80 {
              delay_loop 1
              lb_algo rr
              lb_kind NAT
              protocol TCP
              real_server 192.0.2.10 8080 {
                weight 2
                TCP_CHECK {
                  connect_timeout 1
                  retry 0
                }
              }
              real_server 192.0.2.11 8080 {
                inhibit_on_failure
                TCP_CHECK {
                  connect_timeout 1
                  retry 0
                }
              }
            }
            virtual_server 192.0.2.2 53 {
              delay_loop 1
              lb_algo wlc
              lb_kind DR
              protocol UDP
              real_server 192.0.2.12 53 {
                TCP_CHECK {
                }
              }
            }
            virtual_server fwmark 5 {
              delay_loop 1
              lb_algo rr
              lb_kind TUN
              real_server 198.51.100.5 {
                weight 3
                TCP_CHECK {
                  connect_port 80
                  connect_timeout 1
                  retry 0
                }
              }
            }
            virtual_server group G1 {
              delay_loop 1
              lb_algo rr
              lb_kind DR
              protocol TCP
              real_server 198.51.100.20 80 {
                TCP_CHECK {
                }
              }
            }
            """;

    static final String START = """
            -A -t 192.0.2.1:80 -s rr
            -a -t 192.0.2.1:80 -r 192.0.2.10:8080 -m -w 2
            -a -t 192.0.2.1:80 -r 192.0.2.11:8080 -m -w 1
            -A -u 192.0.2.2:53 -s wlc
            -a -u 192.0.2.2:53 -r 192.0.2.12:53 -g -w 1
            -A -f 5 -s rr
            -a -f 5 -r 198.51.100.5:0 -i -w 3 --tun-type ipip
            -A -t 192.0.2.50:80 -s rr
            -a -t 192.0.2.50:80 -r 198.51.100.20:80 -g -w 1
            -A -t 192.0.2.51:80 -s rr
            -a -t 192.0.2.51:80 -r 198.51.100.20:80 -g -w 1
            """;

    static final String FAILED = """
            -A -t 192.0.2.1:80 -s rr
            -a -t 192.0.2.1:80 -r 192.0.2.11:8080 -m -w 0
            -A -u 192.0.2.2:53 -s wlc
            -a -u 192.0.2.2:53 -r 192.0.2.12:53 -g -w 1
            -A -f 5 -s rr
            -A -t 192.0.2.50:80 -s rr
            -a -t 192.0.2.50:80 -r 198.51.100.20:80 -g -w 1
            -A -t 192.0.2.51:80 -s rr
            -a -t 192.0.2.51:80 -r 198.51.100.20:80 -g -w 1
            """;

    /**
     * The guest part with keepalived 2.2.7: real servers are TCP listeners on the guest's loopback (one python3
     * process each, so that one can be stopped), keepalived -C runs the same configuration, and its table is taken at
     * the same steps as ours: all up, three down (listeners killed), back up, stopped.
     */
    static final String KEEPALIVED_SIDE = String.join(" && ",
            "for a in 192.0.2.10 192.0.2.11 192.0.2.12 198.51.100.5 198.51.100.20; do ip addr add $a/32 dev lo; done",
            "L() { /usr/bin/python3 -c 'import socket,sys\ns=socket.socket()\n"
                    + "s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind((sys.argv[1],int(sys.argv[2])))\n"
                    + "s.listen(64)\nwhile True:\n  c,_=s.accept()\n  c.close()' $1 $2 & echo $! > @D@/l-$1-$2; }",
            "wk() { for i in $(seq 1 300); do grep -q \"$1\" @D@/kk.log && break; sleep 0.2; done; }",
            "L 192.0.2.10 8080; L 192.0.2.11 8080; L 192.0.2.12 53; L 198.51.100.5 80; L 198.51.100.20 80; sleep 3",
            "(keepalived -n -l -D -C -f @D@/k.conf -p @D@/k.pid -c @D@/c.pid -r @D@/r.pid > @D@/kk.log 2>&1 &)",
            "wk 'Activating healthchecker for service \\[198.51.100.20\\]' && sleep 3",
            "ipvsadm -Sn > @D@/table.kstart",
            "kill $(cat @D@/l-192.0.2.10-8080) $(cat @D@/l-192.0.2.11-8080) $(cat @D@/l-198.51.100.5-80)",
            "wk 'Removing service \\[198.51.100.5\\]' && wk 'Disabling service' && wk 'Removing service \\[192.0.2.10\\]'",
            "ipvsadm -Sn > @D@/table.kfailed",
            "L 192.0.2.10 8080; L 192.0.2.11 8080; L 198.51.100.5 80",
            "wk 'Adding service \\[198.51.100.5\\]' && wk 'Enabling service' && wk 'Adding service \\[192.0.2.10\\]'",
            "sleep 1 && ipvsadm -Sn > @D@/table.kback",
            "kill -TERM $(cat @D@/k.pid) && sleep 3 && ipvsadm -Sn > @D@/table.kstopped");

    @Test
    void programsTheRealIpvsTableOfAGuestKernel() throws Exception {
        Path script = Path.of("../netlink-jni/src/test/uml/uml-run.sh").toAbsolutePath().normalize();
        Path dir = Files.createTempDirectory("kj-checker-uml");
        try {
            Files.writeString(dir.resolve("k.conf"), CONFIG);
            Files.writeString(dir.resolve("original.conf"), CONFIG);
            String edited = CONFIG.replace("  delay_loop 1\n  lb_algo rr\n  lb_kind NAT",
                    "  delay_loop 1\n  lb_algo wrr\n  persistence_timeout 60\n  lb_kind NAT");
            assertNotEquals(CONFIG, edited);
            Files.writeString(dir.resolve("edited.conf"), edited);
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String java = System.getProperty("java.home") + "/bin/java";
            String d = dir.toString();
            String snap = "ipvsadm -Sn > " + d + "/table.";
            String wait = "for i in $(seq 1 300); do grep -q \"$1\" " + d + "/child.log && break; sleep 0.2; done";
            String guest = "cd " + d + " && touch up-192.0.2.10-8080 up-192.0.2.11-8080 up-192.0.2.12-53"
                    + " up-198.51.100.5-80 up-198.51.100.20-80"
                    + " && w() { " + wait + "; }"
                    + " && (" + java + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dkj.check.dir=" + d + " -cp " + cp
                    + " " + FileDrivenCheckChildMain.class.getName() + " -f " + d + "/k.conf -l -G > " + d
                    + "/child.log 2>&1 & echo $! > " + d + "/pid)"
                    + " && w 'Startup complete' && sleep 1 && " + snap + "start"
                    + " && rm up-192.0.2.10-8080 up-192.0.2.11-8080 up-198.51.100.5-80"
                    + " && w 'Removing service \\[198.51.100.5\\]' && w 'Disabling service' && w 'Removing service \\[192.0.2.10\\]'"
                    + " && " + snap + "failed"
                    + " && touch up-192.0.2.10-8080 up-192.0.2.11-8080 up-198.51.100.5-80"
                    + " && w 'Adding service \\[198.51.100.5\\]' && w 'Enabling service' && w 'Adding service \\[192.0.2.10\\]'"
                    + " && " + snap + "back"
                    // issue 6: a reload changing only lb_algo and persistence edits the service in place
                    + " && cp edited.conf k.conf && kill -HUP $(cat pid) && w 'Editing Virtual Server' && sleep 1"
                    + " && " + snap + "edited"
                    + " && kill -TERM $(cat pid) && w 'Shutting down service \\[198.51.100.20\\]' && sleep 2"
                    + " && " + snap + "stopped"
                    // Side by side: the real keepalived's checker on the same configuration (the original file)
                    // and real servers that answer (listeners on the guest's loopback), stopped and restarted
                    // as the files were above.
                    + " && cp original.conf k.conf && " + KEEPALIVED_SIDE.replace("@D@", d)
                    + " && echo GUEST DONE";
            Process p = new ProcessBuilder(script.toString(), "--", "bash", "-c", guest)
                    .redirectErrorStream(true).directory(new File(".")).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            String output = new String(out, StandardCharsets.UTF_8);
            String log = Files.exists(dir.resolve("child.log")) ? Files.readString(dir.resolve("child.log")) : "";
            assertEquals(0, p.exitValue(), "guest run failed (apt-get install -y user-mode-linux kmod ipvsadm):\n"
                    + output + "\nchild:\n" + log);
            assertEquals(sorted(START), sorted(Files.readString(dir.resolve("table.start"))), log);
            assertEquals(sorted(FAILED), sorted(Files.readString(dir.resolve("table.failed"))), log);
            assertEquals(sorted(START), sorted(Files.readString(dir.resolve("table.back"))), log);
            assertEquals(sorted(START.replace("-A -t 192.0.2.1:80 -s rr", "-A -t 192.0.2.1:80 -s wrr -p 60")),
                    sorted(Files.readString(dir.resolve("table.edited"))), log);
            assertEquals("", sorted(Files.readString(dir.resolve("table.stopped"))), log);
            // The same tables from keepalived 2.2.7 itself.
            String klog = Files.exists(dir.resolve("kk.log")) ? Files.readString(dir.resolve("kk.log")) : "";
            assertEquals(sorted(Files.readString(dir.resolve("table.start"))),
                    sorted(Files.readString(dir.resolve("table.kstart"))), klog);
            assertEquals(sorted(Files.readString(dir.resolve("table.failed"))),
                    sorted(Files.readString(dir.resolve("table.kfailed"))), klog);
            assertEquals(sorted(Files.readString(dir.resolve("table.back"))),
                    sorted(Files.readString(dir.resolve("table.kback"))), klog);
            assertEquals("", sorted(Files.readString(dir.resolve("table.kstopped"))), klog);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String sorted(String saved) {
        return org.keepalivedjava.checkers.lvs.TableText.normalize(saved);
    }
}
