#!/bin/sh
# Every side-by-side benchmark of issue 9, keepalived 2.2.7 and the BUILT keepalived-java distribution in the
# same run on kj- namespace labs, then the tables into BENCHMARKS.md (between the run-all markers; the rest of
# the file is kept). Root only; not for CI (minutes of CPU; a CI smoke is `bench/run-all.sh --smoke`, which runs
# one short round of each lab scenario and writes nothing).
#
# Usage: bench/run-all.sh [--rounds N] [--smoke] [--no-build] [--no-write] [--only "failover footprint ..."]
#        bench/run-all.sh --render RESULTS.txt...   writes the section again from kept results files (e.g. a part
#        run again, then the full run: for each part, the first file that has it wins)
#   DIST_BASE=DIR: also measure the footprint of another built distribution (e.g. one from before a change)
#   parts: failover footprint jitter scale ipvs parse jmh (default: all)
# Results: bench/results/DATE/{results.txt,*.log}; BENCHMARKS.md updated unless --no-write or --smoke.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=3
SMOKE=""
BUILD=1
WRITE=1
ONLY="failover footprint jitter scale ipvs parse jmh"
RENDER=""
while [ $# -gt 0 ]; do
    case $1 in
        --rounds) ROUNDS=$2; shift 2 ;;
        --smoke) SMOKE=1; ROUNDS=1; WRITE=""; shift ;;
        --no-build) BUILD=""; shift ;;
        --no-write) WRITE=""; shift ;;
        --only) ONLY=$2; shift 2 ;;
        --render) RENDER=1; shift; break ;;
        *) echo "usage: bench/run-all.sh [--rounds N] [--smoke] [--no-build] [--no-write] [--only PARTS]" >&2; exit 2 ;;
    esac
done
if [ "$(id -u)" != 0 ]; then
    echo "run-all.sh: needs root (network namespaces, UML)" >&2
    exit 1
fi
cd "$ROOT"
DIST=${DIST:-$ROOT/packaging/target/keepalived-java}
export DIST
if [ -n "$RENDER" ]; then
    OUT=$ROOT/bench/results/render-$(date +%Y%m%d-%H%M%S)
    mkdir -p "$OUT"
    RES=$OUT/results.txt
    awk 'function part() {
             if ($1 == "RESULT") {
                 if ($2 ~ /^(gc|gc-steady|vrrp_rss|busy-checker|jitter)$/) return "jitter"
                 if ($2 ~ /^scale/) return "scale"
                 return $2
             }
             if ($1 == "LOAD" || $1 == "STATUS") return $2
             if ($1 == "PARSE") return "parse"
             return "meta:" FILENAME
         }
         FNR == 1 { for (k in cur) claimed[k] = 1; delete cur }
         { k = part(); if (k in claimed) next; cur[k] = 1; print }' "$@" >"$RES"
    ROUNDS=$(sed -n 's/^ROUNDS //p' "$RES" | tail -1)
    SMOKE=""
else
    if [ -n "$BUILD" ]; then
        mvn -B -q package -DskipTests -pl packaging -am >/dev/null || { echo "run-all.sh: build failed" >&2; exit 1; }
    fi
    # The archive the distribution uses when installed (the .deb's postinst makes it the same way).
    "$DIST/bin/keepalived-java-cds" --quiet || echo "run-all.sh: no AppCDS archive (keepalived-java-cds failed)" >&2

    OUT=$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)
    mkdir -p "$OUT"
    RES=$OUT/results.txt
    : >"$RES"
    echo "START $(date -u '+%Y-%m-%d %H:%M UTC') load: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RES"
    echo "ROUNDS $ROUNDS" >>"$RES"

    part() { # part NAME COMMAND...: runs a benchmark script, keeps its output, collects its RESULT lines
        name=$1; shift
        case " $ONLY " in *" $name "*) ;; *) return 0 ;; esac
        echo "run-all: $name ($(date +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg))" >&2
        echo "LOAD $name before $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RES"
        "$@" >"$OUT/$name.log" 2>&1
        echo "STATUS $name $?" >>"$RES"
        grep '^RESULT' "$OUT/$name.log" >>"$RES"
        echo "LOAD $name after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RES"
    }

    if [ -n "$SMOKE" ]; then
        part failover bench/failover.sh 1 v3
        IDLE_S=5 part footprint bench/footprint.sh 1
        CAPTURE_S=5 WARMUP_S=4 part jitter bench/jitter.sh idle
        STEPS=250 MAX_INSTANCES=250 MEASURE_S=3 part scale bench/scale.sh vrrp
    else
        part failover bench/failover.sh "$ROUNDS"
        # DIST_BASE (optional): a distribution built before the footprint flags, measured as variant "base".
        if [ -n "${DIST_BASE:-}" ]; then VARIANTS="cds nocds base"; else VARIANTS="cds nocds"; fi
        VARIANTS=$VARIANTS part footprint bench/footprint.sh "$ROUNDS"
        part jitter bench/jitter.sh
        part scale bench/scale.sh
        part ipvs bench/ipvs-uml.sh 5000
        part parse bench/parse-config.sh 5 20 30
        part jmh bench/jmh.sh
    fi
    echo "END $(date -u '+%Y-%m-%d %H:%M UTC') load: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RES"
    # parse-config.sh prints its own summary lines (no RESULT lines): kept as they are.
    if [ -f "$OUT/parse.log" ]; then sed -e 's/\x1b\[[0-9;]*m//g' -e 's/^/PARSE /' "$OUT/parse.log" >>"$RES"; fi
    failed=$(awk '$1 == "STATUS" && $3 != 0' "$RES")
    if [ -n "$failed" ]; then
        echo "run-all.sh: some parts failed (see $OUT):" >&2
        echo "$failed" >&2
    fi
    if [ -n "$SMOKE" ]; then
        cat "$RES"
        [ -z "$failed" ] && grep -q '^RESULT' "$RES"
        exit $?
    fi
fi

{
    echo "<!-- run-all:begin (generated by bench/run-all.sh; edit the script, not this section) -->"
    echo "## Side by side with keepalived 2.2.7: bench/run-all.sh"
    echo
    echo "Command: \`bench/run-all.sh --rounds $ROUNDS\` (root; builds the distribution, runs"
    echo "bin/keepalived-java-cds, then every scenario for keepalived 2.2.7 and keepalived-java in the same run)."
    echo
    echo "- Runs (each part from the first results file given that has it): $(awk '$1 == "START" { s = $2 " " $3 }
        $1 == "END" { printf "%s %s-%s UTC; ", s, "", $3 }' "$RES" | sed 's/  -/ -/g')"
    echo "- Machine: $(WORK=$OUT; . "$ROOT/bench/lib.sh" >/dev/null 2>&1; machine_line)"
    echo "- Versions: $(WORK=$OUT; . "$ROOT/bench/lib.sh" >/dev/null 2>&1; versions_line)"
    echo "- Load average (1/5/15 min) before each part: $(awk '$1 == "LOAD" && $3 == "before" { printf "%s %s/%s/%s; ", $2, $4, $5, $6 }' "$RES")"
    echo "- Raw output: bench/results/$(basename "$OUT")/ (not committed)"
    echo
    sh "$ROOT/bench/report.sh" "$RES"
    echo "<!-- run-all:end -->"
} >"$OUT/section.md"

if [ -n "$WRITE" ]; then
    if grep -q '^<!-- run-all:begin' BENCHMARKS.md; then
        awk -v f="$OUT/section.md" '
            /^<!-- run-all:begin/ { while ((getline l < f) > 0) print l; skip = 1; next }
            /^<!-- run-all:end/ { skip = 0; next }
            !skip { print }' BENCHMARKS.md >"$OUT/BENCHMARKS.md" && cp "$OUT/BENCHMARKS.md" BENCHMARKS.md
    else
        { head -1 BENCHMARKS.md; echo; cat "$OUT/section.md"; tail -n +2 BENCHMARKS.md; } >"$OUT/BENCHMARKS.md" \
            && cp "$OUT/BENCHMARKS.md" BENCHMARKS.md
    fi
    echo "run-all.sh: BENCHMARKS.md updated from $OUT" >&2
fi
