package org.keepalivedjava.os.proc;

import java.util.List;

/** A group entry: name, gid and the users listed as members (not the users whose primary group it is). */
public record PosixGroup(String name, long gid, List<String> members) {
    public PosixGroup {
        members = List.copyOf(members);
    }
}
