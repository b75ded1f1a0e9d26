#!/bin/sh
# Scenario 3 (issue 9): how many VRRP instances one VRRP process runs before it needs 50% of a core, at
# advert_int 1 and 0.1, keepalived 2.2.7 (K) and the built keepalived-java (J), one node alone (every instance
# MASTER, sending); and how many real servers one checker child checks at delay_loop 1 (TCP_CHECK, HTTP_GET) via
# bench/checkers-scale.sh (the child alone, the daemon's child flags). Bounded: the instance steps stop at 50%
# of a core or at MAX_INSTANCES (default 4000: 16 interfaces x 250 VRIDs); the real-server steps at the
# benchmark's own limits (10,000 TCP_CHECK, 1,000 HTTP_GET). Reports what was reached.
#   CPU: utime + stime of the VRRP process over MEASURE_S seconds (default 10) after WARMUP_S (default 8,
#   enough for all instances to become MASTER); RSS at the end.
# Usage: bench/scale.sh [vrrp] [rs]     Prints "RESULT scale-vrrp ADVERT IMPL N cpu% rss" and checkers-scale's
# "child CPU"/"child RSS" lines as "RESULT scale-rs KIND N ...".
set -u
. "$(dirname "$0")/lib.sh"
require_root
require_dist
PARTS=${*:-vrrp rs}
MAX_INSTANCES=${MAX_INSTANCES:-4000}
STEPS=${STEPS:-250 1000 2000 4000}
MEASURE_S=${MEASURE_S:-10}
WARMUP_S=${WARMUP_S:-8}
trap lab_cleanup EXIT
trap 'exit 1' INT TERM
HZ=$(getconf CLK_TCK)

case " $PARTS " in *" vrrp "*)
    lab_bridge
    lab_node 1
    N1=$NODE
    lab_ifaces "$N1" 1 $(( (MAX_INSTANCES + 249) / 250 - 1 ))
    for advert in 1 0.1; do
        for impl in K J; do
            for n in $STEPS; do
                [ "$n" -le "$MAX_INSTANCES" ] || break
                vrrp_many "$n" "$advert" >"$WORK/scale-$n-$advert.conf"
                name="scale-$impl-$n-$advert"
                start_daemon $impl "$N1" "$WORK/scale-$n-$advert.conf" "$name" -P
                sleep "$WARMUP_S"
                # a large configuration may still be starting: give it up to 60 s more for its VRRP process
                wait_file "$WORK/$name.vrrp" 60
                vrrp=$(cat "$WORK/$name.vrrp" 2>/dev/null)
                c0=$(cpu_ticks "$vrrp" 2>/dev/null || echo 0)
                t0=$(now)
                sleep "$MEASURE_S"
                c1=$(cpu_ticks "$vrrp" 2>/dev/null || echo 0)
                t1=$(now)
                rss=$(rss_mib "$vrrp")
                cpu=$(awk -v a="$c0" -v b="$c1" -v t0="$t0" -v t1="$t1" -v hz="$HZ" \
                    'BEGIN { printf "%.1f", 100 * (b - a) / hz / (t1 - t0) }')
                masters=$(grep -c "Entering MASTER STATE" "$WORK/$name.log")
                echo "RESULT scale-vrrp $advert $impl $n $cpu $rss masters=$masters"
                stop_pid "$DAEMON"
                sleep 1
                if awk -v c="$cpu" 'BEGIN { exit !(c >= 50) }'; then break; fi
            done
        done
    done
    ;;
esac

case " $PARTS " in *" rs "*)
    for spec in "tcp 2500" "tcp 10000" "http 250" "http 1000"; do
        set -- $spec
        if [ "$1" = tcp ]; then args="--tcp $2 --http 0"; else args="--tcp 0 --http $2"; fi
        # shellcheck disable=SC2046,SC2086
        MALLOC_ARENA_MAX=2 "$BENCH_ROOT/bench/checkers-scale.sh" $args --warmup-s 10 --measure-s 20 \
            $(checker_child_flags) >"$WORK/rs-$1-$2.txt" 2>&1
        echo "RESULT scale-rs $1 $2 $(grep -E 'child CPU|child RSS|TCP|HTTP|failure lines' "$WORK/rs-$1-$2.txt" | tr '\n' ' ')"
    done
    ;;
esac
