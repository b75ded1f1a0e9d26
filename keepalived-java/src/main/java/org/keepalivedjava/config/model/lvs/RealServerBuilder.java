package org.keepalivedjava.config.model.lvs;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.script.NotifyScript;

/** Filled by one real_server block; null means "inherit". */
public final class RealServerBuilder {
    /** The virtual server being filled when this real server was declared. */
    public final VirtualServerBuilder owner;
    public final InetAddress address;
    public int port;
    public final Location location;
    /** Where end-of-block checks report (block closers receive no diagnostics of their own). */
    public org.keepalivedjava.config.Diagnostics diagnostics = new org.keepalivedjava.config.Diagnostics();
    public long weight = 1;
    public Forwarding forwarding;
    public Boolean inhibitOnFailure;
    public NotifyScript notifyUp;
    public NotifyScript notifyDown;
    public long uthreshold;
    public long lthreshold;
    public Boolean smtpAlert;
    public Boolean alpha;
    public String virtualhost;
    public String snmpName;
    public Long connectTimeoutUs;
    public Long retry;
    public Long delayBeforeRetryUs;
    public Long warmupUs;
    public Long delayLoopUs;
    public final List<CheckerBuilder> checkers = new ArrayList<>();

    public RealServerBuilder(VirtualServerBuilder owner, InetAddress address, int port, Location location) {
        this.owner = owner;
        this.address = address;
        this.port = port;
        this.location = location;
    }
}
