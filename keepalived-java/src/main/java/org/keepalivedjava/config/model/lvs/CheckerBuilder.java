package org.keepalivedjava.config.model.lvs;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.script.NotifyScript;

/**
 * Filled by one checker block. Null means "not configured here" so that {@link LvsBuilder} can resolve the value
 * from the real server, the virtual server or the kind's default.
 */
public final class CheckerBuilder {

    public enum Kind { TCP_CHECK, HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK, MISC_CHECK,
        FILE_CHECK, BFD_CHECK }

    /** The real server this checker belongs to. */
    public final RealServerBuilder owner;
    public final Kind kind;
    public final Location location;
    /** Where end-of-block checks report (block closers receive no diagnostics of their own). */
    public org.keepalivedjava.config.Diagnostics diagnostics = new org.keepalivedjava.config.Diagnostics();

    // common connection options
    public InetAddress connectIp;
    public Integer connectPort;
    public InetAddress bindTo;
    public Integer bindPort;
    public String bindIf;
    public Long fwmark;
    public Long connectTimeoutUs;
    public Long retry;
    public Long delayBeforeRetryUs;
    public Long warmupUs;
    public Long delayLoopUs;
    public Boolean alpha;
    public boolean logAllFailures;

    // HTTP_GET / SSL_GET
    public String httpProtocol;
    public boolean enableSni;
    public boolean fastRecovery;
    public String virtualhost;
    public final List<UrlBuilder> urls = new ArrayList<>();

    // SMTP_CHECK
    public String heloName;

    // DNS_CHECK
    public String dnsType;
    public String dnsName;

    // UDP_CHECK
    public String payloadHex;
    public boolean requireReply;
    public String requireReplyHex;
    public long minReplyLength;
    public long maxReplyLength = 255;

    // MISC_CHECK
    public NotifyScript script;
    public Long miscTimeoutUs;
    public boolean miscDynamic;
    public String user;
    public String group;

    // FILE_CHECK
    public String trackFile;
    public long fileWeight = 1;
    public boolean fileReverse;
    public boolean fileDynamic;

    // BFD_CHECK
    public String bfdName;

    /** false once keepalived would have dropped this checker (e.g. MISC_CHECK without misc_path). */
    public boolean valid = true;

    public CheckerBuilder(RealServerBuilder owner, Kind kind, Location location) {
        this.owner = owner;
        this.kind = kind;
        this.location = location;
    }

    /** Filled by one {@code url} block. */
    public static final class UrlBuilder {
        public final Location location;
        public String path;
        public final List<String> digests = new ArrayList<>();
        public final List<CheckerConfig.StatusRange> statusCodes = new ArrayList<>();
        public String virtualhost;
        public String regex;
        public boolean regexNoMatch;
        public final List<String> regexOptions = new ArrayList<>();
        public long regexMinOffset;
        public long regexMaxOffset;

        public UrlBuilder(Location location) {
            this.location = location;
        }
    }
}
