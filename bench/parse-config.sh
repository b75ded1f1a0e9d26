#!/bin/sh
# Config parse benchmark: builds the test classes, generates the 1,000 instances + 1,000 x 10 real servers
# config, times keepalived-java's loader (cold first parse in COLD_JVMS fresh JVMs; warm parses after a
# warm-up in one JVM) and, in the same run, `keepalived -t` on the same file. Not a test: numbers go into
# BENCHMARKS.md by hand.
#
# As root, both sides run inside a namespace kj-bench-<random> holding eth0..eth3 (the interfaces the
# generated config names; dummy devices, or veth pairs where the kernel lacks the dummy driver), which is
# deleted on exit. Not as root, both run in the current namespace and the interface checks may fail.
#
# Usage: bench/parse-config.sh [COLD_JVMS [WARMUP WARM_RUNS]]    (defaults 5, 20, 30)
set -eu
COLD_JVMS=${1:-5}
WARMUP=${2:-20}
WARM_RUNS=${3:-30}
KEEPALIVED_RUNS=${KEEPALIVED_RUNS:-5}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
NS=""
cleanup() {
    if [ -n "$NS" ]; then ip netns del "$NS" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

cd "$ROOT"
mvn -B -q -pl keepalived-java -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$TMP/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="$ROOT/keepalived-java/target/test-classes:$ROOT/keepalived-java/target/classes:$(cat "$TMP/cp.txt")"
JAVA=${JAVA:-java}
CONF="$TMP/bench.conf"
"$JAVA" -cp "$CP" org.keepalivedjava.bench.ParseBenchmark --generate "$CONF"

IN_NS=""
if [ "$(id -u)" = 0 ]; then
    NS="kj-bench-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
    ip netns add "$NS"
    ip -n "$NS" link set lo up
    for i in 0 1 2 3; do
        if ! ip -n "$NS" link add "eth$i" type dummy 2>/dev/null; then
            ip -n "$NS" link add "eth$i" type veth peer name "kjp$i"
            ip -n "$NS" link set "kjp$i" up
        fi
        ip -n "$NS" link set "eth$i" up
    done
    IN_NS="ip netns exec $NS"
fi

stats() { # reads numbers, prints median/min/max
    sort -n | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "median=%.1f min=%.1f max=%.1f (n=%d)\n", m, v[1], v[NR], NR}'
}

echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "jdk: $("$JAVA" -version 2>&1 | head -1)"
echo "config: $(wc -c <"$CONF") bytes, $(wc -l <"$CONF") lines"
echo "namespace: ${NS:-none (not root)}"

echo "--- keepalived-java, first parse in a fresh JVM (ms):"
: >"$TMP/cold.txt"
n=0
while [ $n -lt "$COLD_JVMS" ]; do
    $IN_NS "$JAVA" -cp "$CP" org.keepalivedjava.bench.ParseBenchmark "$CONF" >"$TMP/cold.out"
    sed -n 's/^first_parse_ms=//p' "$TMP/cold.out" >>"$TMP/cold.txt"
    n=$((n + 1))
done
grep -E '^(exit_code|diagnostic)=' "$TMP/cold.out" || true
stats <"$TMP/cold.txt"

echo "--- keepalived-java, warm parses ($WARMUP warm-up, $WARM_RUNS measured, one JVM):"
$IN_NS "$JAVA" -cp "$CP" org.keepalivedjava.bench.ParseBenchmark "$CONF" "$WARMUP" "$WARM_RUNS" | grep '^warm_'

if command -v keepalived >/dev/null 2>&1; then
    echo "--- keepalived -t on the same file (ms, whole process):"
    : >"$TMP/ka.txt"
    n=0
    while [ $n -lt "$KEEPALIVED_RUNS" ]; do
        t0=$(date +%s%N)
        rc=0
        $IN_NS keepalived -t -f "$CONF" >"$TMP/ka.out" 2>&1 || rc=$?
        t1=$(date +%s%N)
        echo "$(( (t1 - t0) / 1000 ))" | awk '{printf "%.1f\n", $1/1000}' >>"$TMP/ka.txt"
        n=$((n + 1))
    done
    echo "keepalived exit code: $rc; first messages:"
    awk '!seen[$0]++' "$TMP/ka.out" | head -5
    stats <"$TMP/ka.txt"
else
    echo "--- keepalived not installed: no comparison"
fi
