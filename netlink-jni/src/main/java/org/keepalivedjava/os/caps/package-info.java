/**
 * Start-up probe of what the process may do: the effective capability set from {@code /proc/thread-self/status}
 * ({@link org.keepalivedjava.os.caps.CapabilityProbe}) and whether ICMP "ping sockets" are allowed for its groups
 * ({@link org.keepalivedjava.os.caps.PingGroupRange}). Each gap comes with a message naming what will not work,
 * so an operator reads "missing CAP_NET_ADMIN: ... will not work" instead of an EPERM deep in a netlink reply.
 * Pure parsers, with a thin reader of /proc on top.
 */
package org.keepalivedjava.os.caps;
