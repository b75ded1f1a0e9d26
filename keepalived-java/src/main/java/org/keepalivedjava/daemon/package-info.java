/**
 * Apache Commons Daemon entry point ({@link org.keepalivedjava.daemon.KeepalivedDaemon}) for running the parent
 * under jsvc, as an init script would.
 */
package org.keepalivedjava.daemon;
