#!/usr/bin/env bash
# Non-pipelined request throughput: this service over HTTP (wrk) beside Redis (redis-benchmark),
# in one run, on loopback, at the same connection count.
#
#   submit: POST /api/v1/boards/bench/scores  {"playerId":<existing>,"score":<random>}  vs  ZADD lb <score> <member>
#   rank:   GET  /api/v1/boards/bench/players/<existing>                                 vs  ZREVRANK lb <member>
#
# Both stores first hold MEMBERS members with the same ids (12-digit zero-padded i) and random scores.
# The HTTP stack's own ceiling is measured in the same run with the same wrk settings: a minimal Kestrel app
# (loadtests/Leaderboards.MinimalKestrel: minimal APIs, no middleware, a small JSON answer) gets the very requests the
# submit and rank runs send, and the service's /healthz (a 2-byte answer through the service's middleware) is run too.
# Allocations per request are the server's allocated-bytes counter (/metrics) over each wrk run's request count.
# Each tool runs one client thread (wrk -t1, redis-benchmark is single-threaded) with CONNECTIONS
# connections; the service and Redis each get what is left of the machine.
#
# Usage: bash loadtests/http/http-vs-redis.sh [MEMBERS] [CONNECTIONS] [SECONDS]
#   defaults: 1000000 members, 50 connections, 10 s per wrk run (redis-benchmark request counts are
#   sized to run about as long). Installs wrk, redis-server and redis-tools with apt-get when missing.
# Writes loadtests/results/http-vs-redis.md and .json and prints the table.

set -euo pipefail
export LC_ALL=C

MEMBERS=${1:-1000000}
CONNECTIONS=${2:-50}
SECONDS_PER_RUN=${3:-10}
[[ $MEMBERS =~ ^[1-9][0-9]*$ ]] || { echo "http-vs-redis: MEMBERS must be a positive integer, got '$MEMBERS'" >&2; exit 2; }
[[ $CONNECTIONS =~ ^[1-9][0-9]*$ ]] || { echo "http-vs-redis: CONNECTIONS must be a positive integer, got '$CONNECTIONS'" >&2; exit 2; }
[[ $SECONDS_PER_RUN =~ ^[1-9][0-9]*$ && $SECONDS_PER_RUN -le 120 ]] || { echo "http-vs-redis: SECONDS must be 1..120, got '$SECONDS_PER_RUN'" >&2; exit 2; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
OUT_DIR="$ROOT/loadtests/results"
mkdir -p "$OUT_DIR"
WORK=$(mktemp -d)
SERVER_PID=""
REDIS_PID=""
MINIMAL_PID=""
log() { printf '[http-vs-redis] %s\n' "$*" >&2; }
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [[ -n $REDIS_PID ]] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
  [[ -n $MINIMAL_PID ]] && kill "$MINIMAL_PID" 2>/dev/null && wait "$MINIMAL_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$SCRIPT_DIR/../lib/common.sh"
ensure_packages wrk:wrk redis-server:redis-server redis-benchmark:redis-tools redis-cli:redis-tools curl:curl
wait_until() { local i; for ((i = 0; i < 600; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }

# --------------------------------------------------------------------------- Redis
REDIS_PORT=$(free_port 6390)
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$WORK" --daemonize no >/dev/null 2>&1 &
REDIS_PID=$!
wait_until redis-cli -p "$REDIS_PORT" ping || { echo "http-vs-redis: redis-server did not start" >&2; exit 1; }
log "loading $MEMBERS members into Redis"
redis_load_members "$REDIS_PORT" "$MEMBERS"

# redis-benchmark -n sized to run about SECONDS_PER_RUN at ~70k/s.
REQUESTS=$((SECONDS_PER_RUN * 70000))
redis_rps() { # name, command... -> "rps p50 p99"
  redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -c "$CONNECTIONS" -n "$REQUESTS" -r "$MEMBERS" -P 1 --csv "$@" 2>/dev/null |
    awk -F'","' 'NR == 2 { gsub(/"/, "", $0); split($0, f, ","); printf "%s %s %s\n", f[2], f[5], f[7] }'
}
log "redis-benchmark ZADD, ZREVRANK: $CONNECTIONS connections, $REQUESTS requests each"
read -r REDIS_ZADD_RPS REDIS_ZADD_P50 REDIS_ZADD_P99 < <(redis_rps zadd lb __rand_int__ __rand_int__)
read -r REDIS_RANK_RPS REDIS_RANK_P50 REDIS_RANK_P99 < <(redis_rps zrevrank lb __rand_int__)
kill "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=

# --------------------------------------------------------------------------- wrk
# wrk_run SCRIPT SECONDS BASE -> "rps p50 p99 requests"
wrk_run() {
  LB_MEMBERS=$MEMBERS LB_PATH=${LB_PATH:-/} LB_KEY=${KEY:-none} wrk -t1 -c"$CONNECTIONS" -d"$2"s --latency -s "$SCRIPT_DIR/$1" "$3" |
    awk '/Requests\/sec:/ { rps = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /requests in/ { n = $1 } /Non-2xx/ { bad = $NF }
         END { if (bad > 0) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%s %s %s %s\n", rps, p50, p99, n }'
}

# --------------------------------------------------------------------------- the minimal Kestrel endpoint
log "building the minimal Kestrel endpoint and the server (Release)"
dotnet build -c Release "$ROOT/loadtests/Leaderboards.MinimalKestrel" -v q -nologo >/dev/null
dotnet build -c Release "$ROOT/src/Leaderboards.Server" -v q -nologo >/dev/null
MINIMAL_PORT=$(free_port 5095)
MINIMAL_BASE="http://127.0.0.1:$MINIMAL_PORT"
(cd "$ROOT/loadtests/Leaderboards.MinimalKestrel/bin/Release/net10.0" &&
  exec dotnet Leaderboards.MinimalKestrel.dll --urls "$MINIMAL_BASE") >"$WORK/minimal.log" 2>&1 &
MINIMAL_PID=$!
wait_until curl -sf "$MINIMAL_BASE/" || { cat "$WORK/minimal.log" >&2; echo "http-vs-redis: the minimal endpoint did not start" >&2; exit 1; }
log "wrk against the minimal endpoint: warm-up, then the submit and rank requests, ${SECONDS_PER_RUN} s each"
wrk_run rank.lua 3 "$MINIMAL_BASE" >/dev/null
wrk_run submit.lua 3 "$MINIMAL_BASE" >/dev/null
read -r MIN_POST_RPS MIN_POST_P50 MIN_POST_P99 _ < <(wrk_run submit.lua "$SECONDS_PER_RUN" "$MINIMAL_BASE")
read -r MIN_GET_RPS MIN_GET_P50 MIN_GET_P99 _ < <(wrk_run rank.lua "$SECONDS_PER_RUN" "$MINIMAL_BASE")
kill "$MINIMAL_PID"; wait "$MINIMAL_PID" 2>/dev/null || true; MINIMAL_PID=

# --------------------------------------------------------------------------- the service
HTTP_PORT=$(free_port 5090)
BASE="http://127.0.0.1:$HTTP_PORT"
ADMIN=bench-admin-key
(cd "$ROOT/src/Leaderboards.Server/bin/Release/net10.0" &&
  LEADERBOARDS_DATA_DIR="$WORK/data" LEADERBOARDS_ADMIN_KEY=$ADMIN Logging__LogLevel__Default=Warning \
  exec dotnet Leaderboards.Server.dll --urls "$BASE") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_until curl -sf "$BASE/healthz" || { cat "$WORK/server.log" >&2; echo "http-vs-redis: the server did not start" >&2; exit 1; }
curl -sf -X PUT "$BASE/api/v1/boards/bench" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{}' >/dev/null
KEY=$(curl -sf -X POST "$BASE/api/v1/admin/keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"name":"bench","role":"writer","permitsPerPeriod":0}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
log "loading $MEMBERS members into the service (batches of 10,000)"
service_load_members "$BASE" "$KEY" "$MEMBERS"

# allocated_bytes -> the server's total allocated bytes so far (System.Runtime's counter on /metrics).
# awk reads to the end: leaving early would fail curl's write, and with it the pipeline.
allocated_bytes() { curl -sf "$BASE/metrics" | awk '/^dotnet_gc_heap_total_allocated/ && !found { print $2; found = 1 }'; }
# measured NAME SCRIPT -> "rps p50 p99 bytes-per-request" for one wrk run against the service
measured() {
  local before after rps p50 p99 n
  before=$(allocated_bytes)
  read -r rps p50 p99 n < <(wrk_run "$2" "$SECONDS_PER_RUN" "$BASE")
  after=$(allocated_bytes)
  printf '%s %s %s %s\n' "$rps" "$p50" "$p99" "$(awk -v a="$before" -v b="$after" -v n="$n" 'BEGIN { if (a == "" || n == 0) print "?"; else printf "%.0f", (b - a) / n }')"
}
log "wrk warm-up"
wrk_run rank.lua 3 "$BASE" >/dev/null
wrk_run submit.lua 3 "$BASE" >/dev/null
log "wrk submit, rank, healthz: $CONNECTIONS connections, ${SECONDS_PER_RUN} s each"
read -r HTTP_SUBMIT_RPS HTTP_SUBMIT_P50 HTTP_SUBMIT_P99 HTTP_SUBMIT_BYTES < <(measured submit submit.lua)
read -r HTTP_RANK_RPS HTTP_RANK_P50 HTTP_RANK_P99 HTTP_RANK_BYTES < <(measured rank rank.lua)
# A 2-byte answer with no key, no JSON and no board, through the service's middleware.
read -r HTTP_FLOOR_RPS HTTP_FLOOR_P50 HTTP_FLOOR_P99 HTTP_FLOOR_BYTES < <(LB_PATH=/healthz measured healthz plain.lua)
RSS_KB=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo "| $MEMBERS members, $CONNECTIONS connections, no pipelining | requests/s | p50 | p99 |"
  echo "|---|---|---|---|"
  echo "| minimal Kestrel: POST, the submit requests (wrk) | $MIN_POST_RPS | $MIN_POST_P50 | $MIN_POST_P99 |"
  echo "| service: POST score (wrk) | $HTTP_SUBMIT_RPS | $HTTP_SUBMIT_P50 | $HTTP_SUBMIT_P99 |"
  echo "| Redis: ZADD (redis-benchmark) | $REDIS_ZADD_RPS | ${REDIS_ZADD_P50}ms | ${REDIS_ZADD_P99}ms |"
  echo "| minimal Kestrel: GET, the rank requests (wrk) | $MIN_GET_RPS | $MIN_GET_P50 | $MIN_GET_P99 |"
  echo "| service: GET player rank (wrk) | $HTTP_RANK_RPS | $HTTP_RANK_P50 | $HTTP_RANK_P99 |"
  echo "| Redis: ZREVRANK (redis-benchmark) | $REDIS_RANK_RPS | ${REDIS_RANK_P50}ms | ${REDIS_RANK_P99}ms |"
  echo "| service: GET /healthz (wrk) | $HTTP_FLOOR_RPS | $HTTP_FLOOR_P50 | $HTTP_FLOOR_P99 |"
  echo
  echo "service / minimal Kestrel: submit $(ratio "$HTTP_SUBMIT_RPS" "$MIN_POST_RPS")x, rank $(ratio "$HTTP_RANK_RPS" "$MIN_GET_RPS")x"
  echo "service / Redis: submit $(ratio "$HTTP_SUBMIT_RPS" "$REDIS_ZADD_RPS")x, rank $(ratio "$HTTP_RANK_RPS" "$REDIS_RANK_RPS")x"
  echo "server allocations per request: submit $HTTP_SUBMIT_BYTES B, rank $HTTP_RANK_BYTES B, healthz $HTTP_FLOOR_BYTES B; server RSS after the run $((RSS_KB / 1024)) MiB"
} | tee "$OUT_DIR/http-vs-redis.md"
cat >"$OUT_DIR/http-vs-redis.json" <<JSON
{"members":$MEMBERS,"connections":$CONNECTIONS,"seconds":$SECONDS_PER_RUN,
 "minimal":{"post":{"rps":$MIN_POST_RPS,"p50":"$MIN_POST_P50","p99":"$MIN_POST_P99"},"get":{"rps":$MIN_GET_RPS,"p50":"$MIN_GET_P50","p99":"$MIN_GET_P99"}},
 "service":{"submit":{"rps":$HTTP_SUBMIT_RPS,"p50":"$HTTP_SUBMIT_P50","p99":"$HTTP_SUBMIT_P99","bytesPerRequest":"$HTTP_SUBMIT_BYTES"},"rank":{"rps":$HTTP_RANK_RPS,"p50":"$HTTP_RANK_P50","p99":"$HTTP_RANK_P99","bytesPerRequest":"$HTTP_RANK_BYTES"},"healthz":{"rps":$HTTP_FLOOR_RPS,"p50":"$HTTP_FLOOR_P50","p99":"$HTTP_FLOOR_P99","bytesPerRequest":"$HTTP_FLOOR_BYTES"},"rssKiB":$RSS_KB},
 "redis":{"zadd":{"rps":$REDIS_ZADD_RPS,"p50Ms":$REDIS_ZADD_P50,"p99Ms":$REDIS_ZADD_P99},"zrevrank":{"rps":$REDIS_RANK_RPS,"p50Ms":$REDIS_RANK_P50,"p99Ms":$REDIS_RANK_P99}}}
JSON
