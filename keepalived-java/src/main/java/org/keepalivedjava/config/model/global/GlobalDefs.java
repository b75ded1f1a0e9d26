package org.keepalivedjava.config.model.global;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.keepalivedjava.config.model.script.NotifyScript;

/**
 * global_defs and the other process-wide settings (the top-level net_namespace, instance, use_pid_dir...),
 * immutable. Defaults are keepalived 2.2.7's.
 *
 * @param routerId       router_id; null means "the local host name" (resolved at run time, not here)
 * @param smtp           mail alerts
 * @param vrrp           defaults for every vrrp_instance and the VRRP process
 * @param lvs            IPVS-wide settings
 * @param processes      process names, scheduling and namespaces
 * @param scripts        script security and the startup/shutdown scripts
 * @param fifos          notify FIFOs and their scripts
 * @param extensions     keepalived-java's own keywords (all off by default)
 * @param otherSettings  keywords keepalived accepts that keepalived-java validates but does not act on (SNMP, DBus,
 *                       netlink buffer sizes, nftables tuning...), keyword to its words, last one wins
 */
public record GlobalDefs(String routerId, Smtp smtp, VrrpDefaults vrrp, Lvs lvs, Processes processes,
                         Scripts scripts, Fifos fifos, Extensions extensions,
                         Map<String, List<String>> otherSettings) {

    public GlobalDefs {
        otherSettings = Map.copyOf(otherSettings);
    }

    /** One notification_email address; {@code display} is the "Name" of {@code Name <addr>}, or null. */
    public record EmailAddress(String display, String address) {
    }

    /**
     * @param smtpServerHost      IP literal or host name (resolved when mail is sent), null = no mail
     * @param connectTimeoutSec   smtp_connect_timeout (default 30)
     * @param alert               smtp_alert: null = not set (keepalived then alerts only where a block asks)
     * @param starttls            our smtp_starttls
     * @param ssl                 our smtp_ssl (implicit TLS)
     * @param passwordFile        our smtp_password_file (the password never lives in the config)
     */
    public record Smtp(List<EmailAddress> notificationEmails, String emailFrom, String smtpServerHost,
                       int smtpServerPort, String heloName, int connectTimeoutSec, Boolean alert,
                       Boolean alertVrrp, Boolean alertChecker, boolean noEmailFaults, boolean starttls,
                       boolean ssl, String user, String passwordFile) {
        public Smtp {
            notificationEmails = List.copyOf(notificationEmails);
        }
    }

    /**
     * VRRP defaults. Delays are micro-seconds; {@code garpLowerPrioDelayUs}/{@code garpLowerPrioRepeat} null
     * mean "same as the master values", as in keepalived.
     */
    public record VrrpDefaults(InetAddress mcastGroup4, InetAddress mcastGroup6, long garpMasterDelayUs,
                               int garpMasterRepeat, Long garpLowerPrioDelayUs, Integer garpLowerPrioRepeat,
                               long garpMasterRefreshUs, int garpMasterRefreshRepeat, long garpIntervalUs,
                               long gnaIntervalUs, boolean minGarp, int version, boolean strict,
                               boolean checkUnicastSrc, boolean skipCheckAdvAddr, boolean lowerPrioNoAdvert,
                               boolean higherPrioSendAdvert, boolean notifyPriorityChanges,
                               int downTimerAdverts, long startupDelayUs, String defaultInterface,
                               boolean dynamicInterfaces, boolean allowIfChanges, String iptablesInChain,
                               String iptablesOutChain, String nftablesTable, String vmacPrefix) {
    }

    /** IPVS: lvs_flush, lvs_flush_on_stop, lvs_timeouts (seconds, null = unchanged), lvs_sync_daemon. */
    public record Lvs(boolean flush, boolean flushOnStop, Integer tcpTimeoutSec, Integer tcpFinTimeoutSec,
                      Integer udpTimeoutSec, SyncDaemon syncDaemon) {
    }

    /** lvs_sync_daemon INTERFACE [[inst] VRRP_INSTANCE] [id N] ...; syncId null = the instance's VRID. */
    public record SyncDaemon(String interfaceName, String vrrpInstance, Integer syncId, Integer maxLen,
                             Integer port, Integer ttl, InetAddress group) {
    }

    /**
     * Process-wide settings. Priorities null = unchanged; {@code childWaitTimeSec} default 5.
     */
    public record Processes(String processName, String vrrpProcessName, String checkerProcessName,
                            Integer vrrpPriority, Integer checkerPriority, boolean vrrpNoSwap,
                            boolean checkerNoSwap, Integer vrrpRtPriority, Integer checkerRtPriority,
                            int maxAutoPriority, String netNamespace, String instanceName, boolean usePidDir,
                            boolean linkbeatUsePolling, int childWaitTimeSec) {
    }

    /**
     * @param scriptUser    script_user, null = keepalived_script if it exists, else root
     * @param startupScript startup_script with its timeout in seconds (default 10)
     */
    public record Scripts(boolean enableScriptSecurity, String scriptUser, String scriptGroup,
                          NotifyScript startupScript, int startupScriptTimeoutSec, NotifyScript shutdownScript,
                          int shutdownScriptTimeoutSec) {
    }

    /** A FIFO path with an optional script reading it. */
    public record Fifo(String path, NotifyScript script) {
    }

    /** notify_fifo, vrrp_notify_fifo, lvs_notify_fifo; null when not configured. */
    public record Fifos(Fifo general, Fifo vrrp, Fifo lvs, boolean writeVrrpStatesOnReload) {
    }

    /**
     * keepalived-java's own global_defs keywords.
     *
     * @param watchdogIntervalSec  systemd-style liveness interval of the children, 0 = off (default 5)
     * @param controlSocket        path of the control socket, null = none
     * @param prometheusListen     IP:PORT of the metrics listener, null = none
     */
    public record Extensions(int watchdogIntervalSec, String controlSocket, String prometheusListen) {
    }
}
