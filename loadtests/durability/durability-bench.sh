#!/usr/bin/env bash
# Durability figures for the service beside Redis's RDB load of the same members, in one run, on loopback.
#
# For each MEMBERS: import the members into a board (NDJSON, one streamed request), take a snapshot (time, size,
# longest write pause seen by a writer running during it), restart from the snapshot (restore time), restart from the
# log alone (replay rate), and time redis-server loading an RDB of the same members. Then, at the first MEMBERS,
# submit throughput with 64 connections under each fsync policy (wrk, no pipelining).
#
# Usage: bash loadtests/durability/durability-bench.sh [MEMBERS...]   (default: 1000000)
# Writes loadtests/results/durability.md and prints it. Installs wrk, redis-server and redis-tools when missing.

set -euo pipefail
export LC_ALL=C
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
OUT="$ROOT/loadtests/results/durability.md"
mkdir -p "$(dirname "$OUT")"
SIZES=("$@")
((${#SIZES[@]})) || SIZES=(1000000)
for m in "${SIZES[@]}"; do [[ $m =~ ^[1-9][0-9]*$ ]] || { echo "durability-bench: MEMBERS must be positive integers, got '$m'" >&2; exit 2; }; done
WORK=$(mktemp -d)
SERVER_PID=""
REDIS_PID=""
log() { printf '[durability-bench] %s\n' "$*" >&2; }
stop_server() { if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
stop_redis() { if [[ -n $REDIS_PID ]]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""; fi; }
trap 'stop_server; stop_redis; rm -rf "$WORK"' EXIT
trap 'echo "durability-bench: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$SCRIPT_DIR/../lib/common.sh"
ensure_packages wrk:wrk redis-server:redis-server redis-cli:redis-tools curl:curl
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

log "building the server (Release)"
dotnet build -c Release "$ROOT/src/Leaderboards.Server" -v q -nologo >/dev/null
BIN="$ROOT/src/Leaderboards.Server/bin/Release/net10.0"
PORT=$(free_port 5190)
BASE="http://127.0.0.1:$PORT"
ADMIN=bench-admin-key
AUTH="Authorization: Bearer $ADMIN"

# start_server DATA_DIR FSYNC -> waits for the line saying recovery is done
start_server() {
  (cd "$BIN" && LEADERBOARDS_DATA_DIR="$1" LEADERBOARDS_ADMIN_KEY=$ADMIN Leaderboards__Persistence__Fsync="$2" \
    Leaderboards__Persistence__SnapshotInterval=00:00:00 Leaderboards__RateLimits__PermitsPerPeriod=0 \
    Logging__LogLevel__Default=Information \
    exec dotnet Leaderboards.Server.dll --urls "$BASE") >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  local i
  for ((i = 0; i < 6000; i++)); do
    grep -q "Leaderboards is ready" "$WORK/server.log" && grep -q "Leaderboards is listening" "$WORK/server.log" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; echo "durability-bench: the server exited" >&2; exit 1; }
    sleep 0.05
  done
}
members_ndjson() { awk -v n="$1" 'BEGIN { srand(42); for (i = 0; i < n; i++) printf "{\"playerId\":\"%012d\",\"score\":%d}\n", i, int(rand() * 1e9) }'; }
json_field() { sed -E "s/.*\"$1\":([0-9.]+).*/\1/"; }
wrk_max_ms() { # seconds connections -> "rps max_ms p99_ms"
  LB_MEMBERS=$MEMBERS LB_KEY=$ADMIN wrk -t1 -c"$2" -d"$1"s --latency -s "$ROOT/loadtests/http/submit.lua" "$BASE" |
    awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
         /Requests\/sec:/ { rps = $2 } /^ +Latency +[0-9]/ { max = ms($4) } /^ +99%/ { p99 = ms($2) }
         END { printf "%s %.1f %.1f\n", rps, max, p99 }'
}

{
echo "| members | snapshot time | snapshot size | longest submit during snapshot (p99 / max) | same without snapshot | restore from snapshot | replay from log only | Redis RDB load |"
echo "|---|---|---|---|---|---|---|---|"
} >"$WORK/table.md"

for MEMBERS in "${SIZES[@]}"; do
  DATA="$WORK/data-$MEMBERS"
  start_server "$DATA" everysec
  curl -sf -X PUT "$BASE/api/v1/boards/bench" -H "$AUTH" -H 'Content-Type: application/json' -d '{}' >/dev/null
  log "$MEMBERS members: importing"
  members_ndjson "$MEMBERS" | curl -sf -X POST "$BASE/api/v1/boards/bench/import" -H "$AUTH" -H 'Content-Type: application/x-ndjson' --data-binary @- >/dev/null

  log "$MEMBERS members: writes without a snapshot, then during one"
  read -r _ BASE_MAX BASE_P99 < <(wrk_max_ms 4 8)
  wrk_max_ms 8 8 >"$WORK/during.txt" &
  WRK_PID=$!
  sleep 1
  SNAP=$(curl -sf -X POST "$BASE/api/v1/admin/snapshots" -H "$AUTH")
  wait "$WRK_PID"
  read -r _ SNAP_MAX SNAP_P99 <"$WORK/during.txt"
  SNAP_MS=$(json_field elapsedMs <<<"$SNAP"); SNAP_BYTES=$(json_field bytes <<<"$SNAP")
  stop_server

  log "$MEMBERS members: restart from the snapshot"
  start_server "$DATA" everysec
  RESTORE=$(sed -nE 's/.*Recovered .* in ([0-9:.]+) \(snapshot.*/\1/p' "$WORK/server.log" | awk -F: '{ printf "%.2f", $1 * 3600 + $2 * 60 + $3 }')
  stop_server

  log "$MEMBERS members: restart from the log alone (a fresh data directory, no snapshot)"
  rm -rf "$DATA"
  start_server "$DATA" everysec
  curl -sf -X PUT "$BASE/api/v1/boards/bench" -H "$AUTH" -H 'Content-Type: application/json' -d '{}' >/dev/null
  members_ndjson "$MEMBERS" | curl -sf -X POST "$BASE/api/v1/boards/bench/import" -H "$AUTH" -H 'Content-Type: application/x-ndjson' --data-binary @- >/dev/null
  stop_server
  start_server "$DATA" everysec
  REPLAY=$(sed -nE 's/.*Recovered .* in ([0-9:.]+) \(snapshot.*/\1/p' "$WORK/server.log" | awk -F: '{ printf "%.2f", $1 * 3600 + $2 * 60 + $3 }')
  RECORDS=$(sed -nE 's/.*snapshot none, ([0-9]+) log records.*/\1/p' "$WORK/server.log")
  [[ -n $RECORDS ]] || { echo "durability-bench: no log-only recovery line" >&2; exit 1; }
  stop_server

  log "$MEMBERS members: Redis RDB load"
  RPORT=$(free_port 6490)
  mkdir -p "$WORK/redis"
  redis-server --bind 127.0.0.1 --port "$RPORT" --save '' --appendonly no --dir "$WORK/redis" --dbfilename dump.rdb --daemonize no >/dev/null 2>&1 &
  REDIS_PID=$!
  until redis-cli -p "$RPORT" ping >/dev/null 2>&1; do sleep 0.05; done
  redis_load_members "$RPORT" "$MEMBERS"
  redis-cli -p "$RPORT" save >/dev/null
  RDB_BYTES=$(stat -c %s "$WORK/redis/dump.rdb")
  stop_redis
  started=$(now)
  redis-server --bind 127.0.0.1 --port "$RPORT" --save '' --appendonly no --dir "$WORK/redis" --dbfilename dump.rdb --daemonize no >/dev/null 2>&1 &
  REDIS_PID=$!
  until [[ $(redis-cli -p "$RPORT" ping 2>/dev/null) == PONG ]]; do sleep 0.02; done
  RDB_LOAD=$(secs "$started" "$(now)")
  [[ $(redis-cli -p "$RPORT" zcard lb) == "$MEMBERS" ]] || { echo "durability-bench: Redis loaded the RDB with the wrong count" >&2; exit 1; }
  stop_redis
  rm -rf "$WORK/redis"

  printf '| %s | %.2f s | %s MiB | %s ms / %s ms | %s ms / %s ms | %s s | %s s (%s records, %s entries/s) | %s s (RDB %s MiB) |\n' \
    "$MEMBERS" "$(awk -v m="$SNAP_MS" 'BEGIN { print m / 1000 }')" "$((SNAP_BYTES / 1048576))" "$SNAP_P99" "$SNAP_MAX" "$BASE_P99" "$BASE_MAX" \
    "$RESTORE" "$REPLAY" "$RECORDS" "$(awk -v n="$MEMBERS" -v s="$REPLAY" 'BEGIN { printf "%d", n / s }')" "$RDB_LOAD" "$((RDB_BYTES / 1048576))" >>"$WORK/table.md"
  rm -rf "$DATA"
done

MEMBERS=${SIZES[0]}
{
echo
echo "| fsync policy, $MEMBERS members, 64 connections, no pipelining | submits/s | p99 | max |"
echo "|---|---|---|---|"
} >>"$WORK/table.md"
for policy in always everysec no; do
  DATA="$WORK/fsync-$policy"
  start_server "$DATA" "$policy"
  curl -sf -X PUT "$BASE/api/v1/boards/bench" -H "$AUTH" -H 'Content-Type: application/json' -d '{}' >/dev/null
  members_ndjson "$MEMBERS" | curl -sf -X POST "$BASE/api/v1/boards/bench/import" -H "$AUTH" -H 'Content-Type: application/x-ndjson' --data-binary @- >/dev/null
  log "fsync $policy: wrk submit, 64 connections"
  wrk_max_ms 3 64 >/dev/null
  read -r RPS MAX P99 < <(wrk_max_ms 10 64)
  echo "| $policy | $RPS | $P99 ms | $MAX ms |" >>"$WORK/table.md"
  stop_server
  rm -rf "$DATA"
done
tee "$OUT" <"$WORK/table.md"
