#!/usr/bin/env bash
# Restore and replay in a process beside Redis's RDB load of the same members, alternating, in one run.
#
# Builds the benchmark project, writes the engine's data once (a board with MEMBERS imported: one directory with a
# snapshot, one with the log alone) and Redis's RDB of the same members once, then ROUNDS times: times redis-server
# loading the RDB (start to PING answered, ZCARD checked) and the recovery probe (`Leaderboards.Benchmarks recovery`),
# once restoring from the snapshot and once replaying the log, each in a freshly started process as a server meets
# them (not compiled yet, heap not grown). Prints each round and the medians; no HTTP is involved.
#
# Usage: bash loadtests/durability/recovery-vs-redis.sh [MEMBERS] [ROUNDS]   (default: 10000000 3)
# Writes loadtests/results/recovery-vs-redis.md and prints it. Installs redis-server and redis-tools when missing.

set -euo pipefail
export LC_ALL=C
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
OUT="$ROOT/loadtests/results/recovery-vs-redis.md"
MEMBERS=${1:-10000000}
ROUNDS=${2:-3}
[[ $MEMBERS =~ ^[1-9][0-9]*$ && $ROUNDS =~ ^[1-9][0-9]?$ ]] ||
  { echo "recovery-vs-redis: MEMBERS must be a positive integer and ROUNDS 1-99, got '$MEMBERS' '$ROUNDS'" >&2; exit 2; }
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d)
REDIS_PID=""
log() { printf '[recovery-vs-redis] %s\n' "$*" >&2; }
stop_redis() { if [[ -n $REDIS_PID ]]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""; fi; }
trap 'stop_redis; rm -rf "$WORK"' EXIT

# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$SCRIPT_DIR/../lib/common.sh"
ensure_packages redis-server:redis-server redis-cli:redis-tools
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

log "building the benchmarks (Release)"
dotnet build -c Release "$ROOT/loadtests/Leaderboards.Benchmarks" -nologo -v q >/dev/null
PROBE=("dotnet" "$ROOT/loadtests/Leaderboards.Benchmarks/bin/Release/net10.0/Leaderboards.Benchmarks.dll" recovery "$MEMBERS" "$WORK/engine")

RPORT=$(free_port 6490)
start_redis() {
  redis-server --bind 127.0.0.1 --port "$RPORT" --save '' --appendonly no --dir "$WORK/redis" --dbfilename dump.rdb --daemonize no >/dev/null 2>&1 &
  REDIS_PID=$!
}
log "writing Redis's RDB of $MEMBERS members"
mkdir -p "$WORK/redis"
start_redis
until redis-cli -p "$RPORT" ping >/dev/null 2>&1; do sleep 0.05; done
redis_load_members "$RPORT" "$MEMBERS"
redis-cli -p "$RPORT" save >/dev/null
RDB_MIB=$(($(stat -c %s "$WORK/redis/dump.rdb") / 1048576))
stop_redis

log "writing the engine's snapshot and log of $MEMBERS members"
"${PROBE[@]}" >/dev/null

{
  echo "| round | Redis RDB load | engine restore from snapshot | restore / Redis | engine replay of the log | replay rate |"
  echo "|---:|---:|---:|---:|---:|---:|"
} >"$WORK/table.md"
for ((round = 1; round <= ROUNDS; round++)); do
  log "round $round: Redis RDB load"
  started=$(now)
  start_redis
  until [[ $(redis-cli -p "$RPORT" ping 2>/dev/null) == PONG ]]; do sleep 0.02; done
  rdb=$(secs "$started" "$(now)")
  [[ $(redis-cli -p "$RPORT" zcard lb) == "$MEMBERS" ]] || { echo "recovery-vs-redis: Redis loaded the RDB with the wrong count" >&2; exit 1; }
  stop_redis
  # Each recovery in a process of its own, as a server meets it: its code not yet compiled, its heap not yet grown.
  log "round $round: engine restore"
  restore=$("${PROBE[@]}" restore | sed -nE 's/.*restore_seconds=([0-9.]+).*/\1/p')
  log "round $round: engine replay"
  replay=$("${PROBE[@]}" replay | sed -nE 's/.*replay_seconds=([0-9.]+).*/\1/p')
  [[ -n $restore && -n $replay ]] || { echo "recovery-vs-redis: the probe printed no time" >&2; exit 1; }
  echo "$rdb $restore $replay" >>"$WORK/rounds"
  printf '| %d | %s s | %s s | %.2fx | %s s | %s entries/s |\n' "$round" "$rdb" "$restore" \
    "$(awk -v a="$restore" -v b="$rdb" 'BEGIN { print a / b }')" "$replay" "$(awk -v n="$MEMBERS" -v s="$replay" 'BEGIN { printf "%d", n / s }')" >>"$WORK/table.md"
done
rdb=$(awk '{ print $1 }' "$WORK/rounds" | median)
restore=$(awk '{ print $2 }' "$WORK/rounds" | median)
replay=$(awk '{ print $3 }' "$WORK/rounds" | median)
printf '| median | %s s | %s s | %.2fx | %s s | %s entries/s |\n' "$rdb" "$restore" \
  "$(awk -v a="$restore" -v b="$rdb" 'BEGIN { print a / b }')" "$replay" "$(awk -v n="$MEMBERS" -v s="$replay" 'BEGIN { printf "%d", n / s }')" >>"$WORK/table.md"
{
  echo "# Recovery beside Redis's RDB load, $MEMBERS members (RDB $RDB_MIB MiB), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  cat "$WORK/table.md"
} | tee "$OUT"
