/**
 * The parent process's supervision core (issue 5): {@link org.keepalivedjava.parent.ChildSpec} describes a child
 * JVM, {@link org.keepalivedjava.parent.ChildSupervisor} spawns, watches (watchdog), respawns
 * ({@link org.keepalivedjava.parent.RespawnBackoff}, pure) and stops the children on the parent's event loop,
 * {@link org.keepalivedjava.parent.ChildExit} says what an exit value means and which codes stop the daemon, and
 * {@link org.keepalivedjava.parent.SupervisorRunner#run} is the one call the launcher makes.
 */
package org.keepalivedjava.parent;
