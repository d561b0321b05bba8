#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs what the tests need when it is missing (Chromium, Prometheus,
# Redis, Redocly), restores, builds, runs every test project, fails if any process the tests started is still alive
# at the end, and closes with one line: "N passed, N failed".
#
#   ./test.sh                  everything
#   ./test.sh --fast           only the in-memory tests (no child processes, no browser, no Redis; installs nothing)
#   ./test.sh -- ARGS...       extra arguments for dotnet test, e.g. -- --filter "FullyQualifiedName~Seasons"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

fast=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --fast) fast=1 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see ./test.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

# The tests that start real processes need these commands; each comes from the Debian package beside it.
tools=(chromium:chromium promtool:prometheus prometheus:prometheus redis-server:redis-server redis-cli:redis-tools openssl:openssl)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_missing() {
  local missing=() entry command package
  for entry in "${tools[@]}"; do
    command="${entry%%:*}"; package="${entry#*:}"
    command -v "$command" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  echo "installing ${missing[*]} (Debian packages the tests use)"
  # Wait for another apt run rather than fail on its lock.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
  # Packages that start a service on install (redis-server) must not leave it running: tests start their own.
  if command -v service >/dev/null 2>&1; then as_root service redis-server stop >/dev/null 2>&1 || true; fi
  for entry in "${tools[@]}"; do
    command="${entry%%:*}"
    command -v "$command" >/dev/null 2>&1 || { echo "$command is still missing after installing ${entry#*:}" >&2; exit 1; }
  done
}

command -v dotnet >/dev/null 2>&1 || { echo "dotnet not found: install the .NET SDK that global.json names" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "npm not found: install Node.js 20 or later (the build compiles the web UI)" >&2; exit 1; }
[ "$fast" -eq 1 ] || install_missing
# Redocly, for the OpenAPI lint test: pinned by tests/openapi-lint/package-lock.json, reinstalled when the lock changes.
if [ "$fast" -eq 0 ] && { [ ! -d tests/openapi-lint/node_modules ] || [ tests/openapi-lint/package-lock.json -nt tests/openapi-lint/node_modules ]; }; then
  echo "installing Redocly (tests/openapi-lint)"
  npm ci --prefix tests/openapi-lint --no-audit --no-fund
fi

filter=()
[ "$fast" -eq 1 ] && filter=(--filter "Category!=Process&Category!=Browser&Category!=Redis")

started=$SECONDS
echo "building"
dotnet build Leaderboards.sln -c Debug -nologo -v minimal

# Every process the tests start inherits this mark; whatever still carries it after the run was left behind.
mark="leaderboards-test-$$-$RANDOM$RANDOM"
export LEADERBOARDS_TEST_RUN="$mark"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

set +e
dotnet test Leaderboards.sln --no-build -nologo \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  "${filter[@]}" "${extra[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
unset LEADERBOARDS_TEST_RUN

# Processes still marked once the test hosts are gone: name them, kill them, fail the run.
marked() {
  local environ pid
  for environ in /proc/[0-9]*/environ; do
    pid="${environ#/proc/}"; pid="${pid%/environ}"
    [ "$pid" = "$$" ] && continue
    if { tr '\0' '\n' < "$environ"; } 2>/dev/null | grep -qx "LEADERBOARDS_TEST_RUN=$mark"; then echo "$pid"; fi
  done
}
left=""
for _ in $(seq 1 50); do
  left="$(marked)"
  [ -z "$left" ] && break
  sleep 0.2
done
if [ -n "$left" ]; then
  echo "processes the tests left behind:" >&2
  for pid in $left; do
    echo "  $pid $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" >&2
    kill -9 "$pid" 2>/dev/null || true
  done
  status=1
fi

passed=$(grep -Eo 'Passed: +[0-9]+,' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -Eo 'Failed: +[0-9]+,' "$log" | awk '{ s += $2 } END { print s + 0 }')
echo "took $((SECONDS - started)) s"
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "no test ran" >&2
  status=1
fi
[ "$status" -eq 0 ] && [ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit "$status"
