#!/usr/bin/env bash
# Files to ready on PostgreSQL: a throwaway server, a host (Release, dashboard off), `cmcm import-sample` for
# N families (default 110,000: 280,500 members) and `cmcm import` through the host, timed end to end. docs/import.md.
#
#   scripts/import-measure.sh [FAMILIES] [-- EXTRA cmcm import OPTIONS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
families="${1:-110000}"; shift || true
[[ "${1:-}" == "--" ]] && shift
source "$root/scripts/lib/ports.sh"
work="$(mktemp -d /tmp/cmcm-import.XXXXXX)"
cleanup() { [[ -n "${host_pid:-}" ]] && kill "$host_pid" 2>/dev/null; wait 2>/dev/null; "$root/scripts/postgres.sh" stop "$work/pg" >/dev/null 2>&1 || true; }
trap cleanup EXIT
dotnet build src/CmcmActors.Host -c Release -v quiet -nologo 2>&1 | tail -n 1
dotnet build src/CmcmActors.Cli -c Release -v quiet -nologo 2>&1 | tail -n 1
"$root/scripts/postgres.sh" start "$work/pg" >/dev/null
source "$work/pg/env"
port="$(free_port)"
(cd src/CmcmActors.Host/bin/Release/net10.0 && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Cmcm__Postgres="$CMCM_POSTGRES" Cmcm__Dashboard=false Cmcm__SiloPort="$(free_port)" Cmcm__GatewayPort="$(free_port)" \
  Logging__LogLevel__Default=Warning dotnet CmcmActors.Host.dll) >"$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done
token="$(curl -fs "http://127.0.0.1:$port/dev/tokens" -H 'content-type: application/json' -d '{"role":"admin"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')"
cli="dotnet src/CmcmActors.Cli/bin/Release/net10.0/cmcm.dll"
start=$(date +%s.%N)
$cli import-sample "$work/files" --families "$families"
$cli import "$work/files" --url "http://127.0.0.1:$port" --token "$token" "$@"
end=$(date +%s.%N)
echo "files to ready: $(echo "$end - $start" | bc) s for $families families (host log: $work/host.log; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
psql "$(sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Database=/dbname=/; s/Username=/user=/; s/Password=/password=/' <<<"$CMCM_POSTGRES")" -Atc \
  "select 'members in the journal: ' || count(*) from cmcm_member; select 'member totals: ' || count(*) from cmcm_accumulator" 2>/dev/null || true
