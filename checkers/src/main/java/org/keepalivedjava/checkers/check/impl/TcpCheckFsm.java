package org.keepalivedjava.checkers.check.impl;

import java.net.InetSocketAddress;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.check.BindOptions;
import org.keepalivedjava.os.check.SocketFailure;
import org.keepalivedjava.os.check.StreamConnection;
import org.keepalivedjava.os.check.StreamListener;
import org.keepalivedjava.os.check.TcpSocket;

/**
 * TCP_CHECK (keepalived check_tcp.c): the server is up when a TCP connection to it completes within
 * connect_timeout; the connection is closed at once. Loop thread only.
 */
public final class TcpCheckFsm extends CheckFsm implements StreamListener {

    /** One attempt's states. */
    public enum State { IDLE, CONNECTING }

    static final Messages MESSAGES = Messages.of("TCP", "TCP_CHECK", "TCP CHECK");

    private final InetSocketAddress remote;
    private final BindOptions bind;
    private final TcpSocket socket;
    private State state = State.IDLE;

    public TcpCheckFsm(CheckerConfig.TcpCheck config, CheckContext context, CheckListener listener, Checks.Target target) {
        super(config, context, listener, target);
        this.remote = new InetSocketAddress(config.common().connectIp(), config.common().connectPort());
        this.bind = Binds.of(config.common());
        this.socket = context.sockets().newTcp(this);
    }

    public State state() {
        return state;
    }

    private void transitionTo(State next) {
        state = next;
    }

    @Override
    protected void beginAttempt(long nowNs) {
        transitionTo(State.CONNECTING);
        armStepDeadline(nowNs);
        socket.connect(remote, bind);
    }

    @Override
    public void onConnected(StreamConnection connection, long nowNs) {
        if (state != State.CONNECTING) {
            return;
        }
        finish(true, nowNs);
    }

    @Override
    public void onConnectFailed(StreamConnection connection, SocketFailure failure, long nowNs) {
        if (state != State.CONNECTING) {
            return;
        }
        if (up && logFailures()) {
            log("TCP connection to " + rsText + " failed.");
        }
        finish(false, nowNs);
    }

    @Override
    protected void onTimeout(long nowNs) {
        if (up && logFailures()) {
            log("TCP connection to " + rsText + " timeout.");
        }
        finish(false, nowNs);
    }

    private void finish(boolean success, long nowNs) {
        abortAttempt();
        tcpStyleEpilog(success, MESSAGES, nowNs);
    }

    @Override
    protected void abortAttempt() {
        transitionTo(State.IDLE);
        socket.close();
    }

    @Override
    public void onReadable(StreamConnection connection, long nowNs) {
        // not reading: the connection is closed as soon as it is up
    }

    @Override
    public void onWritable(StreamConnection connection, long nowNs) {
        // never asked for
    }
}
