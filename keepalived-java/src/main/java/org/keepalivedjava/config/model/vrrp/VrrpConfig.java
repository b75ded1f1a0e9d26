package org.keepalivedjava.config.model.vrrp;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.keepalivedjava.config.Location;
import org.keepalivedjava.config.model.script.NotifyScript;
import org.keepalivedjava.config.values.IpPrefix;

/**
 * What the VRRP child runs, immutable: static addresses/routes/rules, tracked scripts/processes/files, sync
 * groups, garp groups and the instances. Everything that came from the file keeps its {@link Location}.
 */
public record VrrpConfig(List<IpAddress> staticAddresses, List<IpRoute> staticRoutes, List<IpRule> staticRules,
                         Map<String, TrackGroup> trackGroups, Map<String, Script> scripts,
                         Map<String, TrackProcess> trackProcesses, Map<String, TrackFile> trackFiles,
                         List<GarpGroup> garpGroups, List<SyncGroup> syncGroups, List<Instance> instances) {

    public VrrpConfig {
        staticAddresses = List.copyOf(staticAddresses);
        staticRoutes = List.copyOf(staticRoutes);
        staticRules = List.copyOf(staticRules);
        trackGroups = Map.copyOf(trackGroups);
        scripts = Map.copyOf(scripts);
        trackProcesses = Map.copyOf(trackProcesses);
        trackFiles = Map.copyOf(trackFiles);
        garpGroups = List.copyOf(garpGroups);
        syncGroups = List.copyOf(syncGroups);
        instances = List.copyOf(instances);
    }

    /** keepalived runs its VRRP process for instances and for static addresses, routes and rules. */
    public boolean hasWork() {
        return !instances.isEmpty() || !staticAddresses.isEmpty() || !staticRoutes.isEmpty()
                || !staticRules.isEmpty();
    }

    public int instanceCount() {
        return instances.size();
    }

    /** An entry of track_interface/track_script/track_process/track_file/track_bfd; weight null = default. */
    public record TrackRef(String name, Integer weight, boolean reverse, Location location) {
    }

    /**
     * One line of virtual_ipaddress / virtual_ipaddress_excluded / static_ipaddress.
     *
     * @param dev           null = the instance's interface (or default_interface for static addresses)
     * @param scope         null = the kernel's default (global)
     * @param preferredLft  seconds, null = default, -1 = forever
     */
    public record IpAddress(IpPrefix prefix, InetAddress broadcast, String broadcastHostBits, String dev,
                            String scope, String label, InetAddress peer, boolean home, boolean noDad,
                            boolean mngTmpAddr, boolean noPrefixRoute, boolean autoJoin, boolean noTrack,
                            boolean useVmac, String trackGroup, Long preferredLft, Location location) {
    }

    /**
     * One line of virtual_routes / static_routes. {@code type} is the route type (unicast, blackhole,
     * unreachable, prohibit, throw); {@code options} keeps the further ip-route options as written (metric
     * settings, protocol, realms, nexthops...), in order.
     */
    public record IpRoute(String type, IpPrefix destination, IpPrefix source, InetAddress preferredSource,
                          InetAddress via, String dev, String table, Long metric, String scope, boolean append,
                          boolean noTrack, String trackGroup, Map<String, String> options, Location location) {
        public IpRoute {
            options = Map.copyOf(options);
        }
    }

    /**
     * One line of virtual_rules / static_rules: selectors (from/to/iif/oif/fwmark/...), an action (table,
     * goto, blackhole...), and the preference.
     */
    public record IpRule(boolean ipv6, IpPrefix from, IpPrefix to, String action, String table, Long preference,
                         boolean noTrack, String trackGroup, Map<String, String> selectors, Location location) {
        public IpRule {
            selectors = Map.copyOf(selectors);
        }
    }

    /** track_group NAME { group { VI_1 ... } }: instances that go to FAULT when a static item is lost. */
    public record TrackGroup(String name, List<String> instances, Location location) {
        public TrackGroup {
            instances = List.copyOf(instances);
        }
    }

    /**
     * vrrp_script. Intervals in micro-seconds; {@code timeoutUs} defaults to the interval.
     */
    public record Script(String name, NotifyScript command, long intervalUs, long timeoutUs, int weight,
                         boolean reverse, int rise, int fall, boolean initFail, Location location) {
    }

    /**
     * vrrp_track_process. {@code paramMatch}: null (not given: the process line's parameters, if any, must match
     * exactly), "exact" (a bare param_match), "initial" or "partial". Delays in micro-seconds.
     */
    public record TrackProcess(String name, List<String> process, String paramMatch, int weight, boolean reverse,
                               int quorum, int quorumMax, long forkDelayUs, long terminateDelayUs,
                               boolean fullCommand, Location location) {
        public TrackProcess {
            process = List.copyOf(process);
        }
    }

    /** track_file (vrrp_track_file). {@code initValue} null = no init_file. */
    public record TrackFile(String name, String path, int weight, boolean reverse, Long initValue,
                            boolean initOverwrite, Location location) {
    }

    /** garp_group: GARP/NA rate limits (micro-seconds) for one interface or a set of them. */
    public record GarpGroup(long garpIntervalUs, long gnaIntervalUs, List<String> interfaces, Location location) {
        public GarpGroup {
            interfaces = List.copyOf(interfaces);
        }
    }

    /** The notify_* scripts of an instance or sync group; each null when not configured. */
    public record Notifies(NotifyScript master, NotifyScript backup, NotifyScript fault, NotifyScript stop,
                           NotifyScript deleted, boolean deletedState, NotifyScript masterRxLowerPri,
                           NotifyScript any) {
        public List<NotifyScript> all() {
            return java.util.stream.Stream.of(master, backup, fault, stop, deleted, masterRxLowerPri, any)
                    .filter(java.util.Objects::nonNull).toList();
        }
    }

    /** The tracking lists shared by instances and sync groups. */
    public record Tracking(List<TrackRef> interfaces, List<TrackRef> scripts, List<TrackRef> processes,
                           List<TrackRef> files, List<TrackRef> bfds) {
        public Tracking {
            interfaces = List.copyOf(interfaces);
            scripts = List.copyOf(scripts);
            processes = List.copyOf(processes);
            files = List.copyOf(files);
            bfds = List.copyOf(bfds);
        }
    }

    public record SyncGroup(String name, List<String> instances, Tracking tracking, Notifies notifies,
                            Boolean smtpAlert, boolean notifyPriorityChanges, boolean globalTracking,
                            boolean trackingWeight, Location location) {
        public SyncGroup {
            instances = List.copyOf(instances);
        }
    }

    public enum InitialState { BACKUP, MASTER }

    /** A unicast peer with the optional TTL window (min_ttl/max_ttl turn on check_unicast_src). */
    public record UnicastPeer(InetAddress address, Integer minTtl, Integer maxTtl, Location location) {
    }

    /**
     * authentication { auth_type PASS|AH; auth_pass ... } (only the first 8 characters are used), plus the HMAC
     * trailer of keepalived after 2.2.7 ({@code auth_hmac_key ID HEX}, {@code auth_hmac_active_key ID},
     * {@code auth_hmac_window SECONDS}; keepalived-java's keyword names, see RELIABILITY.md).
     *
     * @param hmacKeys          empty when HMAC authentication is off
     * @param hmacActiveKey     the key adverts are signed with (null: the first key)
     * @param hmacWindowSeconds accepted clock difference (null: max(5 s, 3 advert intervals); 0: no time check)
     */
    public record Authentication(String type, String password, List<HmacKey> hmacKeys, Integer hmacActiveKey,
                                 Integer hmacWindowSeconds) {
        public Authentication {
            hmacKeys = List.copyOf(hmacKeys);
        }

        public Authentication(String type, String password) {
            this(type, password, List.of(), null, null);
        }

        public boolean hmac() {
            return !hmacKeys.isEmpty();
        }

        public Authentication withPass(String newType, String newPassword) {
            return new Authentication(newType, newPassword, hmacKeys, hmacActiveKey, hmacWindowSeconds);
        }
    }

    /** One HMAC key: its id (0..255) as carried in the trailer, and 32..64 bytes of key material. */
    public record HmacKey(int id, byte[] key) {
        public HmacKey {
            key = key.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HmacKey k && k.id == id && java.util.Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * id + java.util.Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "HmacKey[" + id + "]"; // never the key material (dumps, logs)
        }
    }

    /**
     * One vrrp_instance with keepalived's defaults applied: priority 100, advert_int 1 s, VRRP version from
     * global_defs (3 for IPv6), garp settings from global_defs, preempt on, accept on unless strict.
     *
     * @param advertIntervalUs  advert_int in micro-seconds
     * @param version           2 or 3
     * @param ipv6              the address family of the VIPs (native_ipv6 or the first VIP)
     */
    public record Instance(String name, InitialState initialState, String interfaceName, int vrid, int priority,
                           long advertIntervalUs, int version, boolean ipv6, boolean useVmac, String vmacName,
                           boolean vmacXmitBase, boolean dontTrackPrimary, Tracking tracking,
                           InetAddress sourceAddress, InetAddress mcastDestination, List<UnicastPeer> unicastPeers,
                           boolean unicastFaultNoPeer, Integer unicastTtl, boolean checkUnicastSrc,
                           Authentication authentication, List<IpAddress> virtualAddresses,
                           List<IpAddress> excludedAddresses, List<IpRoute> virtualRoutes,
                           List<IpRule> virtualRules, boolean preempt, long preemptDelayUs,
                           long garpMasterDelayUs, int garpMasterRepeat, long garpLowerPrioDelayUs,
                           int garpLowerPrioRepeat, long garpMasterRefreshUs, int garpMasterRefreshRepeat,
                           boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, int downTimerAdverts,
                           Notifies notifies, Boolean smtpAlert, boolean notifyPriorityChanges, boolean accept,
                           boolean skipCheckAdvAddr, boolean strictMode, boolean promoteSecondaries,
                           boolean trackSrcIp, String syncGroup, Map<String, List<String>> otherSettings,
                           Location location) {
        public Instance {
            unicastPeers = List.copyOf(unicastPeers);
            virtualAddresses = List.copyOf(virtualAddresses);
            excludedAddresses = List.copyOf(excludedAddresses);
            virtualRoutes = List.copyOf(virtualRoutes);
            virtualRules = List.copyOf(virtualRules);
            otherSettings = Map.copyOf(otherSettings);
        }

        public boolean isUnicast() {
            return !unicastPeers.isEmpty();
        }

        /** RFC 5798 §6.1: priority 255 is reserved for the address owner. */
        public boolean isAddressOwner() {
            return priority == 255;
        }
    }
}
