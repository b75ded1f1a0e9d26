package org.keepalivedjava.parent;

import java.util.List;
import java.util.Optional;

/**
 * The parent's half of SIGHUP: re-read and validate the configuration before any child hears of it.
 * Implemented by cli.Launcher (it knows the file, the -i/-e/-s load options and the host view).
 */
@FunctionalInterface
public interface ConfigReload {
    /**
     * Re-reads the configuration and logs every diagnostic. Loop thread.
     *
     * @return the children the new configuration needs, or empty when it must not be applied (the old one keeps
     *         running untouched, no child is signalled)
     */
    Optional<List<ChildSpec>> reread();

    /** No configuration of its own (tests, tools): every reload is accepted and needs no new child. */
    ConfigReload ACCEPT = () -> Optional.of(List.of());
}
