#!/bin/sh
# Scenario 5a (issue 9): IPVS programming rate in a User-Mode Linux guest (real ip_vs; this machine's kernel has
# none), keepalived 2.2.7 (K) and the built keepalived-java (J) in the same guest, one after the other: the
# health-check process alone (-C) with one virtual service and N real servers without checkers (both add every
# real server at start). The guest polls `ipvsadm -Ln` every POLL_S (0.2) seconds:
#   start -> first destination, and first -> all N destinations (the programming rate: N / that time)
# The guest has one CPU and runs JVMs ~10x slower to start than the host; both sides pay the same guest.
# Usage: bench/ipvs-uml.sh [N]   (default 5000)   Prints "RESULT ipvs IMPL N start_to_first_s first_to_all_s rate/s".
set -u
. "$(dirname "$0")/lib.sh"
require_root
require_dist
N=${1:-5000}
POLL_S=${POLL_S:-0.2}
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT

awk -v n="$N" 'BEGIN {
    printf "global_defs {\n router_id kj-ipvs\n}\nvirtual_server 203.0.113.10 80 {\n delay_loop 60\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
    for (k = 0; k < n; k++) printf " real_server 198.51.100.%d %d {\n }\n", k % 250 + 1, 10000 + int(k / 250)
    printf "}\n"
}' >"$WORK/ipvs.conf"

cat >"$WORK/guest.sh" <<GUEST
#!/bin/sh
# Runs inside the guest.
poll() { # poll IMPL T0
    first=""
    i=0
    while [ \$i -lt 3000 ]; do
        c=\$(ipvsadm -Ln | grep -c -- '->.*Masq')
        t=\$(date +%s.%N)
        if [ -z "\$first" ] && [ "\$c" -gt 0 ]; then first=\$t; fi
        if [ "\$c" -ge $N ]; then break; fi
        sleep $POLL_S
        i=\$((i + 1))
    done
    awk -v a="\$2" -v f="\$first" -v t="\$t" -v n="$N" -v c="\$c" -v impl="\$1" \
        'BEGIN { printf "RESULT ipvs %s %d %.2f %.2f %.0f (%d seen)\n", impl, n, f - a, t - f, (t > f) ? n / (t - f) : 0, c }'
}
ipvsadm -C
t0=\$(date +%s.%N)
keepalived -n -l -C -G -f $WORK/ipvs.conf -p $WORK/k.pid -r $WORK/k.vrrp -c $WORK/k.check >$WORK/k.log 2>&1 &
kpid=\$!
poll K \$t0
kill -TERM \$kpid; wait \$kpid
ipvsadm -C
t0=\$(date +%s.%N)
$DIST/bin/keepalived-java -n -l -C -G -f $WORK/ipvs.conf -p $WORK/j.pid -r $WORK/j.vrrp -c $WORK/j.check >$WORK/j.log 2>&1 &
jpid=\$!
poll J \$t0
kill -TERM \$jpid; wait \$jpid
ipvsadm -C
GUEST
chmod +x "$WORK/guest.sh"
"$BENCH_ROOT/netlink-jni/src/test/uml/uml-run.sh" -- "$WORK/guest.sh"
