/**
 * Raw IP sockets for VRRP: {@link org.keepalivedjava.os.raw.RawIpSocket} (the interface the VRRP child codes
 * against), {@link org.keepalivedjava.os.raw.VrrpSocket} (the kernel one: IPv4 with IP_HDRINCL, IPv6 with
 * control messages, set up as keepalived 2.2.7 sets up its sockets), {@link org.keepalivedjava.os.raw.ReceivedPacket}
 * (a caller-owned, reusable receive buffer with the source, destination, ingress interface and TTL / hop limit)
 * and {@link org.keepalivedjava.os.raw.InMemoryRawIpSocket} for unit tests.
 *
 * <p>Usage from the loop thread: {@code VrrpSocket.open(VrrpSocketConfig.multicast(IpAddress.VRRP_MULTICAST_V4,
 * "eth0"))} (in the daemon's namespace), {@code loop.register(socket.fd(), EPOLLIN, handler)}, and in the handler
 * {@code while (socket.receive(packet)) { ...decode packet.buffer() at packet.payloadOffset()... }}. Judging
 * the packet (TTL 255, VRID, checksum...) is the VRRP code's job; this layer only reports what arrived.
 */
package org.keepalivedjava.os.raw;
