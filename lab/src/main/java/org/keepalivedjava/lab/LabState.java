package org.keepalivedjava.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the lab knows about its nodes, built only from what it observed: addresses on the lab interfaces, the
 * notify FIFO lines, notify script lines and mails. Each {@code on...} method takes one raw observation and
 * returns the timeline event it means (or null when it changes nothing worth a line, e.g. a node's own base
 * address). Pure; one thread (the lab's main loop) owns it.
 */
public final class LabState {
    private final Map<String, String> baseAddressByNode;
    private final Map<String, Set<String>> vipsByNode = new TreeMap<>();
    private final Map<String, Map<String, String>> stateByNodeInstance = new TreeMap<>();
    private final Map<String, Map<String, String>> realServersByNode = new TreeMap<>();
    private final List<String> mails = new ArrayList<>();
    private final List<String> notifications = new ArrayList<>();

    private final Map<String, Set<String>> ownAddressesByNode = new TreeMap<>();

    /** @param baseAddressByNode each node's own address without prefix (never reported as a VIP) */
    public LabState(Map<String, String> baseAddressByNode) {
        this(baseAddressByNode, Map.of());
    }

    /**
     * @param baseAddressByNode each node's own address without prefix, shown in the summary
     * @param extraByNode       more addresses of a node's own (unicast sources); like the base, never VIPs
     */
    public LabState(Map<String, String> baseAddressByNode, Map<String, List<String>> extraByNode) {
        this.baseAddressByNode = Map.copyOf(baseAddressByNode);
        baseAddressByNode.forEach((node, a) -> {
            Set<String> own = new TreeSet<>(extraByNode.getOrDefault(node, List.of()));
            own.add(a);
            ownAddressesByNode.put(node, own);
        });
        for (String node : baseAddressByNode.keySet()) {
            vipsByNode.put(node, new TreeSet<>());
            stateByNodeInstance.put(node, new TreeMap<>());
            realServersByNode.put(node, new TreeMap<>());
        }
    }

    private boolean servicesReady;

    private long lastEventNs;

    /** The event an observation means, or null; commands are not state and give null. */
    public LabEvent observe(Observation o) {
        LabEvent e = eventOf(o);
        if (e != null) {
            lastEventNs = e.atNs();
        }
        return e;
    }

    /**
     * When the last event happened (as observed, not as printed): the moment a condition waited for became true
     * is the time of the event that made it so.
     */
    public long lastEventNs() {
        return lastEventNs;
    }

    private LabEvent eventOf(Observation o) {
        switch (o.type()) {
            case ADDRESS -> {
                AddressLine a = AddressLine.parse(o.line());
                return a == null ? null : onAddress(o.atNs(), o.source(), a);
            }
            case FIFO -> {
                FifoLine f = FifoLine.parse(o.line());
                return f == null ? null : onFifo(o.atNs(), o.source(), f);
            }
            case NOTIFY_LOG -> {
                return onNotifyLog(o.atNs(), o.line());
            }
            case SERVICES -> {
                return onServices(o.atNs(), o.line());
            }
            case EXITED -> {
                forget(o.source());
                return new LabEvent(o.atNs(), o.source(), LabEvent.Kind.EXITED, "keepalived-java exited, status "
                        + o.line());
            }
            default -> {
                return null;
            }
        }
    }

    private LabEvent onServices(long atNs, String line) {
        if (line.equals("READY")) {
            servicesReady = true;
            return null;
        }
        if (line.startsWith("MAIL ")) {
            return onMail(atNs, line.substring(5));
        }
        if (line.startsWith("HTTP ")) {
            String[] w = line.split(" ");
            String what = w.length == 3 && w[2].equals("up") ? " answers HTTP" : " stopped";
            return new LabEvent(atNs, "rs", LabEvent.Kind.ACTION, "real server " + (w.length > 1 ? w[1] : "?") + what);
        }
        return new LabEvent(atNs, "services", LabEvent.Kind.INFO, line);
    }

    public boolean servicesReady() {
        return servicesReady;
    }

    public LabEvent onAddress(long atNs, String node, AddressLine a) {
        if (a.linkLocal() || a.ifName().equals("lo") || ownAddressesByNode.getOrDefault(node, Set.of()).contains(bare(a.address()))) {
            return null;
        }
        Set<String> vips = vipsByNode.computeIfAbsent(node, n -> new TreeSet<>());
        boolean changed = a.added() ? vips.add(a.address()) : vips.remove(a.address());
        if (!changed) {
            return null;
        }
        return new LabEvent(atNs, node, a.added() ? LabEvent.Kind.VIP_ADDED : LabEvent.Kind.VIP_REMOVED,
                (a.added() ? "VIP " : "VIP gone ") + a.address() + " on " + a.ifName() + owners(bare(a.address())));
    }

    public LabEvent onFifo(long atNs, String node, FifoLine f) {
        if (f.vrrp()) {
            stateByNodeInstance.computeIfAbsent(node, n -> new TreeMap<>()).put(key(f), f.state());
            return new LabEvent(atNs, node, LabEvent.Kind.STATE, f.describe());
        }
        if (f.subject().equals("RS")) {
            realServersByNode.computeIfAbsent(node, n -> new TreeMap<>()).put(f.name(), f.state());
        }
        return new LabEvent(atNs, node, LabEvent.Kind.REAL_SERVER, f.describe());
    }

    /** A line of the lab's notify log written by a notify script: "NODE argv...". */
    public LabEvent onNotifyLog(long atNs, String line) {
        String t = line.trim();
        if (t.isEmpty()) {
            return null;
        }
        int sp = t.indexOf(' ');
        String node = sp > 0 ? t.substring(0, sp) : "?";
        notifications.add(t);
        return new LabEvent(atNs, node, LabEvent.Kind.NOTIFY, "notify script: " + (sp > 0 ? t.substring(sp + 1) : t));
    }

    /** A mail the sink received, as "to=... subject=...". */
    public LabEvent onMail(long atNs, String summary) {
        mails.add(summary);
        return new LabEvent(atNs, "mail", LabEvent.Kind.MAIL, summary);
    }

    /** The node's daemon is gone (killed or exited): its states are unknown from now on. */
    public void forget(String node) {
        stateByNodeInstance.computeIfAbsent(node, n -> new TreeMap<>()).clear();
        realServersByNode.computeIfAbsent(node, n -> new TreeMap<>()).clear();
    }

    /** A node's addresses were flushed by the lab (after a crash, before restarting it). */
    public void clearVips(String node) {
        vipsByNode.computeIfAbsent(node, n -> new TreeSet<>()).clear();
    }

    /** Nodes that hold {@code vip} (address without prefix), sorted. */
    public Set<String> ownersOf(String vip) {
        Set<String> nodes = new TreeSet<>();
        vipsByNode.forEach((node, vips) -> {
            for (String v : vips) {
                if (bare(v).equals(vip)) {
                    nodes.add(node);
                }
            }
        });
        return nodes;
    }

    /** The last state the FIFO reported for {@code instance} on {@code node}, or null. */
    public String stateOf(String node, String instance) {
        return stateByNodeInstance.getOrDefault(node, Map.of()).get("INSTANCE " + instance);
    }

    /**
     * The last UP/DOWN the FIFO reported on {@code node} for the real server whose name contains {@code fragment}
     * (e.g. "192.0.2.21" matches "[192.0.2.21]:tcp:80"), or null.
     */
    public String realServerStateOf(String node, String fragment) {
        for (Map.Entry<String, String> e : realServersByNode.getOrDefault(node, Map.of()).entrySet()) {
            if (e.getKey().contains(fragment)) {
                return e.getValue();
            }
        }
        return null;
    }

    public List<String> mails() {
        return Collections.unmodifiableList(mails);
    }

    public List<String> notifications() {
        return Collections.unmodifiableList(notifications);
    }

    /** The state table printed at the end and by the {@code status} command. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (String node : new TreeSet<>(baseAddressByNode.keySet())) {
            List<String> states = new ArrayList<>();
            stateByNodeInstance.getOrDefault(node, Map.of()).forEach((k, v) -> states.add(k.substring(k.indexOf(' ') + 1)
                    + "=" + v));
            lines.add(String.format(java.util.Locale.ROOT, "  %-6s %-15s states: %-24s VIPs: %s", node,
                    baseAddressByNode.get(node), states.isEmpty() ? "-" : String.join(" ", states),
                    vipsByNode.getOrDefault(node, Set.of()).isEmpty() ? "-"
                            : String.join(" ", vipsByNode.get(node))));
            Map<String, String> rs = realServersByNode.getOrDefault(node, Map.of());
            if (!rs.isEmpty()) {
                List<String> parts = new ArrayList<>();
                rs.forEach((k, v) -> parts.add(k + " " + v));
                lines.add("         real servers seen by " + node + ": " + String.join(", ", parts));
            }
        }
        lines.add("  notify script calls: " + notifications.size() + ", mails: " + mails.size());
        return lines;
    }

    private String owners(String vip) {
        Set<String> o = ownersOf(vip);
        return o.size() > 1 ? " (held by " + String.join(", ", o) + " now)" : "";
    }

    private static String key(FifoLine f) {
        return f.subject() + " " + f.name();
    }

    static String bare(String address) {
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }
}
