#!/usr/bin/env bash
# Leaderboards.Redis against redis-benchmark, same run, same server (loopback only).
#
# Starts one redis-server (no persistence) on a free port in a temporary directory, loads the sorted set `lb` with
# MEMBERS members (ids 000000000000.., scores from awk's srand(42)), then measures requests/second for
#   ZADD lb <score> <member>   (score change of an existing member)
#   ZREVRANK lb <member>
# with 50 concurrent callers, not pipelined and with 32 commands in flight:
#   * redis-benchmark -c 50 -P 1 and -P 32 (50 connections);
#   * loadtests/Leaderboards.RedisBench: 50 callers sharing the client's one multiplexed connection, each awaiting
#     every command (inflight 1) or keeping 32 outstanding (inflight 32).
# Every run is bounded by a request count and by SECONDS. The server is stopped on exit.
#
# Usage: bash loadtests/redis/client-vs-redis-benchmark.sh [MEMBERS] [OUT_DIR] [SECONDS]
# Writes OUT_DIR/redis-client.md (a table) and OUT_DIR/redis-client.json; defaults 1000000, loadtests/results, 20.
set -euo pipefail
export LC_ALL=C

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
# shellcheck source=../lib/common.sh
source "$ROOT/loadtests/lib/common.sh"

members=${1:-1000000}
out=${2:-$ROOT/loadtests/results}
seconds=${3:-20}
readonly CLIENTS=50
readonly N_P1=400000
readonly N_P32=3000000

ensure_packages redis-server:redis-server redis-cli:redis-tools redis-benchmark:redis-tools
mkdir -p "$out"
work=$(mktemp -d)
port=$(free_port "${REDIS_BENCH_PORT:-6420}")
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"
cleanup() {
  if [ -f "$work/redis.pid" ]; then
    local pid; pid=$(cat "$work/redis.pid")
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 200); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

echo "loading $members members" >&2
redis_load_members "$port" "$members"

echo "building the client driver" >&2
dotnet build -c Release "$ROOT/loadtests/Leaderboards.RedisBench" -v q -nologo >&2
bench="$ROOT/loadtests/Leaderboards.RedisBench/bin/Release/net10.0/Leaderboards.RedisBench"

# redis_rps N PIPELINE COMMAND... -> requests per second redis-benchmark reports (bounded by N and SECONDS).
redis_rps() {
  local n=$1 p=$2; shift 2
  timeout "$((seconds * 3))" redis-benchmark -p "$port" -c "$CLIENTS" -n "$n" -P "$p" -r "$members" --csv "$@" |
    awk -F'"' 'NR == 2 { print int($4) }'
}

# client_rps COMMAND INFLIGHT N -> requests per second from the client driver.
client_rps() {
  timeout "$((seconds * 3))" "$bench" "$port" "$1" "$CLIENTS" "$2" "$3" "$seconds" "$members" lb | sed -n 's/.*rps=\([0-9]*\).*/\1/p'
}

declare -A rps
for p in 1 32; do
  n=$N_P1; [ "$p" = 32 ] && n=$N_P32
  echo "redis-benchmark -P $p" >&2
  rps[redis_zadd_$p]=$(redis_rps "$n" "$p" zadd lb __rand_int__ __rand_int__)
  rps[redis_zrevrank_$p]=$(redis_rps "$n" "$p" zrevrank lb __rand_int__)
  echo "client inflight $p" >&2
  rps[client_zadd_$p]=$(client_rps zadd "$p" "$n")
  rps[client_zrevrank_$p]=$(client_rps zrevrank "$p" "$n")
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
{
  echo "| command | in flight per caller | redis-benchmark req/s | Leaderboards.Redis req/s | client / redis-benchmark |"
  echo "|---|---:|---:|---:|---:|"
  for p in 1 32; do
    for c in zadd zrevrank; do
      echo "| ${c^^} | $p | ${rps[redis_${c}_$p]} | ${rps[client_${c}_$p]} | $(ratio "${rps[client_${c}_$p]}" "${rps[redis_${c}_$p]}") |"
    done
  done
} | tee "$out/redis-client.md"
printf '{"members":%d,"clients":%d,"redis_benchmark":{"zadd_p1":%d,"zrevrank_p1":%d,"zadd_p32":%d,"zrevrank_p32":%d},"client":{"zadd_p1":%d,"zrevrank_p1":%d,"zadd_p32":%d,"zrevrank_p32":%d}}\n' \
  "$members" "$CLIENTS" "${rps[redis_zadd_1]}" "${rps[redis_zrevrank_1]}" "${rps[redis_zadd_32]}" "${rps[redis_zrevrank_32]}" \
  "${rps[client_zadd_1]}" "${rps[client_zrevrank_1]}" "${rps[client_zadd_32]}" "${rps[client_zrevrank_32]}" >"$out/redis-client.json"
