package org.keepalivedjava.os.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real IPVS: {@link IpvsGuestMain} runs in a User-Mode Linux guest (src/test/uml/uml-run.sh; the host kernel has
 * no IPVS) and programs the kernel's table; ipvsadm in the same guest then prints it. Needs root and the
 * packages user-mode-linux, kmod and ipvsadm; a missing one FAILS the test with the install command (it is
 * never skipped). Takes ~5-20 s (the guest JVM starts in 3-12 s).
 */
@Tag("root")
class IpvsUmlTest {
    /** What `ipvsadm -Sn` must show, as blocks (service line + its destinations), compared in sorted order. */
    private static final String EXPECTED = String.join("\n",
            "-A -t 192.0.2.10:80 -s rr -p 300 -M 255.255.255.0",
            "-a -t 192.0.2.10:80 -r 192.0.2.20:8080 -m -w 3",
            "-a -t 192.0.2.10:80 -r 192.0.2.21:8080 -m -w 5",
            "-A -u [2001:db8::1]:53 -s sh -b sh-port",
            "-a -u [2001:db8::1]:53 -r [2001:db8::2]:53 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum",
            "-a -u [2001:db8::1]:53 -r [2001:db8::3]:53 -g -w 2",
            "-A -f 7 -s wlc",
            "-a -f 7 -r 198.51.100.5:0 -g -w 1",
            "-a -f 7 -r 198.51.100.6:0 -i -w 4 --tun-type ipip",
            "-A -f 8 -6 -s rr -p 60 -M 64",
            "-a -f 8 -6 -r [2001:db8::8]:0 -g -w 1",
            "-A --sctp-service 192.0.2.11:9 -s lc -p 10 --pe sip",
            "-a --sctp-service 192.0.2.11:9 -r 192.0.2.30:9 -m -w 0");

    @Test
    void programsTheRealIpvsTableOfAGuestKernel() throws Exception {
        Path script = Path.of("src/test/uml/uml-run.sh").toAbsolutePath();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + "/bin/java";
        String guest = "ip link add kjd0 type dummy && ip link set kjd0 up"
                + " && " + java + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp " + classpath
                + " " + IpvsGuestMain.class.getName()
                + " && echo '--- ipvsadm -Sn' && ipvsadm -Sn && echo '--- timeouts' && ipvsadm -Ln --timeout";
        Process p = new ProcessBuilder(script.toString(), "--", "bash", "-c", guest)
                .redirectErrorStream(true).directory(new File(".")).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        String output = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "guest run failed (apt-get install -y user-mode-linux kmod ipvsadm):\n" + output);
        assertTrue(output.contains("GUEST OK"), output);
        assertTrue(output.contains("error: add service TCP 192.0.2.10:80: EEXIST (17)"), output);
        String table = output.substring(output.indexOf("--- ipvsadm -Sn") + 16, output.indexOf("--- timeouts")).trim();
        assertEquals(blocks(EXPECTED), blocks(table), "ipvsadm -Sn in the guest:\n" + table);
        assertTrue(output.contains("Timeout (tcp tcpfin udp): 100 20 30"), output);
    }

    /** Service line -> its sorted destination lines (the kernel dumps services in hash order). */
    static Map<String, List<String>> blocks(String saved) {
        Map<String, List<String>> blocks = new TreeMap<>();
        List<String> current = null;
        for (String line : saved.split("\n")) {
            line = line.trim();
            if (line.startsWith("-A ")) {
                current = new ArrayList<>();
                blocks.put(line, current);
            } else if (line.startsWith("-a ") && current != null) {
                current.add(line);
                current.sort(null);
            } else if (!line.isEmpty()) {
                blocks.put("unexpected: " + line, List.of());
            }
        }
        return blocks;
    }
}
