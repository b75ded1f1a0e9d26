package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/keepalived-java -T ...} (keepalived's genhash mode) through the built launcher, against a JDK
 * HttpServer on 127.0.0.1: the digest printed is md5sum's of the body.
 */
class GenHashIT {
    @TempDir
    Path tmp;

    HttpServer server;
    byte[] body;

    @BeforeEach
    void serve() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            b.append("line ").append(i).append(" of a page bigger than one read\n");
        }
        body = b.toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/page", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String md5sum() throws Exception {
        Path f = tmp.resolve("body");
        Files.write(f, body);
        DistributionIT.Run r = DistributionIT.run(tmp, Map.of(), List.of("md5sum", f.toString()));
        assertEquals(0, r.status());
        return r.out().substring(0, 32);
    }

    List<String> launcher(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(DistributionIT.LAUNCHER.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void dashTFirstPrintsTheDigestOfTheBody() throws Exception {
        String port = String.valueOf(server.getAddress().getPort());
        DistributionIT.Run r = DistributionIT.run(tmp, Map.of(),
                launcher("-T", "-s", "127.0.0.1", "-p", port, "-u", "/page"));
        assertEquals(0, r.status(), r.err());
        assertEquals(md5sum() + "\n", r.out());
        assertEquals("", r.err());

        DistributionIT.Run longForm = DistributionIT.run(tmp, Map.of(),
                launcher("--genhash", "-s", "127.0.0.1", "-p", port, "-u", "/page"));
        assertEquals(md5sum() + "\n", longForm.out(), longForm.err());
    }

    @Test
    void dashTAfterOtherOptionsWarnsAndStillRunsGenhash() throws Exception {
        // keepalived 2.2.7: "-l -D -T ..." ignores -l -D with this warning; -s after -T is genhash's server
        String port = String.valueOf(server.getAddress().getPort());
        DistributionIT.Run r = DistributionIT.run(tmp, Map.of(),
                launcher("-l", "-D", "-T", "-s", "127.0.0.1", "-p", port, "-u", "/page"));
        assertEquals(0, r.status(), r.err());
        assertEquals(md5sum() + "\n", r.out());
        assertEquals("Warning -- `-T` not used as first option, previous options ignored\n", r.err());
    }

    @Test
    void aConfigFileNamedDashTIsNotGenhash() throws Exception {
        Path conf = tmp.resolve("-T");
        Files.writeString(conf, "global_defs {\n}\n");
        DistributionIT.Run r = DistributionIT.run(tmp, Map.of(), launcher("-t", "-f", "-T"));
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(!r.err().contains("genhash") && !r.err().contains("Usage: keepalived --genhash"), r.err());
    }

    @Test
    void helpAndFailureAsKeepalived() throws Exception {
        DistributionIT.Run help = DistributionIT.run(tmp, Map.of(), launcher("-T", "-h"));
        assertEquals(1, help.status());
        assertTrue(help.err().startsWith("Usage: keepalived --genhash COMMAND [OPTIONS]"), help.err());
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        DistributionIT.Run failed = DistributionIT.run(tmp, Map.of(),
                launcher("-T", "-s", "127.0.0.1", "-p", String.valueOf(closed), "-u", "/page"));
        assertEquals(0, failed.status());
        assertEquals("Connection failed\n", failed.out());
    }
}
