package org.keepalivedjava.checkers.check.impl;

import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.checkers.check.Checks;
import org.keepalivedjava.config.model.lvs.CheckerConfig;

/**
 * BFD_CHECK: keepalived-java has no BFD process, so no BFD event ever arrives. keepalived in that situation (a BFD
 * checker whose BFD instance never reports, or a keepalived built without BFD, where the block is ignored) leaves
 * the real server as it started: up. This does the same, and says so once in the log so that nobody believes the
 * server is being watched. Loop thread only.
 */
public final class BfdCheckFsm extends CheckFsm {

    public BfdCheckFsm(CheckerConfig.BfdCheck config, CheckContext context, CheckListener listener,
                       Checks.Target target) {
        super(config, context, listener, target);
    }

    @Override
    public void start(long nowNs) {
        CheckerConfig.BfdCheck bfd = (CheckerConfig.BfdCheck) config;
        log("BFD_CHECK of " + rsText + " (BFD " + bfd.name() + ") is not supported by keepalived-java: no BFD"
                + " events will arrive and the checker stays up");
    }

    /** Ignored: BFD_CHECK has no attempts to pause (keepalived: no launch thread). */
    @Override
    public void setEnabled(boolean enabled) {
    }

    @Override
    protected void beginAttempt(long nowNs) {
    }

    @Override
    protected void onTimeout(long nowNs) {
    }

    @Override
    protected void abortAttempt() {
    }
}
