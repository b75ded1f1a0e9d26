package org.keepalivedjava.os.proc;

import java.util.Optional;

/** Looks up users and groups by name (the real one is {@link NativeUserDatabase}; tests use a map). */
public interface UserDatabase {

    Optional<PosixUser> user(String name);

    Optional<PosixGroup> group(String name);
}
