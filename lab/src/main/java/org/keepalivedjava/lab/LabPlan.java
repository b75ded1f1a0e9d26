package org.keepalivedjava.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * Names and addresses of one lab, decided before anything is created. Pure.
 *
 * <pre>
 *   kj-lab-ID-lb1 (lab0 192.0.2.1/24) --veth-- lb1 \
 *   kj-lab-ID-lb2 (lab0 192.0.2.2/24) --veth-- lb2  br0 192.0.2.250/24 in kj-lab-ID-net
 *                                                     + SMTP sink 192.0.2.250:25, real servers' addresses
 * </pre>
 * The lab has one LAN: every interface the operator's configs name is mapped to {@code lab0}. Each node has a
 * default route via the net namespace, so real servers on any documentation subnet are reachable.
 *
 * @param id          the lab's name and namespace prefix, "kj-lab-" + something unique (the lab's pid)
 * @param nodes       the load balancer nodes
 * @param netNs       the namespace with the bridge, the SMTP sink and the real servers
 * @param realServers real servers as "ADDR:PORT" (IPv4 documentation addresses), answered over HTTP
 */
public record LabPlan(String id, List<Node> nodes, String netNs, List<String> realServers) {
    public static final String PREFIX = "kj-lab-";
    public static final String LAB_IF = "lab0";
    public static final String BRIDGE = "br0";
    /** Locally administered (02:...), so it can clash with no real interface. */
    public static final String BRIDGE_MAC = "02:6b:6a:00:00:01";
    public static final String SERVICES_ADDRESS = "192.0.2.250";
    public static final int PREFIX_LENGTH = 24;
    public static final int SMTP_PORT = 25;

    /**
     * @param name    "lb1", "lb2"...
     * @param ns      its namespace
     * @param address its own address on lab0, without prefix
     * @param peerIf  the bridge side of its veth, in the net namespace
     * @param extra   more addresses of its own: the {@code unicast_src_ip} of its config, so the operator's unicast
     *                peers find each other in the lab; may be empty
     */
    public record Node(String name, String ns, String address, String peerIf, List<String> extra) {
        public Node {
            extra = List.copyOf(extra);
        }

        /** Its address and the extra ones: never reported as VIPs. */
        public List<String> ownAddresses() {
            List<String> all = new ArrayList<>();
            all.add(address);
            all.addAll(extra);
            return all;
        }
    }

    public LabPlan {
        nodes = List.copyOf(nodes);
        realServers = List.copyOf(realServers);
    }

    /** A lab of {@code nodeCount} nodes (at most 20) and the given real servers. */
    public static LabPlan of(String id, int nodeCount, List<String> realServers) {
        return of(id, nodeCount, realServers, List.of());
    }

    /**
     * As {@link #of(String, int, List)}, node i also having {@code unicastSources.get(i)} (null or absent: none).
     *
     * @throws LabException when an address would be used twice (a unicast source that is another node's address,
     *                      the services' or a real server's)
     */
    public static LabPlan of(String id, int nodeCount, List<String> realServers, List<String> unicastSources) {
        if (!id.startsWith(PREFIX)) {
            throw new IllegalArgumentException("lab id must start with " + PREFIX + ": " + id);
        }
        if (nodeCount < 1 || nodeCount > 20) {
            throw new IllegalArgumentException("1 to 20 nodes, not " + nodeCount);
        }
        List<Node> nodes = new ArrayList<>();
        java.util.Map<String, String> used = new java.util.LinkedHashMap<>();
        used.put(SERVICES_ADDRESS, "the lab's services");
        for (int i = 1; i <= nodeCount; i++) {
            used.put("192.0.2." + i, "lb" + i);
        }
        for (String rs : realServers) {
            String a = rs.substring(0, rs.lastIndexOf(':'));
            String owner = used.get(a);
            if (owner != null && !owner.startsWith("real server")) {
                throw new LabException("real server " + a + " would have the address of " + owner
                        + "; the lab gives 192.0.2.1-" + nodeCount + " to its nodes and " + SERVICES_ADDRESS
                        + " to its services");
            }
            used.put(a, "real server " + a);
        }
        for (int i = 1; i <= nodeCount; i++) {
            String name = "lb" + i;
            String source = i <= unicastSources.size() ? unicastSources.get(i - 1) : null;
            List<String> extra = new ArrayList<>();
            if (source != null && !source.equals("192.0.2." + i)) {
                String owner = used.get(source);
                if (owner != null) {
                    throw new LabException(name + "'s unicast_src_ip " + source + " is already the address of " + owner);
                }
                used.put(source, name);
                extra.add(source);
            }
            nodes.add(new Node(name, id + "-" + name, "192.0.2." + i, name, extra));
        }
        return new LabPlan(id, nodes, id + "-net", realServers);
    }

    public Node node(String name) {
        for (Node n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /** The real servers' distinct addresses (without ports). */
    public List<String> realServerAddresses() {
        List<String> out = new ArrayList<>();
        for (String rs : realServers) {
            String a = rs.substring(0, rs.lastIndexOf(':'));
            if (!out.contains(a) && !a.equals(SERVICES_ADDRESS)) {
                out.add(a);
            }
        }
        return out;
    }
}
