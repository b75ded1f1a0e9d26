package org.keepalivedjava.smtp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.smtp.TestSupport.await;

/** The queue, retry and drop logic, with a fake transport: no sockets, no real sleeping. */
class AlertSenderTest {

    private static final SmtpSettings SETTINGS = SmtpSettings.defaults("r1", "ka@example.com", "vm")
            .withRecipients(List.of("one@example.com")).withServer("127.0.0.1", 2525);

    private final TestSupport.CapturedLog log = new TestSupport.CapturedLog();
    private final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final Sleeper recordingSleeper = sleeps::add;
    private final FakeTransport transport = new FakeTransport();
    private AlertSender sender;

    @AfterEach
    void stop() {
        transport.release.countDown();
        if (sender != null) {
            sender.close(5_000);
        }
    }

    @Test
    void offerReturnsAtOnceWhileTheSenderIsStuckAndOneLineReportsTheBurst() {
        transport.blockFirstSend = true;
        sender = start(RetrySchedule.DEFAULT, 256);
        assertTrue(sender.offer(alert(0)));
        await(() -> transport.entered.get() == 1, "sender stuck in its first send");

        int accepted = 0;
        for (int i = 1; i <= 1000; i++) {
            if (sender.offer(alert(i))) {
                accepted++;
            }
        }
        // The loop finished while the only sender thread was still blocked in its first send.
        assertEquals(1, transport.entered.get());
        assertEquals(0, transport.completed.get());
        assertEquals(256, accepted);
        assertEquals(744, sender.queueFullDrops());
        assertEquals(0, log.count("dropped"), "the producer never logs");

        transport.release.countDown();
        await(() -> sender.delivered() == 257, "all accepted alerts delivered");
        assertEquals(1, log.count("SMTP alert queue full (256 waiting): dropped 744 alert(s)"), log.all());
        assertEquals(1, log.count("queue full"), log.all());
        assertEquals(257, log.count("SMTP alert successfully sent."));
    }

    @Test
    void transientFailuresAreRetriedOnTheScheduleThenDroppedWithALogLine() {
        transport.failures = Integer.MAX_VALUE;
        sender = start(RetrySchedule.DEFAULT, 8);
        assertTrue(sender.offer(alert(1)));
        await(() -> sender.undeliverableDrops() == 1, "alert dropped");
        assertEquals(3, transport.entered.get());
        assertEquals(List.of(1_000L, 5_000L), sleeps);
        assertEquals(1, log.count("failed (attempt 1 of 3), retrying in 1000 ms: connection refused"), log.all());
        assertEquals(1, log.count("failed (attempt 2 of 3), retrying in 5000 ms"), log.all());
        assertEquals(1, log.count("SMTP alert '[r1] VRRP Instance VI_1 - Entering MASTER state' dropped after 3 "
                + "attempt(s) to [127.0.0.1]:2525: connection refused"), log.all());
        assertEquals(0, sender.delivered());
    }

    @Test
    void aTransientFailureThenSuccessDelivers() {
        transport.failures = 1;
        sender = start(RetrySchedule.DEFAULT, 8);
        sender.offer(alert(1));
        await(() -> sender.delivered() == 1, "delivered on the second attempt");
        assertEquals(List.of(1_000L), sleeps);
        assertEquals(0, sender.undeliverableDrops());
        assertEquals("[r1] VRRP Instance VI_1 - Entering MASTER state", transport.sent.get(0).subject());
        assertEquals("Sat, 21 Nov 2026 13:27:24 +0000", transport.sent.get(0).date());
    }

    @Test
    void permanentFailuresAreNotRetried() {
        transport.failures = Integer.MAX_VALUE;
        transport.permanent = true;
        sender = start(RetrySchedule.DEFAULT, 8);
        sender.offer(alert(1));
        sender.offer(alert(2));
        await(() -> sender.undeliverableDrops() == 2, "both dropped");
        assertEquals(2, transport.entered.get());
        assertEquals(List.of(), sleeps);
        assertEquals(2, log.count("dropped after 1 attempt(s)"), log.all());
    }

    @Test
    void aRuntimeExceptionInTheTransportDoesNotKillTheSender() {
        transport.throwRuntime = true;
        transport.failures = 1;
        sender = start(RetrySchedule.DEFAULT, 8);
        sender.offer(alert(1));
        sender.offer(alert(2));
        await(() -> sender.delivered() == 1 && sender.undeliverableDrops() == 1, "one dropped, next delivered");
        assertEquals(1, log.count("IllegalStateException: boom"), log.all());
    }

    @Test
    void closeDeliversWhatIsQueuedThenRefusesNewAlerts() {
        transport.blockFirstSend = true;
        sender = start(RetrySchedule.DEFAULT, 16);
        for (int i = 0; i < 5; i++) {
            sender.offer(alert(i));
        }
        await(() -> transport.entered.get() == 1, "first send in progress");
        transport.release.countDown();
        sender.close(TestSupport.HANG_GUARD_MS);
        assertEquals(5, sender.delivered());
        assertFalse(sender.offer(alert(9)));
        assertEquals(0, sender.queueFullDrops(), "refused after close is not a queue-full drop");
    }

    @Test
    void closeDeadlineAbandonsWhatIsLeftWithOneLogLine() {
        transport.blockFirstSend = true;
        sender = start(RetrySchedule.DEFAULT, 16);
        for (int i = 0; i < 3; i++) {
            sender.offer(alert(i));
        }
        await(() -> transport.entered.get() == 1, "first send stuck");
        sender.close(50);
        assertEquals(2, sender.undeliverableDrops());
        assertEquals(1, log.count("SMTP alerts: 2 alert(s) not sent at shutdown"), log.all());
    }

    @Test
    void closeInterruptsABackoffWait() {
        transport.failures = Integer.MAX_VALUE;
        CountDownLatch sleeping = new CountDownLatch(1);
        sender = AlertSender.start(SETTINGS, transport, log.logger, TestSupport.CLOCK, RetrySchedule.DEFAULT,
                ms -> {
                    sleeping.countDown();
                    Thread.sleep(TestSupport.HANG_GUARD_MS * 10);
                }, 8);
        sender.offer(alert(1));
        await(() -> sleeping.getCount() == 0, "sender in its back-off");
        sender.close(TestSupport.HANG_GUARD_MS);
        assertEquals(1, sender.undeliverableDrops());
        assertEquals(1, log.count("(shutting down)"), log.all());
    }

    @Test
    void noneSinkDropsEverything() {
        assertFalse(AlertSink.NONE.offer(alert(1)));
        AlertSink.NONE.close();
    }

    private AlertSender start(RetrySchedule schedule, int capacity) {
        return AlertSender.start(SETTINGS, transport, log.logger, TestSupport.CLOCK, schedule, recordingSleeper,
                capacity);
    }

    private static Alert alert(int i) {
        return new VrrpInstanceAlert("VI_1", VrrpAlertState.MASTER);
    }

    /** Records mails; can block its first send until released, fail N times, or throw a RuntimeException. */
    private static final class FakeTransport implements MailTransport {
        final AtomicInteger entered = new AtomicInteger();
        final AtomicInteger completed = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final List<MailText> sent = Collections.synchronizedList(new ArrayList<>());
        volatile boolean blockFirstSend;
        volatile int failures;
        volatile boolean permanent;
        volatile boolean throwRuntime;

        @Override
        public void send(MailText mail) throws DeliveryException {
            int n = entered.incrementAndGet();
            try {
                if (blockFirstSend && n == 1) {
                    awaitIgnoringInterrupts();
                }
                if (n <= failures) {
                    if (throwRuntime) {
                        throw new IllegalStateException("boom");
                    }
                    throw new DeliveryException("connection refused", permanent, null);
                }
                sent.add(mail);
            } finally {
                completed.incrementAndGet();
            }
        }

        /** Like blocking socket IO: close() interrupts the sender, a blocked socket read does not notice. */
        private void awaitIgnoringInterrupts() {
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
