#!/usr/bin/env bash
# Benchmark: the transcoder (Red5 ingest -> supervised FFmpeg -> HLS) against nginx-rtmp's own HLS, same publish.
#
#   scripts/bench/transcoder.sh [--runs 3] [--lag-seconds 10] [--cpu-seconds 20] [--warmup] [--quick] [--keep]
#
#   --warmup  one unmeasured publish + copy job first (JIT, Red5 and FFmpeg caches warm), so the runs show the
#             steady state; without it run 1 includes the first stream after the services started
#   --quick   latency only: skips the abr CPU run, the CPU samples and nginx-rtmp
#   INGEST_JAR / TRANSCODER_JAR  override the jars (e.g. to compare with an older build)
#
# Starts, on free loopback ports: a tiny publish-hook receiver (python3), the ingest jar (ON_PUBLISH_URL = the
# receiver), the transcoder jar, and nginx (Debian's 1.22 + libnginx-mod-rtmp, own config, daemon off).
# The publisher is ffmpeg: -re testsrc2 1280x720 30 fps + sine, libx264 veryfast zerolatency, a keyframe every
# segment length, AAC. Like the platform, the bench POSTs the transcoder job when the publish hook fires; the
# job's input is rtmp://127.0.0.1:<rtmp port>/live/<key>.
#
# Measured per run (then medians over the runs):
#   first segment  publisher launch -> first segment listed in the media playlist (2 s and 1 s segments, copy)
#   live-edge lag  now - (PROGRAM-DATE-TIME of the newest listed segment + its duration), sampled every 0.5 s
#                  for --lag-seconds, median. nginx-rtmp writes no PROGRAM-DATE-TIME: its segments are stamped
#                  the way FFmpeg stamps them (wall clock when the first frame arrived = the on_publish hook,
#                  plus the durations of the segments before).
#   kill -> segment  kill -9 of the job's FFmpeg -> the next new segment listed (copy, 2 s)
#   CPU cores      (utime+stime of the FFmpeg process over --cpu-seconds) / --cpu-seconds, for copy and for the
#                  abr ladder capped at the 720p source (720p/480p/360p); the transcoder JVM and the nginx-rtmp
#                  worker are shown for comparison.
# Needs: ffmpeg, nginx with /usr/lib/nginx/modules/ngx_rtmp_module.so, python3, curl.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
source scripts/lib/java.sh
source scripts/bench/lib.sh

RUNS=3
LAG_SECONDS=10
CPU_SECONDS=20
KEEP=false
WARMUP=false
QUICK=false
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --lag-seconds) LAG_SECONDS=$2; shift 2 ;;
        --cpu-seconds) CPU_SECONDS=$2; shift 2 ;;
        --keep) KEEP=true; shift ;;
        --warmup) WARMUP=true; shift ;;
        --quick) QUICK=true; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
RTMP_MODULE=/usr/lib/nginx/modules/ngx_rtmp_module.so
for tool in ffmpeg nginx python3 curl; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
done
[ -f "$RTMP_MODULE" ] || { echo "error: $RTMP_MODULE missing (apt-get install libnginx-mod-rtmp)" >&2; exit 1; }
INGEST_JAR=${INGEST_JAR:-ingest/target/streamgate-ingest.jar}
TRANSCODER_JAR=${TRANSCODER_JAR:-transcoder/target/streamgate-transcoder.jar}
[ -f "$INGEST_JAR" ] || mvn -B -q -ntp -DskipTests -pl ingest -am package
[ -f "$TRANSCODER_JAR" ] || mvn -B -q -ntp -DskipTests -pl transcoder -am package

WORK=$(mktemp -d /tmp/streamgate-bench-transcoder.XXXXXX)
chmod 755 "$WORK"   # nginx workers started as root run as nobody and write the HLS files
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if $KEEP; then echo "logs and files kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
CLK_TCK=$(getconf CLK_TCK)
FPS=30
KEY_API=bench-internal-key-0123456789abcdef0

# ---------------------------------------------------------------- helpers
cat > "$WORK/hook.py" <<'PY'
# Answers every request 200 and appends "<epoch seconds> <path> <name>" to the log (name = the stream key).
import sys, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
log = open(sys.argv[2], "a", buffering=1)
class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        t = time.time()
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        name = urllib.parse.parse_qs(body).get("name", ["?"])[0]
        log.write("%.3f %s %s\n" % (t, self.path, name))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    do_GET = do_POST
    def log_message(self, *a): pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
cat > "$WORK/playlist.py" <<'PY'
# playlist.py PLAYLIST count            -> number of listed segments
# playlist.py PLAYLIST lag [T0]         -> now - (PDT of newest + its duration); without PDT, T0 + sum of durations
import sys, time, datetime
path, mode = sys.argv[1], sys.argv[2]
try:
    lines = open(path).read().splitlines()
except OSError:
    print("nan" if mode == "lag" else 0); sys.exit()
segs, dur, pdt = [], None, None
for l in lines:
    if l.startswith("#EXTINF:"):
        dur = float(l[8:].split(",")[0])
    elif l.startswith("#EXT-X-PROGRAM-DATE-TIME:"):
        pdt = datetime.datetime.fromisoformat(l[25:].strip().replace("Z", "+00:00")).timestamp()
    elif l and not l.startswith("#") and dur is not None:
        segs.append((dur, pdt)); dur, pdt = None, None
if mode == "count":
    print(len(segs)); sys.exit()
if not segs:
    print("nan"); sys.exit()
now = time.time()
d, p = segs[-1]
if p is None:
    p = float(sys.argv[3]) + sum(x for x, _ in segs[:-1])
print("%.3f" % (now - (p + d)))
PY
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
count_segments() { python3 "$WORK/playlist.py" "$1" count; }

# wait_segments PLAYLIST N SECONDS -> waits until at least N segments are listed
wait_segments() {
    local deadline=$((SECONDS + $3))
    until [ -f "$1" ] && [ "$(grep -c '\.ts$' "$1" 2>/dev/null || true)" -ge "$2" ]; do
        [ $SECONDS -ge $deadline ] && { echo "error: no $2 segment(s) in $1 after $3 s" >&2; return 1; }
        sleep 0.05
    done
}

# hook_time KEY -> epoch of the publish hook for KEY (waits for it)
hook_time() {
    local deadline=$((SECONDS + 20)) t
    while :; do
        t=$(awk -v k="$1" '$3 == k {print $1; exit}' "$WORK/hook.log" 2>/dev/null || true)
        [ -n "$t" ] && { echo "$t"; return 0; }
        [ $SECONDS -ge $deadline ] && { echo "error: no publish hook for $1" >&2; return 1; }
        sleep 0.02
    done
}

# sample_lag PLAYLIST [T0] -> median lag over LAG_SECONDS
sample_lag() {
    local end=$((SECONDS + LAG_SECONDS)) samples=()
    while [ $SECONDS -lt $end ]; do
        samples+=("$(python3 "$WORK/playlist.py" "$1" lag "${2:-0}")")
        sleep 0.5
    done
    printf '%s\n' "${samples[@]}" | { grep -v nan || true; } | median
}

# cpu_ticks PID -> utime+stime in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
cpu_cores() { # PID -> cores used over CPU_SECONDS
    local a b
    a=$(cpu_ticks "$1"); sleep "$CPU_SECONDS"; b=$(cpu_ticks "$1")
    awk -v a="$a" -v b="$b" -v t="$CLK_TCK" -v s="$CPU_SECONDS" 'BEGIN {printf "%.3f", (b - a) / t / s}'
}

# publish URL SEGMENT_SECONDS -> starts the publisher; its pid in PUB
PUB=
publish() {
    local gop=$((FPS * $2))
    ffmpeg -hide_banner -loglevel error -nostdin -re \
        -f lavfi -i "testsrc2=size=1280x720:rate=$FPS" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
        -c:v libx264 -preset veryfast -tune zerolatency -b:v 2500k -maxrate 2500k -bufsize 2500k \
        -g "$gop" -keyint_min "$gop" -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 128k -ar 48000 \
        -f flv "$1" >>"$WORK/publisher.log" 2>&1 &
    PUB=$!
    PIDS+=($PUB)
}
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

api() { # METHOD PATH [BODY]
    curl -sS -X "$1" -H "X-Internal-Api-Key: $KEY_API" -H 'Content-Type: application/json' \
        ${3:+--data "$3"} "http://127.0.0.1:$TRANSCODER_PORT$2"
}
job_pid() { api GET "/jobs/$1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("pid") or "")'; }
await_job_pid() { # EVENT -> pid of the job's FFmpeg once it runs
    local deadline=$((SECONDS + 20)) p
    while :; do
        p=$(job_pid "$1")
        [ -n "$p" ] && [ -d "/proc/$p" ] && { echo "$p"; return 0; }
        [ $SECONDS -ge $deadline ] && { echo "error: job $1 has no ffmpeg" >&2; return 1; }
        sleep 0.1
    done
}

# ---------------------------------------------------------------- services
HOOK_PORT=$(free_port)
python3 "$WORK/hook.py" "$HOOK_PORT" "$WORK/hook.log" &
PIDS+=($!)
RTMP_PORT=$(free_port)
INGEST_HTTP_PORT=$(free_port)
RTMP_PORT=$RTMP_PORT INGEST_HTTP_PORT=$INGEST_HTTP_PORT ON_PUBLISH_URL="http://127.0.0.1:$HOOK_PORT/ingest" \
    ON_PUBLISH_DONE_URL= "$STREAMGATE_JAVA" -jar "$INGEST_JAR" >"$WORK/ingest.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$INGEST_HTTP_PORT/health" 90

# one transcoder per segment length, started once and kept for every run (like a long-running service)
declare -A TRANSCODER_PIDS TRANSCODER_PORTS
TRANSCODER_PID=
TRANSCODER_PORT=
start_transcoder() { # SEGMENT_SECONDS -> makes it the current one (TRANSCODER_PID, TRANSCODER_PORT)
    if [ -z "${TRANSCODER_PIDS[$1]:-}" ]; then
        local port
        port=$(free_port)
        PORT=$port STREAM_ROOT="$WORK/streams" INTERNAL_API_KEY=$KEY_API PLATFORM_APP_URL= \
            SEGMENT_SECONDS=$1 "$STREAMGATE_JAVA" -jar "$TRANSCODER_JAR" >>"$WORK/transcoder-$1.log" 2>&1 &
        TRANSCODER_PIDS[$1]=$!
        TRANSCODER_PORTS[$1]=$port
        PIDS+=($!)
        wait_http "http://127.0.0.1:$port/health" 60
    fi
    TRANSCODER_PID=${TRANSCODER_PIDS[$1]}
    TRANSCODER_PORT=${TRANSCODER_PORTS[$1]}
}

NGINX_PID=
NGINX_PORT=
start_nginx() { # SEGMENT_SECONDS
    [ -n "$NGINX_PID" ] && stop_pid "$NGINX_PID"
    NGINX_PORT=$(free_port)
    rm -rf "$WORK/nginx"; mkdir -p "$WORK/nginx/hls"; chmod 777 "$WORK/nginx/hls"
    cat > "$WORK/nginx/nginx.conf" <<NGINX
load_module $RTMP_MODULE;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
rtmp {
    server {
        listen 127.0.0.1:$NGINX_PORT;
        application live {
            live on;
            on_publish http://127.0.0.1:$HOOK_PORT/nginx;
            hls on;
            hls_path $WORK/nginx/hls;
            hls_fragment ${1}s;
            hls_playlist_length 60s;
        }
    }
}
NGINX
    nginx -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx/stdout.log" 2>&1 &
    NGINX_PID=$!
    PIDS+=($NGINX_PID)
    local deadline=$((SECONDS + 10))
    until (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null; do
        [ $SECONDS -ge $deadline ] && { echo "error: nginx did not start" >&2; cat "$WORK/nginx/error.log" >&2; exit 1; }
        sleep 0.1
    done
}
nginx_worker() { pgrep -P "$NGINX_PID" -f 'worker process' | head -n 1; }

# ---------------------------------------------------------------- runs
declare -A R   # R[metric.run] = value
if $WARMUP; then
    for seg in 2 1; do
        echo "warm-up, ${seg} s segments" >&2
        start_transcoder "$seg"
        key="w$seg$RANDOM"
        publish "rtmp://127.0.0.1:$RTMP_PORT/live/$key" "$seg"
        hook_time "$key" >/dev/null
        api POST /jobs "{\"eventId\":\"warmup-$seg\",\"input\":\"rtmp://127.0.0.1:$RTMP_PORT/live/$key\",\"profile\":\"copy\"}" >/dev/null
        wait_segments "$WORK/streams/warmup-$seg/source/index.m3u8" 2 30
        api DELETE "/jobs/warmup-$seg" >/dev/null
        stop_pid "$PUB"
    done
fi
for ((run = 1; run <= RUNS; run++)); do
    for seg in 2 1; do
        echo "run $run/$RUNS, ${seg} s segments: transcoder (copy)" >&2
        start_transcoder "$seg"
        event="bench-$run-$seg-copy"
        key="k$run$seg$RANDOM"
        playlist="$WORK/streams/$event/source/index.m3u8"
        t0=$(now)
        publish "rtmp://127.0.0.1:$RTMP_PORT/live/$key" "$seg"
        R[hook.$seg.$run]=$(elapsed "$t0" "$(hook_time "$key")")
        api POST /jobs "{\"eventId\":\"$event\",\"input\":\"rtmp://127.0.0.1:$RTMP_PORT/live/$key\",\"profile\":\"copy\"}" >/dev/null
        wait_segments "$playlist" 1 30
        R[first.ours.$seg.$run]=$(elapsed "$t0" "$(now)")
        api GET "/jobs/$event" >"$WORK/job-$event.json"
        R[lag.ours.$seg.$run]=$(sample_lag "$playlist")
        if [ "$seg" = 2 ]; then
            ffpid=$(await_job_pid "$event")
            n=$(count_segments "$playlist")
            kill -9 "$ffpid"
            tk=$(now)
            wait_segments "$playlist" $((n + 1)) 30
            R[kill.ours.$seg.$run]=$(elapsed "$tk" "$(now)")
        fi
        if [ "$seg" = 2 ] && ! $QUICK; then
            ffpid=$(await_job_pid "$event")
            java_a=$(cpu_ticks "$TRANSCODER_PID")
            R[cpu.copy.$run]=$(cpu_cores "$ffpid")
            java_b=$(cpu_ticks "$TRANSCODER_PID")
            R[cpu.jvm.$run]=$(awk -v a="$java_a" -v b="$java_b" -v t="$CLK_TCK" -v s="$CPU_SECONDS" 'BEGIN {printf "%.3f", (b - a) / t / s}')
        fi
        api DELETE "/jobs/$event" >/dev/null
        stop_pid "$PUB"

        echo "run $run/$RUNS, ${seg} s segments: hook ${R[hook.$seg.$run]} s, first segment ${R[first.ours.$seg.$run]} s, lag ${R[lag.ours.$seg.$run]} s${R[kill.ours.$seg.$run]:+, kill -> segment ${R[kill.ours.$seg.$run]} s}" >&2
        if [ "$seg" = 2 ] && ! $QUICK; then
            echo "run $run/$RUNS, ${seg} s segments: transcoder (abr 720p/480p/360p)" >&2
            event="bench-$run-$seg-abr"
            key="a$run$seg$RANDOM"
            publish "rtmp://127.0.0.1:$RTMP_PORT/live/$key" "$seg"
            hook_time "$key" >/dev/null
            api POST /jobs "{\"eventId\":\"$event\",\"input\":\"rtmp://127.0.0.1:$RTMP_PORT/live/$key\",\"profile\":\"abr\"}" >/dev/null
            wait_segments "$WORK/streams/$event/360p/index.m3u8" 1 60
            R[renditions.$run]=$(ls "$WORK/streams/$event" | grep -v m3u8 | sort -n | tr '\n' '/' | sed 's#/$##')
            R[cpu.abr.$run]=$(cpu_cores "$(await_job_pid "$event")")
            api DELETE "/jobs/$event" >/dev/null
            stop_pid "$PUB"
        fi

        $QUICK && continue
        echo "run $run/$RUNS, ${seg} s segments: nginx-rtmp hls" >&2
        start_nginx "$seg"
        key="n$run$seg$RANDOM"
        playlist="$WORK/nginx/hls/$key.m3u8"
        t0=$(now)
        publish "rtmp://127.0.0.1:$NGINX_PORT/live/$key" "$seg"
        thook=$(hook_time "$key")
        wait_segments "$playlist" 1 30
        R[first.nginx.$seg.$run]=$(elapsed "$t0" "$(now)")
        R[lag.nginx.$seg.$run]=$(sample_lag "$playlist" "$thook")
        if [ "$seg" = 2 ]; then
            R[cpu.nginx.$run]=$(cpu_cores "$(nginx_worker)")
        fi
        stop_pid "$PUB"
    done
done

med() { # METRIC PREFIX -> median over runs
    local i vals=()
    for ((i = 1; i <= RUNS; i++)); do vals+=("${R[$1.$i]:-nan}"); done
    printf '%s\n' "${vals[@]}" | { grep -v nan || true; } | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0) print "-"; else printf "%.2f", a / b}'; }

echo
echo "transcoder vs nginx-rtmp HLS: medians of $RUNS run(s); publisher 1280x720 ${FPS} fps x264 veryfast zerolatency,"
echo "keyframe every segment; lag sampled every 0.5 s for ${LAG_SECONDS} s; CPU over ${CPU_SECONDS} s; $(nproc) cores"
echo "($(ffmpeg -version | head -n 1 | cut -d' ' -f1-3), $(nginx -v 2>&1 | cut -d: -f2 | tr -d ' '), renditions: ${R[renditions.1]:-?})"
printf '%-44s %12s %12s %8s\n' metric transcoder nginx-rtmp ratio
for seg in 2 1; do
    a=$(med first.ours.$seg); b=$(med first.nginx.$seg)
    printf '%-44s %12s %12s %8s\n' "publish -> first segment listed, ${seg} s (s)" "$a" "$b" "$(ratio "$a" "$b")"
    a=$(med lag.ours.$seg); b=$(med lag.nginx.$seg)
    printf '%-44s %12s %12s %8s\n' "live-edge lag, ${seg} s segments (s) (*)" "$a" "$b" "-"
done
printf '%-44s %12s %12s %8s\n' "ffmpeg kill -9 -> next new segment, 2 s (s)" "$(med kill.ours.2)" "-" "-"
printf '%-44s %12s %12s %8s\n' "(publish -> on_publish hook, 2 s / 1 s) (s)" "$(med hook.2) / $(med hook.1)" "-" "-"
echo "(*) transcoder: against its EXT-X-PROGRAM-DATE-TIME, which for live inputs is when the segment was completed"
echo "    (its file's last write, when the next keyframe reached FFmpeg) minus its duration, i.e. when its first frame"
echo "    reached the transcoder; the lag so excludes the publisher -> ingest -> FFmpeg transit. nginx-rtmp: against"
echo "    the on_publish time + preceding durations. The two are not the same clock, so no ratio is given."
$QUICK && exit 0
a=$(med cpu.copy); b=$(med cpu.nginx)
printf '%-44s %12s %12s %8s\n' "CPU cores per stream, copy (ffmpeg)" "$a" "$b" "$(ratio "$a" "$b")"
printf '%-44s %12s %12s %8s\n' "CPU cores, transcoder JVM during copy" "$(med cpu.jvm)" "-" "-"
printf '%-44s %12s %12s %8s\n' "CPU cores per stream, abr 720p/480p/360p" "$(med cpu.abr)" "-" "-"
