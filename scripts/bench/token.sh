#!/usr/bin/env bash
# Benchmark: playback-token verification with JMH, on one thread.
#
#   scripts/bench/token.sh [--forks 1] [--warmups 3] [--iterations 5] [--time 3s] [--no-build] [JMH regexp ...]
#
# Benchmarks (test sources, compiled by the build, never run by it):
#   common        org.streamgate.common.token.bench.TokenVerificationBenchmark
#                 verify             full verification, what hls-delivery does on a token-cache miss (goal >= 500 000/s),
#                                    of tokens as the platform signs them
#                 verifyOtherHeader  the same with the header spelled otherwise (members reordered): parsed in full
#                 sign               the platform's side, for comparison
#   hls-delivery  org.streamgate.delivery.token.bench.TokenGateBenchmark
#                 admitCached    TokenGate.admit with the token cached: the per-request check (goal >= 5 000 000/s)
#                 admitUncached  the same gate with the cache off (verification + path + revocation checks)
#                 cacheLookup    TokenCache.get alone
# Prints JMH's table and a summary in operations per second, with the load average before and after.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
source scripts/lib/java.sh
source scripts/bench/lib.sh

FORKS=1
WARMUPS=3
ITERATIONS=5
TIME=3s
BUILD=1
FILTERS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --forks) FORKS=$2; shift 2 ;;
        --warmups) WARMUPS=$2; shift 2 ;;
        --iterations) ITERATIONS=$2; shift 2 ;;
        --time) TIME=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) FILTERS+=("$1"); shift ;;
    esac
done
[ ${#FILTERS[@]} -gt 0 ] || FILTERS=('org\.streamgate\..*\.bench\..*')

WORK=$(mktemp -d /tmp/streamgate-bench-token.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [ $BUILD = 1 ]; then
    echo "Building common and hls-delivery with their test classes..."
    # one reactor build, nothing installed: hls-delivery's classpath names common's freshly built jar, not whatever
    # the shared local repository holds
    mvn -B -q -ntp -Dstyle.color=never -pl common,hls-delivery -am package -DskipTests \
        dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
fi
for module in common hls-delivery; do
    [ -f "$module/target/test-classes/META-INF/BenchmarkList" ] && [ -f "$module/target/bench.classpath" ] \
        || { echo "error: $module has no compiled benchmarks; run without --no-build" >&2; exit 1; }
    cp "$module/target/bench.classpath" "$WORK/$module.classpath"
done

JVM_OPTS=()
# JMH 1.37 reads fields through sun.misc.Unsafe, which JDK 24+ warns about on every run
[ "$(streamgate_java_major "$STREAMGATE_JAVA")" -ge 24 ] && JVM_OPTS+=(--sun-misc-unsafe-memory-access=allow)

# run_jmh MODULE: one JMH run over that module's benchmarks matching the filters
run_jmh() {
    local module=$1 cp
    cp="$module/target/test-classes:$module/target/classes:$(cat "$WORK/$module.classpath")"
    "$STREAMGATE_JAVA" "${JVM_OPTS[@]}" -cp "$cp" org.openjdk.jmh.Main "${FILTERS[@]}" \
        -f "$FORKS" -wi "$WARMUPS" -i "$ITERATIONS" -w "$TIME" -r "$TIME" -t 1 \
        -rf csv -rff "$WORK/$module.csv" 2>&1 | tee "$WORK/$module.log" | grep -E '^(Benchmark|Token|# Run complete|# JMH version|# VM version)' || true
    # JMH exits 0 with "No matching benchmarks" when the filters select nothing in this module
    grep -q "No matching benchmarks" "$WORK/$module.log" && { rm -f "$WORK/$module.csv"; return 0; }
    grep -q "ERROR\|Exception" "$WORK/$module.log" && { cat "$WORK/$module.log" >&2; exit 1; }
    return 0
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for module in common hls-delivery; do
    echo
    echo "== $module"
    run_jmh "$module"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "Token verification, JMH $FORKS fork, $WARMUPS x $TIME warm-up, $ITERATIONS x $TIME measured, 1 thread; $(nproc) cores"
echo "load average before: $LOAD_BEFORE  after: $LOAD_AFTER"
printf '%-78s %14s %12s\n' benchmark "ops/s" "± (99.9 %)"
for module in common hls-delivery; do
    [ -f "$WORK/$module.csv" ] || continue
    # CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
    tail -n +2 "$WORK/$module.csv" | tr -d '"' | awk -F, '{printf "%-78s %14.0f %12.0f\n", $1, $5, $6}'
done
