package org.keepalivedjava.checkers.check;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.keepalivedjava.checkers.check.impl.BfdCheckFsm;
import org.keepalivedjava.checkers.check.impl.DnsCheckFsm;
import org.keepalivedjava.checkers.check.impl.FileCheckFsm;
import org.keepalivedjava.checkers.check.impl.HttpCheckFsm;
import org.keepalivedjava.checkers.check.impl.MiscCheckFsm;
import org.keepalivedjava.checkers.check.impl.PingCheckFsm;
import org.keepalivedjava.checkers.check.impl.SmtpCheckFsm;
import org.keepalivedjava.checkers.check.impl.TcpCheckFsm;
import org.keepalivedjava.checkers.check.impl.UdpCheckFsm;
import org.keepalivedjava.config.model.lvs.CheckerConfig;
import org.keepalivedjava.os.tls.TlsContexts;

/**
 * Creates the state machine of a configured checker.
 *
 * <p>What the listener hears: {@link CheckListener#onCheckResult} is called when the verdict changes (and, for
 * MISC_CHECK misc_dynamic / FILE_CHECK, when the weight asked for changes); its {@code message} is keepalived's
 * SMTP alert body for that event (e.g. {@code => TCP CHECK succeed on service <=}). The keepalived LOG lines of the
 * check ({@code TCP connection to [192.0.2.10]:tcp:80 success.}) are written by the check itself to
 * {@link CheckContext#log()}, so the runtime must not log {@code message} again as if it were a log line.
 *
 * <p>The contract's {@code Checks.create(config, context, listener)} works from the checker config alone; keepalived's
 * messages also name the real and virtual server (FMT_RS/FMT_VS), and FILE_CHECK needs the track_file's path, so the
 * runtime should call {@link #create(CheckerConfig, CheckContext, CheckListener, Target)} with a {@link Target}.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * What a check needs to know besides its own config block.
     *
     * @param realServer    FMT_RS: the real server as keepalived prints it, {@code [192.0.2.10]:tcp:80}
     * @param virtualServer FMT_VS: {@code [192.0.2.1]:tcp:80}, {@code FWM 3} or the group name
     * @param sslContext    the SSL block's context for SSL_GET; null = keepalived's default (no peer verification)
     * @param trackFiles    FILE_CHECK: track_file name -> its file and default weight; null when there are none
     */
    public record Target(String realServer, String virtualServer, SSLContext sslContext,
                         Function<String, TrackFile> trackFiles) {
    }

    /** A top-level {@code track_file} as FILE_CHECK uses it. */
    public record TrackFile(String name, Path path, long weight, boolean reverse) {
    }

    public static Check create(CheckerConfig config, CheckContext context, CheckListener listener) {
        return create(config, context, listener, defaultTarget(config));
    }

    public static Check create(CheckerConfig config, CheckContext context, CheckListener listener, Target target) {
        if (target.sslContext() == null && config instanceof CheckerConfig.HttpCheck h && h.ssl()) {
            target = new Target(target.realServer(), target.virtualServer(), TlsContexts.noVerification(),
                    target.trackFiles());
        }
        if (config instanceof CheckerConfig.TcpCheck c) {
            return new TcpCheckFsm(c, context, listener, target);
        } else if (config instanceof CheckerConfig.HttpCheck c) {
            return new HttpCheckFsm(c, context, listener, target);
        } else if (config instanceof CheckerConfig.SmtpCheck c) {
            return new SmtpCheckFsm(c, context, listener, target);
        } else if (config instanceof CheckerConfig.DnsCheck c) {
            return new DnsCheckFsm(c, context, listener, target);
        } else if (config instanceof CheckerConfig.UdpCheck c) {
            return new UdpCheckFsm(c, context, listener, target);
        } else if (config instanceof CheckerConfig.PingCheck c) {
            return new PingCheckFsm(c, context, listener, target);
        } else if (config instanceof CheckerConfig.MiscCheck c) {
            return new MiscCheckFsm(c, context, listener, target);
        } else if (config instanceof CheckerConfig.FileCheck c) {
            return new FileCheckFsm(c, context, listener, target);
        } else if (config instanceof CheckerConfig.BfdCheck c) {
            return new BfdCheckFsm(c, context, listener, target);
        }
        throw new IllegalArgumentException("unknown checker " + config);
    }

    /** A target named after the checked address (the real server's when connect_ip is not set), protocol tcp. */
    public static Target defaultTarget(CheckerConfig config) {
        String rs = config instanceof CheckerConfig.Connecting c
                ? trio(c.common().connectIp(), "tcp", c.common().connectPort()) : "[unknown]:tcp:0";
        return new Target(rs, rs, null, null);
    }

    /** keepalived's inet_sockaddrtotrio: {@code [addr]:proto:port}. */
    public static String trio(InetAddress address, String protocol, int port) {
        return "[" + addressText(address) + "]:" + protocol + ":" + port;
    }

    /** inet_ntop's text: IPv6 in its shortest form (RFC 5952), IPv4-mapped as ::ffff:a.b.c.d, no scope. */
    public static String addressText(InetAddress address) {
        return address == null ? "0.0.0.0" : org.keepalivedjava.os.inet.IpAddress.of(address).toString();
    }
}
