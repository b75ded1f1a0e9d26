package org.keepalivedjava.os.loop;

/**
 * An fd registered with an {@link EventLoop}: the handle to modify its interest or unregister it.
 * Loop thread only. Unregistering does not close the fd; the owner closes it AFTER unregistering.
 */
public final class Registration {
    final int fd;
    final FdHandler handler;
    final int slot;
    final int generation;
    int interest;
    boolean active = true;

    Registration(int fd, int interest, FdHandler handler, int slot, int generation) {
        this.fd = fd;
        this.interest = interest;
        this.handler = handler;
        this.slot = slot;
        this.generation = generation;
    }

    public int fd() {
        return fd;
    }

    /** The EPOLL* interest bits last set. */
    public int interest() {
        return interest;
    }

    /** False once unregistered (by the owner, or by the loop after its handler threw). */
    public boolean isActive() {
        return active;
    }

    @Override
    public String toString() {
        return "fd " + fd + " handler";
    }
}
