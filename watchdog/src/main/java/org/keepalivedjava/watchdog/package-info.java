/**
 * The parent &lt;-&gt; child watchdog channel (DESIGN.md "Watchdog"): each child listens on a Unix stream socket
 * in a private runtime directory ({@link org.keepalivedjava.watchdog.WatchdogServer}); the parent connects,
 * checks the peer's credentials and sends a hello every watchdog_interval
 * ({@link org.keepalivedjava.watchdog.WatchdogClient}); the child answers from its event loop, so an answer
 * proves its loop is turning. Two unanswered hellos in a row mean the child is hung
 * ({@link org.keepalivedjava.watchdog.HelloTracker}, pure). The wire format is a fixed 16-byte frame
 * ({@link org.keepalivedjava.watchdog.WatchdogFrame}, pure; version 2 adds a status request and its answer, a
 * length-prefixed payload the child produces on its loop for the parent's control socket and metrics). End of
 * stream tells a child its parent is gone.
 * Both ends run on an {@code org.keepalivedjava.os.loop.EventLoop}: loop thread only.
 */
package org.keepalivedjava.watchdog;
