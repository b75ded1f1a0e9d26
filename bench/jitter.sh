#!/bin/sh
# Scenario 2 (issue 9): advert interval jitter from pcap timestamps, keepalived 2.2.7 (K) and the built
# keepalived-java (J), one node alone (so every instance is MASTER and sends adverts), tcpdump -i any in the
# node's namespace. Jitter = |interval between two adverts of one instance - advert_int|, over all instances.
# Cases:
#   idle      1 instance, VRRPv3 advert_int 0.05 (20 adverts/s), CAPTURE_S seconds
#   1000      1,000 instances in one VRRP child, advert_int 1: 250 VRIDs on each of eth0..eth3 (eth0-2 VRRPv2
#             IPv4, eth3 VRRPv3 IPv6), CAPTURE_S seconds
#   idle-nice as idle, both daemons under `nice -n -10` (shows how much of the jitter is waiting for a CPU on
#             a loaded machine: keepalived's vrrp_priority does this from the configuration)
#   busy      as idle, while bench/checkers-scale.sh runs a checker child with 10,000 TCP_CHECK + 1,000 HTTP_GET
#             real servers at delay_loop 1 on the same two cores (J's own flags; GC log of that child too)
# keepalived-java's JVMs log GC pauses (JAVA_TOOL_OPTIONS=-Xlog:gc): per JVM, the pause count, p50, p99, max, of
# all pauses and of those after start-up (gc-steady: WARMUP_S seconds after the JVM started; 20 s for the busy
# checker child). Pause times are wall clock: on a loaded machine they include waiting for a CPU.
# Usage: bench/jitter.sh [CASES]   (default "idle 1000 busy"); CAPTURE_S (default 30), WARMUP_S (default 8),
# JITTER_JAVA_OPTS: JVM options added to keepalived-java's JVMs (to try a flag).
# Prints "RESULT jitter CASE IMPL n p50 p99 p99.9 max" (ms) and "RESULT gc CASE ROLE n p50 p99 max" (ms).
set -u
. "$(dirname "$0")/lib.sh"
require_root
require_dist
CASES=${*:-idle idle-nice 1000 busy}
CAPTURE_S=${CAPTURE_S:-30}
WARMUP_S=${WARMUP_S:-8}
trap lab_cleanup EXIT
trap 'exit 1' INT TERM

lab_bridge
lab_node 1
N1=$NODE
# eth1..eth3 for the 1,000-instance case (peers left unplugged in the bridge's namespace: adverts go out anyway).
for i in 1 2 3; do
    ip -n "$N1" link add "eth$i" type veth peer name "q$i" netns "$LAB_BR"
    ip -n "$LAB_BR" link set "q$i" up
    ip netns exec "$N1" sysctl -q -w "net.ipv6.conf.eth$i.accept_dad=0" >/dev/null 2>&1 || true
    ip -n "$N1" link set "eth$i" up
done
ip -n "$N1" addr add 198.51.100.1/24 dev eth1
ip -n "$N1" addr add 203.0.113.1/24 dev eth2

idle_config() {
    cat <<'EOF'
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    version 3
    advert_int 0.05
    virtual_ipaddress {
        192.0.2.100/24
    }
}
EOF
}

many_config() {
    awk 'BEGIN {
        split("192.0.2 198.51.100 203.0.113", net, " ")
        for (i = 0; i < 4; i++) {
            for (v = 1; v <= 250; v++) {
                printf "vrrp_instance VI_%d_%d {\n state BACKUP\n interface eth%d\n virtual_router_id %d\n", i, v, i, v
                printf " priority 150\n advert_int 1\n"
                if (i < 3) {
                    printf " version 2\n virtual_ipaddress {\n  %s.%d/24\n }\n}\n", net[i + 1], v + 1
                } else {
                    printf " version 3\n virtual_ipaddress {\n  2001:db8:3::%x/64\n }\n}\n", v + 1
                }
            }
        }
    }'
}

# jitter_of PCAP NOMINAL_S: |interval - nominal| in ms per instance (key: source address + vrid), one a line.
jitter_of() {
    tcpdump -tt -n -r "$1" 2>/dev/null | awk -v nominal="$2" '
        /VRRPv[23], Advertisement/ {
            src = ""; vrid = ""
            for (i = 2; i <= NF; i++) {
                if (($i == "IP" || $i == "IP6") && src == "") src = $(i + 1)
                if ($i == "vrid") { vrid = $(i + 1); sub(",", "", vrid) }
            }
            key = src "/" vrid
            if (key in last) { d = ($1 - last[key] - nominal) * 1000; if (d < 0) d = -d; printf "%.3f\n", d }
            last[key] = $1
        }'
}

gc_pauses() { # gc_pauses LOG [FROM_S]: pause times in ms (of pauses FROM_S seconds or more after the JVM started)
    awk -v from="${2:-0}" '/Pause/ && /ms$/ {
            up = $1; sub(/^\[/, "", up); sub(/s\].*$/, "", up)
            ms = $NF; sub(/ms$/, "", ms)
            if (up + 0 >= from + 0) print ms
        }' "$1" 2>/dev/null
}

for case in $CASES; do
    case $case in
        idle|busy|idle-nice) idle_config >"$WORK/jitter-$case.conf"; nominal=0.05 ;;
        1000) many_config >"$WORK/jitter-$case.conf"; nominal=1 ;;
        *) echo "unknown case $case" >&2; exit 2 ;;
    esac
    busy_pid=""
    if [ "$case" = busy ]; then
        # The checker child at scale on the same machine (its own namespaces, kj-blb-*/kj-bsrv-*), with the
        # daemon's current child flags and a GC log.
        MALLOC_ARENA_MAX=2 "$BENCH_ROOT/bench/checkers-scale.sh" --tcp 10000 --http 1000 --warmup-s 5 \
            --measure-s $((CAPTURE_S * 2 + WARMUP_S * 2 + 20)) $(checker_child_flags) \
            --jvm "-Xlog:gc:file=$WORK/gc-busy-checker.log" >"$WORK/busy-checker.txt" 2>&1 &
        busy_pid=$!
        LAB_PIDS="$LAB_PIDS $busy_pid"
        i=0
        while ! grep -q "started in" "$WORK/busy-checker.txt" && [ $i -lt 1800 ]; do sleep 0.1; i=$((i + 1)); done
        sleep 5
    fi
    for impl in ${IMPLS:-K J}; do
        name="jit-$case-$impl"
        if [ $impl = J ]; then
            JAVA_TOOL_OPTIONS="-Xlog:gc:file=$WORK/gc-$case-%p.log ${JITTER_JAVA_OPTS:-}"
            export JAVA_TOOL_OPTIONS
        fi
        if [ "$case" = idle-nice ]; then RUN_PREFIX="nice -n -10"; else RUN_PREFIX=""; fi
        start_daemon $impl "$N1" "$WORK/jitter-$case.conf" "$name" -P
        unset JAVA_TOOL_OPTIONS
        sleep "$WARMUP_S"
        ip netns exec "$N1" tcpdump -i any -n -s 128 -w "$WORK/$name.pcap" 'ip proto 112 or ip6 proto 112' \
            >/dev/null 2>&1 &
        dump=$!
        sleep "$CAPTURE_S"
        vrrp=$(cat "$WORK/$name.vrrp" 2>/dev/null)
        cpu=$(cpu_ticks "$vrrp" 2>/dev/null)
        rss=$(rss_mib "$vrrp")
        kill -INT $dump
        wait $dump 2>/dev/null
        echo "RESULT jitter $case $impl $(jitter_of "$WORK/$name.pcap" $nominal | percentiles)"
        echo "RESULT vrrp_rss $case $impl $rss"
        if [ $impl = J ]; then
            parent=$(cat "$WORK/$name.pid" 2>/dev/null)
            for role in parent vrrp; do
                if [ $role = parent ]; then p=$parent; else p=$vrrp; fi
                echo "RESULT gc $case $role $(gc_pauses "$WORK/gc-$case-$p.log" | percentiles)"
                echo "RESULT gc-steady $case $role $(gc_pauses "$WORK/gc-$case-$p.log" "$WARMUP_S" | percentiles)"
            done
        fi
        stop_pid "$DAEMON"
        sleep 1
    done
    if [ -n "$busy_pid" ]; then
        # It ends by itself after its window (a SIGTERM would skip its namespace clean-up).
        i=0
        while kill -0 "$busy_pid" 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
        echo "RESULT gc busy checker $(gc_pauses "$WORK/gc-busy-checker.log" | percentiles)"
        echo "RESULT gc-steady busy checker $(gc_pauses "$WORK/gc-busy-checker.log" 20 | percentiles)"
        grep -E "child CPU|child RSS" "$WORK/busy-checker.txt" | sed 's/^/RESULT busy-checker /'
    fi
done
