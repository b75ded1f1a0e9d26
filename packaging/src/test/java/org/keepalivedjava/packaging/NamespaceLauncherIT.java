package org.keepalivedjava.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedjava.packaging.DistributionIT.Run;

/**
 * -s/--namespace: the launcher script re-executes itself under `ip netns exec NAME`. Needs root (network
 * namespaces); only the namespace created here, named kj-*, is touched and it is always deleted.
 * Also checks the sample configuration with the REAL keepalived 2.2.7 in a namespace that has an eth0.
 */
@Tag("root")
class NamespaceLauncherIT {
    static final String NS = "kj-pkg-" + ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    @BeforeAll
    static void createNamespace() throws Exception {
        sh("ip netns add " + NS);
        sh("ip -n " + NS + " link set lo up");
        sh("ip -n " + NS + " link add eth0 type veth peer name eth1");
        sh("ip -n " + NS + " link set eth0 up");
    }

    @AfterAll
    static void deleteNamespace() throws Exception {
        DistributionIT.run(Path.of("/"), Map.of(), List.of("ip", "netns", "del", NS));
    }

    /**
     * A kj- namespace {@code ns} shaped like one load balancer: lo up, eth0 (192.0.2.1/24) up with its veth peer
     * eth1 up in the same namespace, so eth0 has carrier. The daemon ITs start their nodes in it.
     */
    static void lanNamespace(String ns) throws Exception {
        sh("ip netns add " + ns);
        sh("ip -n " + ns + " link set lo up");
        sh("ip -n " + ns + " link add eth0 type veth peer name eth1");
        sh("ip -n " + ns + " link set eth1 up");
        sh("ip -n " + ns + " link set eth0 up");
        sh("ip -n " + ns + " addr add 192.0.2.1/24 dev eth0");
    }

    static void sh(String command) throws Exception {
        Run r = DistributionIT.run(Path.of("/"), Map.of(), List.of("sh", "-c", command));
        assertEquals(0, r.status(), command + ": " + r.err());
    }

    private Run launcher(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(DistributionIT.LAUNCHER.toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return DistributionIT.run(tmp, Map.of(), cmd);
    }

    @Test
    void namespaceOptionReexecutesUnderIpNetnsExec() throws Exception {
        Files.writeString(tmp.resolve("good.conf"), "global_defs {\n    router_id lb1\n}\n");
        Run inside = launcher("-s", NS, "-t", "-f", "good.conf");
        assertEquals(0, inside.status(), inside.err());
        Run glued = launcher("-ts", "-f", "good.conf", "--namespace=" + NS);
        assertEquals(0, glued.status(), glued.err());
        Run cluster = launcher("-Gs" + NS, "-t", "--use", "good.conf");
        assertEquals(0, cluster.status(), cluster.err());
        Run missing = launcher("--namespace", "kj-absent-ns", "-t", "-f", "good.conf");
        assertNotEquals(0, missing.status());
        assertTrue(missing.err().contains("kj-absent-ns"), missing.err());
    }

    @Test
    void configFileNamedLikeAnOptionIsNotTakenForMinusS() throws Exception {
        // "-f -s": a config file named "-s"; no namespace is involved, so ip is never run.
        Run r = launcher("-t", "-f", "-s");
        assertTrue(r.err().contains("Configuration file '-s' not found"), r.err());
    }

    @Test
    void sampleConfigIsAcceptedByRealKeepalived() throws Exception {
        Path sample = DistributionIT.DIST.resolve("etc/keepalived/keepalived.conf").toAbsolutePath();
        Run r = DistributionIT.run(tmp, Map.of(), List.of("ip", "netns", "exec", NS, "keepalived", "-t", "-f",
                sample.toString()));
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
    }
}
