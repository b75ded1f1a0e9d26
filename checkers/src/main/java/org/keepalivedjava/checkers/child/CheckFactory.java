package org.keepalivedjava.checkers.child;

import org.keepalivedjava.checkers.check.Check;
import org.keepalivedjava.checkers.check.CheckContext;
import org.keepalivedjava.checkers.check.CheckListener;
import org.keepalivedjava.config.model.lvs.CheckerConfig;

/**
 * Makes the running check for one configured checker. Production: {@code Checks::create} (the checker state
 * machines); tests: fake checks whose verdict they set.
 *
 * @see org.keepalivedjava.checkers.check.Check
 */
@FunctionalInterface
public interface CheckFactory {
    /**
     * @param realServer    keepalived's printed name of the real server ({@code [192.0.2.10]:tcp:80})
     * @param virtualServer keepalived's printed name of its virtual server ({@code [192.0.2.1]:tcp:80}, {@code FWM 5})
     * @return the check, or null when this checker kind is not supported (the child logs and skips it)
     */
    Check create(CheckerConfig config, CheckContext context, CheckListener listener, String realServer,
                 String virtualServer);
}
