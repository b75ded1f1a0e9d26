#!/bin/sh
# Scenario 1 (issue 9): election, graceful failover, crash failover and preempt back, keepalived 2.2.7 (K) and
# the built keepalived-java distribution (J), two nodes of the same implementation, priority 150 (node 1) and
# 100 (node 2), in the same run. Times come from `ip -ts monitor address` in both nodes (the kernel's view of the
# VIP), measured from the moment the script acts:
#   election   both daemons started at once -> VIP on node 1 (start-up + RFC 5798's Master_Down_Interval)
#   graceful   SIGTERM to node 1's daemon -> VIP on node 2 (priority-0 advert + Skew_Time)
#   preempt    node 1's daemon started again -> VIP back on node 1 (start-up + Master_Down_Interval)
#   crash      node 1 dies: SIGSTOP to its daemon's parent, SIGKILL to its VRRP process, SIGKILL to the parent ->
#              VIP on node 2. Killing the VRRP process alone measures nothing: keepalived's parent respawns it
#              within milliseconds and, at priority 150, it wins the election again before node 2's
#              Master_Down_Interval ends; killing the parent first lets keepalived's VRRP process see its death
#              and stop gracefully (a priority-0 advert) before its own SIGKILL arrives.
# Usage: bench/failover.sh [ROUNDS] [v2|v3]...   (default 3 rounds, both v2 advert_int 1 and v3 advert_int 0.05)
# Prints one line per round and a summary "RESULT failover ..." per variant, implementation and scenario.
set -u
. "$(dirname "$0")/lib.sh"
require_root
require_dist
ROUNDS=${1:-3}
shift 2>/dev/null || true
VARIANTS=${*:-v2 v3}
trap lab_cleanup EXIT
trap 'exit 1' INT TERM

lab_bridge
lab_node 1
N1=$NODE
lab_node 2
N2=$NODE
monitor_start "$N1"
monitor_start "$N2"

config() { # config PRIORITY VERSION ADVERT
    cat <<EOF
global_defs {
    router_id kj-node-$1
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $1
    version $2
    advert_int $3
    virtual_ipaddress {
        192.0.2.100/24
    }
}
EOF
}

for variant in $VARIANTS; do
    case $variant in
        v2) version=2; advert=1 ;;
        v3) version=3; advert=0.05 ;;
        *) echo "unknown variant $variant" >&2; exit 2 ;;
    esac
    config 150 $version $advert >"$WORK/n1-$variant.conf"
    config 100 $version $advert >"$WORK/n2-$variant.conf"
    for impl in K J; do
        : >"$WORK/res-$variant-$impl.txt"
        r=0
        while [ $r -lt "$ROUNDS" ]; do
            t0=$(now)
            start_daemon $impl "$N1" "$WORK/n1-$variant.conf" "n1-$impl-$variant-$r" -P
            p1=$DAEMON
            start_daemon $impl "$N2" "$WORK/n2-$variant.conf" "n2-$impl-$variant-$r" -P
            p2=$DAEMON
            t=$(vip_seen "$N1" "$t0" add) && election=$(ms_between "$t0" "$t") || election=-
            sleep 2
            t1=$(now)
            kill -TERM "$p1"
            t=$(vip_seen "$N2" "$t1" add) && graceful=$(ms_between "$t1" "$t") || graceful=-
            stop_pid "$p1"
            sleep 1
            t2=$(now)
            start_daemon $impl "$N1" "$WORK/n1-$variant.conf" "n1b-$impl-$variant-$r" -P
            p1=$DAEMON
            t=$(vip_seen "$N1" "$t2" add) && preempt=$(ms_between "$t2" "$t") || preempt=-
            sleep 2
            wait_file "$WORK/n1b-$impl-$variant-$r.vrrp" 10
            child=$(cat "$WORK/n1b-$impl-$variant-$r.vrrp" 2>/dev/null)
            t3=$(now)
            kill -STOP "$p1"
            kill -KILL "$child"
            kill -KILL "$p1"
            t=$(vip_seen "$N2" "$t3" add) && crash=$(ms_between "$t3" "$t") || crash=-
            sleep 1
            stop_pid "$p1"
            stop_pid "$p2"
            echo "round $variant $impl $r: election $election ms, graceful $graceful ms, preempt $preempt ms, crash $crash ms"
            echo "$election $graceful $preempt $crash" >>"$WORK/res-$variant-$impl.txt"
            r=$((r + 1))
            sleep 1
        done
    done
    col=1
    for scenario in election graceful preempt crash; do
        for impl in K J; do
            s=$(awk -v c=$col '$c != "-" { print $c }' "$WORK/res-$variant-$impl.txt" | stats)
            echo "RESULT failover $variant $scenario $impl $s"
        done
        col=$((col + 1))
    done
done
