package org.keepalivedjava.parent;

/**
 * What the parent must clean up after a child process has gone, before anything else happens (a respawn, the end of
 * the daemon). Loop thread; must be quick and must not throw.
 */
@FunctionalInterface
public interface AfterChildExit {
    /**
     * @param exit     how the child ended
     * @param stopping whether the daemon is stopping (the child was asked to go)
     */
    void afterExit(ChildExit exit, boolean stopping);

    AfterChildExit NOTHING = (exit, stopping) -> { };
}
