package org.keepalivedjava.packaging.chaos;

/** Configuration texts for the chaos labs (the same keepalived.conf language for both implementations). */
final class ChaosConfigs {
    private ChaosConfigs() {
    }

    /** global_defs: watchdog_interval is keepalived-java's own keyword, so only keepalived-java nodes get it. */
    static String global(String router, boolean keepalivedJava, String extra) {
        return "global_defs {\n  router_id " + router + "\n"
                + (keepalivedJava ? "  watchdog_interval 1\n" : "")
                + "  enable_script_security\n  script_user root\n" + extra + "}\n";
    }

    /** One VRRPv2 instance on eth0, advert_int 1, starting BACKUP as every node does. */
    static String instance(String name, int vrid, int priority, String vip, String extra) {
        return instance(name, vrid, priority, vip, "advert_int 1", extra);
    }

    /** One instance on eth0 with {@code timing} (e.g. "version 3\n  advert_int 0.5"). */
    static String instance(String name, int vrid, int priority, String vip, String timing, String extra) {
        return "vrrp_instance " + name + " {\n  state BACKUP\n  interface eth0\n  virtual_router_id " + vrid + "\n"
                + "  priority " + priority + "\n  " + timing + "\n" + extra
                + "  virtual_ipaddress {\n    " + vip + "/24\n  }\n}\n";
    }

    /**
     * A virtual server, so that keepalived-java starts its checker child (this kernel has no IPVS: the child logs
     * that once and keeps running its checks). Not for the real keepalived, whose checker process exits FATAL
     * without IPVS and takes its daemon down.
     */
    static String virtualServer(String vip, String realServer) {
        return "virtual_server " + vip + " 80 {\n  delay_loop 2\n  lvs_sched rr\n  lvs_method NAT\n  protocol TCP\n"
                + "  real_server " + realServer + " 80 {\n    TCP_CHECK {\n      connect_timeout 1\n    }\n  }\n}\n";
    }
}
