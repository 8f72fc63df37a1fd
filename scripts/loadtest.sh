#!/usr/bin/env bash
# A load test through the real HTTP API and the SignalR hub, on a throwaway PostgreSQL and a host of its own.
#
#   scripts/loadtest.sh            standard burst: 1,000 families, 20,000 claims, 64 in flight, 4 hub subscribers
#   scripts/loadtest.sh --smoke    a few seconds: 10 families, 300 claims, 16 in flight, 2 hub subscribers,
#                                  a tenth of the paid claims reversed or corrected during the burst
#   scripts/loadtest.sh --memory   the host on its embedded default (in memory) instead of PostgreSQL
#   scripts/loadtest.sh [--smoke] -- EXTRA   extra cmcm-load options (they come after the defaults and win)
#
# Starts PostgreSQL (scripts/postgres.sh) and the host (Release, Development environment for POST /dev/tokens,
# dashboard off) on free ports of 127.0.0.1, waits for /health/ready, runs cmcm-load --target http with subscribers,
# and writes the JSON result and the HTML report under artifacts/load/. Stops everything it started on exit.
# Exit code: cmcm-load's (0 when the audit passes, 1 on a violation, 3 when the target refuses the set-up), or 1 when
# starting PostgreSQL or the host fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

smoke=0
memory=0
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=1; shift ;;
    --memory) memory=1; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "loadtest.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

out="$root/artifacts/load"
build="${CMCM_RELEASE_BUILD:-$root/artifacts/release}"
mkdir -p "$out"
run_id="$(date -u +%Y%m%d-%H%M%S)$([[ $smoke -eq 1 ]] && echo -smoke || true)"
host_log="$out/host-$run_id.log"

cleanup_steps=()
cleanup() {
  local i
  for ((i = ${#cleanup_steps[@]} - 1; i >= 0; i--)); do
    eval "${cleanup_steps[$i]}" || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=lib/ports.sh
source "$root/scripts/lib/ports.sh"

echo "loadtest.sh: building (Release, $build)"
dotnet build src/CmcmActors.Host -c Release --artifacts-path "$build" -v quiet -nologo 2>&1 | tail -n 2
dotnet build src/CmcmActors.LoadTest -c Release --artifacts-path "$build" -v quiet -nologo 2>&1 | tail -n 2
host_dir="$build/bin/CmcmActors.Host/release"
load_dll="$build/bin/CmcmActors.LoadTest/release/cmcm-load.dll"
[[ -f "$host_dir/CmcmActors.Host.dll" && -f "$load_dll" ]] || { echo "loadtest.sh: build output not found under $build" >&2; exit 1; }

CMCM_POSTGRES=""
if [[ $memory -eq 0 ]]; then
  pgdir="$(mktemp -d /tmp/cmcm-load-pg.XXXXXX)"
  cleanup_steps+=("'$root/scripts/postgres.sh' stop '$pgdir' >/dev/null 2>&1")
  "$root/scripts/postgres.sh" start "$pgdir" >/dev/null 2>"$out/postgres-$run_id.log"
  # shellcheck disable=SC1091
  source "$pgdir/env"
  echo "loadtest.sh: throwaway PostgreSQL started ($pgdir)"
fi

http_port="$(free_port)"
silo_port="$(free_port)"
gateway_port="$(free_port)"
url="http://127.0.0.1:$http_port"
(
  cd "$host_dir"
  exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$url" \
    Cmcm__Postgres="$CMCM_POSTGRES" Cmcm__Dashboard=false Cmcm__SiloPort="$silo_port" Cmcm__GatewayPort="$gateway_port" \
    Logging__LogLevel__Default=Warning \
    dotnet CmcmActors.Host.dll
) >"$host_log" 2>&1 &
host_pid=$!
cleanup_steps+=("kill $host_pid 2>/dev/null && wait $host_pid 2>/dev/null")
echo "loadtest.sh: host starting on $url (pid $host_pid, log $host_log)"

for _ in $(seq 1 120); do
  if ! kill -0 "$host_pid" 2>/dev/null; then
    echo "loadtest.sh: the host exited; last lines of $host_log:" >&2
    tail -n 30 "$host_log" >&2
    exit 1
  fi
  if curl -fsS -o /dev/null "$url/health/ready" 2>/dev/null; then ready=1; break; fi
  sleep 1
done
[[ "${ready:-0}" -eq 1 ]] || { echo "loadtest.sh: $url/health/ready not ready after 120 s" >&2; tail -n 30 "$host_log" >&2; exit 1; }
echo "loadtest.sh: host ready"

if [[ $smoke -eq 1 ]]; then
  args=(--families 10 --claims 300 --concurrency 16 --subscribers 2 --lifecycle 0.1)
else
  args=(--families 1000 --claims 20000 --concurrency 64 --subscribers 4)
fi

status=0
dotnet "$load_dll" --target http --url "$url" --run-id "$run_id" --out "$out" "${args[@]}" "${extra[@]}" || status=$?
echo "loadtest.sh: cmcm-load exited with $status; report: $out/load-$run_id.html"
exit "$status"
