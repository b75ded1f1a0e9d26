package org.keepalivedjava.os.check;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.keepalivedjava.os.libc.Consts;

/**
 * struct sockaddr_in / sockaddr_in6 encoding for the checker sockets only.
 * TO BE REPLACED BY os.inet (the shared sockaddr codecs being written in parallel); kept package-private so
 * nothing else comes to depend on it.
 *
 * <pre>
 * sockaddr_in  (16 bytes): family u16 (host order) | port u16 (network) | addr[4]  | zero[8]
 * sockaddr_in6 (28 bytes): family u16 (host order) | port u16 (network) | flowinfo u32 | addr[16] | scope_id u32 (host)
 * </pre>
 * Pure: works on any buffer; the byte order of {@code buf} is restored after each call.
 */
final class SockaddrCodec {
    static final int IN_BYTES = 16;
    static final int IN6_BYTES = 28;
    /** Room for either. */
    static final int MAX_BYTES = IN6_BYTES;

    private static final int PORT_OFFSET = 2;
    private static final int IN_ADDR_OFFSET = 4;
    private static final int IN6_FLOWINFO_OFFSET = 4;
    private static final int IN6_ADDR_OFFSET = 8;
    private static final int IN6_SCOPE_OFFSET = 24;

    private SockaddrCodec() {
    }

    static int family(InetAddress address) {
        return address instanceof Inet6Address ? Consts.AF_INET6 : Consts.AF_INET;
    }

    /**
     * Writes the sockaddr for {@code address}:{@code port} at offset 0 of {@code buf}.
     * @param scopeId IPv6 scope (interface index) when the address has none of its own; ignored for IPv4
     * @return the sockaddr length (16 or 28)
     */
    static int encode(ByteBuffer buf, InetAddress address, int port, int scopeId) {
        ByteOrder order = buf.order();
        try {
            byte[] raw = address.getAddress();
            for (int i = 0; i < MAX_BYTES; i++) {
                buf.put(i, (byte) 0);
            }
            buf.order(ByteOrder.nativeOrder()).putShort(0, (short) family(address));
            buf.order(ByteOrder.BIG_ENDIAN).putShort(PORT_OFFSET, (short) port);
            if (address instanceof Inet4Address) {
                buf.put(IN_ADDR_OFFSET, raw);
                return IN_BYTES;
            }
            buf.putInt(IN6_FLOWINFO_OFFSET, 0);
            buf.put(IN6_ADDR_OFFSET, raw);
            int scope = ((Inet6Address) address).getScopeId();
            buf.order(ByteOrder.nativeOrder()).putInt(IN6_SCOPE_OFFSET, scope != 0 ? scope : scopeId);
            return IN6_BYTES;
        } finally {
            buf.order(order);
        }
    }

    /** The address and port of a sockaddr_in/in6 of {@code length} bytes at offset 0; null for another family. */
    static InetSocketAddress decode(ByteBuffer buf, int length) {
        ByteOrder order = buf.order();
        try {
            int family = buf.order(ByteOrder.nativeOrder()).getShort(0);
            int port = buf.order(ByteOrder.BIG_ENDIAN).getShort(PORT_OFFSET) & 0xffff;
            byte[] raw;
            if (family == Consts.AF_INET && length >= IN_BYTES) {
                raw = new byte[4];
                buf.get(IN_ADDR_OFFSET, raw);
                return new InetSocketAddress(InetAddress.getByAddress(raw), port);
            }
            if (family == Consts.AF_INET6 && length >= IN6_BYTES) {
                raw = new byte[16];
                buf.get(IN6_ADDR_OFFSET, raw);
                int scope = buf.order(ByteOrder.nativeOrder()).getInt(IN6_SCOPE_OFFSET);
                InetAddress a = scope == 0 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, scope);
                return new InetSocketAddress(a, port);
            }
            return null;
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible); // only thrown for a bad length, which cannot happen here
        } finally {
            buf.order(order);
        }
    }
}
