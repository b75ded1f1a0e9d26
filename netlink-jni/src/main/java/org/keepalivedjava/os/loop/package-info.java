/**
 * The single-threaded event loop each keepalived-java child runs on: {@link org.keepalivedjava.os.loop.EventLoop}
 * (epoll over native fds, a timer heap setting the epoll timeout, a wakeup eventfd with a bounded MPSC task
 * queue, process signals delivered on the loop thread), an injectable {@link org.keepalivedjava.os.loop.Clock}
 * with a {@link org.keepalivedjava.os.loop.ManualClock} for tests, and reusable
 * {@link org.keepalivedjava.os.loop.Timer}s. Threading contract: see {@code EventLoop}.
 */
package org.keepalivedjava.os.loop;
