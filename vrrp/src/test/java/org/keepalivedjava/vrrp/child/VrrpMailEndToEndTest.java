package org.keepalivedjava.vrrp.child;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMTP alerts end to end (issue 7): the real daemon (launcher + VRRP child, as a process) runs in node {@code a}
 * of a {@link VrrpLab}; node {@code b} (192.0.2.2 on the same bridge) plays the mail host. Its SMTP server's
 * listening socket is created by a thread that entered b's namespace ({@code Netns.call}; the server threads it
 * starts inherit the namespace), so the server is reachable only from the lab.
 *
 * <p>Expected mails are keepalived 2.2.7's: subjects and body lines of vrrp_notify.c, the headers
 * {@code AlertFormatter} documents. {@link #realKeepalivedSendsTheSameStartUpMails} runs the real keepalived in the
 * same setup, so the expected start-up mails rest on the binary, not only on our reading of its source.
 *
 * <p>Election bounds are the interop tests' (Master_Down_Interval + 100 ms, plus
 * {@link KeepalivedInteropTest#HANG_GUARD_MS} against a loaded machine), measured from the BACKUP entry seen by the
 * instance's notify script; every other wait is a hang guard. Measured times are printed.
 */
@Tag("root")
class VrrpMailEndToEndTest {
    static final String VIP = "192.0.2.100";
    static final String MAIL_HOST = "192.0.2.2";
    static final int SMTP_PORT = 2525;
    static final String ROUTER_ID = "kj-mail";
    static final String OPS = "ops@example.com";
    static final String TWO = "two@example.com";
    static final String TO_HEADER = OPS + ", Admin Two <" + TWO + ">";
    static final String FROM = "keepalived@example.com";
    static final int PRIORITY = 150;
    static final int ADVERT_MS = 1000;
    static final double MS = 1e6;
    /** keepalived's default child_wait_time: the parent SIGKILLs a child still running this long after SIGTERM. */
    static final long CHILD_WAIT_TIME_MS = 5_000;

    /** RFC 3768 §6.1 Master_Down_Interval (ms) for advert_int 1 s at our priority: 3 * 1000 + Skew_Time. */
    static final double MASTER_DOWN_MS = 3.0 * ADVERT_MS + (256 - PRIORITY) * (double) ADVERT_MS / 256;
    static final double ELECTION_BOUND_MS = MASTER_DOWN_MS + 100 + KeepalivedInteropTest.HANG_GUARD_MS;

    /** Subject -> body line of every mail the configuration asks for before the stop, keepalived's wording. */
    static final Map<String, String> START_UP_MAILS = new LinkedHashMap<>();
    /** ... and at the stop. */
    static final Map<String, String> STOP_MAILS = new LinkedHashMap<>();

    static {
        String p = "[" + ROUTER_ID + "] ";
        START_UP_MAILS.put(p + "VRRP Instance VI_1 - Entering BACKUP state",
                "=> VRRP Instance is no longer owning VRRP VIPs <=");
        START_UP_MAILS.put(p + "VRRP Group G1 - Entering BACKUP state",
                "=> All VRRP group instances are now in BACKUP state <=");
        START_UP_MAILS.put(p + "VRRP Instance VI_1 - Entering MASTER state",
                "=> VRRP Instance is now owning VRRP VIPs <=");
        START_UP_MAILS.put(p + "VRRP Group G1 - Entering MASTER state",
                "=> All VRRP group instances are now in MASTER state <=");
        STOP_MAILS.put(p + "VRRP Instance VI_1 - Stopping", "=> VRRP Instance stopping <=");
        STOP_MAILS.put(p + "VRRP Group G1 - Stopping", "=> All VRRP group instances are now stopping <=");
    }

    @TempDir
    Path dir;

    private VrrpLab lab;
    private GreenMail greenMail;
    private ServerSocket tarpit;
    private final List<Socket> tarpitted = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> tarpitAcceptsNs = Collections.synchronizedList(new ArrayList<>());
    private Process advertWatch;
    private final List<Long> advertsNs = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void cleanUp() throws IOException {
        if (advertWatch != null) {
            advertWatch.descendants().forEach(ProcessHandle::destroyForcibly);
            advertWatch.destroyForcibly();
        }
        if (lab != null) {
            lab.close(); // the daemons by pid, then the namespaces
        }
        if (greenMail != null) {
            greenMail.stop();
        }
        if (tarpit != null) {
            tarpit.close();
        }
        synchronized (tarpitted) {
            for (Socket s : tarpitted) {
                s.close();
            }
        }
    }

    /**
     * Two instances because keepalived -t rejects a sync group of one. VI_1 and the group ask for mail; VI_2 does
     * not and must stay silent (no global smtp_alert). VI_1's notify script timestamps its BACKUP entry.
     */
    static String conf(int smtpConnectTimeoutSec) {
        return "global_defs {\n  router_id " + ROUTER_ID + "\n"
                + "  notification_email {\n    " + OPS + "\n    \"Admin Two <" + TWO + ">\"\n  }\n"
                + "  notification_email_from " + FROM + "\n"
                + "  smtp_server " + MAIL_HOST + " " + SMTP_PORT + "\n"
                + "  smtp_connect_timeout " + smtpConnectTimeoutSec + "\n}\n"
                + "vrrp_sync_group G1 {\n  group {\n    VI_1\n    VI_2\n  }\n  smtp_alert\n}\n"
                + instance("VI_1", 51, VIP, "  smtp_alert\n  notify @NOTIFY@\n")
                + instance("VI_2", 52, "192.0.2.101", "");
    }

    private static String instance(String name, int vrid, String vip, String extra) {
        return "vrrp_instance " + name + " {\n  state BACKUP\n  interface eth0\n  virtual_router_id " + vrid + "\n"
                + "  priority " + PRIORITY + "\n  advert_int " + ADVERT_MS / 1000 + "\n" + extra
                + "  virtual_ipaddress {\n    " + vip + "/24\n  }\n}\n";
    }

    @Test
    void mailsBackupMasterAndStopToARealSmtpServerInTheNamespace() throws Exception {
        startLabWithGreenMail();
        try {
            lab.a.start(false, conf(5));
            long backup = awaitBackupEntry();
            awaitMails(2);
            double backupMailMs = (System.nanoTime() - backup) / MS;
            assertFalse(lab.a.hasVip(), "the BACKUP mails arrive while still BACKUP");
            VrrpLab.waitFor("VIP on node a", 15_000, lab.a::hasVip);
            double electionMs = (lab.a.firstChange(true, backup) - backup) / MS;
            awaitMails(4);
            double masterMailMs = (System.nanoTime() - backup) / MS;
            assertTrue(electionMs <= ELECTION_BOUND_MS, "MASTER " + electionMs + " ms after BACKUP, bound "
                    + ELECTION_BOUND_MS);
            assertMails(START_UP_MAILS);

            long term = lab.a.signalDaemon("TERM");
            lab.a.awaitExit(15_000);
            double exitMs = (System.nanoTime() - term) / MS;
            assertFalse(lab.a.hasVip(), "the VIP is released at stop");
            // Our documented behaviour (AlertSender.close): the stop alerts get one attempt each within
            // smtp_connect_timeout before the child exits. keepalived queues them too but exits first.
            Map<String, String> all = new LinkedHashMap<>(START_UP_MAILS);
            all.putAll(STOP_MAILS);
            assertMails(all);
            System.out.printf("mail e2e: BACKUP mails %.1f ms after BACKUP entry, VIP %.1f ms after it (bound %.1f),"
                    + " MASTER mails by %.1f ms; stop mails delivered and daemon exited %.1f ms after SIGTERM%n",
                    backupMailMs, electionMs, ELECTION_BOUND_MS, masterMailMs, exitMs);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- node a log:\n" + lab.a.log(), e);
        }
    }

    /**
     * The reference: keepalived 2.2.7 itself in the same lab mails the same start-up subjects and bodies with the
     * same headers. (Its RCPT for the "Name &lt;addr&gt;" entry is the entry verbatim, which GreenMail files under
     * a mailbox of that odd name, so only the plain recipient's mailbox is compared.)
     */
    @Test
    void realKeepalivedSendsTheSameStartUpMails() throws Exception {
        startLabWithGreenMail();
        try {
            lab.a.start(true, conf(5));
            VrrpLab.waitFor("VIP on node a", 15_000, lab.a::hasVip);
            VrrpLab.waitFor("4 mails to " + OPS, 30_000, () -> mailbox(OPS).length >= 4);
            assertMailsIn(OPS, START_UP_MAILS);
            lab.a.signalDaemon("TERM");
            lab.a.awaitExit(15_000);
            System.out.println("mail e2e: keepalived 2.2.7 mailed " + mailbox(OPS).length
                    + " message(s) in all, stop included");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- node a log:\n" + lab.a.log(), e);
        }
    }

    /**
     * An SMTP server that accepts and never answers: the sender thread is stuck in the greeting read (10 s) from
     * the BACKUP entry on, through the election and the first adverts. The election keeps its time, the adverts
     * their interval (seen by the mail host, tcpdump), SIGTERM releases the VIP at once, and the child gives up the
     * stuck mail in time to exit by itself within child_wait_time (VrrpChild.stopMailDrainMs).
     */
    @Test
    void aTarpittingSmtpServerDelaysNeitherElectionNorAdverts() throws Exception {
        int timeoutSec = 10;
        lab = new VrrpLab(dir.resolve("lab"), VIP);
        Files.createDirectories(lab.dir);
        tarpit = lab.b.ns.call(() -> new ServerSocket(SMTP_PORT, 50, InetAddress.getByName(MAIL_HOST)));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = tarpit.accept(); // and never a byte back
                    tarpitAcceptsNs.add(System.nanoTime());
                    tarpitted.add(s);
                }
            } catch (IOException closed) {
                // test over
            }
        }, "tarpit");
        acceptor.setDaemon(true);
        acceptor.start();
        watchAdverts();
        try {
            lab.a.start(false, conf(timeoutSec));
            long backup = awaitBackupEntry();
            VrrpLab.waitFor("VIP on node a", 15_000, lab.a::hasVip);
            long master = lab.a.firstChange(true, backup);
            double electionMs = (master - backup) / MS;
            assertTrue(electionMs <= ELECTION_BOUND_MS, "MASTER " + electionMs + " ms after BACKUP, bound "
                    + ELECTION_BOUND_MS);
            assertFalse(tarpitAcceptsNs.isEmpty(), "the child's mail sender connected to the tarpit before MASTER");
            assertTrue(tarpitAcceptsNs.get(0) - master < 0, "first tarpit connection before MASTER");

            Thread.sleep(4 * ADVERT_MS + 500);
            long windowEnd = System.nanoTime();
            List<Long> adverts = new ArrayList<>();
            synchronized (advertsNs) {
                for (long t : advertsNs) {
                    if (t - master >= 0 && t - windowEnd <= 0) {
                        adverts.add(t);
                    }
                }
            }
            long maxGapNs = 0;
            for (int i = 1; i < adverts.size(); i++) {
                maxGapNs = Math.max(maxGapNs, adverts.get(i) - adverts.get(i - 1));
            }
            double maxGapMs = maxGapNs / MS;
            assertTrue(adverts.size() >= 4, "VI_1 adverts seen in " + (windowEnd - master) / MS + " ms as MASTER: "
                    + adverts.size());
            assertTrue(maxGapMs <= ADVERT_MS + KeepalivedInteropTest.HANG_GUARD_MS,
                    "longest gap between adverts " + maxGapMs + " ms");
            assertTrue(mailStuck(timeoutSec, backup), "the window ran while the first SMTP attempt was stuck");

            long term = lab.a.signalDaemon("TERM");
            VrrpLab.waitFor("VIP released after SIGTERM", 5_000, () -> !lab.a.hasVip());
            double releaseMs = (lab.a.firstChange(false, term) - term) / MS;
            lab.a.awaitExit(timeoutSec * 1000L + 10_000);
            double exitMs = (System.nanoTime() - term) / MS;
            assertTrue(releaseMs <= 1000, "VIP released " + releaseMs + " ms after SIGTERM");
            // the stuck attempt and the queued alerts are given up in time: the child exits by itself well
            // within child_wait_time (5 s) instead of being SIGKILLed by its parent
            assertTrue(exitMs < CHILD_WAIT_TIME_MS, "exit " + exitMs + " ms after SIGTERM");
            assertFalse(lab.a.log().contains("did not stop within child_wait_time"), "child SIGKILLed at stop");
            assertTrue(lab.a.log().contains("not sent at shutdown"), "the alerts given up are logged");
            System.out.printf("mail e2e tarpit: VIP %.1f ms after BACKUP (bound %.1f), %d adverts as MASTER with"
                    + " longest gap %.1f ms, %d tarpit connection(s); after SIGTERM VIP gone in %.1f ms, exit in"
                    + " %.1f ms%n", electionMs, ELECTION_BOUND_MS, adverts.size(), maxGapMs,
                    tarpitAcceptsNs.size(), releaseMs, exitMs);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- node a log:\n" + lab.a.log(), e);
        }
    }

    /** True while the first attempt (connected at BACKUP entry, greeting read bounded by the timeout) still waits. */
    private static boolean mailStuck(int timeoutSec, long backupNs) {
        return System.nanoTime() - backupNs < timeoutSec * 1_000_000_000L;
    }

    private void startLabWithGreenMail() throws Exception {
        lab = new VrrpLab(dir.resolve("lab"), VIP);
        Files.createDirectories(lab.dir);
        greenMail = lab.b.ns.call(() -> {
            GreenMail g = new GreenMail(new ServerSetup(SMTP_PORT, MAIL_HOST, ServerSetup.PROTOCOL_SMTP));
            g.start();
            return g;
        });
    }

    /** nanoTime (within the 5 ms poll) at which VI_1's notify script recorded the BACKUP entry. */
    private long awaitBackupEntry() throws InterruptedException {
        VrrpLab.waitFor("VI_1 BACKUP notify", 15_000, () -> {
            try {
                return lab.a.notifyRecords().contains("INSTANCE|VI_1|BACKUP|" + PRIORITY);
            } catch (IOException e) {
                return false;
            }
        });
        return System.nanoTime();
    }

    /** tcpdump on the mail host: the arrival time of each VI_1 advert. */
    private void watchAdverts() throws Exception {
        advertWatch = new ProcessBuilder("ip", "netns", "exec", lab.b.ns.name(), "tcpdump", "-i", "eth0", "-n",
                "-l", "-p", "ip proto 112").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(advertWatch.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains("vrid 51,") && line.contains("Advertisement")) {
                        advertsNs.add(System.nanoTime());
                    }
                }
            } catch (IOException gone) {
                // tcpdump ended
            }
        }, "advert-watch");
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(500); // tcpdump attaches before anything is sent
    }

    private MimeMessage[] mailbox(String address) {
        return greenMail.findReceivedMessages(u -> u.getEmail().equals(address), m -> true)
                .toArray(MimeMessage[]::new);
    }

    private void awaitMails(int perMailbox) throws InterruptedException {
        VrrpLab.waitFor(perMailbox + " mails in each mailbox", 30_000,
                () -> mailbox(OPS).length >= perMailbox && mailbox(TWO).length >= perMailbox);
    }

    private void assertMails(Map<String, String> expected) throws Exception {
        assertMailsIn(OPS, expected);
        assertMailsIn(TWO, expected);
    }

    /**
     * Exactly the expected mails (no VI_2 mail, none twice), each state's mail after the one it follows, each with
     * keepalived's body line and headers. The instance and group mails of one transition go out in either order
     * (keepalived opens one connection per mail at once), so only each subject's own order is checked.
     */
    private void assertMailsIn(String address, Map<String, String> expected) throws Exception {
        MimeMessage[] got = mailbox(address);
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : got) {
            subjects.add(m.getSubject());
        }
        assertEquals(expected.size(), got.length, address + " got " + subjects);
        assertEquals(new java.util.HashSet<>(expected.keySet()), new java.util.HashSet<>(subjects),
                address + " got " + subjects);
        for (String who : List.of("VRRP Instance VI_1", "VRRP Group G1")) {
            List<Integer> order = new ArrayList<>();
            for (String suffix : List.of("Entering BACKUP state", "Entering MASTER state", "Stopping")) {
                int i = subjects.indexOf("[" + ROUTER_ID + "] " + who + " - " + suffix);
                if (i >= 0) {
                    order.add(i);
                }
            }
            List<Integer> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertEquals(sorted, order, who + ": BACKUP, then MASTER, then Stopping; got " + subjects);
        }
        for (MimeMessage m : got) {
            assertEquals(expected.get(m.getSubject()), GreenMailUtil.getBody(m).stripTrailing(), m.getSubject());
            assertArrayEquals(new String[] {FROM}, m.getHeader("From"));
            assertArrayEquals(new String[] {TO_HEADER}, m.getHeader("To"));
            assertArrayEquals(new String[] {"Keepalived"}, m.getHeader("X-Mailer"));
            String[] date = m.getHeader("Date");
            assertEquals(1, date == null ? 0 : date.length, "one Date header");
            assertTrue(date[0].matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}"),
                    "Date as keepalived's strftime: " + date[0]);
        }
    }
}
