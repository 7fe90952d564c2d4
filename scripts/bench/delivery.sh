#!/usr/bin/env bash
# Benchmark: hls-delivery against nginx (sendfile) serving the same HLS files, in one run.
#
#   scripts/bench/delivery.sh [--duration 10] [--connections 64] [--runs 3] [--warmup 5] [--jar PATH]
#                             [--baseline-jar PATH] [--behind-nginx] [--paced "0.5 0.7 0.8"]
#
# --warmup        seconds of the same load on each server and object before the measured runs, not counted (the
#                 JVMs' JIT compiles the hot path during the first seconds; nginx gets the same warm-up)
# --jar           the hls-delivery build to measure (default: this tree's, built if missing)
# --baseline-jar  a second build (e.g. main's, for before/after) served side by side from the same files; its wrk
#                 runs alternate with the others' (nginx, hls-delivery, baseline, nginx, ...), so both see the same
#                 machine load, and both are compared with the same nginx runs
# --behind-nginx  also measures the topology operators run: a second nginx in front of a second hls-delivery
#                 (ACCEL_REDIRECT_PREFIX set), with the /streams/ proxy_pass and the internal X-Accel-Redirect
#                 location of ops/nginx/streamgate.conf (keepalive upstream connections, plain HTTP), as server
#                 "front"; its CPU per request is that nginx's plus that hls-delivery's
# --paced         fractions of nginx's saturated req/s (median of the runs above) at which every server is measured
#                 again at that fixed request rate, with the same connections (a Lua delay() hands out request
#                 slots at the rate, the way wrk2 does): the p99 a server has below saturation, where a request no
#                 longer queues behind all the others ("" skips these runs)
#
# JVM options: those the service ships with, read from ops/jvm/hls-delivery.options (the file the systemd unit
# and scripts/run pass as a java @argfile), unless DELIVERY_JAVA_OPTS is set (then those instead, for experiments);
# BASELINE_JAVA_OPTS, when set, replaces them for the baseline only (the same jar twice compares JVM options).
#
# Generates 2 s segments of ~600 KB plus playlists with ffmpeg, starts nginx on loopback with its own config,
# starts hls-delivery from its built jar, then runs wrk (a Lua script adds the Authorization header for
# hls-delivery) against both for segments and for playlists. Prints medians of req/s, MB/s, p99 and of the server's
# CPU time per request (its own and its children's, from /proc, over each wrk run), the ratios to nginx, and RSS of
# hls-delivery while 1000 connections are open. Needs: wrk, nginx, ffmpeg, openssl.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
source scripts/lib/java.sh
source scripts/bench/lib.sh

DURATION=10
JAR=hls-delivery/target/streamgate-hls-delivery.jar
BASELINE_JAR=""
BEHIND_NGINX=""
CONNECTIONS=64
RUNS=3
WARMUP=5
PACED="0.5 0.7 0.8"
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --jar) JAR=$2; shift 2 ;;
        --baseline-jar) BASELINE_JAR=$2; shift 2 ;;
        --behind-nginx) BEHIND_NGINX=1; shift ;;
        --paced) PACED=$2; shift 2 ;;
        -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done
[ -z "$BASELINE_JAR" ] || [ -f "$BASELINE_JAR" ] || { echo "error: no jar at $BASELINE_JAR" >&2; exit 1; }
BASELINE_OPTIONS=()
[ -z "${BASELINE_JAVA_OPTS+set}" ] || read -r -a BASELINE_OPTIONS <<<"$BASELINE_JAVA_OPTS"
if [ -n "${DELIVERY_JAVA_OPTS+set}" ]; then
    read -r -a JAVA_OPTIONS <<<"$DELIVERY_JAVA_OPTS"
    JAVA_OPTIONS_TEXT="DELIVERY_JAVA_OPTS: ${DELIVERY_JAVA_OPTS:-(none: JVM defaults)}"
else
    JAVA_OPTIONS=("@$ROOT/ops/jvm/hls-delivery.options")
    JAVA_OPTIONS_TEXT="as shipped (ops/jvm/hls-delivery.options): $(sed 's/#.*//' ops/jvm/hls-delivery.options | xargs)"
fi
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

# nginx_preamble DIR: the main-context lines of a benchmark nginx (2 workers, like the server's 2 cores; pid and
# errors in DIR; in the foreground, so that its pid is the script's child)
nginx_preamble() {
    printf 'worker_processes 2;\npid %s/nginx.pid;\nerror_log %s/error.log warn;\ndaemon off;\nevents { worker_connections 4096; }\n' "$1" "$1"
}
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<NGINX
$(nginx_preamble "$WORK/nginx")
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
NGINX_PID=$!
PIDS+=($NGINX_PID)

SECRET=$(openssl rand -base64 48 | tr -d '\n')
TOKEN=$(mint_token "$SECRET" "$EVENT" 3600)
SERVERS=(nginx delivery)
declare -A PORT_OF=([nginx]=$NGINX_PORT) PID_OF=([nginx]=$NGINX_PID) RSS_IDLE_KB=() RSS_KB=() ALSO_PID_OF=()
# start_delivery NAME JAR [JVM options...]: one hls-delivery in local mode on a free port, revocation sync off
start_delivery() {
    local name=$1 jar=$2 port
    shift 2
    port=$(free_port)
    env ${DELIVERY_EXTRA_ENV:-} PORT=$port STREAM_ROOT="$ROOT_DIR" PLAYBACK_SIGNING_SECRET="$SECRET" INTERNAL_API_KEY=bench-internal-key-0123456789abcdef \
        PLATFORM_APP_URL= "$STREAMGATE_JAVA" "$@" -jar "$jar" >"$WORK/$name.log" 2>&1 &
    PID_OF[$name]=$!
    PORT_OF[$name]=$port
    PIDS+=($!)
    wait_http "http://127.0.0.1:$port/health" || { tail -n 30 "$WORK/$name.log" >&2; exit 1; }
    curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/streams/$EVENT/source/3.ts" \
        || { echo "error: $name refused the benchmark token"; tail "$WORK/$name.log"; exit 1; }
    RSS_IDLE_KB[$name]=$(awk '/^VmRSS:/ {print $2}' "/proc/${PID_OF[$name]}/status")
}
wait_http "http://127.0.0.1:$NGINX_PORT/streams/$EVENT/master.m3u8" || { cat "$WORK/nginx/error.log" >&2; exit 1; }
start_delivery delivery "$JAR" "${JAVA_OPTIONS[@]}"
if [ -n "$BASELINE_JAR" ]; then
    if [ -n "${BASELINE_JAVA_OPTS+set}" ]; then
        start_delivery baseline "$BASELINE_JAR" "${BASELINE_OPTIONS[@]}"
    else
        start_delivery baseline "$BASELINE_JAR" "${JAVA_OPTIONS[@]}"
    fi
    SERVERS+=(baseline)
fi
if [ -n "$BEHIND_NGINX" ]; then
    DELIVERY_EXTRA_ENV=ACCEL_REDIRECT_PREFIX=/_streamgate_files/ start_delivery accel "$JAR" "${JAVA_OPTIONS[@]}"
    FRONT_PORT=$(free_port)
    mkdir -p "$WORK/front"
    # the media server's /streams/ and internal locations of ops/nginx/streamgate.conf, without TLS
    cat > "$WORK/front/nginx.conf" <<NGINX
$(nginx_preamble "$WORK/front")
http {
    access_log off;
    keepalive_requests 100000;
    upstream streamgate_delivery {
        server 127.0.0.1:${PORT_OF[accel]};
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$FRONT_PORT;
        location /streams/ {
            proxy_pass http://streamgate_delivery;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_cache off;
            proxy_buffering on;
            proxy_buffers 16 64k;
            proxy_read_timeout 30s;
        }
        location /_streamgate_files/ {
            internal;
            alias $ROOT_DIR/;
            sendfile on;
            tcp_nopush on;
            types { video/mp2t ts; video/mp4 m4s mp4; audio/aac aac; text/vtt vtt; }
            default_type application/octet-stream;
            add_header Access-Control-Allow-Origin \$upstream_http_access_control_allow_origin always;
            add_header Access-Control-Expose-Headers \$upstream_http_access_control_expose_headers always;
            add_header Vary \$upstream_http_vary always;
        }
        location = /health { proxy_pass http://streamgate_delivery; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
NGINX
    nginx -c "$WORK/front/nginx.conf" -p "$WORK/front" >"$WORK/front/stdout.log" 2>&1 &
    PID_OF[front]=$!
    PORT_OF[front]=$FRONT_PORT
    ALSO_PID_OF[front]=${PID_OF[accel]}
    PIDS+=($!)
    wait_http "http://127.0.0.1:$FRONT_PORT/health" || { cat "$WORK/front/stdout.log" "$WORK/front/error.log" "$WORK/front/nginx.conf" >&2; exit 1; }
    curl -fsS -o "$WORK/front.ts" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$FRONT_PORT/streams/$EVENT/source/3.ts" \
        || { echo "error: the nginx front did not serve a segment"; cat "$WORK/front/error.log"; tail "$WORK/accel.log"; exit 1; }
    cmp -s "$WORK/front.ts" "$ROOT_DIR/$EVENT/source/3.ts" || { echo "error: the nginx front served other bytes" >&2; exit 1; }
    SERVERS+=(front)
fi
cat > "$WORK/auth.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
LUA
cat > "$WORK/noauth.lua" <<'LUA'
LUA
# paced runs at PACE_RATE requests/s in all: each of wrk's 2 threads hands out request slots at half the rate; a
# connection that has its response waits for the next free slot (not at all when the server is behind), so the
# rate asked for is PACE_RATE whatever the server's latency (wrk's delay() takes whole milliseconds)
cat > "$WORK/pace.lua" <<'LUA'
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } sg_timespec;
int clock_gettime(int clock, sg_timespec *ts);
]]
local ts = ffi.new("sg_timespec")
local function now_ms()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local interval = 1000 * 2 / tonumber(os.getenv("PACE_RATE"))
local next_slot
function delay()
    local now = now_ms()
    -- a server more than a second behind: start the schedule again from now rather than send a second's backlog
    if next_slot == nil or next_slot < now - 1000 then next_slot = now end
    local wait = next_slot - now
    next_slot = next_slot + interval
    return wait > 0 and math.floor(wait) or 0
end
LUA
cat "$WORK/auth.lua" "$WORK/pace.lua" > "$WORK/auth-paced.lua"
cp "$WORK/pace.lua" "$WORK/noauth-paced.lua"
# lua_for SERVER [paced]: the wrk script for it (nginx serves the files without a token; the others need one)
lua_for() { echo "$WORK/$([ "$1" = nginx ] && echo noauth || echo auth)${2:+-paced}.lua"; }
export BENCH_TOKEN=$TOKEN

# cpu_ticks PID: user + system CPU time of the process and its children (nginx's workers), in clock ticks
cpu_ticks() {
    local total=0 pid
    for pid in "$1" $(pgrep -P "$1"); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo $total
}
CLK_TCK=$(getconf CLK_TCK)
# server_ticks SERVER: cpu_ticks of that server, plus those of the hls-delivery behind it (the front's)
server_ticks() {
    local also=${ALSO_PID_OF[$1]:-}
    echo $(($(cpu_ticks "${PID_OF[$1]}") + $([ -n "$also" ] && cpu_ticks "$also" || echo 0)))
}

# run_wrk URL LUA -> "req/s MB/s p99ms requests"
run_wrk() {
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$2" "$1")
    local rps mbs p99 requests
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    requests=$(awk '/ requests in / {print $1}' <<<"$out")
    mbs=$(awk '/^Transfer\/sec:/ {v=$2; if (v ~ /GB$/) {sub(/GB/,"",v); v*=1024} else if (v ~ /KB$/) {sub(/KB/,"",v); v/=1024} else sub(/MB/,"",v); print v}' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) sub(/ms/,"",v); else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
    if grep -q "Non-2xx" <<<"$out"; then echo "error: non-2xx answers from $1" >&2; echo "$out" >&2; exit 1; fi
    echo "$rps $mbs $p99 $requests"
}

echo "hls-delivery: $JAR${BASELINE_JAR:+; baseline: $BASELINE_JAR}"
echo "JVM options $JAVA_OPTIONS_TEXT${BASELINE_JAVA_OPTS+; baseline: ${BASELINE_JAVA_OPTS:-(none: JVM defaults)}}"
echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A RESULT
for kind in segment playlist; do
    path=$([ $kind = segment ] && echo "source/3.ts" || echo "source/index.m3u8")
    declare -A RPS=() MBS=() P99=() CPU=()
    if [ "$WARMUP" -gt 0 ]; then
        for server in "${SERVERS[@]}"; do
            wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$(lua_for $server)" "http://127.0.0.1:${PORT_OF[$server]}/streams/$EVENT/$path" >/dev/null
        done
    fi
    for ((i = 1; i <= RUNS; i++)); do
        for server in "${SERVERS[@]}"; do
            before=$(server_ticks $server)
            read -r a b c n <<<"$(run_wrk "http://127.0.0.1:${PORT_OF[$server]}/streams/$EVENT/$path" "$(lua_for $server)")"
            after=$(server_ticks $server)
            RPS[$server]+="$a "; MBS[$server]+="$b "; P99[$server]+="$c "
            # server CPU per request: unlike req/s, barely moved by what else runs on the machine
            CPU[$server]+="$(awk -v t=$((after - before)) -v n="$n" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}') "
        done
    done
    for server in "${SERVERS[@]}"; do
        RESULT[$kind.$server.rps]=$(median_of "${RPS[$server]}")
        RESULT[$kind.$server.mbs]=$(median_of "${MBS[$server]}")
        RESULT[$kind.$server.p99]=$(median_of "${P99[$server]}")
        RESULT[$kind.$server.cpu]=$(median_of "${CPU[$server]}")
        RESULT[$kind.$server.all]=${RPS[$server]}
        RESULT[$kind.$server.allp99]=${P99[$server]}
    done
    unset RPS MBS P99 CPU
    for fraction in $PACED; do
        export PACE_RATE=$(awk -v r="${RESULT[$kind.nginx.rps]}" -v f="$fraction" 'BEGIN {printf "%d", r * f}')
        declare -A RPS=() P99=()
        for ((i = 1; i <= RUNS; i++)); do
            for server in "${SERVERS[@]}"; do
                read -r a b c n <<<"$(run_wrk "http://127.0.0.1:${PORT_OF[$server]}/streams/$EVENT/$path" "$(lua_for $server paced)")"
                RPS[$server]+="$a "; P99[$server]+="$c "
            done
        done
        for server in "${SERVERS[@]}"; do
            RESULT[$kind.$fraction.$server.rps]=$(median_of "${RPS[$server]}")
            RESULT[$kind.$fraction.$server.p99]=$(median_of "${P99[$server]}")
            RESULT[$kind.$fraction.$server.allp99]=${P99[$server]}
        done
        RESULT[$kind.$fraction.pace]=$PACE_RATE
        unset RPS P99
    done
done

# RSS with 1000 open connections (wrk keeps them open for the run)
for server in "${SERVERS[@]}"; do
    [ $server = nginx ] || [ $server = front ] && continue
    wrk -t2 -c1000 -d"${DURATION}s" -s "$WORK/auth.lua" \
        "http://127.0.0.1:${PORT_OF[$server]}/streams/$EVENT/source/index.m3u8" >/dev/null 2>&1 &
    WRK_PID=$!
    sleep $((DURATION / 2))
    RSS_KB[$server]=$(awk '/^VmRSS:/ {print $2}' "/proc/${PID_OF[$server]}/status")
    wait $WRK_PID || true
done

echo
echo "hls-delivery vs nginx, $RUNS runs of ${DURATION}s after ${WARMUP}s of warm-up, $CONNECTIONS connections, 2 wrk threads, segment ${SEGMENT_BYTES} bytes; medians"
printf '%-9s %-9s %12s %10s %9s %11s   %s\n' kind server "req/s" "MB/s" "p99 ms" "CPU us/req" "(req/s; p99 ms of each run)"
for kind in segment playlist; do
    for server in "${SERVERS[@]}"; do
        printf '%-9s %-9s %12s %10s %9s %11s   (%s; %s)\n' $kind $server "${RESULT[$kind.$server.rps]}" "${RESULT[$kind.$server.mbs]}" \
            "${RESULT[$kind.$server.p99]}" "${RESULT[$kind.$server.cpu]}" "${RESULT[$kind.$server.all]% }" "${RESULT[$kind.$server.allp99]% }"
    done
    for server in "${SERVERS[@]}"; do
        [ $server = nginx ] && continue
        awk -v d="${RESULT[$kind.$server.rps]}" -v n="${RESULT[$kind.nginx.rps]}" -v k=$kind -v s=$server \
            -v dc="${RESULT[$kind.$server.cpu]}" -v nc="${RESULT[$kind.nginx.cpu]}" \
            'BEGIN {printf "%-9s ratio %s/nginx req/s: %.2f   CPU per request: %.2f x nginx\n", k, s, d / n, dc / nc}'
    done
done
if [ -n "$PACED" ]; then
    echo
    echo "paced: the same $CONNECTIONS connections at a fixed request rate, a fraction of nginx's saturated req/s; medians"
    printf '%-9s %-8s %-9s %8s %12s %9s   %s\n' kind fraction server "asked" "req/s" "p99 ms" "(p99 ms of each run)"
    for kind in segment playlist; do
        for fraction in $PACED; do
            for server in "${SERVERS[@]}"; do
                printf '%-9s %-8s %-9s %8s %12s %9s   (%s)\n' $kind "$fraction" $server "${RESULT[$kind.$fraction.pace]}" \
                    "${RESULT[$kind.$fraction.$server.rps]}" "${RESULT[$kind.$fraction.$server.p99]}" "${RESULT[$kind.$fraction.$server.allp99]% }"
            done
        done
    done
fi
for server in "${SERVERS[@]}"; do
    [ $server = nginx ] || [ $server = front ] && continue
    echo "$server RSS: $((RSS_IDLE_KB[$server] / 1024)) MB after start, $((RSS_KB[$server] / 1024)) MB with 1000 open connections"
done
[ -z "$BEHIND_NGINX" ] || echo "front: nginx (proxy_pass, keepalive 64) in front of hls-delivery with ACCEL_REDIRECT_PREFIX; segments are sent by that nginx (sendfile), playlists by Java"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores; wrk, nginx and hls-delivery share them)"
