package org.keepalivedjava.os.proc;

import java.util.Arrays;
import java.util.Optional;

import org.keepalivedjava.os.libc.Native;

/**
 * {@link UserDatabase} through libc's getpwnam_r/getgrnam_r, i.e. NSS (files, LDAP, sssd...). May block on a
 * remote directory: call at configuration time, not from a loop handler. Thread-safe.
 *
 * @throws org.keepalivedjava.os.libc.NativeException from the lookups when NSS itself fails (not for "no such")
 */
public final class NativeUserDatabase implements UserDatabase {
    public static final NativeUserDatabase INSTANCE = new NativeUserDatabase();

    private NativeUserDatabase() {
    }

    @Override
    public Optional<PosixUser> user(String name) {
        String[] e = Native.getpwnam(name);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(new PosixUser(e[0], Long.parseLong(e[1]), Long.parseLong(e[2]), e[3], e[4]));
    }

    @Override
    public Optional<PosixGroup> group(String name) {
        String[] e = Native.getgrnam(name);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(new PosixGroup(e[0], Long.parseLong(e[1]), Arrays.asList(e).subList(2, e.length)));
    }
}
