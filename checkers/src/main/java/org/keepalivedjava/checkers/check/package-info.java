/**
 * The contract between the checker state machines (one {@link org.keepalivedjava.checkers.check.Check} per
 * configured checker, created by {@code Checks.create(config, context, listener)}) and the checker child's
 * runtime, which aggregates verdicts per real server ("up only when all its checkers pass") and programs IPVS.
 */
package org.keepalivedjava.checkers.check;
