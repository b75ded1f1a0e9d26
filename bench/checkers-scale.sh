#!/bin/sh
# Checker child scale benchmark (issue 6): 10,000 real servers under TCP_CHECK and 1,000 under HTTP_GET at
# delay_loop 1, against real servers in a network namespace; reports the child's CPU (% of one core, from
# /proc/PID/stat over the window), RSS (VmRSS max over the window, VmHWM) and check latency p50/p99 (measured at
# the servers: interval between two checks of one real server minus delay_loop). Not a test: the numbers go into
# BENCHMARKS.md by hand. See CheckersScaleBenchmark's Javadoc for the method.
#
# Root only (namespaces kj-blb-* and kj-bsrv-*, deleted on exit; addresses 198.51.100.0/24, 203.0.113.0/24,
# 192.0.2.100 as the virtual servers' address, never configured anywhere).
#
# Usage: bench/checkers-scale.sh [--tcp N] [--http M] [--warmup-s S] [--measure-s S] [--jvm FLAG]...
#   (defaults 10000, 1000, 15, 30; --jvm adds a flag to the child's JVM after the daemon's own child flags
#   -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k, e.g. --jvm -Xmx48m)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
if [ "$(id -u)" != 0 ]; then
    echo "checkers-scale.sh: needs root (network namespaces)" >&2
    exit 1
fi
cd "$ROOT"
mvn -B -q -pl checkers -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$TMP/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="$ROOT/checkers/target/test-classes:$ROOT/checkers/target/classes:$(cat "$TMP/cp.txt")"
JAVA=${JAVA:-java}
exec "$JAVA" -XX:+UseSerialGC -cp "$CP" org.keepalivedjava.checkers.e2e.CheckersScaleBenchmark "$@"
