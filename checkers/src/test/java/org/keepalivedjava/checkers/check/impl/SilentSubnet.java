package org.keepalivedjava.checkers.check.impl;

import java.util.concurrent.Callable;
import org.keepalivedjava.os.testing.Netns;

/**
 * A throw-away namespace where 192.0.2.0/24 is on a link nobody answers on (a veth pair with no peer address),
 * for tests that need an address that never replies. Traffic to it stays in the namespace: a test must never send
 * to documentation addresses from the root namespace, whose default route leads off the machine. Root only.
 */
final class SilentSubnet {
    /** On the silent link: ARP for it goes unanswered. */
    static final String SILENT_ADDRESS = "192.0.2.1";

    private SilentSubnet() {
    }

    /** Runs {@code body} on a thread inside a fresh namespace; sockets it opens live there. */
    static void run(Callable<Void> body) throws Exception {
        try (Netns ns = Netns.create("silent")) {
            ns.ip("link", "add", "s0", "type", "veth", "peer", "name", "s1");
            ns.ip("addr", "add", "192.0.2.2/24", "dev", "s0");
            ns.ip("link", "set", "s0", "up");
            ns.ip("link", "set", "s1", "up");
            ns.call(body);
        }
    }
}
