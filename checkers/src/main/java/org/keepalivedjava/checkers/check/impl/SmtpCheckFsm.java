package org.keepalivedjava.checkers.check.impl;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.check.BindOptions;
import org.keepalivedjava.os.check.IoResult;
import org.keepalivedjava.os.check.SocketFailure;
import org.keepalivedjava.os.check.StreamConnection;
import org.keepalivedjava.os.check.StreamListener;
import org.keepalivedjava.os.check.TcpSocket;

/**
 * SMTP_CHECK (keepalived check_smtp.c): connect, read the greeting line and require code 220, send
 * {@code HELO <helo_name>}, require 250, send {@code QUIT}, read one more line (any), done. Each line is read into
 * keepalived's 512-byte buffer until a LF; only the three leading digits are looked at. Every step has
 * connect_timeout. Failures are logged with keepalived's "SMTP_CHECK " prefix while the checker is up.
 *
 * <p>Loop thread only; the buffers are preallocated.
 */
public final class SmtpCheckFsm extends CheckFsm implements StreamListener {

    /** The dialogue states, named after keepalived's smtp engine. */
    public enum State { IDLE, CONNECTING, HAVE_BANNER, SENT_HELO, RECV_HELO, SENT_QUIT, RECV_QUIT }

    /** keepalived's SMTP_BUFF_MAX. */
    static final int LINE_BYTES = 512;

    private final InetSocketAddress remote;
    private final BindOptions bind;
    private final TcpSocket socket;
    private final ByteBuffer helo;
    private final ByteBuffer quit = ByteBuffer.wrap("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
    private final ByteBuffer line = ByteBuffer.allocate(LINE_BYTES);
    private ByteBuffer sending;
    private State state = State.IDLE;

    public SmtpCheckFsm(CheckerConfig.SmtpCheck config, CheckContext context, CheckListener listener,
                        Checks.Target target) {
        super(config, context, listener, target);
        this.remote = new InetSocketAddress(config.common().connectIp(), config.common().connectPort());
        this.bind = Binds.of(config.common());
        this.socket = context.sockets().newTcp(this);
        String name = config.heloName() == null ? "smtpchecker.keepalived.org" : config.heloName();
        this.helo = ByteBuffer.wrap(("HELO " + name + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    public State state() {
        return state;
    }

    private void transitionTo(State next, long nowNs) {
        state = next;
        if (next != State.IDLE) {
            armStepDeadline(nowNs);
        }
    }

    private String server() {
        return Checks.trio(remote.getAddress(), "tcp", remote.getPort());
    }

    @Override
    protected void beginAttempt(long nowNs) {
        line.clear();
        transitionTo(State.CONNECTING, nowNs);
        socket.connect(remote, bind);
    }

    @Override
    public void onConnected(StreamConnection connection, long nowNs) {
        if (state == State.CONNECTING) {
            line.clear();
            transitionTo(State.HAVE_BANNER, nowNs); // waiting for the banner line
        }
    }

    @Override
    public void onConnectFailed(StreamConnection connection, SocketFailure failure, long nowNs) {
        if (state == State.CONNECTING) {
            finalStep(true, "Error connecting to server " + server(), nowNs);
        }
    }

    @Override
    public void onReadable(StreamConnection connection, long nowNs) {
        if (state != State.HAVE_BANNER && state != State.RECV_HELO && state != State.RECV_QUIT) {
            return;
        }
        while (true) {
            if (!line.hasRemaining()) {
                log("SMTP_CHECK Buffer overflow reading from server " + server()
                        + ". Increase SMTP_BUFF_MAX in check_smtp.h");
                line.clear();
            }
            int start = line.position();
            int n = socket.read(line);
            if (n == IoResult.WOULD_BLOCK) {
                return;
            }
            if (n < 0) {
                finalStep(true, "Read failure from server " + server(), nowNs);
                return;
            }
            if (hasNewline(start, line.position())) {
                onLine(nowNs);
                return;
            }
        }
    }

    private boolean hasNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (line.get(i) == '\n') {
                return true;
            }
        }
        return false;
    }

    /** The three leading digits of the line, or -1. */
    private int status() {
        if (line.position() < 3) {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            byte b = line.get(i);
            if (b < '0' || b > '9') {
                return -1;
            }
            code = code * 10 + (b - '0');
        }
        return code;
    }

    private void onLine(long nowNs) {
        switch (state) {
            case HAVE_BANNER -> {
                if (status() != 220) {
                    finalStep(true, "Bad greeting banner from server " + server(), nowNs);
                    return;
                }
                startSending(helo, State.SENT_HELO, nowNs);
            }
            case RECV_HELO -> {
                if (status() != 250) {
                    finalStep(true, "Bad HELO response from server " + server(), nowNs);
                    return;
                }
                startSending(quit, State.SENT_QUIT, nowNs);
            }
            case RECV_QUIT -> finalStep(false, null, nowNs);
            default -> { }
        }
    }

    private void startSending(ByteBuffer what, State next, long nowNs) {
        sending = what;
        sending.rewind();
        transitionTo(next, nowNs);
        send(nowNs);
    }

    private void send(long nowNs) {
        int n = socket.write(sending);
        if (n == IoResult.FAILED) {
            finalStep(true, "Write failure to server " + server(), nowNs);
            return;
        }
        if (sending.hasRemaining()) {
            socket.wantWritable(true);
            return;
        }
        socket.wantWritable(false);
        line.clear();
        transitionTo(state == State.SENT_HELO ? State.RECV_HELO : State.RECV_QUIT, nowNs);
    }

    @Override
    public void onWritable(StreamConnection connection, long nowNs) {
        if (state == State.SENT_HELO || state == State.SENT_QUIT) {
            send(nowNs);
        }
    }

    @Override
    protected void onTimeout(long nowNs) {
        switch (state) {
            case CONNECTING -> finalStep(true, "Connection timeout to server " + server(), nowNs);
            case SENT_HELO, SENT_QUIT -> finalStep(true, "Write timeout to server " + server(), nowNs);
            default -> finalStep(true, "Read timeout from server " + server(), nowNs);
        }
    }

    @Override
    protected void abortAttempt() {
        state = State.IDLE;
        stepDeadline.cancel();
        socket.close();
    }

    /** keepalived's smtp_final: retry while retries are left and the checker is up or has not run. */
    private void finalStep(boolean error, String why, long nowNs) {
        abortAttempt();
        if (error) {
            if (up || !hasRun) {
                if (logFailures() || retryIt >= retry) {
                    log("SMTP_CHECK " + why + (hasRun && retryIt >= retry && retry > 0
                            ? " after " + retry + " retries" : ""));
                }
                if (retryIt < retry) {
                    retryIt++;
                    hasRun = true;
                    scheduleIn(delayBeforeRetryNs, nowNs);
                    return;
                }
                setVerdict(false, "=> CHECK failed on service : " + why + " <=", nowNs);
            }
        } else if (!up || !hasRun) {
            log("Remote SMTP server " + rsText + " succeed on service.");
            setVerdict(true, "=> CHECK succeed on service <=", nowNs);
        }
        retryIt = 0;
        scheduleIn(delayLoopNs, nowNs);
    }
}
