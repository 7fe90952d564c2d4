# Shared by the benchmark scripts: playback tokens minted with openssl, and small statistics helpers.

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# kid as common's SigningKey derives it: base64url(first 9 bytes of SHA-256("streamgate-kid:" + secret))
streamgate_kid() {
    printf 'streamgate-kid:%s' "$1" | openssl dgst -sha256 -binary | head -c 9 | b64url
}

# mint_token SECRET EVENT_ID TTL_SECONDS -> an HS256 playback token (DESIGN §3.3)
mint_token() {
    local secret=$1 event=$2 ttl=$3 now header payload input sig
    now=$(date +%s)
    header=$(printf '{"alg":"HS256","typ":"JWT","kid":"%s"}' "$(streamgate_kid "$secret")" | b64url)
    payload=$(printf '{"sub":"bench-code","eid":"%s","sid":"bench-session","sp":"/streams/%s/","aud":"streamgate-hls","iat":%d,"exp":%d}' \
        "$event" "$event" "$now" $((now + ttl)) | b64url)
    input="$header.$payload"
    sig=$(printf '%s' "$input" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
    printf '%s.%s' "$input" "$sig"
}

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# median_of "1 2 3 ": median of the space-separated numbers in one string (a run's values, collected with +=)
median_of() { tr ' ' '\n' <<<"$1" | grep . | median; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_http() { # url [seconds]
    local deadline=$((SECONDS + ${2:-60}))
    until curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; do
        [ $SECONDS -ge $deadline ] && { echo "error: $1 not answering" >&2; return 1; }
        sleep 0.2
    done
}
