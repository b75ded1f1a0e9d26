/**
 * Sockets for health checkers, driven by the {@link org.keepalivedjava.os.loop.EventLoop}: a non-blocking TCP
 * client ({@link org.keepalivedjava.os.check.TcpSocket}: connect -> EINPROGRESS -> EPOLLOUT -> SO_ERROR), a
 * connected UDP socket ({@link org.keepalivedjava.os.check.UdpSocket}, where an ICMP port unreachable comes back
 * as ECONNREFUSED) and ICMP echo over "ping sockets" ({@link org.keepalivedjava.os.check.PingSocket} with the pure
 * {@link org.keepalivedjava.os.check.IcmpEchoCodec}).
 *
 * <p>Checker state machines see only the small interfaces ({@code CheckSockets}, {@code TcpSocket},
 * {@code StreamConnection}, {@code UdpSocket}, {@code PingSocket}), so they are unit-tested with in-memory fakes;
 * {@link org.keepalivedjava.os.check.NativeCheckSockets} is the real implementation. No call here blocks and there
 * is no thread per check: readiness comes from the loop, timeouts are the checker's own loop timers.
 *
 * <p>Results: read/write/receive return a byte count or one of the negative codes of {@link
 * org.keepalivedjava.os.check.IoResult}; a failure's errno and text are then in {@code failure()}. Nothing here
 * throws to the loop for a network event (refused, reset, unreachable, TLS error): those are results.
 */
package org.keepalivedjava.os.check;
