#!/usr/bin/env bash
# The load runner's REST scenarios (submit, read, mixed with Zipf players; closed loop) against a Release build of the
# service, beside redis-benchmark for the same operations at the same connection count, in one run, on loopback.
#
# Usage: bash loadtests/http/load-vs-redis.sh [MEMBERS=100000] [CONNECTIONS=50] [SECONDS=20]
# Writes loadtests/results/load-vs-redis.md (and each scenario's .md/.json/.svg) and prints the tables.
set -euo pipefail
export LC_ALL=C
MEMBERS=${1:-100000}
CONNECTIONS=${2:-50}
SECONDS_TO_RUN=${3:-20}
for v in "$MEMBERS" "$CONNECTIONS" "$SECONDS_TO_RUN"; do [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "load-vs-redis: arguments must be positive integers, got '$v'" >&2; exit 2; }; done
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="$ROOT/loadtests/results"
mkdir -p "$OUT"
WORK=$(mktemp -d)
SERVER_PID=""
REDIS_PID=""
trap '[[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null; [[ -n $REDIS_PID ]] && kill "$REDIS_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$ROOT/loadtests/lib/common.sh"
ensure_packages redis-server:redis-server redis-benchmark:redis-tools redis-cli:redis-tools curl:curl

# Redis: same members, then redis-benchmark without pipelining.
RPORT=$(free_port 6590)
redis-server --bind 127.0.0.1 --port "$RPORT" --save '' --appendonly no --dir "$WORK" --daemonize no >/dev/null 2>&1 &
REDIS_PID=$!
until redis-cli -p "$RPORT" ping >/dev/null 2>&1; do sleep 0.05; done
redis_load_members "$RPORT" "$MEMBERS"
REQUESTS=$((SECONDS_TO_RUN * 60000))
bench() { redis-benchmark -p "$RPORT" -c "$CONNECTIONS" -n "$REQUESTS" -r "$MEMBERS" -P 1 --csv "$@" 2>/dev/null |
  awk -F'","' 'NR == 2 { gsub(/"/, "", $0); split($0, f, ","); printf "%.0f %s %s %s\n", f[2], f[5], f[6], f[7] }'; }
echo "redis-benchmark: $CONNECTIONS connections, $REQUESTS requests per command" >&2
read -r Z_RPS Z_P50 Z_P95 Z_P99 < <(bench zadd lb __rand_int__ __rand_int__)
read -r R_RPS R_P50 R_P95 R_P99 < <(bench zrevrank lb __rand_int__)
read -r T_RPS T_P50 T_P95 T_P99 < <(bench zrevrange lb 0 9 withscores)
kill "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""

# The service.
dotnet build -c Release "$ROOT/src/Leaderboards.Server" -v q -nologo >/dev/null
dotnet build -c Release "$ROOT/loadtests/Leaderboards.LoadTests" -v q -nologo >/dev/null
PORT=$(free_port 5390)
KEY=load-bench-admin
(cd "$ROOT/src/Leaderboards.Server/bin/Release/net10.0" && LEADERBOARDS_DATA_DIR="$WORK/data" LEADERBOARDS_ADMIN_KEY=$KEY \
  Leaderboards__RateLimits__PermitsPerPeriod=0 Logging__LogLevel__Default=Warning exec dotnet Leaderboards.Server.dll --urls "http://127.0.0.1:$PORT") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do [[ $(curl -s "http://127.0.0.1:$PORT/readyz" || true) == ready ]] && break; sleep 0.1; done
for scenario in submit read mixed; do
  dotnet "$ROOT/loadtests/Leaderboards.LoadTests/bin/Release/net10.0/Leaderboards.LoadTests.dll" "$scenario" --url "http://127.0.0.1:$PORT" --key "$KEY" \
    --connections "$CONNECTIONS" --seconds "$SECONDS_TO_RUN" --members "$MEMBERS" --out "$OUT" >/dev/null
done

{
  echo "### Redis (redis-benchmark, $CONNECTIONS connections, no pipelining, $MEMBERS members)"
  echo
  echo "| command | requests/s | p50 | p95 | p99 |"
  echo "|---|---:|---:|---:|---:|"
  echo "| ZADD (submit) | $Z_RPS | $Z_P50 ms | $Z_P95 ms | $Z_P99 ms |"
  echo "| ZREVRANK (rank) | $R_RPS | $R_P50 ms | $R_P95 ms | $R_P99 ms |"
  echo "| ZREVRANGE 0 9 WITHSCORES (top 10) | $T_RPS | $T_P50 ms | $T_P95 ms | $T_P99 ms |"
  for scenario in submit read mixed; do
    echo
    echo "### Service: $scenario"
    echo
    cat "$OUT/load-$scenario.md"
  done
} | tee "$OUT/load-vs-redis.md"
