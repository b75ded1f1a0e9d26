package org.keepalivedjava.smtp;

/**
 * One event worth an email, as the VRRP or health-check child reports it. Small immutable values: the loop thread
 * creates one per state change (rare) and hands it to an {@link AlertSink}; formatting happens on the sender thread.
 */
public sealed interface Alert permits VrrpInstanceAlert, VrrpGroupAlert, RealServerAlert, VirtualServerAlert {
}
