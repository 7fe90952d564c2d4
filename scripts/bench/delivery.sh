#!/usr/bin/env bash
# Benchmark: hls-delivery against nginx (sendfile) serving the same HLS files, in one run.
#
#   scripts/bench/delivery.sh [--duration 10] [--connections 64] [--runs 3] [--jar PATH]
#
# --jar runs another build of hls-delivery (e.g. an older commit's, for a before/after comparison); JVM options
# for it can be given in DELIVERY_JAVA_OPTS (none by default: the JVM's own ergonomics, as `java -jar` in the README).
#
# Generates 2 s segments of ~600 KB plus playlists with ffmpeg, starts nginx on loopback with its own config,
# starts hls-delivery from its built jar, then runs wrk (a Lua script adds the Authorization header for
# hls-delivery) against both for segments and for playlists. Prints medians of req/s, MB/s and p99 and the
# ratio to nginx; also RSS of hls-delivery while 1000 connections are open. Needs: wrk, nginx, ffmpeg, openssl.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
source scripts/lib/java.sh
source scripts/bench/lib.sh

DURATION=10
JAR=hls-delivery/target/streamgate-hls-delivery.jar
CONNECTIONS=64
RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --jar) JAR=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
for tool in wrk nginx ffmpeg openssl curl; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required (apt-get install $tool)" >&2; exit 1; }
done
if [ ! -f "$JAR" ]; then
    [ "$JAR" = hls-delivery/target/streamgate-hls-delivery.jar ] || { echo "error: no jar at $JAR" >&2; exit 1; }
    mvn -B -q -ntp -DskipTests -pl hls-delivery -am package
fi

WORK=$(mktemp -d /tmp/streamgate-bench-delivery.XXXXXX)
chmod 755 "$WORK" # mktemp makes it 0700; nginx's workers (user nobody when started as root) must read the files
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

EVENT=bench-event
ROOT_DIR="$WORK/streams"
mkdir -p "$ROOT_DIR/$EVENT/source"
echo "Generating HLS test files..."
ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440 \
    -t 20 -c:v libx264 -preset veryfast -b:v 2300k -maxrate 2400k -bufsize 2400k -g 60 -pix_fmt yuv420p \
    -c:a aac -b:a 96k -f hls -hls_time 2 -hls_list_size 0 -hls_playlist_type vod \
    -hls_segment_filename "$ROOT_DIR/$EVENT/source/%d.ts" "$ROOT_DIR/$EVENT/source/index.m3u8"
printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=2600000,RESOLUTION=1280x720\nsource/index.m3u8\n' \
    > "$ROOT_DIR/$EVENT/master.m3u8"
SEGMENT_BYTES=$(stat -c %s "$ROOT_DIR/$EVENT/source/3.ts")

NGINX_PORT=$(free_port)
DELIVERY_PORT=$(free_port)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $ROOT_DIR;
        location /streams/ { alias $ROOT_DIR/; }
    }
}
NGINX
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx/stdout.log" 2>&1 &
PIDS+=($!)

SECRET=$(openssl rand -base64 48 | tr -d '\n')
PORT=$DELIVERY_PORT STREAM_ROOT="$ROOT_DIR" PLAYBACK_SIGNING_SECRET="$SECRET" INTERNAL_API_KEY=bench-internal-key-0123456789abcdef \
    PLATFORM_APP_URL= "$STREAMGATE_JAVA" ${DELIVERY_JAVA_OPTS:-} -jar "$JAR" >"$WORK/delivery.log" 2>&1 &
DELIVERY_PID=$!
PIDS+=($DELIVERY_PID)
wait_http "http://127.0.0.1:$NGINX_PORT/streams/$EVENT/master.m3u8" || { cat "$WORK/nginx/error.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$DELIVERY_PORT/health" || { tail -n 30 "$WORK/delivery.log" >&2; exit 1; }

TOKEN=$(mint_token "$SECRET" "$EVENT" 3600)
curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$DELIVERY_PORT/streams/$EVENT/source/3.ts" \
    || { echo "error: hls-delivery refused the benchmark token"; tail "$WORK/delivery.log"; exit 1; }
RSS_IDLE_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$DELIVERY_PID/status")
cat > "$WORK/auth.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
LUA
cat > "$WORK/noauth.lua" <<'LUA'
LUA
export BENCH_TOKEN=$TOKEN

# run_wrk URL LUA -> "req/s MB/s p99ms"
run_wrk() {
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$2" "$1")
    local rps mbs p99
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    mbs=$(awk '/^Transfer\/sec:/ {v=$2; if (v ~ /GB$/) {sub(/GB/,"",v); v*=1024} else if (v ~ /KB$/) {sub(/KB/,"",v); v/=1024} else sub(/MB/,"",v); print v}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) sub(/ms/,"",v); else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
    if grep -q "Non-2xx" <<<"$out"; then echo "error: non-2xx answers from $1" >&2; echo "$out" >&2; exit 1; fi
    echo "$rps $mbs $p99"
}

echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A RESULT
for kind in segment playlist; do
    path=$([ $kind = segment ] && echo "source/3.ts" || echo "source/index.m3u8")
    for server in nginx delivery; do
        rps=(); mbs=(); p99=()
        for ((i = 1; i <= RUNS; i++)); do
            if [ $server = nginx ]; then
                line=$(run_wrk "http://127.0.0.1:$NGINX_PORT/streams/$EVENT/$path" "$WORK/noauth.lua")
            else
                line=$(run_wrk "http://127.0.0.1:$DELIVERY_PORT/streams/$EVENT/$path" "$WORK/auth.lua")
            fi
            read -r a b c <<<"$line"
            rps+=("$a"); mbs+=("$b"); p99+=("$c")
        done
        RESULT[$kind.$server.rps]=$(printf '%s\n' "${rps[@]}" | median)
        RESULT[$kind.$server.mbs]=$(printf '%s\n' "${mbs[@]}" | median)
        RESULT[$kind.$server.p99]=$(printf '%s\n' "${p99[@]}" | median)
    done
done

# RSS with 1000 open connections (wrk keeps them open for the run)
wrk -t2 -c1000 -d"${DURATION}s" -s "$WORK/auth.lua" "http://127.0.0.1:$DELIVERY_PORT/streams/$EVENT/source/index.m3u8" >/dev/null 2>&1 &
WRK_PID=$!
sleep $((DURATION / 2))
RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$DELIVERY_PID/status")
wait $WRK_PID || true

echo
echo "hls-delivery vs nginx, $RUNS runs of ${DURATION}s, $CONNECTIONS connections, 2 wrk threads, segment ${SEGMENT_BYTES} bytes; medians"
printf '%-9s %-9s %12s %10s %9s\n' kind server "req/s" "MB/s" "p99 ms"
for kind in segment playlist; do
    for server in nginx delivery; do
        printf '%-9s %-9s %12s %10s %9s\n' $kind $server "${RESULT[$kind.$server.rps]}" "${RESULT[$kind.$server.mbs]}" "${RESULT[$kind.$server.p99]}"
    done
    awk -v d="${RESULT[$kind.delivery.rps]}" -v n="${RESULT[$kind.nginx.rps]}" -v k=$kind \
        'BEGIN {printf "%-9s ratio delivery/nginx req/s: %.2f\n", k, d / n}'
done
echo "hls-delivery RSS: $((RSS_IDLE_KB / 1024)) MB after start, $((RSS_KB / 1024)) MB with 1000 open connections"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores; wrk, nginx and hls-delivery share them)"
