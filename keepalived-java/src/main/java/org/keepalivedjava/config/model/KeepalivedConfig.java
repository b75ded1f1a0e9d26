package org.keepalivedjava.config.model;

import org.keepalivedjava.config.model.global.GlobalDefs;
import org.keepalivedjava.config.model.lvs.LvsConfig;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;

/**
 * The whole parsed configuration, immutable: what the parent validates and both children run.
 *
 * @param global global_defs (shared by every process)
 * @param vrrp   everything the VRRP child runs: static addresses/routes/rules, scripts, tracking, sync groups,
 *               instances
 * @param lvs    everything the health-check child runs: virtual server groups, virtual servers, real servers and
 *               their checkers
 */
public record KeepalivedConfig(GlobalDefs global, VrrpConfig vrrp, LvsConfig lvs) {

    /** keepalived starts the VRRP child only when there is something for it to do. */
    public boolean hasVrrp() {
        return vrrp.hasWork();
    }

    /** keepalived starts the checker child only when there are virtual servers. */
    public boolean hasChecker() {
        return lvs.hasWork();
    }
}
