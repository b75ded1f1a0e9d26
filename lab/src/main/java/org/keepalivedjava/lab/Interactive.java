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

/**
 * {@code keepalived-lab run CONF...}: one node per configuration, started at once, then the operator's commands,
 * one a line on stdin (a script can pipe them: {@code printf 'wait 10\nkill lb1\nwait 10\nstatus\n' | ...}).
 * End of input is {@code quit}. Events are printed as they happen, between commands.
 */
final class Interactive {
    private Interactive() {
    }

    static int run(Lab lab, List<Path> sources, List<String> texts, BufferedReader stdin) throws IOException {
        lab.say(LabEvent.Kind.INFO, "lab", "keepalived-lab: " + sources.size() + " node(s), lab " + lab.plan().id());
        lab.build();
        Map<String, String> names = new LinkedHashMap<>();
        for (String t : texts) {
            for (String i : ConfigRewriter.interfacesOf(t)) {
                names.put(i, LabPlan.LAB_IF);
            }
        }
        lab.say(LabEvent.Kind.INFO, "lab", "interfaces " + names + ", smtp_server -> " + LabPlan.SERVICES_ADDRESS);
        List<LabPlan.Node> nodes = lab.plan().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i).name();
            writeConfig(lab, node, texts.get(i), names);
            lab.say(LabEvent.Kind.INFO, node, sources.get(i) + " (" + nodes.get(i).address() + ")");
        }
        for (LabPlan.Node n : nodes) {
            lab.start(n.name(), conf(lab, n.name()));
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

        Deque<String> pending = new ArrayDeque<>();
        long[] waitUntil = {System.nanoTime()};
        boolean[] quit = {false};
        while (!quit[0]) {
            if (!pending.isEmpty() && System.nanoTime() - waitUntil[0] >= 0) {
                String command = pending.poll().trim();
                try {
                    execute(lab, command, sources, names, waitUntil, quit);
                } catch (LabException e) {
                    lab.say(LabEvent.Kind.FAILED, "operator", e.getMessage());
                }
                continue;
            }
            lab.pump(() -> !pending.isEmpty() && System.nanoTime() - waitUntil[0] >= 0,
                    TimeUnit.MILLISECONDS.toNanos(500), o -> pending.add(o.line()));
        }
        Demo.summary(lab);
        return 0;
    }

    static void execute(Lab lab, String command, List<Path> sources, Map<String, String> names, long[] waitUntil,
                        boolean[] quit) throws IOException {
        String[] w = command.split("\\s+");
        if (command.isEmpty() || command.startsWith("#")) {
            return;
        }
        String arg = w.length > 1 ? w[1] : "";
        switch (w[0]) {
            case "status" -> Demo.summary(lab);
            case "kill" -> lab.kill(arg);
            case "stop" -> lab.stop(arg);
            case "start" -> lab.start(arg, conf(lab, arg));
            case "cut" -> lab.cut(arg, true);
            case "mend" -> lab.cut(arg, false);
            case "reload" -> {
                // The operator may have edited the config: the lab copy is made again before SIGHUP.
                int i = index(lab, arg);
                writeConfig(lab, arg, Files.readString(sources.get(i)), names);
                lab.reload(arg);
            }
            case "rs-stop" -> lab.realServer(arg, false);
            case "rs-start" -> lab.realServer(arg, true);
            case "wait" -> {
                try {
                    waitUntil[0] = System.nanoTime() + (long) (Double.parseDouble(arg) * 1e9);
                } catch (NumberFormatException e) {
                    throw new LabException("wait SECONDS, not " + command);
                }
            }
            case "quit", "exit" -> quit[0] = true;
            default -> throw new LabException("unknown command '" + command + "' (status, kill, stop, start, cut, mend,"
                    + " reload, rs-stop, rs-start, wait, quit)");
        }
    }

    private static int index(Lab lab, String node) {
        List<LabPlan.Node> nodes = lab.plan().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(node)) {
                return i;
            }
        }
        throw new LabException("no node " + node);
    }

    private static Path conf(Lab lab, String node) {
        return lab.dir().resolve(node + ".conf");
    }

    private static void writeConfig(Lab lab, String node, String text, Map<String, String> names) throws IOException {
        Files.writeString(conf(lab, node), ConfigRewriter.rewrite(text, names, LabPlan.SERVICES_ADDRESS,
                LabPlan.SMTP_PORT, lab.fifo(node).toString()));
    }
}
