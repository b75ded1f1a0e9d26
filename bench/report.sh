#!/bin/sh
# Renders the RESULT lines of bench/run-all.sh (file $1) as Markdown tables (stdout). Pure text processing.
set -u
R=$1

echo "### Scenario 1: failover (ms; median, range over the rounds; ratio = keepalived-java / keepalived medians)"
echo
echo "| variant | scenario | keepalived 2.2.7 | keepalived-java | ratio |"
echo "|---|---|---|---|---|"
awk '$1 == "RESULT" && $2 == "failover" {
        key = $3 " " $4
        if (!(key in seen)) { order[++n] = key; seen[key] = 1 }
        med[key, $5] = $6; rng[key, $5] = $7 "-" $8 ", n=" $9
    }
    END {
        for (i = 1; i <= n; i++) {
            k = order[i]; split(k, p, " ")
            v = (p[1] == "v2") ? "VRRPv2 advert_int 1" : "VRRPv3 advert_int 0.05"
            ratio = (med[k, "K"] > 0 && med[k, "J"] != "-") ? sprintf("%.2f", med[k, "J"] / med[k, "K"]) : "-"
            printf "| %s | %s | %s (%s) | %s (%s) | %s |\n", v, p[2], med[k, "K"], rng[k, "K"], med[k, "J"], rng[k, "J"], ratio
        }
    }' "$R"
echo
echo "graceful-prio0: SIGTERM to node 1 -> its priority-0 advert on the wire; graceful-takeover: that advert -> VIP on"
echo "node 2 (Skew_Time + the backup's reaction); crash-last-advert: node 1's last advert -> VIP on node 2"
echo "(Master_Down_Interval + reaction), i.e. crash without the phase of the kill in node 1's advert interval."
echo

echo "### Scenario 2: advert interval jitter (|interval - advert_int|, ms, from pcap timestamps; 30 s captured from 8 s after the start, bench/jitter.sh's defaults)"
echo
echo "| case | implementation | intervals | p50 | p99 | p99.9 | max |"
echo "|---|---|---|---|---|---|---|"
awk '$1 == "RESULT" && $2 == "jitter" {
        c = ($3 == "idle") ? "idle, 1 instance, v3 advert_int 0.05" : ($3 == "idle-nice") ? "idle, both under nice -n -10" : ($3 == "1000") ? "1,000 instances, advert_int 1" : "checker busy (10,000 TCP + 1,000 HTTP), 1 instance, advert_int 0.05"
        printf "| %s | %s | %s | %s | %s | %s | %s |\n", c, ($4 == "K") ? "keepalived" : "keepalived-java", $5, $6, $7, $8, $9
    }' "$R"
echo
echo "GC pauses of keepalived-java's JVMs during those runs (-Xlog:gc, ms, wall clock: on a loaded machine a pause includes waiting for a CPU):"
echo
echo "| case | JVM | which | pauses | p50 | p99 | max |"
echo "|---|---|---|---|---|---|---|"
awk '$1 == "RESULT" && ($2 == "gc" || $2 == "gc-steady") { printf "| %s | %s | %s | %s | %s | %s | %s |\n", $3, $4, ($2 == "gc") ? "all" : "after start-up", $5, $6, $7, $9 }' "$R"
echo
grep '^RESULT busy-checker' "$R" | sed 's/^RESULT busy-checker /- busy checker child: /'
grep '^RESULT vrrp_rss' "$R" | awk '{ printf "- VRRP process RSS, %s case, %s: %s MiB\n", $3, ($4 == "K") ? "keepalived" : "keepalived-java", $5 }'
echo

echo "### Scenario 3: scale"
echo
echo "VRRP instances in one VRRP process, all MASTER (CPU over the window, % of one core; RSS of the VRRP process):"
echo
echo "| advert_int | instances | keepalived CPU | keepalived-java CPU | keepalived RSS | keepalived-java RSS |"
echo "|---|---|---|---|---|---|"
awk '$1 == "RESULT" && $2 == "scale-vrrp" {
        key = $3 " " $5
        if (!(key in seen)) { order[++n] = key; seen[key] = 1 }
        cpu[key, $4] = $6 " %"; rss[key, $4] = $7 " MiB"
    }
    END {
        for (i = 1; i <= n; i++) {
            k = order[i]; split(k, p, " ")
            printf "| %s | %s | %s | %s | %s | %s |\n", p[1], p[2], (k SUBSEP "K" in cpu) ? cpu[k, "K"] : "-", \
                (k SUBSEP "J" in cpu) ? cpu[k, "J"] : "-", (k SUBSEP "K" in rss) ? rss[k, "K"] : "-", (k SUBSEP "J" in rss) ? rss[k, "J"] : "-"
        }
    }' "$R"
echo
echo "Real servers per checker child (bench/checkers-scale.sh, delay_loop 1, the daemon's child flags):"
echo
grep '^RESULT scale-rs' "$R" | sed 's/^RESULT scale-rs \([a-z]*\) \([0-9]*\) /- \2 \1: /'
echo

echo "### Scenario 4: footprint and start-up (small configuration: 1 VRRP instance, 2 real servers)"
echo
echo "| variant | measure | median | min | max | n |"
echo "|---|---|---|---|---|---|"
awk '$1 == "RESULT" && $2 == "footprint" { printf "| %s | %s | %s | %s | %s | %s |\n", $3, $4, $5, $6, $7, $8 }' "$R"
echo

echo "### Scenario 5: IPVS programming in a UML guest, config parse time"
echo
echo "| implementation | real servers | start -> first in IPVS | first -> all | rate |"
echo "|---|---|---|---|---|"
awk '$1 == "RESULT" && $2 == "ipvs" { printf "| %s | %s | %s s | %s s | %s /s %s %s |\n", ($3 == "K") ? "keepalived" : "keepalived-java", $4, $5, $6, $7, $8, $9 }' "$R"
echo
echo "bench/parse-config.sh (generated 1,000 instances + 10,000 real servers; ms):"
echo
echo '```'
sed -n 's/^PARSE //p' "$R"
echo '```'

if grep -q '^RESULT jmh' "$R"; then
    echo
    echo "### In-process micro benchmarks (JMH, bench/jmh.sh: module bench/jmh, the daemon's JIT and GC flags)"
    echo
    echo "| benchmark | parameters | score | error (99.9 %) | unit |"
    echo "|---|---|---|---|---|"
    awk '$1 == "RESULT" && $2 == "jmh" { printf "| %s | %s | %s | %s | %s |\n", $3, $4, $5, $6, $7 }' "$R"
fi
