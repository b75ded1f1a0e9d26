/**
 * The VRRP child process: {@link org.keepalivedjava.vrrp.child.VrrpChildMain} (arguments, logging, the parent link)
 * and {@link org.keepalivedjava.vrrp.child.VrrpChild}, which wires the pure parts (fsm, track, notify messages,
 * dumps) to the runtime parts (net, notify runners, netlink-jni sockets) on one event loop.
 *
 * <ul>
 *   <li>{@code VrrpTransport}: one raw VRRP socket per interface/family/group/protocol, received adverts
 *       dispatched by VRID;</li>
 *   <li>{@code InstanceRuntime}: one instance's {@link org.keepalivedjava.vrrp.fsm.InstanceActions} (send adverts,
 *       install/remove addresses, GARP/NA, notifications);</li>
 *   <li>{@code Notifier}: notify scripts, FIFO lines and SMTP alerts of instances and sync groups;</li>
 *   <li>{@code TrackScripts}: vrrp_script runs with interval, timeout, rise/fall.</li>
 * </ul>
 * Everything here runs on the loop thread.
 */
package org.keepalivedjava.vrrp.child;
