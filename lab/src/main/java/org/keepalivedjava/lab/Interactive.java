package org.keepalivedjava.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * {@code keepalived-lab run CONF...}: one node per configuration, started at once, then the operator's commands,
 * one a line on stdin. Events are printed as they happen, between commands. End of input is {@code quit}.
 *
 * <p>A script can pipe the commands and use the {@code await} ones as checks (each a deadline; one that does not
 * happen in time is reported and makes the exit status 1), e.g.
 * {@code printf 'await lb1 VI_1 MASTER 60\nkill lb1\nawait-vip 192.0.2.100 lb2 30\n' | keepalived-lab run a b}.
 */
final class Interactive {
    static final String COMMANDS = "status, kill NODE, stop NODE, start NODE, cut NODE, mend NODE, reload NODE,"
            + " rs-stop ADDR:PORT, rs-start ADDR:PORT, wait SECONDS, await NODE INSTANCE STATE [SECONDS],"
            + " await-vip ADDR NODE [SECONDS], await-rs NODE ADDR UP|DOWN [SECONDS], quit";
    static final double DEFAULT_AWAIT_S = 60;

    private final Lab lab;
    private final List<Path> sources;
    private final Map<String, String> names;
    private final UnaryOperator<String> transform;
    private final Deque<String> pending = new ArrayDeque<>();
    private long waitUntilNs = System.nanoTime();
    private boolean quit;
    private int failures;
    private Await await;

    /** A condition the operator waits for, with its deadline. */
    private record Await(String what, BooleanSupplier condition, long sinceNs, long deadlineNs) {
    }

    private Interactive(Lab lab, List<Path> sources, Map<String, String> names, UnaryOperator<String> transform) {
        this.lab = lab;
        this.transform = transform;
        this.sources = sources;
        this.names = names;
    }

    /**
     * @param texts     the configs as the lab runs them (addresses already mapped)
     * @param transform what was done to the sources' text (address mapping), done again at reload
     */
    static int run(Lab lab, List<Path> sources, List<String> texts, UnaryOperator<String> transform,
                   BufferedReader stdin) throws IOException {
        lab.say(LabEvent.Kind.INFO, "lab", "keepalived-lab: " + sources.size() + " node(s), lab " + lab.plan().id());
        lab.build();
        Map<String, String> names = new LinkedHashMap<>();
        for (String t : texts) {
            for (String i : ConfigRewriter.interfacesOf(t)) {
                names.put(i, LabPlan.LAB_IF);
            }
        }
        StringBuilder mapped = new StringBuilder();
        names.forEach((from, to) -> mapped.append(from).append(" -> ").append(to).append(", "));
        lab.say(LabEvent.Kind.INFO, "lab", "configs: " + mapped + "smtp_server -> " + LabPlan.SERVICES_ADDRESS
                + " (the lab's SMTP sink), notify FIFO per node");
        Interactive session = new Interactive(lab, sources, names, transform);
        lab.commandSink(o -> session.pending.add(o.line()));
        List<LabPlan.Node> nodes = lab.plan().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i).name();
            session.writeConfig(node, texts.get(i));
            lab.say(LabEvent.Kind.INFO, node, sources.get(i) + " (" + String.join(", ", nodes.get(i).ownAddresses())
                    + ")");
        }
        for (LabPlan.Node n : nodes) {
            lab.start(n.name(), session.conf(n.name()));
        }
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = stdin.readLine()) != null; ) {
                    lab.offerCommand(line);
                }
            } catch (IOException e) {
                // stdin gone: same as end of input
            }
            lab.offerCommand("quit");
        }, "keepalived-lab stdin");
        reader.setDaemon(true);
        reader.start();
        session.loop();
        Demo.summary(lab);
        return session.failures == 0 ? 0 : 1;
    }

    private void loop() throws IOException {
        long slice = TimeUnit.MILLISECONDS.toNanos(200);
        while (!quit) {
            if (await != null) {
                long now = System.nanoTime();
                if (await.condition().getAsBoolean()) {
                    // Already true when asked: "after 0"; else timed to the event that made it true.
                    long at = Math.max(await.sinceNs(), lab.state().lastEventNs());
                    lab.say(at, LabEvent.Kind.INFO, "operator", "ok: " + await.what() + ", after "
                            + Timeline.seconds(at - await.sinceNs()));
                    await = null;
                } else if (now - await.deadlineNs() >= 0) {
                    lab.say(LabEvent.Kind.FAILED, "operator", "not within " + Timeline.seconds(now - await.sinceNs())
                            + ": " + await.what());
                    failures++;
                    await = null;
                } else {
                    lab.pump(await.condition(), Math.min(slice, await.deadlineNs() - now));
                }
                continue;
            }
            if (!pending.isEmpty() && System.nanoTime() - waitUntilNs >= 0) {
                String command = pending.poll().trim();
                try {
                    execute(command);
                } catch (LabException e) {
                    lab.say(LabEvent.Kind.FAILED, "operator", e.getMessage());
                }
                continue;
            }
            lab.pump(() -> !pending.isEmpty() && System.nanoTime() - waitUntilNs >= 0, slice);
        }
    }

    private void execute(String command) throws IOException {
        if (command.isEmpty() || command.startsWith("#")) {
            return;
        }
        String[] w = command.split("\\s+");
        String arg = w.length > 1 ? w[1] : "";
        LabState s = lab.state();
        switch (w[0]) {
            case "status" -> Demo.summary(lab);
            case "kill" -> lab.kill(arg);
            case "stop" -> lab.stop(arg);
            case "start" -> lab.start(arg, conf(arg));
            case "cut" -> lab.cut(arg, true);
            case "mend" -> lab.cut(arg, false);
            case "reload" -> {
                // The operator may have edited the config: the lab copy is made again before SIGHUP.
                writeConfig(arg, transform.apply(Files.readString(sources.get(index(arg)))));
                lab.reload(arg);
            }
            case "rs-stop" -> lab.realServer(arg, false);
            case "rs-start" -> lab.realServer(arg, true);
            case "wait" -> waitUntilNs = System.nanoTime() + nanos(w, 1, -1, command);
            case "await" -> {
                need(w, 4, command);
                String node = w[1];
                String instance = w[2];
                String state = w[3];
                await(node + " " + instance + " is " + state, () -> state.equals(s.stateOf(node, instance)),
                        nanos(w, 4, DEFAULT_AWAIT_S, command));
            }
            case "await-vip" -> {
                need(w, 3, command);
                String vip = w[1];
                String node = w[2];
                await(vip + " held by " + node + " only", () -> s.ownersOf(vip).equals(java.util.Set.of(node)),
                        nanos(w, 3, DEFAULT_AWAIT_S, command));
            }
            case "await-rs" -> {
                need(w, 4, command);
                String node = w[1];
                String rs = w[2];
                String state = w[3];
                await(node + " sees real server " + rs + " " + state, () -> state.equals(s.realServerStateOf(node, rs)),
                        nanos(w, 4, DEFAULT_AWAIT_S, command));
            }
            case "quit", "exit" -> quit = true;
            default -> throw new LabException("unknown command '" + command + "' (" + COMMANDS + ")");
        }
    }

    private void await(String what, BooleanSupplier condition, long timeoutNs) {
        // Judged on everything seen so far, not on a state that events already queued would change.
        lab.drain();
        long now = System.nanoTime();
        await = new Await(what, condition, now, now + timeoutNs);
    }

    private static void need(String[] w, int words, String command) {
        if (w.length < words) {
            throw new LabException("not enough words in '" + command + "' (" + COMMANDS + ")");
        }
    }

    /** Word {@code i} as seconds, or {@code defaultS} when absent (negative: required). */
    private static long nanos(String[] w, int i, double defaultS, String command) {
        if (w.length <= i) {
            if (defaultS < 0) {
                throw new LabException("seconds missing in '" + command + "'");
            }
            return (long) (defaultS * 1e9);
        }
        try {
            return (long) (Double.parseDouble(w[i]) * 1e9);
        } catch (NumberFormatException e) {
            throw new LabException("'" + w[i] + "' is not a number of seconds in '" + command + "'");
        }
    }

    private int index(String node) {
        List<LabPlan.Node> nodes = lab.plan().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(node)) {
                return i;
            }
        }
        throw new LabException("no node " + node);
    }

    private Path conf(String node) {
        return lab.dir().resolve(node + ".conf");
    }

    private void writeConfig(String node, String text) throws IOException {
        Files.writeString(conf(node), ConfigRewriter.rewrite(text, names, LabPlan.SERVICES_ADDRESS,
                LabPlan.SMTP_PORT, lab.fifo(node).toString()));
    }
}
