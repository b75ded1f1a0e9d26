package org.keepalivedjava.log;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.LocalDateTime;

/**
 * keepalived's log_message(): each message goes to syslog (unless -G) and, with -l, to the console (stderr),
 * in keepalived's shapes ({@link LogFormat}).
 *
 * <p>Thread-safe (one lock): the loop thread logs, but so do the shutdown hook and the mail sender. Logging is
 * not on any per-packet path, so a lock and a small allocation per message are acceptable.
 *
 * @see Ident for the idents of the three processes
 */
public final class Logger implements AutoCloseable {

    /**
     * @param ident    syslog ident ({@link Ident#PARENT}, {@link Ident#VRRP}, {@link Ident#CHECKERS})
     * @param pid      the process id written in syslog lines
     * @param console  -l/--log-console
     * @param syslog   not -G/--no-syslog
     * @param facility -S/--log-facility
     * @param detail   -D/--log-detail: {@link #detail} messages are written
     */
    public record Settings(String ident, long pid, boolean console, boolean syslog, Facility facility,
                           boolean detail) {
    }

    private final Settings settings;
    private final Clock clock;
    private final PrintStream console;
    private final SyslogTransport transport;

    /**
     * @param clock     wall clock of the log lines (its zone is the local time zone glibc would use)
     * @param console   where -l lines go (stderr in production)
     * @param transport where syslog datagrams go; ignored when syslog is off
     */
    public Logger(Settings settings, Clock clock, PrintStream console, SyslogTransport transport) {
        this.settings = settings;
        this.clock = clock;
        this.console = console;
        this.transport = transport;
    }

    public Settings settings() {
        return settings;
    }

    public void info(String message) {
        log(Severity.INFO, message);
    }

    public void notice(String message) {
        log(Severity.NOTICE, message);
    }

    public void warning(String message) {
        log(Severity.WARNING, message);
    }

    public void error(String message) {
        log(Severity.ERR, message);
    }

    /** Messages only wanted with -D/--log-detail (keepalived's "detailed log messages"). */
    public void detail(String message) {
        if (settings.detail()) {
            log(Severity.INFO, message);
        }
    }

    public synchronized void log(Severity severity, String message) {
        LocalDateTime now = LocalDateTime.now(clock);
        if (settings.syslog()) {
            transport.send(ByteBuffer.wrap(LogFormat.syslogDatagram(settings.facility(), severity, now,
                    settings.ident(), settings.pid(), message)));
        }
        if (settings.console()) {
            console.println(LogFormat.consoleLine(now, message));
            console.flush();
        }
    }

    @Override
    public synchronized void close() {
        try {
            transport.close();
        } catch (Exception e) {
            // Closing a datagram socket cannot lose messages; nothing useful to do with the failure.
        }
    }
}
