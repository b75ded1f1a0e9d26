package org.keepalivedjava.config.model.lvs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.script.NotifyScript;

/** Filled by one virtual_server block; null means "not configured" (a default or inheritance applies). */
public final class VirtualServerBuilder {
    public final VirtualServer.Service service;
    public final Location location;
    /** The section this server belongs to (for lookups of other sections at end of block, e.g. BFD names). */
    public LvsBuilder root;
    public VirtualServer.Protocol protocol;
    public String scheduler;
    public final Set<String> schedulerFlags = new LinkedHashSet<>();
    public Forwarding forwarding;
    public long persistenceTimeoutS;
    public String persistenceGranularity;
    public String persistenceEngine;
    /** inet / inet6 once known (from ip_family, the address, or a non-tunnelled real server). */
    public String family;
    public long quorum = 1;
    public long hysteresis;
    public NotifyScript quorumUp;
    public NotifyScript quorumDown;
    public VirtualServer.SorryServer sorryServer;
    public boolean inhibitOnFailure;
    public boolean alpha;
    public boolean omega;
    public boolean haSuspend;
    public String virtualhost;
    public Boolean smtpAlert;
    public long weight = 1;
    public String snmpName;
    public Long connectTimeoutUs;
    public Long retry;
    public Long delayBeforeRetryUs;
    public Long warmupUs;
    public Long delayLoopUs;
    public final List<RealServerBuilder> realServers = new ArrayList<>();

    public VirtualServerBuilder(VirtualServer.Service service, Location location) {
        this.service = service;
        this.location = location;
    }

    public String displayName() {
        return VirtualServerNames.of(service, protocol);
    }
}
