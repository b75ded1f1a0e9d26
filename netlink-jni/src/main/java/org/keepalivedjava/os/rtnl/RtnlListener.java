package org.keepalivedjava.os.rtnl;

/**
 * Decoded rtnetlink events from {@link RtnlMonitor}, on the loop thread. Changes made by anyone (this process,
 * ip(8), the kernel itself) arrive here.
 */
public interface RtnlListener {
    /** RTM_NEWLINK (a link appeared or changed, e.g. up/down: see {@link Link#isUp()}) or RTM_DELLINK. */
    default void onLink(Link link, boolean removed) {
    }

    /** RTM_NEWADDR or RTM_DELADDR. */
    default void onAddress(IfAddress address, boolean removed) {
    }

    /** RTM_NEWROUTE or RTM_DELROUTE (if the monitor joined the route groups). */
    default void onRoute(Route route, boolean removed) {
    }

    /** RTM_NEWRULE or RTM_DELRULE (if the monitor joined the rule groups). */
    default void onRule(Rule rule, boolean removed) {
    }

    /** The kernel dropped events (receive buffer full): re-dump links and addresses to resynchronise. */
    default void onOverrun() {
    }
}
