package org.keepalivedjava.config.model.lvs;

import java.net.InetAddress;
import java.util.List;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.script.NotifyScript;

/**
 * One health checker of a real server, one record per checker kind, every inherited value resolved
 * (checker, else real server, else virtual server, else keepalived's default for the kind).
 */
public sealed interface CheckerConfig {

    Location location();

    /** The options shared by the checkers that open a connection (all but FILE_CHECK and BFD_CHECK). */
    sealed interface Connecting extends CheckerConfig {
        Common common();
    }

    /**
     * @param connectIp    the address checked: connect_ip, else the real server's address
     * @param connectPort  connect_port, else the real server's port (0 for a port-less real server)
     * @param bindTo       source address, null for the kernel's choice
     * @param bindPort     source port, 0 for any
     * @param bindIf       source interface, null for none
     * @param fwmark       SO_MARK for the checker's packets, 0 for none
     * @param retry        further attempts after a failure before declaring the server down
     */
    record Common(InetAddress connectIp, int connectPort, InetAddress bindTo, int bindPort, String bindIf,
                  long fwmark, long connectTimeoutUs, long retry, long delayBeforeRetryUs, long warmupUs,
                  long delayLoopUs, boolean alpha, boolean logAllFailures) {
    }

    record TcpCheck(Common common, Location location) implements Connecting {
    }

    /** HTTP_GET, or SSL_GET when {@code ssl}. */
    record HttpCheck(boolean ssl, Common common, String httpProtocol, boolean enableSni, boolean fastRecovery,
                     List<Url> urls, Location location) implements Connecting {
        public HttpCheck {
            urls = List.copyOf(urls);
        }
    }

    /**
     * @param digests     MD5 digests in lower-case hex (any may match)
     * @param statusCodes inclusive ranges; {@code [200, 299]} when none was configured
     * @param virtualhost effective Host: url, else checker, else real server, else virtual server; null for the IP
     */
    record Url(String path, List<String> digests, List<StatusRange> statusCodes, String virtualhost, String regex,
               boolean regexNoMatch, List<String> regexOptions, long regexMinOffset, long regexMaxOffset,
               Location location) {
        public Url {
            digests = List.copyOf(digests);
            statusCodes = List.copyOf(statusCodes);
            regexOptions = List.copyOf(regexOptions);
        }
    }

    record StatusRange(int from, int to) {
        public boolean contains(int code) {
            return code >= from && code <= to;
        }
    }

    record SmtpCheck(Common common, String heloName, Location location) implements Connecting {
    }

    /** @param type A, NS, CNAME, SOA, MX, TXT, AAAA, RRSIG or DNSKEY */
    record DnsCheck(Common common, String type, String name, Location location) implements Connecting {
    }

    /**
     * @param payloadHex      bytes to send in lower-case hex, null for a random payload
     * @param requireReplyHex expected reply prefix in lower-case hex, {@code x} being a wildcard nibble; null when
     *                        any reply is accepted
     */
    record UdpCheck(Common common, String payloadHex, boolean requireReply, String requireReplyHex,
                    long minReplyLength, long maxReplyLength, Location location) implements Connecting {
    }

    record PingCheck(Common common, Location location) implements Connecting {
    }

    /** @param timeoutUs misc_timeout, or the effective delay_loop when not set */
    record MiscCheck(Common common, NotifyScript script, long timeoutUs, boolean dynamic, Location location)
            implements Connecting {
    }

    record FileCheck(String trackFile, long weight, boolean reverse, boolean dynamic, Location location)
            implements CheckerConfig {
    }

    record BfdCheck(String name, Location location) implements CheckerConfig {
    }
}
