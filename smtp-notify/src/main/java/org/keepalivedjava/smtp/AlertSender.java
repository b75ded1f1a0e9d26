package org.keepalivedjava.smtp;

import org.keepalivedjava.log.Logger;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends alerts off the event loop: {@link #offer} puts the alert on a bounded queue and returns; ONE daemon thread
 * formats and delivers, retrying per {@link RetrySchedule}, and drops what it cannot deliver with a log line.
 *
 * <p>Why: keepalived runs its SMTP dialogue inside its event loop with non-blocking sockets. Jakarta Mail blocks,
 * so it gets its own thread; the loop only pays for a non-blocking queue insert. A full queue (server down or
 * tarpitting during a flap storm) drops the new alert and counts it; the sender thread writes one line per burst
 * saying how many were dropped, when it next makes progress, so the loop never logs for it.
 *
 * <p>Threading: {@link #offer} from any thread; {@link #close} from one thread (the child's shutdown path); all
 * formatting, IO, sleeping and logging on the sender thread.
 */
public final class AlertSender implements AlertSink, AutoCloseable {

    public static final int DEFAULT_CAPACITY = 256;

    private final SmtpSettings settings;
    private final MailTransport transport;
    private final Logger log;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final Sleeper sleeper;
    private final BlockingQueue<Alert> queue;
    private final Thread thread;

    /** Alerts dropped because the queue was full and not yet reported in the log. */
    private final AtomicLong unreportedQueueFullDrops = new AtomicLong();
    private final AtomicLong queueFullDrops = new AtomicLong();
    private final AtomicLong undeliverableDrops = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();

    /** Set by close(): no new alerts, no more back-off; what is queued gets one attempt each. */
    private volatile boolean closing;
    /** Set by close() when its deadline passed: the sender stops after its current attempt. */
    private volatile boolean abandoned;

    private AlertSender(SmtpSettings settings, MailTransport transport, Logger log, Clock clock,
                        RetrySchedule schedule, Sleeper sleeper, int capacity) {
        this.settings = settings;
        this.transport = transport;
        this.log = log;
        this.clock = clock;
        this.schedule = schedule;
        this.sleeper = sleeper;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "smtp-alert-sender");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the sender thread.
     *
     * @param clock    wall clock for the {@code Date:} header (local time zone, as keepalived's localtime())
     * @param capacity alerts waiting at most; more are dropped
     */
    public static AlertSender start(SmtpSettings settings, MailTransport transport, Logger log, Clock clock,
                                    RetrySchedule schedule, Sleeper sleeper, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        AlertSender sender = new AlertSender(settings, transport, log, clock, schedule, sleeper, capacity);
        sender.thread.start();
        return sender;
    }

    /**
     * Never blocks: queues the alert or drops it (counted, reported later by the sender thread). After
     * {@link #close} every alert is refused silently: the child is shutting down.
     */
    @Override
    public boolean offer(Alert alert) {
        if (closing) {
            return false;
        }
        if (queue.offer(alert)) {
            return true;
        }
        unreportedQueueFullDrops.incrementAndGet();
        queueFullDrops.incrementAndGet();
        return false;
    }

    /** Alerts dropped at {@link #offer} because the queue was full. */
    public long queueFullDrops() {
        return queueFullDrops.get();
    }

    /** Alerts dropped after their attempts failed, or abandoned at shutdown. */
    public long undeliverableDrops() {
        return undeliverableDrops.get();
    }

    public long delivered() {
        return delivered.get();
    }

    /**
     * Stops accepting alerts, gives each queued alert one attempt (no back-off) until {@code drainTimeoutMs}, then
     * drops the rest with one log line. Returns within about {@code drainTimeoutMs} plus a short grace: an attempt
     * still blocked in IO is left to its own timeout on the daemon thread, it cannot hold up the process.
     */
    public void close(long drainTimeoutMs) {
        closing = true;
        thread.interrupt(); // wakes an idle take() or a back-off sleep; socket IO is bounded by its own timeout
        try {
            thread.join(Math.max(1, drainTimeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            abandoned = true;
            List<Alert> left = new ArrayList<>();
            queue.drainTo(left);
            if (!left.isEmpty()) {
                undeliverableDrops.addAndGet(left.size());
                log.warning("SMTP alerts: " + left.size() + " alert(s) not sent at shutdown (drain deadline of "
                        + drainTimeoutMs + " ms passed)");
            }
        }
        reportQueueFullDrops();
    }

    /** {@link #close(long)} with a drain deadline of the SMTP timeout. */
    @Override
    public void close() {
        close(settings.connectTimeoutMs());
    }

    private void run() {
        while (!abandoned) {
            Alert alert;
            try {
                alert = closing ? queue.poll() : queue.take();
            } catch (InterruptedException e) {
                continue; // close() woke us: loop again in closing mode
            }
            reportQueueFullDrops();
            if (alert == null) {
                return; // closing and drained
            }
            deliver(alert);
        }
    }

    private void deliver(Alert alert) {
        MailText mail;
        try {
            mail = AlertFormatter.format(settings, alert, ZonedDateTime.now(clock));
        } catch (RuntimeException e) {
            drop("(unformattable " + alert + ")", 0, e.toString());
            return;
        }
        for (int attempt = 1; ; attempt++) {
            String error;
            boolean permanent;
            try {
                transport.send(mail);
                log.info("SMTP alert successfully sent.");
                delivered.incrementAndGet(); // after the log line, so whoever watches the count sees the line
                return;
            } catch (DeliveryException e) {
                error = e.getMessage();
                permanent = e.permanent();
            } catch (RuntimeException e) {
                // A bug or a library surprise must not kill the only sender thread.
                error = e.toString();
                permanent = true;
            }
            OptionalLong backoffMs = permanent || closing || abandoned
                    ? OptionalLong.empty() : schedule.delayAfterFailureMs(attempt);
            if (backoffMs.isEmpty()) {
                drop(mail.subject(), attempt, error);
                return;
            }
            log.info("SMTP alert to " + settings.serverForLog() + " failed (attempt " + attempt + " of "
                    + schedule.attempts() + "), retrying in " + backoffMs.getAsLong() + " ms: " + error);
            try {
                sleeper.sleep(backoffMs.getAsLong());
            } catch (InterruptedException e) {
                drop(mail.subject(), attempt, error + " (shutting down)");
                return;
            }
        }
    }

    private void drop(String subject, int attempts, String error) {
        log.warning("SMTP alert '" + subject + "' dropped after " + attempts + " attempt(s) to "
                + settings.serverForLog() + ": " + error);
        undeliverableDrops.incrementAndGet();
    }

    private void reportQueueFullDrops() {
        long dropped = unreportedQueueFullDrops.getAndSet(0);
        if (dropped > 0) {
            log.warning("SMTP alert queue full (" + queueCapacity() + " waiting): dropped " + dropped
                    + " alert(s)");
        }
    }

    private int queueCapacity() {
        return queue.size() + queue.remainingCapacity();
    }
}
