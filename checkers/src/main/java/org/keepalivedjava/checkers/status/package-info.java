/**
 * The health-check child's status snapshot for the parent's control socket and metrics: virtual and real servers,
 * verdicts, weights and check latency, read on the child's loop from the LVS run-time state.
 */
package org.keepalivedjava.checkers.status;
