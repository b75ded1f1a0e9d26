package org.keepalivedjava.os.check;

import java.net.InetSocketAddress;

/**
 * A reusable non-blocking TCP client for one checker: {@link #connect} for each check, {@link #close} after it,
 * connect again at the next delay_loop. Created once per checker (from {@link CheckSockets}), so checks allocate
 * no socket objects. Loop thread only.
 */
public interface TcpSocket extends StreamConnection {

    /**
     * Starts connecting to {@code remote}. Never blocks and never throws for a network error: the outcome is
     * always reported LATER, on the loop, by {@link StreamListener#onConnected} or
     * {@link StreamListener#onConnectFailed} (even a failure known at once, such as ENETUNREACH or a bad
     * bind_if), so the caller has one code path. The connect timeout is the caller's loop timer: on expiry it
     * calls {@link #close()}.
     *
     * @throws IllegalStateException if the socket is still open from a previous check
     */
    void connect(InetSocketAddress remote, BindOptions bind);
}
