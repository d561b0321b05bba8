#!/usr/bin/env bash
# One run, one machine: Redis sorted sets and the Leaderboards engine on the same members.
#
#   bash loadtests/compare-with-redis.sh [MEMBERS ...]      (default: 1000000)
#
# For each MEMBERS it loads a local redis-server (installed if missing) and reads Redis's own
# INFO commandstats usec_per_call and used_memory per member; measures the engine's heap bytes per
# member with 1 and 8 partitions; then runs the engine's BenchmarkDotNet suites (1M and 10M members,
# 1 and 8 partitions) once. Results land in loadtests/results/: JSON and markdown per tool, and
# comparison.md with both side by side.
set -euo pipefail
export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/loadtests/results"
mkdir -p "$out"
members=("$@")
[ ${#members[@]} -gt 0 ] || members=(1000000)
for n in "${members[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "compare-with-redis: MEMBERS must be a positive whole number, got '$n'" >&2; exit 2; }
done

dotnet build "$root/loadtests/Leaderboards.Benchmarks" -c Release -v quiet -nologo >&2
bench="$root/loadtests/Leaderboards.Benchmarks/bin/Release/net10.0/Leaderboards.Benchmarks.dll"

for n in "${members[@]}"; do
  bash "$root/loadtests/redis/redis-zset-bench.sh" "$n" "$out" >&2
  for p in 1 8; do
    dotnet "$bench" memory "$n" "$p" | tee "$out/engine-memory-$n-$p.txt" >&2
  done
done

(cd "$out" && dotnet "$bench" --filter '*PartitionApplyBenchmarks*' '*BoardBenchmarks*' --exporters json markdown >&2)

python3 "$root/loadtests/compare_report.py" "$out" "${members[@]}" | tee "$out/comparison.md"
