#!/usr/bin/env bash
# Shared by the load scripts (sourced): installing what they need, picking ports, loading Redis.

# ensure_packages COMMAND:PACKAGE... -> installs the Debian packages whose command is missing.
ensure_packages() {
  local tool missing=()
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
  done
  ((${#missing[@]})) || return 0
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# free_port FIRST -> the first port from FIRST with nothing listening on 127.0.0.1 (at most 100 tried).
free_port() {
  local p
  for ((p = $1; p < $1 + 100; p++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

# redis_load_members PORT MEMBERS -> sorted set lb holds MEMBERS members (ids 000000000000..) with the same
# random scores (awk srand(42), [0, 1e9)) every run, sent as RESP ZADDs of 1000 through redis-cli --pipe.
redis_load_members() {
  awk -v n="$2" 'BEGIN { srand(42); for (i = 0; i < n; i += 1000) { m = (n - i < 1000) ? n - i : 1000
      printf "*%d\r\n$4\r\nZADD\r\n$2\r\nlb\r\n", 2 + 2 * m
      for (j = i; j < i + m; j++) { s = sprintf("%d", int(rand() * 1e9)); printf "$%d\r\n%s\r\n$12\r\n%012d\r\n", length(s), s, j } } }' |
    redis-cli -p "$1" --pipe >/dev/null
  [[ $(redis-cli -p "$1" zcard lb) == "$2" ]] || { echo "redis_load_members: Redis holds the wrong member count" >&2; return 1; }
}

# service_load_members BASE KEY MEMBERS -> board bench of the service at BASE holds MEMBERS members (ids 000000000000..,
# random scores in [0, 1e9)), sent as score batches of 10,000 with the writer KEY, and its strong count is checked.
service_load_members() {
  local base=$1 key=$2 members=$3 i count
  for ((i = 0; i < members; i += 10000)); do
    awk -v from="$i" -v n="$members" 'BEGIN { srand(42 + from); to = (from + 10000 < n) ? from + 10000 : n
      printf "{\"entries\":["; for (j = from; j < to; j++) printf "%s{\"playerId\":\"%012d\",\"score\":%d}", (j > from ? "," : ""), j, int(rand() * 1e9); printf "]}" }' |
      curl -sf -o /dev/null -X POST "$base/api/v1/boards/bench/scores/batch" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary @-
  done
  count=$(curl -sf "$base/api/v1/boards/bench/count?consistency=strong" -H "Authorization: Bearer $key")
  [[ $count == *"\"count\":$members,"* ]] || { echo "service_load_members: $base holds the wrong count: $count" >&2; return 1; }
}
