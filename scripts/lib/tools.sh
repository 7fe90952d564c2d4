# Sourced by scripts/test: makes sure the programs the tests drive are present.
# ffmpeg/ffprobe publish and check real streams; chromium drives the browser tests; nginx (+ rtmp module)
# is the reference peer for interop tests and benchmarks; promtool, systemd-analyze and openssl check the
# deployment artefacts. Installed from Debian's packages when missing.

streamgate_ensure_test_tools() {
    local missing=()
    command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
    command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
    command -v nginx >/dev/null 2>&1 || missing+=(nginx)
    [ -e /usr/lib/nginx/modules/ngx_rtmp_module.so ] || missing+=(libnginx-mod-rtmp)
    command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
    command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    [ ${#missing[@]} -eq 0 ] && return 0

    local unique
    unique=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "error: the tests need these Debian packages: $unique" >&2
        echo "       install them (as root: apt-get install -y $unique) and run again." >&2
        return 1
    fi
    echo "Installing test tools: $unique"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $unique >/dev/null || {
        echo "error: apt-get could not install: $unique" >&2
        return 1
    }
    # the Debian nginx package starts a server on port 80 at install; the tests start their own
    if command -v systemctl >/dev/null 2>&1; then systemctl stop nginx >/dev/null 2>&1 || true; fi
    if [ -f /run/nginx.pid ]; then kill "$(cat /run/nginx.pid)" >/dev/null 2>&1 || true; fi
    if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus >/dev/null 2>&1 || true; fi
}
