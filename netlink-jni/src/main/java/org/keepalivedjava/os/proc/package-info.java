/**
 * Users, groups and running scripts as another user.
 *
 * <p><b>Why no setuid in the JVM.</b> setuid/setgid/setgroups change the credentials of the CALLING THREAD only
 * at the kernel level (glibc then signals every other thread to follow, which a JVM's threads would do at
 * arbitrary points), and there is no fork-without-exec in Java to drop privileges in a child before exec. So
 * keepalived's {@code set_privileges()} (setgid(gid), setgroups(1, &amp;gid), setuid(uid), PR_SET_PDEATHSIG
 * SIGTERM, run at the default priority) is done by a tiny launcher exec'd in front of the script:
 * {@code setpriv} from util-linux (always installed on Debian 12: package util-linux, /usr/bin/setpriv).
 * {@link org.keepalivedjava.os.proc.RunAs} builds that command line; the script runner (keepalived-java
 * module) starts it with ProcessBuilder. {@code runuser} was considered and rejected: it opens a PAM session
 * (slow, logs each run, may be absent) and applies the user's full group list, unlike keepalived.
 *
 * <p>Lookups go through libc's NSS ({@link org.keepalivedjava.os.proc.NativeUserDatabase}), so LDAP or sssd users
 * work as in keepalived; {@link org.keepalivedjava.os.proc.UserDatabase} lets config checks use a fake.
 */
package org.keepalivedjava.os.proc;
