package org.keepalivedjava.os.check;

/**
 * Creates the reusable checker sockets of one loop. {@link NativeCheckSockets} is the real one; checker unit
 * tests pass an in-memory fake. Loop thread only.
 */
public interface CheckSockets {

    TcpSocket newTcp(StreamListener listener);

    UdpSocket newUdp(DatagramListener listener);

    PingSocket newPing(DatagramListener listener);
}
