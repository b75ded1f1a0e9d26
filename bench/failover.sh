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
# The adverts on the bridge are captured (tcpdump --immediate-mode -U on br0) to split two of them into their parts:
#   graceful-prio0     SIGTERM -> node 1's priority-0 advert on the wire (the master's signal handling)
#   graceful-takeover  that priority-0 advert -> VIP on node 2 (RFC 5798 Skew_Time + the backup's reaction)
#   crash-last-advert  node 1's last advert -> VIP on node 2 (Master_Down_Interval + the backup's reaction): the
#                      crash time without the phase of the kill within node 1's advert interval, which at
#                      advert_int 0.05 moves "crash" anywhere in a 50 ms window from round to round
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
ip netns exec "$LAB_BR" tcpdump -U --immediate-mode -i br0 -n -s 96 -w "$WORK/adverts.pcap" 'ip proto 112' >/dev/null 2>&1 &
LAB_PIDS="$LAB_PIDS $!"

# advert_time WHICH AFTER BEFORE: epoch time of node 1's first priority-0 advert after AFTER (WHICH=prio0) or
# of its last advert before BEFORE (WHICH=last), from the bridge capture; nothing if none.
advert_time() {
    tcpdump -tt -n -r "$WORK/adverts.pcap" 2>/dev/null | awk -v which="$1" -v a="$2" -v b="$3" '
        $3 != "192.0.2.1" { next }
        which == "prio0" && $1 > a && / prio 0,/ { print $1; exit }
        which == "last" && $1 > a && $1 < b { t = $1 }
        END { if (which == "last" && t != "") print t }'
}

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
            tg=$t
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
            tc=$t
            sleep 0.3 # the capture is written packet by packet (--immediate-mode -U); let it catch up
            p0=$(advert_time prio0 "$t1" "")
            if [ -n "$p0" ] && [ "$graceful" != - ]; then
                prio0=$(ms_between "$t1" "$p0"); takeover=$(ms_between "$p0" "$tg")
            else
                prio0=-; takeover=-
            fi
            last=$(advert_time last "$t2" "${tc:-0}")
            if [ -n "$last" ] && [ "$crash" != - ]; then lastcrash=$(ms_between "$last" "$tc"); else lastcrash=-; fi
            sleep 1
            stop_pid "$p1"
            stop_pid "$p2"
            echo "round $variant $impl $r: election $election ms, graceful $graceful ms ($prio0 to the priority-0 advert, $takeover from it to the VIP), preempt $preempt ms, crash $crash ms ($lastcrash from the last advert)"
            echo "$election $graceful $preempt $crash $prio0 $takeover $lastcrash" >>"$WORK/res-$variant-$impl.txt"
            r=$((r + 1))
            sleep 1
        done
    done
    col=1
    for scenario in election graceful preempt crash graceful-prio0 graceful-takeover crash-last-advert; do
        for impl in K J; do
            s=$(awk -v c=$col '$c != "-" { print $c }' "$WORK/res-$variant-$impl.txt" | stats)
            echo "RESULT failover $variant $scenario $impl $s"
        done
        col=$((col + 1))
    done
done
