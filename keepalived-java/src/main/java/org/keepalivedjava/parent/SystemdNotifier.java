package org.keepalivedjava.parent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * The sender side of systemd's notification protocol (sd_notify(3)): each state change is ONE datagram of
 * newline-separated {@code KEY=VALUE} assignments sent to the Unix datagram socket named by {@code NOTIFY_SOCKET}
 * (a path, or an abstract-namespace name written with a leading '@').
 *
 * <p>The JDK (16+) has Unix-domain stream channels only, no datagram ones, so this uses jnr-unixsocket's
 * {@link UnixDatagramChannel}, as netlink-jni's syslog sender does. The socket is non-blocking: systemd's socket
 * never fills in practice, and a state message is not worth stalling the parent's loop for; a failure is
 * reported to the caller (logged there), never thrown.
 *
 * <p>Threading: not thread-safe; the parent's loop thread is the only user.
 */
public final class SystemdNotifier implements AutoCloseable {
    /** The environment variable systemd sets for a service with Type=notify (or NotifyAccess=). */
    public static final String ENV = "NOTIFY_SOCKET";

    private final String socketName;
    private final UnixSocketAddress target;
    private UnixDatagramChannel channel;

    private SystemdNotifier(String socketName) {
        this.socketName = socketName;
        this.target = new UnixSocketAddress(kernelPath(socketName));
    }

    /** A notifier for the value of {@code NOTIFY_SOCKET}; empty when unset or empty (not under systemd). */
    public static Optional<SystemdNotifier> of(Optional<String> notifySocket) {
        return notifySocket.filter(s -> !s.isEmpty()).map(SystemdNotifier::new);
    }

    /**
     * The name as the kernel wants it: sd_notify's '@' prefix means the abstract namespace, whose names start with
     * a NUL byte (and are not NUL-terminated: jnr passes the exact length on Linux).
     */
    static String kernelPath(String notifySocket) {
        return notifySocket.startsWith("@") ? "\0" + notifySocket.substring(1) : notifySocket;
    }

    /** {@code READY=1} with the pid systemd should treat as the service's main process. */
    public static String readyMessage(long mainPid) {
        return "READY=1\nMAINPID=" + mainPid;
    }

    /**
     * {@code RELOADING=1}; systemd (253+, Type=notify-reload) wants the CLOCK_MONOTONIC time of the reload's start
     * with it, in microseconds. {@code monotonicNs} is CLOCK_MONOTONIC in ns (the loop clock, System.nanoTime).
     */
    public static String reloadingMessage(long monotonicNs) {
        return "RELOADING=1\nMONOTONIC_USEC=" + monotonicNs / 1000;
    }

    /** After a reload: ready again. */
    public static final String READY_AGAIN = "READY=1";
    public static final String STOPPING = "STOPPING=1";

    /** Sends {@code state} as one datagram. @return null when sent, else why not (for the caller's log) */
    public String send(String state) {
        ByteBuffer datagram = ByteBuffer.wrap(state.getBytes(StandardCharsets.UTF_8));
        try {
            if (channel == null) {
                channel = UnixDatagramChannel.open();
                channel.configureBlocking(false);
            }
            int sent = channel.send(datagram, target);
            return sent == datagram.capacity() ? null : "socket busy, message dropped";
        } catch (IOException | RuntimeException e) {
            close();
            return String.valueOf(e.getMessage());
        }
    }

    /** The socket as given in NOTIFY_SOCKET, for log lines. */
    public String socketName() {
        return socketName;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // A datagram socket loses nothing already sent by closing.
            }
            channel = null;
        }
    }
}
