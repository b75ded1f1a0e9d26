#!/bin/sh
# In-process micro benchmarks (JMH, module bench/jmh): VRRP advert codec, event loop timers, the HTTP_GET reply
# reader, the configuration parser. Java only, nothing to compare with keepalived in the same process: the
# side-by-side numbers are the other bench/*.sh scripts'. No root needed.
# Usage: bench/jmh.sh [JMH options...]   e.g. bench/jmh.sh VrrpCodec -f 1 -wi 2 -i 3
# Writes bench/results/jmh-DATE/{jmh.txt,jmh.json} and prints the JMH summary table.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=$ROOT/bench/results/jmh-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
# Build and resolve in one reactor run (the sibling modules are not installed); every module writes the file,
# bench/jmh last.
mvn -B -q -o package dependency:build-classpath -pl bench/jmh -am -DskipTests -DskipFuzz \
    -Dmdep.outputFile="$OUT/classpath.txt"
# The daemon's JVM flags that change code generation (C1 only, serial GC), so the numbers are the daemon's.
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djnr.ffi.asm.enabled=false \
    -cp "bench/jmh/target/classes:$(cat "$OUT/classpath.txt")" org.openjdk.jmh.Main \
    -jvmArgsAppend "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djnr.ffi.asm.enabled=false" \
    -rf json -rff "$OUT/jmh.json" "$@" | tee "$OUT/jmh.txt"
# One "RESULT jmh BENCHMARK PARAMS SCORE ERROR UNIT" line per result, for bench/run-all.sh's report.
python3 - "$OUT/jmh.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 2)
    params = ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items())) or "-"
    m = r["primaryMetric"]
    err = float(m["scoreError"])   # "NaN" with fewer than two iterations
    err = "-" if err != err else f"{err:.3f}"
    print(f"RESULT jmh {name[-2]}.{name[-1]} {params} {float(m['score']):.3f} {err} {m['scoreUnit']}")
PY
echo "bench/jmh.sh: results in $OUT" >&2
