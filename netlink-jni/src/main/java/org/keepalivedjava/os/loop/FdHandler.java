package org.keepalivedjava.os.loop;

/** Called on the loop thread when a registered fd is ready. */
@FunctionalInterface
public interface FdHandler {
    /**
     * @param registration the fd's registration (use it to modify interest or unregister)
     * @param readyEvents  the EPOLL* bits the kernel reported (may include EPOLLERR/EPOLLHUP even if not asked)
     * @param nowNs        the loop's clock, read once for this iteration
     */
    void onReady(Registration registration, int readyEvents, long nowNs);
}
