/**
 * The VRRP child's status snapshot for the parent's control socket and metrics, built on the child's loop from
 * the same per-instance data as the SIGUSR1/SIGUSR2 dumps.
 */
package org.keepalivedjava.vrrp.status;
