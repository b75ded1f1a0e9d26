package org.keepalivedjava.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code keepalived-lab demo}: two nodes with a built-in configuration (written as an operator would, on eth0, and
 * rewritten into the lab like any other), then election, failover (the master is killed) and preemption (it comes
 * back), each judged from what the lab observed, and a summary. Waits are generous deadlines, not expectations
 * of speed: a step that misses its deadline fails the demo (exit 1).
 */
public final class Demo {
    static final String VIP = "192.0.2.100";
    static final String INSTANCE = "VI_1";
    static final String RS_1 = "192.0.2.21";
    static final String RS_2 = "192.0.2.22";
    /** The real servers, answered over HTTP by the lab's services. */
    static final List<String> REAL_SERVERS = List.of(RS_1 + ":80", RS_2 + ":80");
    static final long ELECTION_DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);
    static final long FAILOVER_DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);
    static final long MAIL_DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);

    private Demo() {
    }

    /** The operator's configuration of node {@code name} (priority 150 for lb1, 100 for lb2). */
    static String config(String name, int priority, Path notifyScript) {
        return """
                ! keepalived-lab demo: %1$s, as its operator wrote it (interface eth0, the office mail relay)
                global_defs {
                    router_id %1$s
                    notification_email {
                        ops@example.org
                    }
                    notification_email_from %1$s@example.org
                    smtp_server 203.0.113.25
                    smtp_connect_timeout 10
                    enable_script_security
                    script_user root
                }

                vrrp_instance %3$s {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %2$d
                    advert_int 1
                    smtp_alert
                    notify "%4$s %1$s"
                    virtual_ipaddress {
                        %5$s/24 dev eth0
                    }
                }

                virtual_server %5$s 80 {
                    delay_loop 1
                    lvs_sched rr
                    lvs_method NAT
                    protocol TCP
                    real_server %6$s 80 {
                        notify_down "%4$s %1$s real server %6$s down"
                        HTTP_GET {
                            url {
                                path /
                                status_code 200
                            }
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                    }
                    real_server %7$s 80 {
                        HTTP_GET {
                            url {
                                path /
                                status_code 200
                            }
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                    }
                }
                """.formatted(name, priority, INSTANCE, notifyScript, VIP, RS_1, RS_2);
    }

    /** Runs the demo; returns the exit status (0 when every step happened). */
    public static int run(Lab lab) throws IOException {
        long t0 = lab.timeline().startNs();
        lab.say(LabEvent.Kind.INFO, "lab", "keepalived-lab demo: two nodes, VIP " + VIP + ", real servers " + RS_1 + " and " + RS_2 + ", lab " + lab.plan().id());
        lab.build();
        Path script = lab.dir().resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\n# demo notify script: one line per call in the lab's notify log\n"
                + "echo \"$*\" >> '" + lab.notifyLog() + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Integer> priorities = Map.of("lb1", 150, "lb2", 100);
        for (String node : List.of("lb1", "lb2")) {
            String source = config(node, priorities.get(node), script);
            Files.writeString(lab.dir().resolve(node + ".operator.conf"), source);
            Path conf = lab.dir().resolve(node + ".conf");
            Files.writeString(conf, rewrite(lab, node, source));
        }
        lab.say(LabEvent.Kind.INFO, "lab", "configs: eth0 -> " + LabPlan.LAB_IF + ", smtp_server -> "
                + LabPlan.SERVICES_ADDRESS + " (the lab's SMTP sink), notify FIFO per node; lb1 priority 150,"
                + " lb2 priority 100");
        LabState s = lab.state();

        long started = System.nanoTime();
        lab.start("lb1", lab.dir().resolve("lb1.conf"));
        lab.start("lb2", lab.dir().resolve("lb2.conf"));
        boolean election = lab.pump(() -> s.ownersOf(VIP).equals(Set.of("lb1"))
                && "MASTER".equals(s.stateOf("lb1", INSTANCE)) && "BACKUP".equals(s.stateOf("lb2", INSTANCE)),
                ELECTION_DEADLINE_NS);
        if (!election) {
            return fail(lab, "election: lb1 (priority 150) did not become the only MASTER with " + VIP);
        }
        lab.say(s.lastEventNs(), LabEvent.Kind.INFO, "lab", "ELECTION: lb1 (priority 150) is MASTER and holds " + VIP
                + ", lb2 is BACKUP, " + Timeline.seconds(s.lastEventNs() - started) + " after the start");

        long killed = System.nanoTime();
        lab.kill("lb1");
        boolean failover = lab.pump(() -> s.ownersOf(VIP).equals(Set.of("lb2"))
                && "MASTER".equals(s.stateOf("lb2", INSTANCE)), FAILOVER_DEADLINE_NS);
        if (!failover) {
            return fail(lab, "failover: lb2 did not take " + VIP + " after lb1 was killed");
        }
        lab.say(s.lastEventNs(), LabEvent.Kind.INFO, "lab", "FAILOVER: lb2 is MASTER and holds " + VIP + ", "
                + Timeline.seconds(s.lastEventNs() - killed) + " after lb1 was killed");

        long restarted = System.nanoTime();
        lab.start("lb1", lab.dir().resolve("lb1.conf"));
        boolean preemption = lab.pump(() -> s.ownersOf(VIP).equals(Set.of("lb1"))
                && "MASTER".equals(s.stateOf("lb1", INSTANCE)) && "BACKUP".equals(s.stateOf("lb2", INSTANCE)),
                ELECTION_DEADLINE_NS);
        if (!preemption) {
            return fail(lab, "preemption: lb1 did not take " + VIP + " back from lb2");
        }
        lab.say(s.lastEventNs(), LabEvent.Kind.INFO, "lab", "PREEMPTION: lb1 is MASTER again and holds " + VIP
                + ", lb2 is BACKUP, " + Timeline.seconds(s.lastEventNs() - restarted) + " after lb1 was restarted");

        long rsStopped = System.nanoTime();
        lab.realServer(RS_1 + ":80", false);
        boolean rsDown = lab.pump(() -> "DOWN".equals(s.realServerStateOf("lb1", RS_1))
                && "DOWN".equals(s.realServerStateOf("lb2", RS_1)), FAILOVER_DEADLINE_NS);
        if (!rsDown) {
            return fail(lab, "real server: lb1 and lb2 did not both see " + RS_1 + " down");
        }
        lab.say(s.lastEventNs(), LabEvent.Kind.INFO, "lab", "REAL SERVER: both nodes' checkers saw " + RS_1 + " DOWN, "
                + Timeline.seconds(s.lastEventNs() - rsStopped) + " after it stopped answering; " + RS_2
                + " stays up");

        // Mails are sent by the daemons in the background; wait for the ones of the last transitions too.
        lab.pump(() -> s.mails().size() >= 4 && !s.notifications().isEmpty(), MAIL_DEADLINE_NS);
        if (s.mails().isEmpty() || s.notifications().isEmpty()) {
            return fail(lab, "no mail or no notification reached the lab (mails " + s.mails().size()
                    + ", notifications " + s.notifications().size() + ")");
        }
        summary(lab);
        lab.say(LabEvent.Kind.INFO, "lab", "demo: PASS (election, failover, preemption; " + s.notifications().size()
                + " notifications, " + s.mails().size() + " mails) in " + Timeline.seconds(System.nanoTime() - t0));
        return 0;
    }

    static String rewrite(Lab lab, String node, String source) {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        for (String i : ConfigRewriter.interfacesOf(source)) {
            names.put(i, LabPlan.LAB_IF);
        }
        return ConfigRewriter.rewrite(source, names, LabPlan.SERVICES_ADDRESS, LabPlan.SMTP_PORT,
                lab.fifo(node).toString());
    }

    static void summary(Lab lab) {
        lab.drain();
        lab.say(LabEvent.Kind.INFO, "lab", "summary:");
        for (String line : lab.state().summary()) {
            lab.println(line);
        }
    }

    private static int fail(Lab lab, String what) {
        lab.say(LabEvent.Kind.FAILED, "lab", what);
        summary(lab);
        lab.printLogTails(30);
        lab.say(LabEvent.Kind.FAILED, "lab", "demo: FAILED");
        return 1;
    }
}
