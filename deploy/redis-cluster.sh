#!/usr/bin/env bash
# Starts or stops a local Redis Cluster on 127.0.0.1 from Debian's redis-server: NODES nodes (default 6: 3 masters,
# each with 1 replica), AOF on, cluster-node-timeout 2000 ms, a replica that (re)joins synced at once (no diskless
# sync delay). Nodes are daemons with pid files in their data
# directories; `down` kills every node a pid file names and waits until each has exited.
#
#   deploy/redis-cluster.sh up   [--port BASE] [--dir DIR]   start the nodes on BASE..BASE+NODES-1, create the cluster,
#                                                             wait until every node reports cluster_state:ok
#   deploy/redis-cluster.sh down [--port BASE] [--dir DIR]   stop them (SIGTERM, then SIGKILL after 5 s) and wait
#   deploy/redis-cluster.sh status [--port BASE]             print each node's role and cluster_state
#   deploy/redis-cluster.sh start-node PORT [--port BASE] [--dir DIR]
#                                                             start one stopped node again from its own data (nodes.conf,
#                                                             AOF), as a supervisor would: it rejoins the cluster, as a
#                                                             replica once a failover replaced it. A dead master waits
#                                                             (up to 60 s) until another node took over its slots: back
#                                                             sooner, it would keep its role with what its AOF held.
#
# Settings (arguments win over the environment):
#   REDIS_CLUSTER_PORT          base port (default 7000); each node also uses port+10000 for the cluster bus
#   REDIS_CLUSTER_DIR           data directory (default ${TMPDIR:-/tmp}/leaderboards-redis-cluster), one subdirectory per node
#   REDIS_CLUSTER_NODES         node count (default 6)
#   REDIS_CLUSTER_REPLICAS      replicas per master (default 1)
#   REDIS_CLUSTER_NODE_TIMEOUT  cluster-node-timeout in ms (default 2000)
# redis-server and redis-cli are installed with apt-get when missing.
set -euo pipefail

command=${1:-}
[ $# -gt 0 ] && shift
node_port=
if [ "$command" = start-node ] && [ $# -gt 0 ]; then node_port=$1; shift; fi
base=${REDIS_CLUSTER_PORT:-7000}
dir=${REDIS_CLUSTER_DIR:-${TMPDIR:-/tmp}/leaderboards-redis-cluster}
nodes=${REDIS_CLUSTER_NODES:-6}
replicas=${REDIS_CLUSTER_REPLICAS:-1}
node_timeout=${REDIS_CLUSTER_NODE_TIMEOUT:-2000}
while [ $# -gt 0 ]; do
  case "$1" in
    --port) base=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    *) echo "unknown argument: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "installing redis-server and redis-tools" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server redis-tools >&2
}

ports() { seq "$base" $((base + nodes - 1)); }

# wait_until SECONDS COMMAND... -> polls COMMAND every 100 ms until it succeeds; fails after SECONDS.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]; }

cluster_ok() {
  local port
  for port in $(ports); do
    redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

replicas_synced() {
  local port count=0
  for port in $(ports); do
    redis-cli -h 127.0.0.1 -p "$port" info replication 2>/dev/null | grep -q '^master_link_status:up' && count=$((count + 1))
  done
  [ "$count" -ge $((nodes / (replicas + 1) * replicas)) ]
}

# every node's own map names every replica, so a client loading the map from any node sees them all.
replicas_known() {
  local port expected=$((nodes / (replicas + 1) * replicas))
  for port in $(ports); do
    [ "$(redis-cli -h 127.0.0.1 -p "$port" cluster nodes 2>/dev/null | awk '$3 ~ /slave/ && $3 !~ /fail/' | wc -l)" -ge "$expected" ] || return 1
  done
}

# pid_of PORT -> the pid in the node's pid file when that process is a live redis-server.
pid_of() {
  local file="$dir/$1/redis.pid" pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

start_server() {
  local port=$1
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes \
    --pidfile "$dir/$port/redis.pid" --logfile "$dir/$port/redis.log" --dir "$dir/$port" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout "$node_timeout" \
    --appendonly yes --save '' --repl-diskless-sync-delay 0
}

up() {
  ensure_redis
  local port endpoints=()
  for port in $(ports); do
    mkdir -p "$dir/$port"
    rm -f "$dir/$port/nodes.conf" "$dir/$port/redis.pid"
    rm -rf "$dir/$port/appendonlydir"
    start_server "$port"
    endpoints+=("127.0.0.1:$port")
  done
  for port in $(ports); do
    wait_until 30 answers "$port" || { echo "node $port did not start; see $dir/$port/redis.log" >&2; down; exit 1; }
  done
  redis-cli --cluster create "${endpoints[@]}" --cluster-replicas "$replicas" --cluster-yes >"$dir/create.log" 2>&1 ||
    { cat "$dir/create.log" >&2; down; exit 1; }
  wait_until 60 cluster_ok || { echo "the cluster did not reach cluster_state:ok" >&2; down; exit 1; }
  wait_until 60 replicas_synced || { echo "the replicas did not finish syncing" >&2; down; exit 1; }
  wait_until 60 replicas_known || { echo "not every node knows every replica" >&2; down; exit 1; }
  echo "cluster up: ${endpoints[*]} (data in $dir)"
}

down() {
  local port pid pids=()
  for port in $(ports); do
    if pid=$(pid_of "$port"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  local deadline=$((SECONDS + 5))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$SECONDS" -ge "$deadline" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
      sleep 0.05
    done
  done
  for port in $(ports); do rm -f "$dir/$port/redis.pid"; done
  echo "cluster down (${#pids[@]} nodes stopped)"
}

# True when a running node other than the one starting sees node $1 with no slots left (a replica took them over).
slots_taken_over() {
  local port seen
  for port in $(ports); do
    [ "$port" = "$node_port" ] && continue
    seen=$(redis-cli -h 127.0.0.1 -p "$port" cluster nodes 2>/dev/null | grep "^$1 " || true)
    [ -n "$seen" ] && [ "$(awk '{print NF}' <<<"$seen")" -le 8 ] && return 0
  done
  return 1
}

start_node() {
  ensure_redis
  case "$node_port" in ''|*[!0-9]*) echo "start-node needs the node's port" >&2; exit 2 ;; esac
  [ -f "$dir/$node_port/nodes.conf" ] || { echo "no node was created on port $node_port under $dir" >&2; exit 1; }
  if pid_of "$node_port" >/dev/null; then echo "node $node_port is running already" >&2; exit 1; fi
  # A master that held slots starts only once another node took them over: back sooner, it would keep its role with
  # what its AOF held, and its replica would resync from it, dropping writes the replica had acknowledged.
  local line id
  line=$(grep ' myself' "$dir/$node_port/nodes.conf" || true)
  id=${line%% *}
  if [[ "$line" == *master* ]] && [ "$(awk '{print NF}' <<<"$line")" -gt 8 ]; then
    wait_until 60 slots_taken_over "$id" ||
      { echo "node $node_port was a master and no other node took over its slots within 60 s; not starting it" >&2; exit 1; }
  fi
  rm -f "$dir/$node_port/redis.pid"
  start_server "$node_port"
  wait_until 30 answers "$node_port" || { echo "node $node_port did not start; see $dir/$node_port/redis.log" >&2; exit 1; }
  echo "node $node_port started"
}

status() {
  local port
  for port in $(ports); do
    printf '%s %s %s\n' "$port" \
      "$(redis-cli -h 127.0.0.1 -p "$port" role 2>/dev/null | head -1 || echo down)" \
      "$(redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep '^cluster_state' | tr -d '\r' || true)"
  done
}

case "$command" in
  up) up ;;
  down) down ;;
  status) status ;;
  start-node) start_node ;;
  *) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
