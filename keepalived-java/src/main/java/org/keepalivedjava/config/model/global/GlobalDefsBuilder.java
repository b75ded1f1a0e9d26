package org.keepalivedjava.config.model.global;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keepalivedjava.config.Diagnostics;
import org.keepalivedjava.config.HostView;
import org.keepalivedjava.config.model.script.NotifyScript;

/** Filled by the global_defs keywords (and the top-level process keywords); defaults are keepalived's. */
public final class GlobalDefsBuilder {
    public String routerId;

    public final List<GlobalDefs.EmailAddress> emails = new ArrayList<>();
    public String emailFrom;
    public String smtpServerHost;
    public int smtpServerPort = 25;
    public String smtpHeloName;
    public int smtpConnectTimeoutSec = 30;
    public Boolean smtpAlert;
    public Boolean smtpAlertVrrp;
    public Boolean smtpAlertChecker;
    public boolean noEmailFaults;
    public boolean smtpStarttls;
    public boolean smtpSsl;
    public String smtpUser;
    public String smtpPasswordFile;

    public InetAddress mcastGroup4 = literal("224.0.0.18");
    public InetAddress mcastGroup6 = literal("ff02::12");
    public long garpMasterDelayUs = 5_000_000;
    public int garpMasterRepeat = 5;
    public Long garpLowerPrioDelayUs;
    public Integer garpLowerPrioRepeat;
    public long garpMasterRefreshUs;
    public int garpMasterRefreshRepeat = 1;
    public long garpIntervalUs;
    public long gnaIntervalUs;
    public boolean minGarp;
    public int vrrpVersion = 2;
    public boolean vrrpStrict;
    public boolean checkUnicastSrc;
    public boolean skipCheckAdvAddr;
    public boolean lowerPrioNoAdvert;
    public boolean higherPrioSendAdvert;
    public boolean notifyPriorityChanges;
    public int downTimerAdverts = 3;
    public long startupDelayUs;
    public String defaultInterface = "eth0";
    public boolean dynamicInterfaces;
    public boolean allowIfChanges;
    public String iptablesInChain;
    public String iptablesOutChain;
    public String nftablesTable;
    public String vmacPrefix = "vrrp";

    public boolean lvsFlush;
    public boolean lvsFlushOnStop;
    public Integer lvsTcpTimeoutSec;
    public Integer lvsTcpFinTimeoutSec;
    public Integer lvsUdpTimeoutSec;
    public GlobalDefs.SyncDaemon syncDaemon;

    public String processName;
    public String vrrpProcessName;
    public String checkerProcessName;
    public Integer vrrpPriority;
    public Integer checkerPriority;
    public boolean vrrpNoSwap;
    public boolean checkerNoSwap;
    public Integer vrrpRtPriority;
    public Integer checkerRtPriority;
    public int maxAutoPriority;
    public String netNamespace;
    public String instanceName;
    public boolean usePidDir;
    public boolean linkbeatUsePolling;
    public int childWaitTimeSec = 5;

    public boolean enableScriptSecurity;
    public String scriptUser;
    public String scriptGroup;
    public org.keepalivedjava.config.Location scriptUserLocation = org.keepalivedjava.config.Location.NONE;
    public NotifyScript startupScript;
    public int startupScriptTimeoutSec = 10;
    public NotifyScript shutdownScript;
    public int shutdownScriptTimeoutSec = 10;

    public String notifyFifoPath;
    public String vrrpNotifyFifoPath;
    public String lvsNotifyFifoPath;
    public NotifyScript notifyFifoScript;
    public NotifyScript vrrpNotifyFifoScript;
    public NotifyScript lvsNotifyFifoScript;
    public boolean fifoWriteVrrpStatesOnReload;

    public int watchdogIntervalSec = 5;
    public String controlSocket;
    public String prometheusListen;

    public final Map<String, List<String>> otherSettings = new LinkedHashMap<>();

    /** The shared list of scripts in use (ConfigBuilder.scriptsInUse), so global scripts are security-checked. */
    private List<NotifyScript> scriptsInUse;

    /** Connects this builder to the config's list of scripts in use; called by the keyword handlers. */
    public GlobalDefsBuilder attach(List<NotifyScript> scripts) {
        this.scriptsInUse = scripts;
        return this;
    }

    public GlobalDefs build(Diagnostics diagnostics, HostView host) {
        if (scriptUser != null && (!host.userExists(scriptUser)
                || (scriptGroup != null && !host.groupExists(scriptGroup)))) {
            diagnostics.error(org.keepalivedjava.config.ConfigStatus.GENERAL_ERROR, scriptUserLocation,
                    "Error setting global script uid/gid");
            scriptUser = null;
            scriptGroup = null;
        }
        for (NotifyScript s : new NotifyScript[] {startupScript, shutdownScript, notifyFifoScript,
                vrrpNotifyFifoScript, lvsNotifyFifoScript}) {
            if (s != null && scriptsInUse != null) {
                scriptsInUse.add(s);
            }
        }
        var smtp = new GlobalDefs.Smtp(emails, emailFrom, smtpServerHost, smtpServerPort, smtpHeloName,
                smtpConnectTimeoutSec, smtpAlert, smtpAlertVrrp, smtpAlertChecker, noEmailFaults, smtpStarttls,
                smtpSsl, smtpUser, smtpPasswordFile);
        var vrrp = new GlobalDefs.VrrpDefaults(mcastGroup4, mcastGroup6, garpMasterDelayUs, garpMasterRepeat,
                garpLowerPrioDelayUs, garpLowerPrioRepeat, garpMasterRefreshUs, garpMasterRefreshRepeat,
                garpIntervalUs, gnaIntervalUs, minGarp, vrrpVersion, vrrpStrict, checkUnicastSrc, skipCheckAdvAddr,
                lowerPrioNoAdvert, higherPrioSendAdvert, notifyPriorityChanges, downTimerAdverts, startupDelayUs,
                defaultInterface, dynamicInterfaces, allowIfChanges, iptablesInChain, iptablesOutChain,
                nftablesTable, vmacPrefix);
        var lvs = new GlobalDefs.Lvs(lvsFlush, lvsFlushOnStop, lvsTcpTimeoutSec, lvsTcpFinTimeoutSec,
                lvsUdpTimeoutSec, syncDaemon);
        var processes = new GlobalDefs.Processes(processName, vrrpProcessName, checkerProcessName, vrrpPriority,
                checkerPriority, vrrpNoSwap, checkerNoSwap, vrrpRtPriority, checkerRtPriority, maxAutoPriority,
                netNamespace, instanceName, usePidDir, linkbeatUsePolling, childWaitTimeSec);
        var scripts = new GlobalDefs.Scripts(enableScriptSecurity, scriptUser, scriptGroup, startupScript,
                startupScriptTimeoutSec, shutdownScript, shutdownScriptTimeoutSec);
        var fifos = new GlobalDefs.Fifos(fifo(notifyFifoPath, notifyFifoScript),
                fifo(vrrpNotifyFifoPath, vrrpNotifyFifoScript), fifo(lvsNotifyFifoPath, lvsNotifyFifoScript),
                fifoWriteVrrpStatesOnReload);
        return new GlobalDefs(routerId, smtp, vrrp, lvs, processes, scripts, fifos,
                new GlobalDefs.Extensions(watchdogIntervalSec, controlSocket, prometheusListen), otherSettings);
    }

    private static GlobalDefs.Fifo fifo(String path, NotifyScript script) {
        return path == null ? null : new GlobalDefs.Fifo(path, script);
    }

    private static InetAddress literal(String s) {
        return org.keepalivedjava.config.values.InetValues.parseLiteral(s);
    }
}
