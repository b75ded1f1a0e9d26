#!/bin/sh
# Issue 6: the health-check process of keepalived 2.2.7 (K) and of the built keepalived-java distribution (J)
# side by side on the same real servers, in ONE User-Mode Linux guest (real ip_vs; this machine's kernel has none,
# and keepalived's checker exits FATAL without IPVS). In the guest:
#   - real servers: one python3 process (epoll) listening on N_TCP + N_HTTP (address, port) pairs on the guest's
#     loopback (198.51.100.1-10 ports 10000.. for TCP_CHECK, 198.51.100.11.. ports 20000.. for HTTP_GET; it
#     accepts and closes, or answers "HTTP/1.0 200" to HTTP), counting the connections it accepted;
#   - then for each round, K then J: `-n -l -C -G -f conf` (checker process only), wait until every real server is
#     in the IPVS table, WARMUP_S more seconds, then over MEASURE_S seconds the checker CHILD's (the -c pid file)
#     CPU (utime + stime from /proc/PID/stat, % of one guest core), highest VmRSS sampled each second, VmHWM at the
#     end, and the checks the servers saw per second; `ipvsadm -Sn` (sorted) is kept and K's and J's compared;
#     then SIGTERM and `ipvsadm -C`.
# Every number is the guest's: one UML CPU, its own accounting; the host's load changes both sides alike (runs
# interleaved K J K J...). Root only; not for CI.
#
# Usage: bench/checkers-uml.sh [--tcp N] [--http M] [--rounds R] [--warmup-s S] [--measure-s S]
#          [--strace-s S]
#   (defaults 1000, 200, 2, 15, 30, 0). Prints "RESULT checkers-uml IMPL ROUND cpu_pct rss_max_mib hwm_mib
#   tcp_checks_per_s http_checks_per_s dests server_cpu_pct" lines, "TABLES same|DIFFER" per round, and a
#   median summary. --strace-s S: AFTER the measured window, `strace -c -f` on the child for S seconds (system
#   calls per second and the most frequent ones; not part of the numbers above, strace slows the traced process).
set -u
. "$(dirname "$0")/lib.sh"
require_root
require_dist
N_TCP=1000
N_HTTP=200
ROUNDS=2
WARMUP_S=15
MEASURE_S=30
STRACE_S=0
while [ $# -gt 0 ]; do
    case $1 in
        --tcp) N_TCP=$2; shift 2 ;;
        --http) N_HTTP=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --warmup-s) WARMUP_S=$2; shift 2 ;;
        --measure-s) MEASURE_S=$2; shift 2 ;;
        --strace-s) STRACE_S=$2; shift 2 ;;
        *) echo "usage: bench/checkers-uml.sh [--tcp N] [--http M] [--rounds R] [--warmup-s S] [--measure-s S]" >&2; exit 2 ;;
    esac
done
N=$((N_TCP + N_HTTP))
# Addresses 198.51.100.1-100 for TCP, .101-254 for HTTP.
if [ "$N_TCP" -gt 10000 ] || [ "$N_HTTP" -gt 15400 ]; then
    echo "checkers-uml.sh: at most 10000 TCP and 15400 HTTP real servers" >&2
    exit 2
fi
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT

# 100 real servers per virtual server: TCP on 198.51.100.(1 + k/100) port 10000 + k%100, HTTP on
# 198.51.100.(101 + k/100) port 20000 + k%100 (so the two kinds never share an address).
awk -v nt="$N_TCP" -v nh="$N_HTTP" 'BEGIN {
    printf "global_defs {\n router_id kj-checkers-uml\n}\n"
    for (k = 0; k < nt; k++) {
        if (k % 100 == 0) {
            if (k) printf "}\n"
            printf "virtual_server 203.0.113.%d 80 {\n delay_loop 1\n lb_algo rr\n lb_kind NAT\n protocol TCP\n", 1 + k / 100
        }
        printf " real_server 198.51.100.%d %d {\n  TCP_CHECK {\n   connect_timeout 2\n   retry 1\n  }\n }\n", 1 + int(k / 100), 10000 + k % 100
    }
    if (nt) printf "}\n"
    for (k = 0; k < nh; k++) {
        if (k % 100 == 0) {
            if (k) printf "}\n"
            printf "virtual_server 203.0.113.%d 80 {\n delay_loop 1\n lb_algo rr\n lb_kind NAT\n protocol TCP\n", 101 + k / 100
        }
        printf " real_server 198.51.100.%d %d {\n  HTTP_GET {\n   url {\n    path /\n    status_code 200\n   }\n", 101 + int(k / 100), 20000 + k % 100
        printf "   connect_timeout 2\n   retry 1\n  }\n }\n"
    }
    if (nh) printf "}\n"
}' >"$WORK/checkers.conf"

# The real servers: every (address, port) in one epoll loop; counters written to a file every second.
cat >"$WORK/servers.py" <<'PY'
import os, selectors, socket, sys, time
n_tcp, n_http, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
sel = selectors.DefaultSelector()
def listen(addr, port, kind):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(256)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, kind)
for k in range(n_tcp):
    listen("198.51.100.%d" % (1 + k // 100), 10000 + k % 100, "tcp")
for k in range(n_http):
    listen("198.51.100.%d" % (101 + k // 100), 20000 + k % 100, "http")
count = {"tcp": 0, "http": 0}
reply = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"
last = 0
while True:
    for key, _ in sel.select(1.0):
        kind = key.data
        if kind in ("tcp", "http"):
            try:
                c, _ = key.fileobj.accept()
            except OSError:
                continue
            count[kind] += 1
            if kind == "tcp":
                c.close()
            else:
                c.setblocking(False)
                sel.register(c, selectors.EVENT_READ, "conn")
        else:
            c = key.fileobj
            try:
                data = c.recv(4096)
                if data:
                    c.sendall(reply)
            except OSError:
                pass
            sel.unregister(c)
            c.close()
    now = time.time()
    if now - last >= 1:
        last = now
        with open(out + ".tmp", "w") as f:
            f.write("%d %d\n" % (count["tcp"], count["http"]))
        os.replace(out + ".tmp", out)
PY

cat >"$WORK/guest.sh" <<GUEST
#!/bin/sh
# Runs inside the guest (one CPU).
W=$WORK
ulimit -n 65536
i=1; while [ \$i -le $(( (N_TCP + 99) / 100 )) ]; do ip addr add 198.51.100.\$i/32 dev lo; i=\$((i + 1)); done
i=101; while [ \$i -le $(( 100 + (N_HTTP + 99) / 100 )) ]; do ip addr add 198.51.100.\$i/32 dev lo; i=\$((i + 1)); done
python3 \$W/servers.py $N_TCP $N_HTTP \$W/served &
spid=\$!
for i in \$(seq 1 100); do [ -s \$W/served ] && break; sleep 0.2; done
[ -s \$W/served ] || { echo "GUEST: the real servers did not start"; exit 1; }
hz=\$(getconf CLK_TCK)
echo "GUEST kernel \$(uname -r), \$(nproc) cpu, HZ \$hz, mem \$(awk '/MemTotal/ { print \$2 / 1024 " MiB" }' /proc/meminfo)"
ticks() { sed 's/^.*) //' /proc/\$1/stat | awk '{ print \$12 + \$13 }'; }
rss() { awk '/^VmRSS:/ { print \$2 }' /proc/\$1/status 2>/dev/null; }
hwm() { awk '/^VmHWM:/ { print \$2 }' /proc/\$1/status 2>/dev/null; }
dests() { ipvsadm -Ln | grep -c -- '->.*Masq'; }
measure() { # measure IMPL ROUND
    impl=\$1; r=\$2
    rm -f \$W/\$impl.pid \$W/\$impl.check \$W/\$impl.vrrp
    t0=\$(date +%s.%N)
    if [ \$impl = K ]; then
        keepalived -n -l -C -G -f \$W/checkers.conf -p \$W/\$impl.pid -c \$W/\$impl.check -r \$W/\$impl.vrrp >\$W/\$impl-\$r.log 2>&1 &
    else
        $DIST/bin/keepalived-java -n -l -C -G -f \$W/checkers.conf -p \$W/\$impl.pid -c \$W/\$impl.check -r \$W/\$impl.vrrp >\$W/\$impl-\$r.log 2>&1 &
    fi
    main=\$!
    for i in \$(seq 1 1200); do [ -s \$W/\$impl.check ] && [ "\$(dests)" -ge $N ] && break; sleep 0.25; done
    child=\$(cat \$W/\$impl.check 2>/dev/null)
    t1=\$(date +%s.%N)
    echo "STARTUP \$impl \$r child \$child all $N dests after \$(awk -v a=\$t0 -v b=\$t1 'BEGIN { printf "%.1f", b - a }') s (seen \$(dests))"
    sleep $WARMUP_S
    p0=\$(ticks \$spid); c0=\$(ticks \$child); s0=\$(cat \$W/served); w0=\$(date +%s.%N)
    max=0
    i=0
    while [ \$i -lt $MEASURE_S ]; do
        sleep 1
        v=\$(rss \$child); [ -n "\$v" ] && [ "\$v" -gt \$max ] && max=\$v
        i=\$((i + 1))
    done
    p1=\$(ticks \$spid); c1=\$(ticks \$child); s1=\$(cat \$W/served); w1=\$(date +%s.%N)
    h=\$(hwm \$child)
    ipvsadm -Sn | sort >\$W/table.\$impl.\$r
    n=\$(dests)
    echo "\$s0 \$s1" | awk -v c0=\$c0 -v c1=\$c1 -v w0=\$w0 -v w1=\$w1 -v hz=\$hz -v max=\$max -v h="\$h" -v impl=\$impl -v r=\$r -v n=\$n -v p0=\$p0 -v p1=\$p1 \
        '{ wall = w1 - w0; printf "RESULT checkers-uml %s %d %.1f %.1f %.1f %.0f %.0f %d %.1f\n", impl, r, (c1 - c0) / hz / wall * 100, max / 1024, h / 1024, (\$3 - \$1) / wall, (\$4 - \$2) / wall, n, (p1 - p0) / hz / wall * 100 }'
    if [ $STRACE_S -gt 0 ]; then
        strace -c -f -p \$child -o \$W/strace.\$impl.\$r >/dev/null 2>&1 &
        tp=\$!
        sleep $STRACE_S
        kill -INT \$tp; wait \$tp
        awk -v impl=\$impl -v r=\$r -v s=$STRACE_S '\$NF == "total" { printf "STRACE %s %d %.0f syscalls/s\n", impl, r, \$4 / s }' \$W/strace.\$impl.\$r
        awk 'NF >= 5 && \$1 ~ /^[0-9.]+\$/ && \$NF != "total" { print \$4, \$NF }' \$W/strace.\$impl.\$r | sort -rn | head -8 | awk -v impl=\$impl -v s=$STRACE_S '{ printf "STRACE %s   %s %.0f/s\n", impl, \$2, \$1 / s }'
    fi
    kill -TERM \$main
    for i in \$(seq 1 200); do kill -0 \$main 2>/dev/null || break; sleep 0.1; done
    kill -9 \$main 2>/dev/null
    wait \$main 2>/dev/null
    kill -0 \$child 2>/dev/null && { sleep 2; kill -9 \$child 2>/dev/null; }
    ipvsadm -C
    sleep 2
}
ipvsadm -C
r=1
while [ \$r -le $ROUNDS ]; do
    echo "LOAD guest \$(cut -d' ' -f1-3 /proc/loadavg) round \$r"
    measure K \$r
    measure J \$r
    if [ "\$(grep -c '^-a' \$W/table.K.\$r)" -ne $N ]; then echo "TABLES \$r INCOMPLETE (K: \$(grep -c '^-a' \$W/table.K.\$r) of $N)";
    elif cmp -s \$W/table.K.\$r \$W/table.J.\$r; then echo "TABLES \$r same (\$(grep -c '^-a' \$W/table.K.\$r) destinations)"; else echo "TABLES \$r DIFFER"; diff \$W/table.K.\$r \$W/table.J.\$r | head -20; fi
    r=\$((r + 1))
done
kill \$spid
GUEST
chmod +x "$WORK/guest.sh"
echo "HOST $(machine_line); load $(cut -d' ' -f1-3 /proc/loadavg); $(versions_line)"
echo "CONFIG tcp $N_TCP http $N_HTTP delay_loop 1 warmup ${WARMUP_S}s measure ${MEASURE_S}s rounds $ROUNDS"
"$BENCH_ROOT/netlink-jni/src/test/uml/uml-run.sh" --mem 1024M -- "$WORK/guest.sh" | tee "$WORK/out.txt"
status=$?
echo "HOST load after $(cut -d' ' -f1-3 /proc/loadavg)"
# Medians over the rounds: cpu %, RSS max, HWM, checks/s (TCP, HTTP).
for impl in K J; do
    awk -v impl=$impl '$1 == "RESULT" && $3 == impl' "$WORK/out.txt" >"$WORK/res.$impl"
    [ -s "$WORK/res.$impl" ] || continue
    printf 'SUMMARY %s cpu%% %s | rss MiB %s | hwm MiB %s | tcp/s %s | http/s %s | server cpu%% %s   (median min max n)\n' "$impl" \
        "$(awk '{ print $5 }' "$WORK/res.$impl" | stats)" "$(awk '{ print $6 }' "$WORK/res.$impl" | stats)" \
        "$(awk '{ print $7 }' "$WORK/res.$impl" | stats)" "$(awk '{ print $8 }' "$WORK/res.$impl" | stats)" \
        "$(awk '{ print $9 }' "$WORK/res.$impl" | stats)" "$(awk '{ print $11 }' "$WORK/res.$impl" | stats)"
done
exit $status
