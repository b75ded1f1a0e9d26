package org.keepalivedjava.os.check;

/** Called on the loop thread when a datagram socket ({@link UdpSocket}, {@link PingSocket}) has something to receive. */
@FunctionalInterface
public interface DatagramListener {
    /** A datagram or a pending error (e.g. ECONNREFUSED after an ICMP port unreachable): call {@code receive}. */
    void onReadable(long nowNs);
}
