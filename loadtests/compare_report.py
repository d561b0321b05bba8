"""Side-by-side table of Redis's usec_per_call and memory and the engine's BenchmarkDotNet means."""
import json
import pathlib
import re
import sys

out = pathlib.Path(sys.argv[1])
members = [int(m) for m in sys.argv[2:]]
artifacts = out / "BenchmarkDotNet.Artifacts" / "results"


def means(suite):
    """{(description, params...): mean microseconds} from a BenchmarkDotNet full JSON report."""
    path = next(artifacts.glob(f"*{suite}-report*.json"), None)
    if path is None:
        return {}
    result = {}
    for b in json.loads(path.read_text())["Benchmarks"]:
        params = dict(re.findall(r"(\w+)=(\w+)", b.get("Parameters", "")))
        key = (b["Method"], int(params.get("Members", 0)), int(params.get("Partitions", 1)))
        result[key] = b["Statistics"]["Mean"] / 1000.0
    return result


apply = means("PartitionApplyBenchmarks")
board = means("BoardBenchmarks")
rows = [
    ("ZADD (score change)", "zadd", apply, "ApplyScoreChange", 1),
    ("ZREVRANK", "zrevrank", apply, "RankOfMember", 1),
    ("ZREVRANGE 0 99 WITHSCORES", "zrevrange", apply, "Top100", 1),
    ("board submit, score change, 1 partition", "zadd", board, "SubmitScoreChange", 1),
    ("board submit, score change, 8 partitions", "zadd", board, "SubmitScoreChange", 8),
    ("board batch submit per entry, 8 partitions", "zadd", board, "SubmitScoreChangeBatch", 8),
    ("board rank of member, 1 partition", "zrevrank", board, "RankOfMember", 1),
    ("board rank of member, 8 partitions", "zrevrank", board, "RankOfMember", 8),
    ("board top 100, 1 partition", "zrevrange", board, "Top100", 1),
    ("board top 100, 8 partitions", "zrevrange", board, "Top100", 8),
]

for n in members:
    redis_file = out / f"redis-{n}.json"
    if not redis_file.exists():
        continue
    redis = json.loads(redis_file.read_text())
    print(f"\n### {n:,} members\n")
    print("| operation | Redis usec_per_call | engine µs | Redis / engine |")
    print("|---|---:|---:|---:|")
    for label, command, suite, method, partitions in rows:
        engine = suite.get((method, n, partitions))
        theirs = redis["usec_per_call"][command]
        if engine is None:
            continue
        print(f"| {label} | {theirs:.2f} | {engine:.3f} | {theirs / engine:.1f}x |")
    redis_bytes = redis["used_memory_bytes_per_member"]
    for p in (1, 8):
        mem = out / f"engine-memory-{n}-{p}.txt"
        if mem.exists():
            engine_bytes = float(re.search(r"bytes_per_member=([\d.]+)", mem.read_text()).group(1))
            print(f"| memory per member, {p} partition(s) | {redis_bytes:.1f} B | {engine_bytes:.1f} B | {redis_bytes / engine_bytes:.2f}x |")
