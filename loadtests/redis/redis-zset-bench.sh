#!/usr/bin/env bash
# Redis sorted-set reference benchmark (loopback only).
#
# Measures, for one sorted set `lb` holding MEMBERS members:
#   * bulk load time: RESP stream of ZADD commands (1000 members each) piped
#     through `redis-cli --pipe`, wall clock including stream generation;
#   * memory: INFO used_memory after load minus before load, per member;
#   * persistence: size of dump.rdb written by SAVE, and the wall time from
#     starting redis-server on that dump until it answers with the key loaded;
#   * throughput: redis-benchmark requests/second for
#       ZADD lb <score> <member>            (score change of an existing member)
#       ZREVRANK lb <member>
#       ZREVRANGE lb 0 99 WITHSCORES
#     each with 50 clients, pipelined (-P 32) and not pipelined (-P 1);
#   * server-side cost: INFO commandstats usec_per_call for the three commands,
#     aggregated over the pipelined and the non-pipelined runs.
#
# Member ids are the 12-digit zero-padded decimal of i for i in [0, MEMBERS),
# e.g. 000000000042. redis-benchmark expands each __rand_int__ to the same form
# (12 digits, zero-padded, uniform in [0, -r)), so with -r MEMBERS the
# benchmark commands address existing members. The script checks this on the
# installed redis-benchmark before measuring and stops if it does not hold.
# Scores are uniform random integers in [0, 1e9) from awk's srand(42).
#
# The script starts its own redis-server on 127.0.0.1 (first free port from
# 6390, or from REDIS_BENCH_PORT), with no automatic saving and no AOF, in a
# temporary directory, and stops it on exit. No other Redis instance is used.
#
# Usage: bash loadtests/redis/redis-zset-bench.sh MEMBERS [OUT_DIR]
# Writes OUT_DIR/redis-MEMBERS.json and OUT_DIR/redis-MEMBERS.md and prints the
# markdown on stdout; progress goes to stderr.

set -euo pipefail
export LC_ALL=C

readonly KEY=lb
readonly SCORE_SEED=42
readonly ZADD_BATCH=1000
readonly CLIENTS=50
readonly PIPELINE=32
readonly PORT_FIRST=${REDIS_BENCH_PORT:-6390}
readonly PORT_TRIES=100
readonly PROBE_REQUESTS=2000
# redis-benchmark request counts (-n), chosen so each run lasts a few seconds.
readonly N_ZADD_P32=1000000
readonly N_ZREVRANK_P32=1000000
readonly N_ZREVRANGE_P32=100000
readonly N_ZADD_P1=300000
readonly N_ZREVRANK_P1=300000
readonly N_ZREVRANGE_P1=50000
# Upper bounds for waiting on the server (iterations of a 20 ms poll).
readonly START_POLLS=1500    # 30 s for an empty server
readonly RELOAD_POLLS=30000  # 600 s for loading the dump
# redis-benchmark takes -r with atoi() and draws with random() (31 bits).
readonly MAX_MEMBERS=2147483647

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR

usage() {
  cat >&2 <<EOF
usage: bash loadtests/redis/redis-zset-bench.sh MEMBERS [OUT_DIR]
  MEMBERS  number of members in the sorted set, integer in [1, ${MAX_MEMBERS}]
           (e.g. 1000000 or 10000000)
  OUT_DIR  where redis-MEMBERS.json and redis-MEMBERS.md are written
           (default: loadtests/results)
EOF
}

log() { printf '[redis-zset-bench] %s\n' "$*" >&2; }

die() {
  printf 'redis-zset-bench: error: %s\n' "$*" >&2
  exit 1
}

# Bad command line: usage and the reason on stderr, exit status 2.
usage_error() {
  usage
  printf 'redis-zset-bench: error: %s\n' "$*" >&2
  exit 2
}

now() { printf '%s\n' "${EPOCHREALTIME:-$(date +%s.%N)}"; }

# elapsed START END -> seconds with millisecond precision
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

# ---------------------------------------------------------------- arguments

if (($# < 1 || $# > 2)); then
  usage
  exit 2
fi

MEMBERS=$1
if [[ ! $MEMBERS =~ ^[1-9][0-9]*$ ]]; then
  usage_error "MEMBERS must be a positive integer without sign, separators or leading zeros, got '${MEMBERS}'"
fi
if ((${#MEMBERS} > ${#MAX_MEMBERS})) || ((MEMBERS > MAX_MEMBERS)); then
  usage_error "MEMBERS must be at most ${MAX_MEMBERS} (redis-benchmark -r limit), got ${MEMBERS}"
fi
readonly MEMBERS

OUT_DIR=${2:-${SCRIPT_DIR}/../results}
[[ -n $OUT_DIR ]] || usage_error "OUT_DIR must not be empty"
mkdir -p -- "$OUT_DIR" || die "cannot create OUT_DIR '${OUT_DIR}'"
OUT_DIR=$(cd -- "$OUT_DIR" && pwd)
[[ -w $OUT_DIR ]] || die "OUT_DIR '${OUT_DIR}' is not writable"
readonly OUT_DIR

# ---------------------------------------------------------------- tools

ensure_redis_tools() {
  local tool missing=0
  for tool in redis-server redis-cli redis-benchmark; do
    command -v "$tool" >/dev/null 2>&1 || missing=1
  done
  ((missing)) || return 0

  log "redis-server/redis-cli/redis-benchmark missing; installing redis-server redis-tools"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install redis-server and redis-tools manually"
  local -a sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || die "not root and sudo not available; install redis-server and redis-tools manually"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server redis-tools
  for tool in redis-server redis-cli redis-benchmark; do
    command -v "$tool" >/dev/null 2>&1 || die "${tool} still missing after installing packages"
  done
}

ensure_redis_tools
command -v awk >/dev/null 2>&1 || die "awk is required"

# ---------------------------------------------------------------- server control

WORK_DIR=
SERVER_PID=
PORT=

cleanup() {
  local rc=$?
  stop_server
  if [[ -n $WORK_DIR && -d $WORK_DIR ]]; then
    rm -rf -- "$WORK_DIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rcli() { redis-cli -h 127.0.0.1 -p "$PORT" "$@"; }

# info_field SECTION FIELD -> value of FIELD from INFO SECTION
info_field() {
  rcli INFO "$1" | tr -d '\r' | awk -F: -v k="$2" '$1 == k { print $2; exit }'
}

# Port with nothing listening on 127.0.0.1 (a refused connect), bounded scan.
pick_port() {
  local p
  for ((p = PORT_FIRST; p < PORT_FIRST + PORT_TRIES; p++)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/${p}") 2>/dev/null; then
      printf '%s\n' "$p"
      return 0
    fi
  done
  return 1
}

start_server() {
  redis-server \
    --bind 127.0.0.1 --port "$PORT" --protected-mode yes \
    --save '' --appendonly no \
    --dir "$WORK_DIR" --dbfilename dump.rdb \
    --logfile "$WORK_DIR/redis.log" --daemonize no \
    </dev/null >/dev/null 2>&1 &
  SERVER_PID=$!
}

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  local i
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    # SIGTERM: with no save points configured, redis-server exits without saving.
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

server_log_tail() {
  if [[ -f $WORK_DIR/redis.log ]]; then
    tail -n 20 -- "$WORK_DIR/redis.log" >&2 || true
  fi
}

# wait_ready MAX_POLLS EXPECTED_DBSIZE: poll until the server started by
# start_server reports loading:0 and DBSIZE equals EXPECTED_DBSIZE, then check
# that the answering process is that server.
wait_ready() {
  local max=$1 want=$2 i info size pid
  for ((i = 0; i < max; i++)); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      server_log_tail
      die "redis-server (pid ${SERVER_PID}) exited during startup on port ${PORT}"
    fi
    if info=$(rcli INFO persistence 2>/dev/null) && [[ $info == *$'loading:0\r'* ]]; then
      size=$(rcli DBSIZE 2>/dev/null || true)
      if [[ $size == "$want" ]]; then
        pid=$(info_field server process_id)
        [[ $pid == "$SERVER_PID" ]] ||
          die "port ${PORT} is answered by pid '${pid}', not by the redis-server started here (${SERVER_PID})"
        return 0
      fi
    fi
    sleep 0.02
  done
  server_log_tail
  die "redis-server on port ${PORT} not ready after ${max} polls"
}

# ---------------------------------------------------------------- start

WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/redis-zset-bench.XXXXXX")
PORT=$(pick_port) || die "no free port in ${PORT_FIRST}..$((PORT_FIRST + PORT_TRIES - 1))"
log "redis-server on 127.0.0.1:${PORT}, dir ${WORK_DIR}"
start_server
wait_ready "$START_POLLS" 0

REDIS_VERSION=$(info_field server redis_version)
log "redis ${REDIS_VERSION}, ${MEMBERS} members"

# ---------------------------------------------------------------- load

# RESP stream: ZADD lb s0 m0 s1 m1 ... with ZADD_BATCH members per command.
gen_resp() {
  awk -v n="$MEMBERS" -v batch="$ZADD_BATCH" -v seed="$SCORE_SEED" -v key="$KEY" '
    BEGIN {
      srand(seed)
      for (start = 0; start < n; start += batch) {
        cnt = n - start
        if (cnt > batch) cnt = batch
        printf "*%d\r\n$4\r\nZADD\r\n$%d\r\n%s\r\n", 2 + 2 * cnt, length(key), key
        for (i = start; i < start + cnt; i++) {
          s = int(rand() * 1000000000)
          printf "$%d\r\n%d\r\n$12\r\n%012d\r\n", length(s ""), s, i
        }
      }
    }'
}

MEM_BEFORE=$(info_field memory used_memory)
log "loading ${MEMBERS} members (${ZADD_BATCH} per ZADD) via redis-cli --pipe"
t0=$(now)
pipe_out=$(gen_resp | rcli --pipe 2>&1) || {
  printf '%s\n' "$pipe_out" >&2
  die "redis-cli --pipe failed"
}
t1=$(now)
LOAD_SECONDS=$(elapsed "$t0" "$t1")
[[ $pipe_out == *"errors: 0,"* ]] || {
  printf '%s\n' "$pipe_out" >&2
  die "redis-cli --pipe reported errors"
}
CARD=$(rcli ZCARD "$KEY")
[[ $CARD == "$MEMBERS" ]] || die "ZCARD ${KEY} is ${CARD}, expected ${MEMBERS}"
MEM_AFTER=$(info_field memory used_memory)
BYTES_PER_MEMBER=$(awk -v a="$MEM_BEFORE" -v b="$MEM_AFTER" -v n="$MEMBERS" 'BEGIN { printf "%.1f\n", (b - a) / n }')
log "loaded in ${LOAD_SECONDS} s; encoding $(rcli OBJECT ENCODING "$KEY"); used_memory ${MEM_BEFORE} -> ${MEM_AFTER} (${BYTES_PER_MEMBER} B/member)"

# ---------------------------------------------------------------- RDB size and load time

log "SAVE"
t0=$(now)
save_reply=$(rcli SAVE)
t1=$(now)
[[ $save_reply == OK ]] || die "SAVE answered '${save_reply}'"
RDB_SAVE_SECONDS=$(elapsed "$t0" "$t1")
RDB_BYTES=$(stat -c %s -- "$WORK_DIR/dump.rdb")
log "dump.rdb ${RDB_BYTES} bytes, saved in ${RDB_SAVE_SECONDS} s; restarting on the dump"

stop_server
t0=$(now)
start_server
wait_ready "$RELOAD_POLLS" 1
t1=$(now)
RDB_LOAD_SECONDS=$(elapsed "$t0" "$t1")
CARD=$(rcli ZCARD "$KEY")
[[ $CARD == "$MEMBERS" ]] || die "after reload ZCARD ${KEY} is ${CARD}, expected ${MEMBERS}"
# The server's own figure ("DB loaded from disk: X seconds"), for reference.
RDB_LOAD_SECONDS_LOG=$(awk '/DB loaded from disk:/ { for (i = 1; i < NF; i++) if ($i == "disk:") v = $(i + 1) } END { print (v == "" ? "null" : v) }' "$WORK_DIR/redis.log")
log "restart to key loaded: ${RDB_LOAD_SECONDS} s (server log: ${RDB_LOAD_SECONDS_LOG} s)"

# ---------------------------------------------------------------- __rand_int__ check

# Record what redis-benchmark -r MEMBERS substitutes for __rand_int__ (SADD into
# a scratch set) and require every value to be a 12-digit id of a member of lb.
log "checking redis-benchmark __rand_int__ expansion against member ids"
rcli DEL probe probe_hits >/dev/null
redis-benchmark -h 127.0.0.1 -p "$PORT" -r "$MEMBERS" -n "$PROBE_REQUESTS" -c 1 -P 1 -q \
  SADD probe __rand_int__ >/dev/null
PROBE_CARD=$(rcli SCARD probe)
((PROBE_CARD > 0)) || die "redis-benchmark did not run SADD probe __rand_int__"
BAD_FORMAT=$(rcli SMEMBERS probe | tr -d '\r' | awk '!/^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/' | wc -l)
PROBE_HITS=$(rcli ZINTERSTORE probe_hits 2 "$KEY" probe)
rcli DEL probe probe_hits >/dev/null
if ((BAD_FORMAT != 0 || PROBE_HITS != PROBE_CARD)); then
  die "redis-benchmark __rand_int__ does not expand to existing member ids (${BAD_FORMAT} values not 12 digits; ${PROBE_HITS}/${PROBE_CARD} found in ${KEY})"
fi
log "ok: ${PROBE_CARD} distinct values, all 12-digit ids present in ${KEY}"

# ---------------------------------------------------------------- throughput

rcli CONFIG RESETSTAT >/dev/null

declare -A RPS P50 P99

# bench LABEL REQUESTS PIPELINE COMMAND... -> RPS/P50/P99[LABEL]
bench() {
  local label=$1 n=$2 p=$3 out line
  shift 3
  log "redis-benchmark -c ${CLIENTS} -P ${p} -n ${n} -r ${MEMBERS}: $*"
  out=$(redis-benchmark -h 127.0.0.1 -p "$PORT" -r "$MEMBERS" -n "$n" -c "$CLIENTS" -P "$p" --csv "$@") ||
    die "redis-benchmark failed for: $*"
  # CSV: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  line=$(printf '%s\n' "$out" | tr -d '\r' | awk -F'","' 'NR == 2 { print $2, $5, $7 }')
  read -r "RPS[$label]" "P50[$label]" "P99[$label]" <<<"$line"
  [[ ${RPS[$label]:-} =~ ^[0-9]+(\.[0-9]+)?$ ]] || {
    printf '%s\n' "$out" >&2
    die "could not read requests/second for: $*"
  }
  log "  ${RPS[$label]} req/s, p50 ${P50[$label]} ms, p99 ${P99[$label]} ms"
}

bench zadd_p32 "$N_ZADD_P32" "$PIPELINE" ZADD "$KEY" __rand_int__ __rand_int__
bench zrevrank_p32 "$N_ZREVRANK_P32" "$PIPELINE" ZREVRANK "$KEY" __rand_int__
bench zrevrange_p32 "$N_ZREVRANGE_P32" "$PIPELINE" ZREVRANGE "$KEY" 0 99 WITHSCORES
bench zadd_p1 "$N_ZADD_P1" 1 ZADD "$KEY" __rand_int__ __rand_int__
bench zrevrank_p1 "$N_ZREVRANK_P1" 1 ZREVRANK "$KEY" __rand_int__
bench zrevrange_p1 "$N_ZREVRANGE_P1" 1 ZREVRANGE "$KEY" 0 99 WITHSCORES

CMDSTATS=$(rcli INFO commandstats | tr -d '\r')

# cmdstat FIELD COMMAND -> FIELD from cmdstat_COMMAND:calls=..,usec=..,usec_per_call=..,..
cmdstat() {
  printf '%s\n' "$CMDSTATS" | awk -F'[:,]' -v c="cmdstat_$2" -v f="$1" '
    $1 == c { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) { print kv[2]; exit } } }'
}

declare -A USEC
for cmd in zadd zrevrank zrevrange; do
  USEC[$cmd]=$(cmdstat usec_per_call "$cmd")
  [[ -n ${USEC[$cmd]} ]] || die "no commandstats for ${cmd}"
  failed=$(cmdstat failed_calls "$cmd")
  [[ ${failed:-0} == 0 ]] || die "${failed} failed ${cmd} calls during the benchmark"
done

CARD=$(rcli ZCARD "$KEY")
[[ $CARD == "$MEMBERS" ]] || die "after the benchmark ZCARD ${KEY} is ${CARD}, expected ${MEMBERS} (ZADD created members)"

stop_server

# ---------------------------------------------------------------- output

JSON_FILE=$OUT_DIR/redis-$MEMBERS.json
MD_FILE=$OUT_DIR/redis-$MEMBERS.md

cat >"$JSON_FILE" <<EOF
{
  "members": ${MEMBERS},
  "redis_version": "${REDIS_VERSION}",
  "load_seconds": ${LOAD_SECONDS},
  "used_memory_before_bytes": ${MEM_BEFORE},
  "used_memory_after_bytes": ${MEM_AFTER},
  "used_memory_bytes_per_member": ${BYTES_PER_MEMBER},
  "rdb_bytes": ${RDB_BYTES},
  "rdb_save_seconds": ${RDB_SAVE_SECONDS},
  "rdb_load_seconds": ${RDB_LOAD_SECONDS},
  "rdb_load_seconds_server_log": ${RDB_LOAD_SECONDS_LOG},
  "usec_per_call": {
    "zadd": ${USEC[zadd]},
    "zrevrank": ${USEC[zrevrank]},
    "zrevrange": ${USEC[zrevrange]}
  },
  "rps": {
    "zadd_p32": ${RPS[zadd_p32]},
    "zrevrank_p32": ${RPS[zrevrank_p32]},
    "zrevrange_p32": ${RPS[zrevrange_p32]},
    "zadd_p1": ${RPS[zadd_p1]},
    "zrevrank_p1": ${RPS[zrevrank_p1]},
    "zrevrange_p1": ${RPS[zrevrange_p1]}
  },
  "client_latency_ms": {
    "zadd_p32": {"p50": ${P50[zadd_p32]}, "p99": ${P99[zadd_p32]}},
    "zrevrank_p32": {"p50": ${P50[zrevrank_p32]}, "p99": ${P99[zrevrank_p32]}},
    "zrevrange_p32": {"p50": ${P50[zrevrange_p32]}, "p99": ${P99[zrevrange_p32]}},
    "zadd_p1": {"p50": ${P50[zadd_p1]}, "p99": ${P99[zadd_p1]}},
    "zrevrank_p1": {"p50": ${P50[zrevrank_p1]}, "p99": ${P99[zrevrank_p1]}},
    "zrevrange_p1": {"p50": ${P50[zrevrange_p1]}, "p99": ${P99[zrevrange_p1]}}
  },
  "benchmark": {
    "clients": ${CLIENTS},
    "pipeline": ${PIPELINE},
    "requests": {
      "zadd_p32": ${N_ZADD_P32}, "zrevrank_p32": ${N_ZREVRANK_P32}, "zrevrange_p32": ${N_ZREVRANGE_P32},
      "zadd_p1": ${N_ZADD_P1}, "zrevrank_p1": ${N_ZREVRANK_P1}, "zrevrange_p1": ${N_ZREVRANGE_P1}
    },
    "cpus": $(nproc 2>/dev/null || echo null)
  }
}
EOF

cat >"$MD_FILE" <<EOF
### Redis ${REDIS_VERSION} sorted set, ${MEMBERS} members

Loopback, redis-server and redis-benchmark on the same host ($(nproc 2>/dev/null || echo '?') CPUs), ${CLIENTS} clients.
usec_per_call is time inside the command (INFO commandstats, pipelined and non-pipelined runs together).

| Metric | Value |
|---|---:|
| Load seconds (redis-cli --pipe, ${ZADD_BATCH} members per ZADD) | ${LOAD_SECONDS} |
| used_memory bytes per member | ${BYTES_PER_MEMBER} |
| RDB bytes | ${RDB_BYTES} |
| RDB load seconds (restart until key loaded) | ${RDB_LOAD_SECONDS} |
| ZADD usec_per_call | ${USEC[zadd]} |
| ZREVRANK usec_per_call | ${USEC[zrevrank]} |
| ZREVRANGE 0 99 WITHSCORES usec_per_call | ${USEC[zrevrange]} |
| ZADD req/s, -P ${PIPELINE} | ${RPS[zadd_p32]} |
| ZREVRANK req/s, -P ${PIPELINE} | ${RPS[zrevrank_p32]} |
| ZREVRANGE 0 99 WITHSCORES req/s, -P ${PIPELINE} | ${RPS[zrevrange_p32]} |
| ZADD req/s, -P 1 | ${RPS[zadd_p1]} |
| ZREVRANK req/s, -P 1 | ${RPS[zrevrank_p1]} |
| ZREVRANGE 0 99 WITHSCORES req/s, -P 1 | ${RPS[zrevrange_p1]} |
EOF

log "wrote ${JSON_FILE} and ${MD_FILE}"
cat -- "$MD_FILE"
