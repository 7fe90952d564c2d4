#!/usr/bin/env bash
# Benchmark: the platform's three figures from issue 3, against its embedded PostgreSQL.
#
#   scripts/bench/platform.sh [--duration 10] [--connections 16] [--runs 3] [--warmup 5] [--jar PATH]
#
# Starts the platform from its built jar (or --jar, e.g. another branch's build, with its libs/ next to it) on a
# fresh data directory with the validation rate limit lifted, then measures:
#   1. code validations per second (wrk; every request claims a different, unused code with a new device id, from
#      a random client address via X-Forwarded-For: one address would serialise on its rate-limit row): --runs runs
#      of --duration seconds, each on its own fresh codes, after --warmup seconds of the same load that are not
#      counted (0 measures a cold JVM); prints every run and the median;
#   2. time to generate 10 000 codes in one POST (median of --runs);
#   3. revoke -> server-sent event latency on /internal/revocations/stream (median and max of 20 revocations).
# BENCH_JAVA_OPTS is passed to the platform's JVM (e.g. -XX:StartFlightRecording=... to profile it).
# Needs: wrk, curl, python3.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
JAVA=${STREAMGATE_JAVA:-java}
[ -f scripts/lib/java.sh ] && source scripts/lib/java.sh && JAVA=$STREAMGATE_JAVA

DURATION=10
CONNECTIONS=16
RUNS=3
WARMUP=5
JAR=platform/target/streamgate-platform.jar
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --jar) JAR=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
done
[ -f "$JAR" ] || [ "$JAR" != platform/target/streamgate-platform.jar ] || mvn -B -q -ntp -DskipTests -pl platform -am package

WORK=$(mktemp -d /tmp/streamgate-bench-platform.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export ADMIN_API_TOKEN=bench-admin-token-0123456789-abcdefghijklmn
export INTERNAL_API_KEY=bench-internal-key-0123456789-abcdefghijklm
env PORT="$PORT" STREAMGATE_DATA_DIR="$WORK" VALIDATE_RATE_LIMIT_PER_MINUTE=1000000000 TRUSTED_PROXIES=127.0.0.1 \
    PLAYBACK_SIGNING_SECRET=bench-signing-secret-0123456789-abcdefghij ADMIN_PASSWORD=bench \
    TRANSCODER_URL=http://127.0.0.1:9 "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/platform.log" 2>&1 &
PID=$!
BASE=http://127.0.0.1:$PORT
deadline=$((SECONDS + 120))
until curl -fsS -o /dev/null "$BASE/health" 2>/dev/null; do
    [ $SECONDS -ge $deadline ] && { echo "error: platform did not start; see $WORK/platform.log" >&2; tail "$WORK/platform.log" >&2; exit 1; }
    sleep 0.3
done
AUTH="Authorization: Bearer $ADMIN_API_TOKEN"
EVENT=$(curl -fsS -H "$AUTH" -H 'Content-Type: application/json' \
    -d '{"title":"bench","startsAt":"2020-01-01T00:00:00Z","endsAt":"2099-01-01T00:00:00Z"}' "$BASE/api/admin/events" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

GEN_RUNS=$(( RUNS < 3 ? 3 : RUNS ))
echo "== 10 000 codes in one request (median of $GEN_RUNS; at least 3 runs)"
times=()
for _ in $(seq "$GEN_RUNS"); do
    times+=("$(curl -fsS -o "$WORK/codes.json" -w '%{time_total}' -H "$AUTH" -d '{"count":10000}' "$BASE/api/admin/events/$EVENT/tokens")")
done
printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {printf "   %.3f s (runs: %d)\n", a[int((NR+1)/2)], NR}'

echo "== validations per second ($CONNECTIONS connections, ${DURATION} s per run, ${WARMUP} s warm-up, each request a fresh code)"
# Each run (and the warm-up) gets its own fresh codes: a code claimed twice would answer 409 and flatter the figure
# (wrk reports those as NON-2XX; a run that shows any has run out of codes and does not count).
cat >"$WORK/validate-head.lua" <<'LUA'
codes = {}
for line in io.lines(codes_file) do codes[#codes + 1] = line end
local counter = 0
local threads = 0
function setup(thread) thread:set("offset", threads); threads = threads + 1 end
function init(args)
  offset = offset or 0
  -- each thread (and each run) its own addresses: with wrk's fixed seed both threads would send the same ones
  math.randomseed(os.time() * 16 + offset)
end
request = function()
  local i = (counter * 2 + offset) % #codes + 1
  counter = counter + 1
  -- viewers come from many addresses: one rate-limit row per address, as in production
  local xff = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format("POST", "/api/tokens/validate", {["Content-Type"]="application/json", ["X-Forwarded-For"]=xff},
      '{"code":"' .. codes[i] .. '","deviceId":"bench-' .. offset .. '-' .. counter .. '"}')
end
LUA
fresh_codes() { # $1: lua file to write, reading $1.codes: enough codes for 8 000/s over the longest phase
    local want=$(( (DURATION > WARMUP ? DURATION : WARMUP) * 8000 )) have=0
    : >"$1.codes"
    while [ "$have" -lt "$want" ]; do
        curl -fsS -o "$WORK/fresh.json" -H "$AUTH" -d '{"count":10000}' "$BASE/api/admin/events/$EVENT/tokens"
        python3 -c 'import json,sys; open(sys.argv[2], "a").write("\n".join(t["code"] for t in json.load(open(sys.argv[1]))["tokens"]) + "\n")' \
            "$WORK/fresh.json" "$1.codes"
        have=$((have + 10000))
    done
    printf 'codes_file = "%s"\n' "$1.codes" >"$1"
    cat "$WORK/validate-head.lua" >>"$1"
}
if [ "$WARMUP" -gt 0 ]; then
    fresh_codes "$WORK/warmup.lua"
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$WORK/warmup.lua" "$BASE/api/tokens/validate" |
        awk '/Requests\/sec/ {printf "   warm-up: %s/s (not counted)\n", $2}'
fi
rates=()
for run in $(seq "$RUNS"); do
    fresh_codes "$WORK/validate.lua"
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$WORK/validate.lua" "$BASE/api/tokens/validate")
    rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    rates+=("$rate")
    printf '   run %d: %s/s, load %s, %s%s\n' "$run" "$rate" "$(cut -d' ' -f1-3 /proc/loadavg)" \
        "$(awk '/Latency/ {print "latency avg " $2 ", max " $4}' <<<"$out")" \
        "$(awk '/Non-2xx/ {print ", NON-2XX: " $5}' <<<"$out")"
done
printf '%s\n' "${rates[@]}" | sort -g | awk '{a[NR]=$1} END {printf "   median %.0f/s (runs: %d)\n", a[int((NR+1)/2)], NR}'

echo "== revoke -> SSE event (20 revocations)"
python3 - "$BASE" "$INTERNAL_API_KEY" "$ADMIN_API_TOKEN" "$WORK/codes.json" <<'PY'
import json, sys, threading, time, urllib.request
base, key, admin, codes_file = sys.argv[1:5]
ids = [t["id"] for t in json.load(open(codes_file))["tokens"]][:20]
seen = {}
ready = threading.Event()
def listen():
    req = urllib.request.Request(base + "/internal/revocations/stream", headers={"X-Internal-Api-Key": key})
    with urllib.request.urlopen(req) as r:
        for raw in r:
            line = raw.decode().strip()
            if line.startswith("event:") and "ready" in line:
                ready.set()
            if line.startswith("data:") and '"kind":"code"' in line:
                seen[json.loads(line[5:])["id"]] = time.perf_counter()
threading.Thread(target=listen, daemon=True).start()
ready.wait(10)
lat = []
for i in ids:
    t0 = time.perf_counter()
    urllib.request.urlopen(urllib.request.Request(base + "/api/admin/tokens/%s/revoke" % i, data=b"",
                                                  headers={"Authorization": "Bearer " + admin}))
    while i not in seen and time.perf_counter() - t0 < 5:
        time.sleep(0.0005)
    lat.append(((seen.get(i, t0 + 5)) - t0) * 1000)
lat.sort()
print("   median %.1f ms, max %.1f ms (from sending the revoke request to reading the event)" % (lat[len(lat) // 2], lat[-1]))
PY
