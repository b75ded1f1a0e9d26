package org.keepalivedjava.os.proc;

/**
 * A passwd entry. uid/gid are Java longs because uid_t is an unsigned 32-bit value.
 *
 * @param gid the user's primary group
 */
public record PosixUser(String name, long uid, long gid, String home, String shell) {
}
