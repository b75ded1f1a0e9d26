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
    /** @return the check, or null when this checker kind is not supported (the child logs and skips it) */
    Check create(CheckerConfig config, CheckContext context, CheckListener listener);
}
