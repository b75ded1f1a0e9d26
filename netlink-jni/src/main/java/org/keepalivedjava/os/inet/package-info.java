/**
 * Pure codecs of the Internet layer shared by the raw IP and packet sockets: the Internet checksum with the IPv4
 * and IPv6 pseudo-headers ({@link org.keepalivedjava.os.inet.InetChecksum}), IPv4 and IPv6 headers, socket
 * addresses ({@link org.keepalivedjava.os.inet.Sockaddr}: sockaddr_in/in6/ll), {@code struct msghdr} and control
 * messages ({@link org.keepalivedjava.os.inet.MsgHdr}), and {@link org.keepalivedjava.os.inet.IpAddress}.
 *
 * <p>No IO, no clock, no allocation: every codec reads and writes a {@link java.nio.ByteBuffer} at absolute
 * offsets, so the same code runs on a {@link org.keepalivedjava.os.libc.NativeBuffer} handed to the kernel and on
 * a heap buffer in a unit test. Wire fields are big-endian ({@link org.keepalivedjava.os.inet.NetOrder}); kernel
 * struct fields in host order use the buffer's (native) order.
 */
package org.keepalivedjava.os.inet;
