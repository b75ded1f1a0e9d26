/**
 * The native binding of keepalived-java: {@link org.keepalivedjava.os.libc.LibC} (the only jnr-ffi interface),
 * {@link org.keepalivedjava.os.libc.Native} (one wrapper per system call: errno read at once, EINTR retried,
 * EAGAIN as a return value, otherwise {@link org.keepalivedjava.os.libc.NativeException}), and pure codecs of
 * the kernel structs they exchange ({@link org.keepalivedjava.os.libc.EpollEvent},
 * {@link org.keepalivedjava.os.libc.SigSet}) over {@link org.keepalivedjava.os.libc.NativeBuffer}s.
 *
 * <p>Sockets (raw IP, packet, netlink, TCP/UDP/ICMP for checkers) add their calls to {@code LibC}, their
 * wrappers to {@code Native} (or a sibling class in this package following the same discipline) and their
 * struct codecs (sockaddr_in/in6/ll/nl, msghdr/cmsghdr) as pure classes like {@code EpollEvent}; their fds
 * join an {@link org.keepalivedjava.os.loop.EventLoop} through {@code register(fd, interest, handler)}.
 */
package org.keepalivedjava.os.libc;
