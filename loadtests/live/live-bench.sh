#!/usr/bin/env bash
# The live scenario: WATCHERS WebSocket watchers on one board while RATE scores a second arrive, against a Release
# build of the service on loopback. Reports submit-to-receipt p50/p99, messages a second, server CPU and memory, and
# whether every watcher ended on the board's final state. Watchers follow the top LIMIT. STALLED clients subscribe to
# another board's top 100 (about 1 KiB of metadata per entry) and never read, beside the watchers. Before the SECONDS
# measured, the writer runs WARMUP seconds at the same rate with the watchers connected, and none of it is recorded: the
# figures are those of a server in steady state, past the JIT's recompiling of its hot paths. WARMUP=0 measures the
# server from its first write, as the figures recorded before the warm-up existed did.
#
# Usage: bash loadtests/live/live-bench.sh [WATCHERS=5000] [RATE=2000] [SECONDS=30] [STALLED=0] [LIMIT=10] [WARMUP=10]
# SERVER_ROOT=DIR builds and runs the server of another checkout (an earlier commit, for a before/after figure).
# Writes loadtests/results/live.md and live.json.
set -euo pipefail
WATCHERS=${1:-5000}
RATE=${2:-2000}
SECONDS_TO_RUN=${3:-30}
STALLED=${4:-0}
LIMIT=${5:-10}
WARMUP=${6:-10}
for v in "$WATCHERS" "$RATE" "$SECONDS_TO_RUN"; do [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "live-bench: arguments must be positive integers, got '$v'" >&2; exit 2; }; done
[[ $STALLED =~ ^[0-9]+$ ]] || { echo "live-bench: STALLED must be a whole number, got '$STALLED'" >&2; exit 2; }
[[ $WARMUP =~ ^[0-9]+$ ]] || { echo "live-bench: WARMUP must be a whole number of seconds, got '$WARMUP'" >&2; exit 2; }
[[ $LIMIT =~ ^[1-9][0-9]*$ ]] || { echo "live-bench: LIMIT must be a positive integer, got '$LIMIT'" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVER_ROOT=$(cd "${SERVER_ROOT:-$ROOT}" && pwd)
WORK=$(mktemp -d)
SERVER_PID=""
trap '[[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
# Two sockets per watcher across the two processes.
ulimit -n "$(ulimit -Hn)"

dotnet build -c Release "$SERVER_ROOT/src/Leaderboards.Server" -v q -nologo >/dev/null
dotnet build -c Release "$ROOT/loadtests/Leaderboards.LoadTests" -v q -nologo >/dev/null
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$ROOT/loadtests/lib/common.sh"
PORT=$(free_port 5290)
BASE="http://127.0.0.1:$PORT"
KEY=live-bench-admin
(cd "$SERVER_ROOT/src/Leaderboards.Server/bin/Release/net10.0" && LEADERBOARDS_DATA_DIR="$WORK/data" LEADERBOARDS_ADMIN_KEY=$KEY \
  Leaderboards__RateLimits__PermitsPerPeriod=0 Leaderboards__RateLimits__AnonymousPermitsPerPeriod=0 Logging__LogLevel__Default=Warning \
  exec dotnet Leaderboards.Server.dll --urls "$BASE") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do [[ $(curl -s "$BASE/readyz" || true) == ready ]] && break; sleep 0.1; done
dotnet "$ROOT/loadtests/Leaderboards.LoadTests/bin/Release/net10.0/Leaderboards.LoadTests.dll" live --url "$BASE" --key "$KEY" \
  --watchers "$WATCHERS" --stalled "$STALLED" --limit "$LIMIT" --rate "$RATE" --seconds "$SECONDS_TO_RUN" --warmup "$WARMUP" --server-pid "$SERVER_PID" --out "$ROOT/loadtests/results"
