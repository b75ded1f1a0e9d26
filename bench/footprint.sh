#!/bin/sh
# Scenario 4 (issue 9): RSS of the parent, the VRRP child and the checker child with a small configuration (one
# VRRP instance, one virtual server with a TCP_CHECK and an HTTP_GET real server), idle, and start to READY,
# for the built distribution in a kj- namespace, ROUNDS rounds per variant. keepalived 2.2.7 runs the same
# configuration with -P (its checker cannot run without IPVS in this kernel) for its parent and VRRP process.
#   start to ready   launch of bin/keepalived-java -> both children answered their first watchdog hello (the
#                    parent's "... child process(N) is up (...)" lines), wall clock; plus each child's own
#                    "N ms after spawn" from the parent's log (both quantised by the parent's hellos, sent every
#                    half watchdog interval); and, per child, from its exec (its start time in /proc) to the line
#                    saying it is ready (VRRP: its first instance state; checker: "Startup complete")
#   RSS              VmRSS after IDLE_S seconds (default 15) of running
# Variants (VARIANTS, default "cds nocds"):
#   cds      the distribution as shipped with its AppCDS archive (bin/keepalived-java-cds run first if missing)
#   nocds    KEEPALIVED_JAVA_CDS_ARCHIVE=/nonexistent: the JDK's own CDS archive only
#   base     DIST_BASE (a distribution built before the footprint flags, e.g. /work/main/...): the old flags
#   tool:X   JAVA_TOOL_OPTIONS=X added to all three JVMs, with the archive (e.g. "tool:-Xint")
# Usage: bench/footprint.sh [ROUNDS]      Prints "RESULT footprint VARIANT WHAT median min max n" lines.
set -u
. "$(dirname "$0")/lib.sh"
require_root
require_dist
ROUNDS=${1:-3}
IDLE_S=${IDLE_S:-15}
VARIANTS=${VARIANTS:-cds nocds}
trap lab_cleanup EXIT
trap 'exit 1' INT TERM

# exec_to PID UPTIME: ms from the process's start (field 22 of /proc/PID/stat, ticks since boot) to UPTIME
# (seconds since boot), or "-". Resolution: 10 ms ticks plus the 20 ms polling of the log.
exec_to() {
    if [ -z "$1" ] || [ -z "$2" ] || [ ! -r "/proc/$1/stat" ]; then echo -; return; fi
    sed 's/^.*) //' "/proc/$1/stat" | awk -v up="$2" -v hz="$(getconf CLK_TCK)" '{ printf "%.0f\n", (up - $20 / hz) * 1000 }'
}

DIST0=$DIST
lab_bridge
lab_node 1
N1=$NODE

cat >"$WORK/small.conf" <<'EOF'
global_defs {
    router_id kj-footprint
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
}
virtual_server 203.0.113.10 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 192.0.2.1 22 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 192.0.2.1 80 {
        HTTP_GET {
            url {
                path /
                status_code 200
            }
            connect_timeout 1
        }
    }
}
EOF

if [ ! -f "$DIST/cds/keepalived-java.jsa" ]; then
    "$DIST/bin/keepalived-java-cds" --quiet || echo "footprint: keepalived-java-cds failed" >&2
fi

for variant in $VARIANTS; do
    : >"$WORK/fp-$variant.txt"
    r=0
    while [ $r -lt "$ROUNDS" ]; do
        name="fp-$variant-$r"
        DIST=$DIST0
        unset KEEPALIVED_JAVA_CDS_ARCHIVE JAVA_TOOL_OPTIONS
        case $variant in
            nocds) KEEPALIVED_JAVA_CDS_ARCHIVE=/nonexistent; export KEEPALIVED_JAVA_CDS_ARCHIVE ;;
            base) DIST=${DIST_BASE:?DIST_BASE: a distribution with the old flags} ;;
            tool:*) JAVA_TOOL_OPTIONS=${variant#tool:}; export JAVA_TOOL_OPTIONS ;;
        esac
        t0=$(now)
        start_daemon J "$N1" "$WORK/small.conf" "$name"
        i=0
        vrrp_ready_up=""
        check_ready_up=""
        # (the log may not exist yet: the background job opens it)
        while [ "$(grep -c 'child process([0-9]*) is up' "$WORK/$name.log" 2>/dev/null || true)" != 2 ] && [ $i -lt 1200 ]; do
            # When each child said it is ready, in seconds since boot (/proc/uptime, as a process's start time):
            # the VRRP child's first instance state, the checker child's "Startup complete".
            if [ -z "$vrrp_ready_up" ] && grep -q 'Entering BACKUP STATE\|Entering MASTER STATE' "$WORK/$name.log" 2>/dev/null; then
                vrrp_ready_up=$(cut -d' ' -f1 /proc/uptime)
            fi
            if [ -z "$check_ready_up" ] && grep -q 'Startup complete' "$WORK/$name.log" 2>/dev/null; then
                check_ready_up=$(cut -d' ' -f1 /proc/uptime)
            fi
            sleep 0.02
            i=$((i + 1))
        done
        ready=$(ms_between "$t0" "$(now)")
        # CPU time each child used until it was up (less sensitive to a loaded machine than the wall clock).
        tick_ms=$((1000 / $(getconf CLK_TCK)))
        vrrp_cpu=$(( $(cpu_ticks "$(cat "$WORK/$name.vrrp" 2>/dev/null)" 2>/dev/null || echo 0) * tick_ms ))
        check_cpu=$(( $(cpu_ticks "$(cat "$WORK/$name.check" 2>/dev/null)" 2>/dev/null || echo 0) * tick_ms ))
        vrrp_exec_ready=$(exec_to "$(cat "$WORK/$name.vrrp" 2>/dev/null)" "$vrrp_ready_up")
        check_exec_ready=$(exec_to "$(cat "$WORK/$name.check" 2>/dev/null)" "$check_ready_up")
        vrrp_spawn=$(sed -n 's/.*VRRP child process([0-9]*) is up (.*, \([0-9]*\) ms after spawn).*/\1/p' "$WORK/$name.log" | head -1)
        check_spawn=$(sed -n 's/.*Checker child process([0-9]*) is up (.*, \([0-9]*\) ms after spawn).*/\1/p' "$WORK/$name.log" | head -1)
        sleep "$IDLE_S"
        parent=$(cat "$WORK/$name.pid" 2>/dev/null)
        vrrp=$(cat "$WORK/$name.vrrp" 2>/dev/null)
        check=$(cat "$WORK/$name.check" 2>/dev/null)
        line="${ready} ${vrrp_spawn:--} ${check_spawn:--} $(rss_mib "$parent") $(rss_mib "$vrrp") $(rss_mib "$check") $vrrp_cpu $check_cpu $vrrp_exec_ready $check_exec_ready"
        echo "round $variant $r: ready_ms vrrp_spawn_ms checker_spawn_ms parent_mib vrrp_mib checker_mib vrrp_cpu_ms checker_cpu_ms vrrp_exec_to_ready_ms checker_exec_to_ready_ms = $line"
        echo "$line" >>"$WORK/fp-$variant.txt"
        stop_pid "$DAEMON"
        DIST=$DIST0
        unset KEEPALIVED_JAVA_CDS_ARCHIVE JAVA_TOOL_OPTIONS
        r=$((r + 1))
    done
    col=1
    for what in ready_ms vrrp_spawn_to_up_ms checker_spawn_to_up_ms parent_rss_mib vrrp_rss_mib checker_rss_mib \
            vrrp_cpu_to_up_ms checker_cpu_to_up_ms vrrp_start_to_ready_ms checker_start_to_ready_ms; do
        echo "RESULT footprint $variant $what $(awk -v c=$col '$c != "-" { print $c }' "$WORK/fp-$variant.txt" | stats)"
        col=$((col + 1))
    done
done

# keepalived 2.2.7, same configuration, VRRP only (-P).
: >"$WORK/fp-K.txt"
r=0
while [ $r -lt "$ROUNDS" ]; do
    start_daemon K "$N1" "$WORK/small.conf" "fpK-$r" -P
    sleep "$IDLE_S"
    echo "$(rss_mib "$(cat "$WORK/fpK-$r.pid")") $(rss_mib "$(cat "$WORK/fpK-$r.vrrp")")" >>"$WORK/fp-K.txt"
    stop_pid "$DAEMON"
    r=$((r + 1))
done
echo "RESULT footprint keepalived parent_rss_mib $(awk '{ print $1 }' "$WORK/fp-K.txt" | stats)"
echo "RESULT footprint keepalived vrrp_rss_mib $(awk '{ print $2 }' "$WORK/fp-K.txt" | stats)"
