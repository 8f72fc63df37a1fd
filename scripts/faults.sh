#!/usr/bin/env bash
# Fault tests on a real cluster: three hosts (scripts/cluster.sh) on one throwaway PostgreSQL, driven by cmcm-load
# through the HTTP API with hub subscribers spread over the hosts. Each scenario must end with the load tool's audit
# passing (every accepted claim final, no cap exceeded, no claim applied twice, claims and accumulators agree, every
# answer for a claim the same) and with no claim left unanswered.
#
#   1. same claim: 100 concurrent submissions of one claim, round-robin over the three hosts: applied once.
#   2. database restarted: PostgreSQL stopped for 5 s and started again in the middle of a burst; requests during
#      the outage get 503 with Retry-After (re-driven after it), nothing else fails.
#   3. host killed: kill -9 of host 2 in the middle of a burst; claims in flight are re-driven on the other hosts,
#      hub subscribers of host 2 reconnect to another host and catch up by reading; the subscribers of the other hosts
#      hear "resync" once host 2 is declared dead and read again; no missed push may go unnoticed (neither read again
#      nor revealed by a gap in the member's push numbers).
#
#   scripts/faults.sh [--keep]     --keep leaves the cluster's folder (logs) behind
# Results: artifacts/faults/ (each scenario's cmcm-load output, JSON and HTML report, the hosts' logs).
# Exit code 0 when every scenario passes its checks.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

keep=0
[[ "${1:-}" == "--keep" ]] && keep=1
out="$root/artifacts/faults"
rm -rf "$out"
mkdir -p "$out"
build="${CMCM_RELEASE_BUILD:-$root/artifacts/release}"
mkdir -p "$build"

echo "faults.sh: building the load tool (Release, $build)"
dotnet build src/CmcmActors.LoadTest -c Release --artifacts-path "$build" -v quiet -nologo >"$out/load-build.log" 2>&1 \
  || { tail -n 30 "$out/load-build.log" >&2; echo "faults.sh: building the load tool failed" >&2; exit 1; }
load_dll="$build/bin/CmcmActors.LoadTest/release/cmcm-load.dll"

cluster="$(mktemp -d /tmp/cmcm-faults.XXXXXX)"
rmdir "$cluster"
background=()
cleanup() {
  local pid
  for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -d "$cluster" ]]; then
    cp "$cluster"/host-*.log "$out/" 2>/dev/null || true
    if [[ $keep -eq 1 ]]; then echo "faults.sh: cluster left in $cluster (stop it: scripts/cluster.sh stop $cluster)"
    else "$root/scripts/cluster.sh" stop "$cluster" >/dev/null 2>&1 || true; fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "faults.sh: starting a cluster of three hosts"
# Its own PostgreSQL (scenario 2 restarts it), whatever CMCM_POSTGRES the caller has (scripts/test.sh exports its own).
env -u CMCM_POSTGRES "$root/scripts/cluster.sh" start "$cluster" --hosts 3 >"$out/cluster.log" 2>&1 || { cat "$out/cluster.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$cluster/env"

failures=0
check() {
  # check DESCRIPTION COMMAND...: runs COMMAND, prints ok / FAILED with the description.
  local what="$1"; shift
  if "$@"; then echo "  ok: $what"; else echo "  FAILED: $what" >&2; failures=$((failures + 1)); fi
}
has() { grep -qE "$2" "$1"; }
lacks() { ! grep -qE "$2" "$1"; }

load() {
  # load NAME ARGS...: cmcm-load over every host, output in $out/NAME.log; returns its exit code.
  local name="$1"; shift
  dotnet "$load_dll" --target http --url "$CMCM_URLS" --run-id "$name" --out "$out" "$@" >"$out/$name.log" 2>&1
}

wait_for_firing() {
  # Waits until the load tool has seeded and started firing (its "firing" line), up to 120 s.
  local log="$1" i
  for i in $(seq 1 240); do
    grep -q '^firing ' "$log" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

burst_with_fault() {
  # burst_with_fault NAME FAULT LOAD-ARGS...: starts a burst in the background, runs the function FAULT 10 s after the
  # burst starts firing, and waits for the burst; sets $log to its output and $status to cmcm-load's exit code.
  local name="$1" fault="$2" load_pid
  shift 2
  log="$out/$name.log"
  load "$name" "$@" &
  load_pid=$!
  background+=("$load_pid")
  wait_for_firing "$log" || { echo "faults.sh: the burst did not start" >&2; cat "$log" >&2; exit 1; }
  sleep 10
  "$fault"
  status=0
  wait "$load_pid" || status=$?
  background=()
}
restart_postgres() { "$root/scripts/postgres.sh" restart "$cluster/pg" 5 2>"$out/postgres-restart.log"; }
kill_host_2() { "$root/scripts/cluster.sh" kill "$cluster" 2; }

# ---------------------------------------------------------------- 1. the same claim on every host at once
echo "faults.sh: 1. 100 concurrent submissions of one claim over three hosts"
status=0
load same-claim --families 1 --claims 100 --concurrency 100 --same-claim || status=$?
log="$out/same-claim.log"
check "cmcm-load exit code 0 (audit passed)" test "$status" -eq 0
check "one claim accepted, 100 answers" has "$log" '\(1 accepted of 100 sent'
check "no request failed" has "$log" '^errors: none'
check "audit: the claim's caps moved once, every answer the same" has "$log" '^audit: passed'
grep -E '^(throughput|errors|audit):' "$log" | sed 's/^/  /'

# ---------------------------------------------------------------- 2. the database restarted in the middle of a burst
echo "faults.sh: 2. PostgreSQL restarted (down 5 s) in the middle of a burst"
burst_with_fault postgres-restarted restart_postgres --families 300 --duration 40s --concurrency 32 --subscribers 2 --retry-for 120s
check "cmcm-load exit code 0 (audit passed)" test "$status" -eq 0
check "every claim answered in the end (no error left after re-driving)" has "$log" '^errors: none'
check "requests during the outage were refused with 503" has "$log" '^faults: .*HTTP 503'
check "every 503 carried Retry-After" lacks "$log" 'without Retry-After'
check "no 500 or other failure during the outage" lacks "$log" '^faults: .*HTTP (500|502|504)'
check "nothing half-applied (audit)" has "$log" '^audit: passed'
grep -E '^(throughput|decision latency|errors|faults|push latency|push gaps|audit):' "$log" | sed 's/^/  /'

# ---------------------------------------------------------------- 3. a host killed in the middle of a burst
echo "faults.sh: 3. host 2 killed (kill -9) in the middle of a burst"
burst_with_fault host-killed kill_host_2 --families 300 --duration 45s --concurrency 32 --subscribers 3 --retry-for 120s
check "cmcm-load exit code 0 (audit passed)" test "$status" -eq 0
check "every claim answered in the end (no error left after re-driving)" has "$log" '^errors: none'
check "claims in flight at the kill were re-driven" has "$log" '^faults: .* [1-9][0-9]* claims re-driven'
check "no answer disagreed, nothing applied twice" has "$log" '^audit: passed'
check "the subscriber of the killed host reconnected to another host and caught up" has "$log" '^push reconnects: [1-9]'
check "no push (or catch-up read) with another status than the answer" has "$log" ', 0 with another status'
check "the subscribers of the other hosts heard that pushes may have been lost" has "$log" '^push gaps: .*, [1-9][0-9]* resyncs heard'
check "no missed push went unnoticed (read again after a resync or reconnection, or revealed by a gap)" has "$log" '^push gaps: .*, 0 unnoticed$'
grep -E '^(throughput|decision latency|errors|faults|push latency|push gaps|push reconnects|audit):' "$log" | sed 's/^/  /'
"$root/scripts/cluster.sh" status "$cluster" | sed 's/^/  /' || true

if [[ $failures -gt 0 ]]; then
  echo "faults.sh: $failures check(s) failed; logs and reports in $out" >&2
  exit 1
fi
echo "faults.sh: every scenario passed; reports in $out"
