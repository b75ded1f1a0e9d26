package org.keepalivedjava.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers that need no namespace: usage, exit statuses, refusals (as one line, no trace). */
class LabMainTest {
    @TempDir
    Path tmp;

    record Out(int status, String text) {
    }

    static Out run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = LabMain.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Out(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageAndItsStatuses() {
        Out none = run();
        assertEquals(2, none.status());
        assertTrue(none.text().startsWith("usage: keepalived-lab demo | run [--map-addresses] CONF [CONF...] | clean"),
                none.text());
        assertEquals(2, run("run", "--map-addresses").status());
        assertEquals(0, run("--help").status());
        assertEquals(2, run("bogus").status());
        assertEquals(2, run("demo", "extra").status());
        assertEquals(2, run("run").status());
    }

    @Test
    void missingConfigIsOneLine() {
        Out r = run("run", tmp.resolve("absent.conf").toString());
        assertEquals(1, r.status());
        assertEquals("keepalived-lab: cannot read " + tmp.resolve("absent.conf") + ": no such file\n", r.text());
    }

    @Test
    void mappingRefusesWhatItCannotMap() throws Exception {
        Path conf = Files.writeString(tmp.resolve("v6.conf"), "virtual_ipaddress {\n  2a00:1450::1/64\n}\n");
        Out r = run("run", "--map-addresses", conf.toString());
        assertEquals(1, r.status());
        assertEquals("keepalived-lab: IPv6 addresses are not mapped (2a00:1450::1): edit a copy of the configs with"
                + " 2001:db8:: addresses\n", r.text());
    }

    @Test
    void productionAddressesAreRefusedBeforeAnythingIsCreated() throws Exception {
        Path conf = Files.writeString(tmp.resolve("prod.conf"), "vrrp_instance VI_1 {\n interface eth0\n"
                + " virtual_ipaddress {\n  10.1.2.3/24\n  192.0.2.100/24\n }\n}\n");
        Out r = run("run", conf.toString());
        assertEquals(1, r.status());
        assertTrue(r.text().startsWith(conf + ":4: 10.1.2.3 is not a documentation address\n"), r.text());
        assertTrue(r.text().contains("try a copy of the configs with those addresses, or --map-addresses"), r.text());
    }
}
