package org.keepalivedjava.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code bin/keepalived-lab}: try keepalived-java configurations in throw-away network namespaces.
 * <pre>
 *   keepalived-lab demo                 built-in two-node scenario: election, failover, preemption
 *   keepalived-lab run CONF [CONF...]   one node per config; then commands on stdin (see {@link Interactive})
 *   keepalived-lab clean                remove every kj-lab- namespace, its processes and work directories
 * </pre>
 * Exit status: 0 success, 1 a step failed or the lab could not be built, 2 usage. Needs root (namespaces).
 * The lab always removes what it created: on normal exit, on an error, and on SIGINT/SIGTERM (shutdown hook).
 */
public final class LabMain {
    private LabMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        String home = System.getProperty("keepalived.lab.home");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            switch (args[0]) {
                case "clean" -> {
                    if (!root()) {
                        out.println("keepalived-lab: needs root (it deletes network namespaces)");
                        return 1;
                    }
                    return Cleaner.cleanAll(tmp, out);
                }
                case "demo" -> {
                    if (args.length != 1) {
                        usage(out);
                        return 2;
                    }
                    LabPlan plan = LabPlan.of(LabPlan.PREFIX + ProcessHandle.current().pid(), 2, Demo.REAL_SERVERS);
                    return withLab(plan, home, tmp, out, Demo::run);
                }
                case "run" -> {
                    return run(args, home, tmp, out);
                }
                default -> {
                    usage(out);
                    return 2;
                }
            }
        } catch (LabException e) {
            out.println("keepalived-lab: " + e.getMessage());
            return 1;
        }
    }

    /** {@code run [--map-addresses] CONF...}. */
    private static int run(String[] args, String home, Path tmp, PrintStream out) {
        boolean map = false;
        List<Path> confs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--map-addresses")) {
                map = true;
            } else {
                confs.add(Path.of(args[i]));
            }
        }
        if (confs.isEmpty()) {
            usage(out);
            return 2;
        }
        List<String> texts = new ArrayList<>();
        for (Path c : confs) {
            try {
                texts.add(Files.readString(c));
            } catch (IOException e) {
                out.println("keepalived-lab: cannot read " + c + ": " + (e instanceof NoSuchFileException
                        ? "no such file" : e.getMessage()));
                return 1;
            }
        }
        Map<String, String> networks = Map.of();
        if (map) {
            networks = AddressMapper.plan(texts);
        } else {
            boolean refused = false;
            for (int i = 0; i < confs.size(); i++) {
                for (AddressPolicy.Offence o : AddressPolicy.offences(texts.get(i))) {
                    out.println(confs.get(i) + ":" + o.line() + ": " + o.address() + " is not a documentation address");
                    refused = true;
                }
            }
            if (refused) {
                out.println("keepalived-lab: the lab uses only 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24"
                        + " and 2001:db8::/32; try a copy of the configs with those addresses, or --map-addresses");
                return 1;
            }
        }
        Map<String, String> mapping = networks;
        UnaryOperator<String> transform = text -> AddressMapper.apply(text, mapping);
        List<String> labTexts = texts.stream().map(transform).toList();
        List<String> realServers = new ArrayList<>();
        List<String> unicastSources = new ArrayList<>();
        for (String t : labTexts) {
            for (String rs : ConfigRewriter.realServersOf(t)) {
                if (!realServers.contains(rs)) {
                    realServers.add(rs);
                }
            }
            unicastSources.add(ConfigRewriter.unicastSourceOf(t));
        }
        LabPlan plan = LabPlan.of(LabPlan.PREFIX + ProcessHandle.current().pid(), confs.size(), realServers,
                unicastSources);
        if (!mapping.isEmpty()) {
            out.println("keepalived-lab: addresses mapped into the lab: " + AddressMapper.describe(mapping));
        }
        return withLab(plan, home, tmp, out, lab -> Interactive.run(lab, confs, labTexts, transform,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))));
    }

    interface Scenario {
        int run(Lab lab) throws IOException;
    }

    private static int withLab(LabPlan plan, String home, Path tmp, PrintStream out, Scenario scenario) {
        if (home == null) {
            out.println("keepalived-lab: start it with bin/keepalived-lab (keepalived.lab.home is not set)");
            return 2;
        }
        if (!root()) {
            out.println("keepalived-lab: needs root (it creates network namespaces)");
            return 1;
        }
        Lab lab = new Lab(plan, Path.of(home), tmp.resolve(plan.id()), out, System.nanoTime());
        Thread hook = new Thread(() -> {
            lab.say(LabEvent.Kind.ACTION, "lab", "interrupted: cleaning up");
            lab.close();
            lab.say(LabEvent.Kind.ACTION, "lab", "cleaned up after the interruption");
        }, "keepalived-lab cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        int status;
        try {
            status = scenario.run(lab);
        } catch (LabException | IOException e) {
            lab.say(LabEvent.Kind.FAILED, "lab", e.getMessage());
            status = 1;
        } catch (RuntimeException e) {
            lab.say(LabEvent.Kind.FAILED, "lab", "internal error: " + e);
            status = 1;
        }
        lab.close();
        lab.say(LabEvent.Kind.ACTION, "lab", "cleaned up: namespaces " + plan.id() + "-*, their processes and "
                + lab.dir() + " removed");
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs close() again, which does nothing the second time
        }
        return status;
    }

    static boolean root() {
        return Shell.run("id", "-u").output().trim().equals("0");
    }

    static void usage(PrintStream out) {
        out.println("""
                usage: keepalived-lab demo | run [--map-addresses] CONF [CONF...] | clean
                  demo    two load balancers (lb1 priority 150, lb2 priority 100) and a VIP in network namespaces:
                          election, failover (lb1 killed), preemption (lb1 back), with a timeline; then cleanup
                  run     one node per configuration (lb1, lb2... in order): interfaces are mapped to the lab's
                          lab0, smtp_server to the lab's SMTP sink, real servers answer HTTP; then read commands
                          from stdin, one a line (--map-addresses: production IPv4 networks become documentation
                          ones, host part kept, e.g. 10.0.0.x -> 203.0.113.x; else they are refused):
                            status | kill NODE (crash) | stop NODE (SIGTERM) | start NODE | cut NODE | mend NODE |
                            reload NODE | rs-stop ADDR:PORT | rs-start ADDR:PORT | wait SECONDS | quit
                            await NODE INSTANCE STATE [SECONDS] | await-vip ADDR NODE [SECONDS] |
                            await-rs NODE ADDR UP|DOWN [SECONDS]     (checks: exit status 1 if one fails)
                  clean   remove every kj-lab- namespace, the processes in them and the labs' work directories
                needs root; uses only documentation addresses (192.0.2.0/24 ...) in namespaces named kj-lab-*""");
    }
}
