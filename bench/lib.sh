# Shared functions of the side-by-side benchmarks (sourced by bench/*.sh; POSIX sh + GNU tools).
#
# The lab: one namespace holding a bridge (kj-bbr-TAG) and node namespaces (kj-bn1-TAG, kj-bn2-TAG, ...) each
# with eth0 plugged into it: 192.0.2.N/24 on node N, the VIP 192.0.2.100. keepalived 2.2.7 (K) and the BUILT
# keepalived-java distribution (J, packaging/target/keepalived-java unless DIST is set) run in the nodes with
# their own pid files. Everything is deleted by lab_cleanup (EXIT trap), processes first (by pid).

BENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIST=${DIST:-$BENCH_ROOT/packaging/target/keepalived-java}
LAB_TAG=${LAB_TAG:-$$}
LAB_NODES=""
LAB_PIDS=""
WORK=${WORK:-$(mktemp -d /tmp/kj-bench.XXXXXX)}
mkdir -p "$WORK"

require_root() {
    if [ "$(id -u)" != 0 ]; then
        echo "$0: needs root (network namespaces)" >&2
        exit 1
    fi
}

require_dist() {
    if [ ! -x "$DIST/bin/keepalived-java" ]; then
        echo "$0: no distribution at $DIST; build it: mvn -B -q package -DskipTests -pl packaging -am" >&2
        exit 1
    fi
}

now() { date +%s.%N; }

# Milliseconds between two epoch times with fractions.
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'; }

# Reads numbers (one a line), prints "median min max n".
stats() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- - - 0"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f %.1f %.1f %d\n", m, v[1], v[NR], NR }'
}

# Percentiles of numbers on stdin: prints "n p50 p99 p99.9 max".
percentiles() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "0 - - - -"; exit }
        i50 = int(NR * 0.50 + 0.5); if (i50 < 1) i50 = 1
        i99 = int(NR * 0.99 + 0.5); if (i99 < 1) i99 = 1
        i999 = int(NR * 0.999 + 0.5); if (i999 < 1) i999 = 1
        printf "%d %.3f %.3f %.3f %.3f\n", NR, v[i50], v[i99], v[i999], v[NR] }'
}

lab_bridge() {
    LAB_BR="kj-bbr-$LAB_TAG"
    ip netns add "$LAB_BR"
    ip -n "$LAB_BR" link set lo up
    ip -n "$LAB_BR" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0
    ip -n "$LAB_BR" link set br0 up
}

# lab_node N: namespace kj-bnN-TAG with eth0 = 192.0.2.N/24 on the bridge; sets NODE to its name (not a
# subshell: the cleanup list must see it).
lab_node() {
    ns="kj-bn$1-$LAB_TAG"
    ip netns add "$ns"
    LAB_NODES="$LAB_NODES $ns"
    ip -n "$ns" link set lo up
    ip -n "$ns" link add eth0 type veth peer name "p$1" netns "$LAB_BR"
    ip -n "$LAB_BR" link set "p$1" master br0
    ip -n "$LAB_BR" link set "p$1" up
    ip netns exec "$ns" sysctl -q -w net.ipv6.conf.eth0.accept_dad=0 >/dev/null 2>&1 || true
    ip -n "$ns" addr add "192.0.2.$1/24" dev eth0
    ip -n "$ns" link set eth0 up
    NODE=$ns
}

lab_cleanup() {
    for p in $LAB_PIDS; do kill -9 "$p" 2>/dev/null; done
    for ns in $LAB_NODES ${LAB_BR:-}; do
        ip netns pids "$ns" 2>/dev/null | while read -r p; do kill -9 "$p" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    if [ -z "${KEEP_WORK:-}" ]; then rm -rf "$WORK"; fi
}

# start_daemon IMPL NS CONF NAME [extra args]: starts K (keepalived) or J (keepalived-java) in the foreground
# of a background job, logging to $WORK/NAME.log, pid files $WORK/NAME.{pid,vrrp,check}; sets DAEMON to the
# main pid (call it without a subshell, so that the pid is this shell's child). RUN_PREFIX: a command put in
# front of the daemon, e.g. "nice -n -10" (it must exec the daemon, so that the pid stays the daemon's).
start_daemon() {
    impl=$1; ns=$2; conf=$3; name=$4; shift 4
    rm -f "$WORK/$name.pid" "$WORK/$name.vrrp" "$WORK/$name.check"
    if [ "$impl" = K ]; then
        ip netns exec "$ns" ${RUN_PREFIX:-} keepalived -n -l -D -G -f "$conf" -p "$WORK/$name.pid" -r "$WORK/$name.vrrp" \
            -c "$WORK/$name.check" "$@" >>"$WORK/$name.log" 2>&1 &
    else
        ip netns exec "$ns" ${RUN_PREFIX:-} "$DIST/bin/keepalived-java" -n -l -D -G -f "$conf" -p "$WORK/$name.pid" \
            -r "$WORK/$name.vrrp" -c "$WORK/$name.check" "$@" >>"$WORK/$name.log" 2>&1 &
    fi
    DAEMON=$!
    LAB_PIDS="$LAB_PIDS $DAEMON"
}

# stop_pid PID [SIGNAL]: signal and wait up to 20 s for the exit.
stop_pid() {
    kill -"${2:-TERM}" "$1" 2>/dev/null
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    return 0
}

# wait_file FILE SECONDS: until FILE exists and is not empty.
wait_file() {
    i=0
    while [ ! -s "$1" ] && [ $i -lt $(($2 * 20)) ]; do sleep 0.05; i=$((i + 1)); done
    [ -s "$1" ]
}

# rss_mib PID: VmRSS in MiB (one decimal), or "-".
rss_mib() { [ -n "$1" ] || { echo -; return; }; awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024; f = 1 } END { if (!f) print "-" }' "/proc/$1/status" 2>/dev/null || echo -; }

# cpu_ticks PID: utime + stime.
cpu_ticks() { [ -n "$1" ] || { echo 0; return; }; sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# VIP monitor: `ip -ts -o monitor address` per namespace into $WORK/mon-NS.txt; vip_seen NS AFTER EVENT waits
# (up to 30 s) for the first "add" (EVENT=add) or "Deleted" (EVENT=del) of 192.0.2.100 stamped after AFTER
# (epoch) and prints its epoch time, or nothing on timeout.
monitor_start() {
    ip netns exec "$1" ip -ts -o monitor address >"$WORK/mon-$1.txt" 2>/dev/null &
    LAB_PIDS="$LAB_PIDS $!"
}

vip_seen() {
    ns=$1; after=$2; event=$3
    i=0
    while [ $i -lt 600 ]; do
        t=$(grep ' 192\.0\.2\.100/' "$WORK/mon-$ns.txt" 2>/dev/null | while read -r stamp rest; do
                case $rest in Deleted*) e=del ;; *) e=add ;; esac
                [ "$e" = "$event" ] || continue
                s=$(date -d "$(echo "$stamp" | tr -d '[]')" +%s.%N)
                if awk -v s="$s" -v a="$after" 'BEGIN { exit !(s > a) }'; then echo "$s"; break; fi
            done)
        if [ -n "$t" ]; then echo "$t"; return 0; fi
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

machine_line() {
    echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
}

versions_line() {
    echo "keepalived-java $(ls "$DIST/lib" | sed -n 's/^keepalived-java-\(.*\)\.jar$/\1/p') ($(cd "$BENCH_ROOT" && git rev-parse --short HEAD 2>/dev/null)), $(java -version 2>&1 | sed -n 2p), $(keepalived -v 2>&1 | head -1)"
}

# The checker child's flags beyond checkers-scale.sh's own (-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k):
# the rest of ChildSpec.defaultJvmFlags and the parent's -Xmx64m, as --jvm arguments.
checker_child_flags() {
    for f in -XX:CICompilerCount=1 -Xms8m -XX:-UsePerfData -Djnr.ffi.asm.enabled=false -XX:TrimNativeHeapInterval=2000 -Xmx64m; do printf -- '--jvm %s ' "$f"; done
}

# lab_ifaces NS FIRST LAST: veth interfaces ethFIRST..ethLAST in NS (peers up, unplugged, in the bridge's
# namespace: adverts are sent all the same), IPv6 DAD off.
lab_ifaces() {
    i=$2
    while [ "$i" -le "$3" ]; do
        ip -n "$1" link add "eth$i" type veth peer name "q$i" netns "$LAB_BR"
        ip -n "$LAB_BR" link set "q$i" up
        ip netns exec "$1" sysctl -q -w "net.ipv6.conf.eth$i.accept_dad=0" >/dev/null 2>&1 || true
        ip -n "$1" link set "eth$i" up
        i=$((i + 1))
    done
}

# vrrp_many N ADVERT: N VRRPv3 instances with one IPv6 VIP each, 250 VRIDs per interface eth0, eth1, ...
vrrp_many() {
    awk -v n="$1" -v advert="$2" 'BEGIN {
        for (k = 0; k < n; k++) {
            i = int(k / 250); v = k % 250 + 1
            printf "vrrp_instance VI_%d_%d {\n state BACKUP\n interface eth%d\n virtual_router_id %d\n", i, v, i, v
            printf " priority 150\n version 3\n advert_int %s\n virtual_ipaddress {\n  2001:db8:%x::%x/64\n }\n}\n", advert, i + 1, v + 1
        }
    }'
}
