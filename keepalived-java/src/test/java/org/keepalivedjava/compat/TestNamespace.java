package org.keepalivedjava.compat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A network namespace {@code kj-compat-<random>} with the interfaces the compatibility corpus names: lo up, and
 * eth0..eth3 plus eth0.1 up, eth{i} holding 192.0.2.1{i}/24 and 2001:db8::1{i}/64. Each interface is a dummy
 * device, or, on kernels built without the dummy driver (as on the project's lab machines), one end of a veth
 * pair whose other end ({@code kjp*}) stays in the namespace: -t only asks whether the name exists and is up.
 * The namespace is deleted by {@link #close()}, which removes every interface in it.
 */
final class TestNamespace implements AutoCloseable {
    /** eth0.1 is named by a sample (a VLAN there); here it is only a name that exists, with no address. */
    private static final List<String> INTERFACES = List.of("eth0", "eth1", "eth2", "eth3", "eth0.1");

    final String name;
    private final List<String> setupLog = new ArrayList<>();

    private TestNamespace(String name) {
        this.name = name;
    }

    static TestNamespace create() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        TestNamespace ns = new TestNamespace("kj-compat-" + HexFormat.of().formatHex(random));
        Commands.mustRun(List.of("ip", "netns", "add", ns.name));
        try {
            ns.populate();
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    private void populate() {
        ip("link", "set", "lo", "up");
        int peer = 0;
        for (int i = 0; i < INTERFACES.size(); i++) {
            String ifName = INTERFACES.get(i);
            Commands.Result dummy = Commands.run(
                    List.of("ip", "-n", name, "link", "add", ifName, "type", "dummy"), java.nio.file.Path.of("/"), 30);
            if (dummy.exit() != 0) {
                String peerName = "kjp" + peer++;
                ip("link", "add", ifName, "type", "veth", "peer", "name", peerName);
                ip("link", "set", peerName, "up");
                setupLog.add(ifName + ": veth (no dummy driver: " + dummy.stderr().strip() + ")");
            } else {
                setupLog.add(ifName + ": dummy");
            }
            ip("link", "set", ifName, "up");
            if (!ifName.contains(".")) {
                ip("addr", "add", "192.0.2." + (10 + i) + "/24", "dev", ifName);
                ip("-6", "addr", "add", "2001:db8::" + (10 + i) + "/64", "dev", ifName, "nodad");
            }
        }
    }

    private void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        Commands.mustRun(cmd);
    }

    /** The command prefix that runs a program inside this namespace. */
    List<String> exec(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(command);
        return cmd;
    }

    String describe() {
        return name + " " + setupLog;
    }

    @Override
    public void close() {
        Commands.run(List.of("ip", "netns", "del", name), java.nio.file.Path.of("/"), 30);
    }
}
