#!/usr/bin/env bash
# Submit and rank throughput over HTTP in one run: the embedded store; cluster mode with one service node; cluster
# mode with two service nodes (the connections split between them). Then the time from kill -9 of a Redis master
# to the first successful write, with WaitReplicas 0 and 1.
#
#   submit: POST /api/v1/boards/bench/scores  {"playerId":<existing>,"score":<random>}  (loadtests/http/submit.lua)
#   rank:   GET  /api/v1/boards/bench/players/<existing>                                 (loadtests/http/rank.lua)
#
# Every run uses the same board ({"partitions":PARTITIONS}) holding MEMBERS members with the same ids (12-digit
# zero-padded i) and random scores. The cluster is deploy/redis-cluster.sh's 6 nodes (3 masters, a replica each, AOF
# on, appendfsync everysec), on free ports in a temporary directory. wrk runs one client thread per service node.
# The failover: a writer per setting sends, one after another, a batch of 30 players (one per partition at least,
# so a batch succeeds only when every partition takes writes); the master of partition 0 is killed with SIGKILL and
# started again as a supervisor would (deploy/redis-cluster.sh start-node).
#
# Usage: bash loadtests/cluster/cluster-bench.sh [MEMBERS] [CONNECTIONS] [SECONDS] [PARTITIONS]
#   defaults: 200000 members, 50 connections, 10 s per wrk run, 3 partitions. Installs wrk, redis-server and
#   redis-tools with apt-get when missing. Writes loadtests/results/cluster-bench.md and .json and prints the table.

set -euo pipefail
export LC_ALL=C

MEMBERS=${1:-200000}
CONNECTIONS=${2:-50}
SECONDS_PER_RUN=${3:-10}
PARTITIONS=${4:-3}
for v in MEMBERS CONNECTIONS PARTITIONS; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "cluster-bench: $v must be a positive integer, got '${!v}'" >&2; exit 2; }
done
[[ $SECONDS_PER_RUN =~ ^[1-9][0-9]*$ && $SECONDS_PER_RUN -le 120 ]] || { echo "cluster-bench: SECONDS must be 1..120, got '$SECONDS_PER_RUN'" >&2; exit 2; }
[[ $CONNECTIONS -ge 2 ]] || { echo "cluster-bench: CONNECTIONS must be at least 2 (they are split over two nodes)" >&2; exit 2; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
HTTP_DIR="$ROOT/loadtests/http"
OUT_DIR="$ROOT/loadtests/results"
mkdir -p "$OUT_DIR"
WORK=$(mktemp -d)
PIDS=()
CLUSTER_UP=""
log() { printf '[cluster-bench] %s\n' "$*" >&2; }
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  [[ -n $CLUSTER_UP ]] && "$ROOT/deploy/redis-cluster.sh" down --port "$CLUSTER_PORT" --dir "$WORK/redis" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$SCRIPT_DIR/../lib/common.sh"
ensure_packages wrk:wrk redis-server:redis-server redis-cli:redis-tools curl:curl
wait_until() { local i; for ((i = 0; i < 600; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
now_ms() { date +%s%3N; }

log "building the server (Release)"
dotnet build -c Release "$ROOT/src/Leaderboards.Server" -v q -nologo >/dev/null
SERVER_DIR="$ROOT/src/Leaderboards.Server/bin/Release/net10.0"
ADMIN=bench-admin-key

# start_node NAME PORT SETTINGS... -> starts a service node in the background and waits until it is ready
start_node() {
  local name=$1 port=$2
  shift 2
  (cd "$SERVER_DIR" && LEADERBOARDS_DATA_DIR="$WORK/$name" LEADERBOARDS_ADMIN_KEY=$ADMIN Logging__LogLevel__Default=Warning \
    exec dotnet Leaderboards.Server.dll --urls "http://127.0.0.1:$port" "$@") >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  wait_until curl -sf "http://127.0.0.1:$port/readyz" || { cat "$WORK/$name.log" >&2; echo "cluster-bench: node $name did not start" >&2; exit 1; }
}
stop_nodes() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  PIDS=()
}

# load BASE -> creates board bench, a writer key (KEY), and MEMBERS members
load() {
  local base=$1
  curl -sf -X PUT "$base/api/v1/boards/bench" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"partitions\":$PARTITIONS}" >/dev/null
  KEY=$(curl -sf -X POST "$base/api/v1/admin/keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"name":"bench","role":"writer","permitsPerPeriod":0}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
  log "loading $MEMBERS members through $base (batches of 10,000)"
  service_load_members "$base" "$KEY" "$MEMBERS"
}

# wrk_to SCRIPT SECONDS CONNECTIONS BASE OUT -> one wrk run; OUT gets "rps p50 p99"
wrk_to() {
  LB_MEMBERS=$MEMBERS LB_KEY=$KEY wrk -t1 -c"$3" -d"$2"s --latency -s "$HTTP_DIR/$1" "$4" |
    awk '/Requests\/sec:/ { rps = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /Non-2xx/ { bad = $NF }
         END { if (bad > 0) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%s %s %s\n", rps, p50, p99 }' >"$5"
}
# measure SCRIPT BASE... -> "rps p50 p99": the connections split evenly over the given nodes, run at the same time;
# requests/s summed, latencies the worst node's
measure() {
  local script=$1 i n
  shift
  n=$#
  local per=$((CONNECTIONS / n)) pids=()
  for ((i = 1; i <= n; i++)); do wrk_to "$script" 3 "$per" "${!i}" "$WORK/warm.$i" & pids+=($!); done
  wait "${pids[@]}"
  pids=()
  for ((i = 1; i <= n; i++)); do wrk_to "$script" "$SECONDS_PER_RUN" "$per" "${!i}" "$WORK/run.$i" & pids+=($!); done
  wait "${pids[@]}"
  cat "$WORK"/run.* | awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    { rps += $1; if (ms($2) > p50) p50 = ms($2); if (ms($3) > p99) p99 = ms($3) } END { printf "%.0f %.2fms %.2fms\n", rps, p50, p99 }'
  rm -f "$WORK"/run.* "$WORK"/warm.*
}

# --------------------------------------------------------------------------- embedded
EMBEDDED_PORT=$(free_port 5090)
start_node embedded "$EMBEDDED_PORT"
load "http://127.0.0.1:$EMBEDDED_PORT"
log "embedded: wrk submit and rank, $CONNECTIONS connections, ${SECONDS_PER_RUN} s each"
read -r E_SUBMIT_RPS E_SUBMIT_P50 E_SUBMIT_P99 < <(measure submit.lua "http://127.0.0.1:$EMBEDDED_PORT")
read -r E_RANK_RPS E_RANK_P50 E_RANK_P99 < <(measure rank.lua "http://127.0.0.1:$EMBEDDED_PORT")
stop_nodes

# --------------------------------------------------------------------------- cluster mode
CLUSTER_PORT=$(free_port 7100)
log "starting a 6-node Redis Cluster on $CLUSTER_PORT.."
CLUSTER_UP=1
"$ROOT/deploy/redis-cluster.sh" up --port "$CLUSTER_PORT" --dir "$WORK/redis" >/dev/null
CLUSTER=(--Leaderboards:Store=redis "--Leaderboards:Redis:Endpoints=127.0.0.1:$CLUSTER_PORT")
A_PORT=$(free_port 5091)
start_node node-a "$A_PORT" "${CLUSTER[@]}"
A="http://127.0.0.1:$A_PORT"
load "$A"
log "cluster mode, one node: wrk submit and rank"
read -r C1_SUBMIT_RPS C1_SUBMIT_P50 C1_SUBMIT_P99 < <(measure submit.lua "$A")
read -r C1_RANK_RPS C1_RANK_P50 C1_RANK_P99 < <(measure rank.lua "$A")
B_PORT=$(free_port 5092)
start_node node-b "$B_PORT" "${CLUSTER[@]}"
B="http://127.0.0.1:$B_PORT"
log "cluster mode, two nodes: wrk submit and rank, $((CONNECTIONS / 2)) connections on each"
read -r C2_SUBMIT_RPS C2_SUBMIT_P50 C2_SUBMIT_P99 < <(measure submit.lua "$A" "$B")
read -r C2_RANK_RPS C2_RANK_P50 C2_RANK_P99 < <(measure rank.lua "$A" "$B")

# --------------------------------------------------------------------------- failover
W_PORT=$(free_port 5093)
start_node node-wait "$W_PORT" "${CLUSTER[@]}" --Leaderboards:Redis:WaitReplicas=1
BATCH=$(awk 'BEGIN { printf "{\"entries\":["; for (j = 0; j < 30; j++) printf "%s{\"playerId\":\"fo%02d\",\"score\":SCORE}", (j ? "," : ""), j; printf "]}" }')
# writer BASE OUT -> until stopped, one batch after another; OUT gets "sent-at status" per answer
writer() {
  local n=0 status sent
  while [[ ! -e $WORK/stop ]] && ((n < 100000)); do
    n=$((n + 1))
    sent=$(now_ms)
    status=$(curl -s -o /dev/null -w '%{http_code}' -m 10 -X POST "$1/api/v1/boards/bench/scores/batch" -H "Authorization: Bearer $ADMIN" \
      -H 'Content-Type: application/json' -d "${BATCH//SCORE/$n}")
    echo "$sent $status" >>"$2"
  done
}
writer "$A" "$WORK/fo-a" & WRITER_A=$!
writer "http://127.0.0.1:$W_PORT" "$WORK/fo-w" & WRITER_W=$!
wait_until test -s "$WORK/fo-w"
VICTIM=""
for ((port = CLUSTER_PORT; port < CLUSTER_PORT + 6; port++)); do
  [[ $(redis-cli -p "$port" role | awk 'NR == 1') == master ]] || continue
  if [[ -n $(redis-cli -p "$port" --scan --pattern 'lb:{bench/*:0}:z' | awk 'NR == 1') ]]; then VICTIM=$port; break; fi
done
[[ -n $VICTIM ]] || { echo "cluster-bench: could not find the master of partition 0" >&2; exit 1; }
sleep 2
KILLED=$(now_ms)
kill -9 "$(cat "$WORK/redis/$VICTIM/redis.pid")"
log "killed the master on $VICTIM (partition 0 of board bench); starting it again as a supervisor would"
"$ROOT/deploy/redis-cluster.sh" start-node "$VICTIM" --port "$CLUSTER_PORT" --dir "$WORK/redis" >/dev/null
acknowledged_since_kill() { [[ -n $(awk -v k="$KILLED" '$1 > k && $2 == 200' "$1") ]]; }
wait_until acknowledged_since_kill "$WORK/fo-w" || {
  tail -3 "$WORK/fo-w" >&2; tail -5 "$WORK/node-wait.log" >&2
  echo "cluster-bench: no write was acknowledged with WaitReplicas=1 within 60 s of the kill" >&2; exit 1
}
sleep 2
touch "$WORK/stop"
wait "$WRITER_A" "$WRITER_W"
# the first batch sent after the kill that was acknowledged, counted from the kill to when it was sent
first_ok() { awk -v k="$KILLED" '$1 > k && $2 == 200 { printf "%.2f", ($1 - k) / 1000; exit }' "$1"; }
answers() { awk -v k="$KILLED" '$1 > k { n[$2]++ } END { for (s in n) printf "%s%s x%d", (c++ ? ", " : ""), s, n[s] }' "$1"; }
FO_A=$(first_ok "$WORK/fo-a"); FO_W=$(first_ok "$WORK/fo-w")
FO_A_ANSWERS=$(answers "$WORK/fo-a"); FO_W_ANSWERS=$(answers "$WORK/fo-w")
stop_nodes

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo "| $MEMBERS members, $PARTITIONS partitions, $CONNECTIONS connections, no pipelining | submit/s | p50 | p99 | rank/s | p50 | p99 |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "| embedded | $E_SUBMIT_RPS | $E_SUBMIT_P50 | $E_SUBMIT_P99 | $E_RANK_RPS | $E_RANK_P50 | $E_RANK_P99 |"
  echo "| cluster mode, 1 service node | $C1_SUBMIT_RPS | $C1_SUBMIT_P50 | $C1_SUBMIT_P99 | $C1_RANK_RPS | $C1_RANK_P50 | $C1_RANK_P99 |"
  echo "| cluster mode, 2 service nodes | $C2_SUBMIT_RPS | $C2_SUBMIT_P50 | $C2_SUBMIT_P99 | $C2_RANK_RPS | $C2_RANK_P50 | $C2_RANK_P99 |"
  echo
  echo "cluster, 2 nodes / 1 node: submit $(ratio "$C2_SUBMIT_RPS" "$C1_SUBMIT_RPS")x, rank $(ratio "$C2_RANK_RPS" "$C1_RANK_RPS")x"
  echo "kill -9 of the master of partition 0 -> first batch sent after it that is acknowledged whole: WaitReplicas=0 ${FO_A} s, WaitReplicas=1 ${FO_W} s"
  echo "answers after the kill: WaitReplicas=0 $FO_A_ANSWERS; WaitReplicas=1 $FO_W_ANSWERS"
  within() { awk -v t="$1" 'BEGIN { print (t != "" && t <= 5) ? "yes" : "no" }'; }
  echo "within cluster-node-timeout (2 s) + 3 s: WaitReplicas=0 $(within "$FO_A"), WaitReplicas=1 $(within "$FO_W")"
} | tee "$OUT_DIR/cluster-bench.md"
cat >"$OUT_DIR/cluster-bench.json" <<JSON
{"members":$MEMBERS,"partitions":$PARTITIONS,"connections":$CONNECTIONS,"seconds":$SECONDS_PER_RUN,
 "embedded":{"submit":{"rps":$E_SUBMIT_RPS,"p50":"$E_SUBMIT_P50","p99":"$E_SUBMIT_P99"},"rank":{"rps":$E_RANK_RPS,"p50":"$E_RANK_P50","p99":"$E_RANK_P99"}},
 "cluster1":{"submit":{"rps":$C1_SUBMIT_RPS,"p50":"$C1_SUBMIT_P50","p99":"$C1_SUBMIT_P99"},"rank":{"rps":$C1_RANK_RPS,"p50":"$C1_RANK_P50","p99":"$C1_RANK_P99"}},
 "cluster2":{"submit":{"rps":$C2_SUBMIT_RPS,"p50":"$C2_SUBMIT_P50","p99":"$C2_SUBMIT_P99"},"rank":{"rps":$C2_RANK_RPS,"p50":"$C2_RANK_P50","p99":"$C2_RANK_P99"}},
 "failover":{"waitReplicas0Seconds":"$FO_A","waitReplicas1Seconds":"$FO_W"}}
JSON
