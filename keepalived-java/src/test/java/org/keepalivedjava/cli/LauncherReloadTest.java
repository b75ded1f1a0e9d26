package org.keepalivedjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.lex.ConfigSnapshot;
import org.keepalivedjava.log.Logger;
import org.keepalivedjava.log.SyslogTransport;
import org.keepalivedjava.parent.ChildSpec;
import org.keepalivedjava.parent.ConfigReload;
import org.keepalivedjava.parent.SupervisorSettings;

/**
 * The launcher's SIGHUP validation ({@link ConfigReload}), driven from inside a fake supervisor while the
 * "daemon runs": the file is edited, then re-read as a SIGHUP would.
 */
class LauncherReloadTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static final String VRRP = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
            + " virtual_ipaddress {\n  192.0.2.100/24\n }\n}\n";
    private static final String VS = "virtual_server 192.0.2.100 80 {\n lvs_sched rr\n lvs_method NAT\n"
            + " protocol TCP\n real_server 198.51.100.10 80 {\n  TCP_CHECK {\n  }\n }\n}\n";

    /** Runs the launcher on {@code conf}; during the run writes each of {@code edits} and re-reads it. */
    private List<Optional<ConfigReload.Accepted>> reloads(Path conf, String... edits) {
        List<Optional<ConfigReload.Accepted>> results = new ArrayList<>();
        Platform.Supervisor supervisor = new Platform.Supervisor() {
            @Override
            public int run(SupervisorSettings settings, List<ChildSpec> children, Logger log, Runnable onRunning,
                           org.keepalivedjava.parent.StopSwitch stopSwitch, ConfigReload reload) {
                for (String text : edits) {
                    try {
                        Files.writeString(conf, text);
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                    results.add(reload.reread());
                }
                return 0;
            }
        };
        HostView host = new HostView() {
            @Override
            public boolean interfaceExists(String name) {
                return name.equals("eth0");
            }

            @Override
            public boolean userExists(String name) {
                return true;
            }

            @Override
            public boolean groupExists(String name) {
                return true;
            }
        };
        Platform platform = new Platform(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-21T12:59:58Z"), ZoneOffset.UTC), 4321, pid -> false, host,
                () -> SyslogTransport.NONE, name -> null, supervisor);
        int status = new Main(platform, "keepalived-java").execute(List.of("-n", "-l", "-G", "-f", conf.toString(),
                "-p", dir.resolve("p").toString()));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return results;
    }

    private static List<String> names(Optional<ConfigReload.Accepted> accepted) {
        return accepted.orElseThrow().children().stream().map(ChildSpec::name).toList();
    }

    @Test
    void aValidEditIsAcceptedWithTheChildrenItNeeds() throws Exception {
        Path conf = dir.resolve("k.conf");
        Files.writeString(conf, VRRP);
        String withScript = VRRP.replace(" interface eth0\n", " interface eth0\n notify_master /bin/true\n");
        var results = reloads(conf, VRRP, VRRP + VS, "", withScript);
        assertEquals(List.of("VRRP"), names(results.get(0)));
        assertEquals(List.of("VRRP", "Checker"), names(results.get(1)), "the first virtual_server needs the checker");
        assertEquals(List.of(), names(results.get(2)));
        // Scripts without enable_script_security (-t exits 6) run, so they reload too.
        assertEquals(List.of("VRRP"), names(results.get(3)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("script_security"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anyErrorRefusesTheReloadAndIsLogged() throws Exception {
        Path conf = dir.resolve("k.conf");
        Files.writeString(conf, VRRP);
        var results = reloads(conf, VRRP + "frobnicate 1\n", VRRP.replace("eth0", "nosuch0"),
                VRRP + "net_namespace other\n", VRRP.replace("priority", "") + "global_defs {\n router_id x\n}\n");
        assertTrue(results.get(0).isEmpty());
        assertTrue(results.get(1).isEmpty());
        assertTrue(results.get(2).isEmpty());
        assertTrue(results.get(3).isPresent(), "a clean edit after broken ones is accepted");
        String log = err.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("Unknown keyword 'frobnicate'"), log);
        assertTrue(log.contains("nosuch0"), log);
        assertTrue(log.contains("Cannot change network namespace at a reload - please restart keepalived"), log);
    }

    @Test
    void anAcceptedReloadHandsTheChildrenTheLinesItValidatedWithTheirFileNames() throws Exception {
        Path conf = dir.resolve("k.conf");
        Path include = dir.resolve("vips.conf");
        Files.writeString(conf, VRRP);
        Files.writeString(include, "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n"
                + " virtual_ipaddress {\n  192.0.2.5/24\n }\n}\n");
        var results = reloads(conf, VRRP + "include vips.conf\n");
        ConfigSnapshot snapshot = results.get(0).orElseThrow().snapshot().orElseThrow();
        assertTrue(snapshot.lines().stream().anyMatch(l -> l.location().file().equals(conf.toString())
                && l.location().line() == 3 && l.words().equals(List.of("virtual_router_id", "51"))),
                snapshot.lines().toString());
        assertTrue(snapshot.lines().stream().anyMatch(l -> l.location().file().equals("vips.conf")
                && l.location().line() == 3 && l.words().equals(List.of("virtual_router_id", "52"))),
                snapshot.lines().toString());
    }
}
