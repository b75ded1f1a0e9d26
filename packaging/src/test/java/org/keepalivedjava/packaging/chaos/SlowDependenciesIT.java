package org.keepalivedjava.packaging.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedjava.packaging.chaos.ChaosSettings.ms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keepalivedjava.packaging.chaos.ChaosLab.Kind;
import org.keepalivedjava.packaging.chaos.ChaosLab.Node;

/**
 * Slow and broken dependencies around a keepalived-java master (a) with the real keepalived as backup (b), VRRPv3,
 * advert_int 0.5 s. All at once, for 25 s in CI (90 s with -Dchaos.long=true):
 * <ul>
 *   <li>a track script that hangs (timeout 2 s, weight -10: a stays master) and one that forks 50 sleepers and
 *       waits (timeout 1 s): the runner must kill each whole process group at its timeout;</li>
 *   <li>a track script that exits at once leaving a background child (neither keepalived nor keepalived-java
 *       reaps those: counted and reported, then killed by pid);</li>
 *   <li>two instances (VI_2, VI_3) flapped every second through a track_file (weight 0: FAULT / BACKUP / MASTER),
 *       whose notify_master/backup/fault scripts hang forever (keepalived's notify scripts are fire-and-forget,
 *       without timeout) while their generic notify records each transition;</li>
 *   <li>smtp_alert to an SMTP server that tarpits (accepts TCP, never says a word);</li>
 *   <li>SIGUSR1/SIGUSR2 dumps every 2 s into a full /tmp (a 512 KiB tmpfs in a private mount namespace, filled).</li>
 * </ul>
 * Judged: VI_1's adverts keep their rhythm (tcpdump timestamps on b: every interval within advert_int + 0.5 s, the
 * jitter reported) and the VIP never leaves a; a well-behaved track script keeps running to the end and the
 * well-behaved generic notify keeps recording transitions to the end (hung notify scripts must not starve them);
 * timed-out process groups are gone; the script timeouts, the SMTP failures and the failed dumps are logged.
 */
@Tag("root")
class SlowDependenciesIT {
    static final String TEST = "slow-deps";
    static final String VIP1 = "192.0.2.100";
    static final long ADVERT_US = 500_000;
    static final long WINDOW_MS = ChaosSettings.LONG ? 90_000 : 25_000; // 90 s: ~180 hung notify scripts, under the 256 slots
    static final long GUARD_MS = 60_000;

    @Test
    void hangingScriptsForkersTarpitAndFullDiskLeaveTheAdvertRhythmAlone() throws Exception {
        try (ChaosLab lab = new ChaosLab(ChaosSettings.labDir(TEST), List.of(Kind.KEEPALIVED_JAVA, Kind.KEEPALIVED),
                List.of(VIP1, "192.0.2.101", "192.0.2.102"))) {
            Node a = lab.node("a");
            Node b = lab.node("b");
            Path hang = script(lab, "hang.sh", "exec sleep 3601\n");
            Path forky = script(lab, "forky.sh", "for i in $(seq 50); do sleep 3602 & done\nwait\n");
            Path leaky = script(lab, "leaky.sh", "sleep 3603 &\nexit 0\n");
            Path goodLog = lab.dir.resolve("good.log");
            Path good = script(lab, "good.sh", "date +%s >> " + goodLog + "\n");
            Path records = lab.dir.resolve("notify.log");
            Path record = script(lab, "record.sh", "echo \"$(date +%s) $*\" >> " + records + "\n");
            Path flip = lab.dir.resolve("flip");
            Files.writeString(flip, "0\n");

            String timing = "version 3\n  advert_int 0.5";
            String flapper = "  track_file {\n    flip\n  }\n  notify_master " + hang + "\n  notify_backup " + hang
                    + "\n  notify_fault " + hang + "\n  notify " + record + "\n  smtp_alert\n";
            a.writeConf(ChaosConfigs.global("chaos-a", true, "  notification_email {\n    ops@example.org\n  }\n"
                    + "  notification_email_from kj@example.org\n  smtp_server 127.0.0.1 2525\n"
                    + "  smtp_connect_timeout 3\n")
                    + "vrrp_script hang_chk {\n  script " + hang + "\n  interval 1\n  timeout 2\n  weight -10\n}\n"
                    + "vrrp_script forky_chk {\n  script " + forky + "\n  interval 2\n  timeout 1\n  weight -5\n}\n"
                    + "vrrp_script leaky_chk {\n  script " + leaky + "\n  interval 1\n}\n"
                    + "vrrp_script good_chk {\n  script " + good + "\n  interval 1\n}\n"
                    + "vrrp_track_file flip {\n  file " + flip + "\n  weight 0\n}\n"
                    + ChaosConfigs.instance("VI_1", 51, 150, VIP1, timing, "  track_script {\n    hang_chk\n"
                            + "    forky_chk\n    leaky_chk\n    good_chk\n  }\n  smtp_alert\n")
                    + ChaosConfigs.instance("VI_2", 52, 150, "192.0.2.101", timing, flapper)
                    + ChaosConfigs.instance("VI_3", 53, 150, "192.0.2.102", timing, flapper));
            b.writeConf(ChaosConfigs.global("chaos-b", false, "")
                    + ChaosConfigs.instance("VI_1", 51, 100, VIP1, timing, "")
                    + ChaosConfigs.instance("VI_2", 52, 100, "192.0.2.101", timing, "")
                    + ChaosConfigs.instance("VI_3", 53, 100, "192.0.2.102", timing, ""));

            AtomicInteger smtpConnections = new AtomicInteger();
            lab.helper(List.of("ip", "netns", "exec", a.ns, "python3", "-u", "-c",
                    "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                            + "s.bind(('127.0.0.1',2525))\ns.listen(64)\nheld=[]\nwhile True:\n"
                            + "    c,_=s.accept()\n    held.append(c)\n    print('accepted',flush=True)\n"),
                    line -> smtpConnections.incrementAndGet());
            // a private mount namespace whose /tmp is a small tmpfs (filled once the daemon runs)
            a.start(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs -o size=512k kj-chaos-tmp /tmp && exec \"$0\" \"$@\""));
            b.start();
            ChaosLab.await("a master of VI_1", GUARD_MS, () -> a.running(false)
                    && lab.vip(VIP1).holdersAt(System.nanoTime()).equals(Set.of("a")));
            ChaosLab.runUnchecked(List.of("nsenter", "-t", Long.toString(a.vrrpPid()), "-m", "sh", "-c",
                    "cat /dev/zero > /tmp/fill"));
            String df = ChaosLab.run(List.of("nsenter", "-t", Long.toString(a.vrrpPid()), "-m", "df", "-k", "/tmp"));
            assertTrue(df.lines().anyMatch(l -> l.contains("100%")), "/tmp of a is full: " + df);

            List<Double> advertTimes = Collections.synchronizedList(new ArrayList<>());
            lab.helper(List.of("ip", "netns", "exec", b.ns, "tcpdump", "-i", "eth0", "-n", "-l", "-tt", "-p",
                    "ip proto 112 and src " + a.address), line -> {
                        if (line.contains("vrid 51,")) {
                            advertTimes.add(Double.parseDouble(line.substring(0, line.indexOf(' '))));
                        }
                    });
            Thread.sleep(500);
            long windowStart = System.nanoTime();
            int flips = 0;
            int dumps = 0;
            long end = windowStart + WINDOW_MS * 1_000_000L;
            while (System.nanoTime() - end < 0) {
                Files.writeString(flip, (flips % 2 == 0 ? "1" : "0") + "\n");
                flips++;
                if (flips % 2 == 0) {
                    ChaosLab.signal(a.parentPid(), flips % 4 == 0 ? "USR1" : "USR2");
                    dumps++;
                }
                Thread.sleep(1_000);
            }
            long windowEnd = System.nanoTime();
            List<Double> times = List.copyOf(advertTimes);
            Thread.sleep(1_500); // the scripts that were due at the window's end have run

            List<Long> intervalsUs = new ArrayList<>();
            for (int i = 1; i < times.size(); i++) {
                intervalsUs.add(Math.round((times.get(i) - times.get(i - 1)) * 1e6));
            }
            List<Long> deviations = intervalsUs.stream().map(d -> Math.abs(d - ADVERT_US)).sorted().toList();
            long p50 = deviations.isEmpty() ? -1 : deviations.get(deviations.size() / 2);
            long p99 = deviations.isEmpty() ? -1 : deviations.get((int) Math.min(deviations.size() - 1,
                    Math.ceil(deviations.size() * 0.99) - 1));
            long max = deviations.isEmpty() ? -1 : deviations.get(deviations.size() - 1);
            long maxInterval = intervalsUs.stream().mapToLong(Long::longValue).max().orElse(-1);
            List<String> goodRuns = Files.readAllLines(goodLog);
            long lastGood = goodRuns.isEmpty() ? 0 : Long.parseLong(goodRuns.get(goodRuns.size() - 1).trim());
            List<String> recorded = Files.exists(records) ? Files.readAllLines(records) : List.of();
            long lastRecord = recorded.isEmpty() ? 0
                    : Long.parseLong(recorded.get(recorded.size() - 1).split(" ")[0]);
            long nowEpoch = System.currentTimeMillis() / 1000;
            long hung = countProcesses(lab, "sleep 3601");
            long forkers = countProcesses(lab, "sleep 3602");
            long leaked = countProcesses(lab, "sleep 3603");
            String log = a.logText();
            long timeouts = log.lines().filter(l -> l.contains("VRRP_Script(hang_chk) timed out")).count();
            long forkyTimeouts = log.lines().filter(l -> l.contains("VRRP_Script(forky_chk) timed out")).count();
            long smtpLines = log.lines().filter(l -> l.contains("SMTP")).count();
            long dumpFailures = log.lines().filter(l -> l.contains("Unable to write /tmp/keepalived.")).count();
            ChaosSettings.report(TEST, "window " + WINDOW_MS + " ms: " + times.size() + " VI_1 adverts seen by b, "
                    + "interval deviation from 500 ms: p50 " + p50 + " us, p99 " + p99 + " us, max " + max
                    + " us (longest interval " + maxInterval / 1000 + " ms)");
            ChaosSettings.report(TEST, flips + " track_file flips; generic notify recorded " + recorded.size()
                    + " transitions, the last " + (nowEpoch - lastRecord) + " s before the end; good_chk ran "
                    + goodRuns.size() + " times, the last " + (nowEpoch - lastGood) + " s before the end");
            ChaosSettings.report(TEST, "hung notify scripts alive: " + hung + "; forky sleepers alive: " + forkers
                    + "; orphans of the exiting script: " + leaked + "; hang_chk timeouts logged " + timeouts
                    + ", forky_chk " + forkyTimeouts + "; SMTP connections to the tarpit " + smtpConnections.get()
                    + ", SMTP log lines " + smtpLines + "; " + dumps + " dump signals, failed dump writes logged "
                    + dumpFailures);

            assertEquals(Set.of("a"), lab.vip(VIP1).holdersAt(windowEnd), "VI_1 left a");
            assertEquals(0, lab.vip(VIP1).changesSince(windowStart), "VI_1 moved during the window");
            assertTrue(times.size() >= WINDOW_MS * 1000 / ADVERT_US / 2, "adverts seen: " + times.size());
            assertTrue(maxInterval <= ADVERT_US + 500_000, "an advert interval of " + maxInterval + " us");
            assertTrue(nowEpoch - lastGood <= 4, "good_chk stopped running " + (nowEpoch - lastGood)
                    + " s before the end (" + goodRuns.size() + " runs)");
            assertTrue(nowEpoch - lastRecord <= 5, "the generic notify stopped recording " + (nowEpoch - lastRecord)
                    + " s before the end (" + recorded.size() + " records for " + flips + " flips)");
            assertTrue(forkers <= 50, "timed-out forky_chk left its sleepers: " + forkers);
            assertTrue(timeouts > 0 && forkyTimeouts > 0, "script timeouts logged");
            assertTrue(smtpConnections.get() > 0, "the SMTP tarpit was tried");
            assertTrue(smtpLines > 0, "SMTP failures logged");
            assertTrue(dumpFailures > 0, "failed dumps logged");
            assertTrue(a.running(false), "a survived");

            a.stop(GUARD_MS);
            b.stop(GUARD_MS);
            List<String> left = lab.residue();
            ChaosSettings.report(TEST, "after SIGTERM: " + left.size() + " processes left in the lab: "
                    + summarize(left));
            for (String p : left) {
                ChaosLab.signal(Long.parseLong(p.split(" ")[0]), "KILL");
            }
        }
    }

    private static Path script(ChaosLab lab, String name, String body) throws IOException {
        Path p = lab.dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** Processes of the lab whose command line is exactly {@code cmdline}. */
    private static long countProcesses(ChaosLab lab, String cmdline) {
        return lab.residue().stream().filter(l -> l.endsWith(" " + cmdline)).count();
    }

    private static String summarize(List<String> processes) {
        return processes.stream().map(p -> p.substring(p.indexOf(' ') + 1)).map(c -> c.length() > 40
                ? c.substring(0, 40) : c).distinct().toList().toString();
    }
}
