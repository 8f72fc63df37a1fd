#!/usr/bin/env bash
# A CmcmActors cluster on one machine: 2 or 3 hosts as separate processes, each with its own HTTP, silo and gateway
# port, sharing one PostgreSQL for clustering, grain state and reminders (the tested equivalent of deploy/compose.yaml
# and deploy/k8s: same settings, same variables).
#
#   scripts/cluster.sh start DIR [--hosts N] [--postgres CONN] [--environment ENV]
#       N = 2 or 3 (default 3). Without --postgres (or $CMCM_POSTGRES) a throwaway PostgreSQL is started in DIR/pg
#       (schema applied); with one, the schema is applied to it first. Hosts run the Release build with the schema
#       step off (applied once here, as the Kubernetes Job does), a pool of at most 80 connections each (3 x 80 within
#       the test server's max_connections of 300, as in deploy/), one shared JWT signing key, the dashboard off, and
#       ENV (default Development, so that POST /dev/tokens serves the load tool). Waits until every host answers
#       /health/ready, then writes DIR/env:
#         export CMCM_POSTGRES=...  CMCM_URLS=http://127.0.0.1:P1,...  CMCM_JWT_SIGNING_KEY=...
#   scripts/cluster.sh stop DIR            stop the hosts (and the PostgreSQL it started), delete DIR
#   scripts/cluster.sh status DIR          one line per host: running / dead, its ports
#   scripts/cluster.sh kill DIR I          kill -9 host I (1-based): the fault of scripts/faults.sh
#   scripts/cluster.sh urls DIR            print the hosts' URLs, comma-separated
#
# Logs: DIR/host-I.log. Build output: $CMCM_RELEASE_BUILD (default artifacts/release), shared with loadtest.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() { echo "cluster.sh: $*" >&2; exit 1; }
log() { echo "cluster.sh: $*" >&2; }
usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# shellcheck source=lib/ports.sh
source "$root/scripts/lib/ports.sh"

build_dir() { echo "${CMCM_RELEASE_BUILD:-$root/artifacts/release}"; }

# Builds the host (Release) once per change; prints the folder holding CmcmActors.Host.dll.
build_host() {
  local build; build="$(build_dir)"
  dotnet build "$root/src/CmcmActors.Host" -c Release --artifacts-path "$build" -v quiet -nologo >"$build.host-build.log" 2>&1 \
    || { tail -n 30 "$build.host-build.log" >&2; die "building the host failed (log: $build.host-build.log)"; }
  local dir="$build/bin/CmcmActors.Host/release"
  [[ -f "$dir/CmcmActors.Host.dll" ]] || die "build output not found under $build"
  echo "$dir"
}

host_running() { [[ -f "$1/host-$2.pid" ]] && kill -0 "$(cat "$1/host-$2.pid")" 2>/dev/null; }

cmd_start() {
  [[ $# -ge 1 ]] || usage
  local dir="$1"; shift
  local hosts=3 postgres="${CMCM_POSTGRES:-}" environment="Development"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --hosts) hosts="${2:?--hosts needs a value}"; shift 2 ;;
      --postgres) postgres="${2:?--postgres needs a value}"; shift 2 ;;
      --environment) environment="${2:?--environment needs a value}"; shift 2 ;;
      *) usage ;;
    esac
  done
  [[ "$hosts" == 2 || "$hosts" == 3 ]] || die "--hosts is 2 or 3"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  [[ ! -f "$dir/env" ]] || die "$dir already holds a cluster: stop it first"

  mkdir -p "$(build_dir)"
  log "building the host (Release, $(build_dir))"
  local host_dir; host_dir="$(build_host)"

  if [[ -z "$postgres" ]]; then
    "$root/scripts/postgres.sh" start "$dir/pg" >/dev/null 2>"$dir/postgres.log" || { cat "$dir/postgres.log" >&2; die "starting PostgreSQL failed"; }
    # shellcheck disable=SC1091
    postgres="$(source "$dir/pg/env" && echo "$CMCM_POSTGRES")"
    log "throwaway PostgreSQL started ($dir/pg)"
  else
    "$root/scripts/postgres.sh" apply-schema "$postgres" 2>"$dir/postgres.log" || { cat "$dir/postgres.log" >&2; die "applying the schema failed"; }
  fi

  local key; key="cmcm-cluster-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  local urls=() i
  for i in $(seq 1 "$hosts"); do
    local http silo gateway
    http="$(free_port)"; silo="$(free_port)"; gateway="$(free_port)"
    echo "$http $silo $gateway" > "$dir/host-$i.ports"
    (
      cd "$host_dir"
      exec env ASPNETCORE_ENVIRONMENT="$environment" ASPNETCORE_URLS="http://127.0.0.1:$http" \
        Cmcm__Postgres="$postgres;Maximum Pool Size=80" Cmcm__ApplySchema=false Cmcm__Dashboard=false \
        Cmcm__SiloPort="$silo" Cmcm__GatewayPort="$gateway" Cmcm__AdvertisedAddress=127.0.0.1 \
        Cmcm__ClusterId=cmcm Cmcm__ServiceId=cmcm Cmcm__Jwt__SigningKey="$key" \
        Logging__LogLevel__Default=Warning Logging__LogLevel__Orleans=Warning \
        dotnet CmcmActors.Host.dll
    ) >"$dir/host-$i.log" 2>&1 &
    echo $! > "$dir/host-$i.pid"
    urls+=("http://127.0.0.1:$http")
    log "host $i starting: http $http, silo $silo, gateway $gateway (pid $!, log $dir/host-$i.log)"
  done

  local waited ready
  for i in $(seq 1 "$hosts"); do
    ready=0
    for waited in $(seq 1 120); do
      host_running "$dir" "$i" || { tail -n 30 "$dir/host-$i.log" >&2; cmd_stop "$dir" >/dev/null 2>&1 || true; die "host $i exited while starting"; }
      if curl -fsS -o /dev/null "${urls[$((i - 1))]}/health/ready" 2>/dev/null; then ready=1; break; fi
      sleep 1
    done
    [[ $ready -eq 1 ]] || { tail -n 30 "$dir/host-$i.log" >&2; cmd_stop "$dir" >/dev/null 2>&1 || true; die "host $i not ready after 120 s"; }
  done

  local joined
  joined="$(IFS=,; echo "${urls[*]}")"
  {
    echo "export CMCM_POSTGRES=\"$postgres\""
    echo "export CMCM_URLS=\"$joined\""
    echo "export CMCM_JWT_SIGNING_KEY=\"$key\""
  } > "$dir/env"
  log "$hosts hosts ready: $joined"
  cat "$dir/env"
}

cmd_stop() {
  [[ $# -eq 1 ]] || usage
  local dir="$1" pidfile pid
  [[ -d "$dir" ]] || { log "$dir does not exist: nothing to stop"; return 0; }
  for pidfile in "$dir"/host-*.pid; do
    [[ -f "$pidfile" ]] || continue
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
  done
  for pidfile in "$dir"/host-*.pid; do
    [[ -f "$pidfile" ]] || continue
    pid="$(cat "$pidfile")"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ -d "$dir/pg" ]]; then "$root/scripts/postgres.sh" stop "$dir/pg" >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

cmd_status() {
  [[ $# -eq 1 ]] || usage
  local dir="$1" i ports any=1
  for ports in "$dir"/host-*.ports; do
    [[ -f "$ports" ]] || continue
    i="$(basename "$ports" .ports)"; i="${i#host-}"
    read -r http silo gateway <"$ports"
    if host_running "$dir" "$i"; then echo "host $i: running (http $http, silo $silo, gateway $gateway)"; any=0
    else echo "host $i: dead (http $http, silo $silo, gateway $gateway)"; fi
  done
  return $any
}

cmd_kill() {
  [[ $# -eq 2 ]] || usage
  local dir="$1" i="$2"
  host_running "$dir" "$i" || die "host $i of $dir is not running"
  kill -9 "$(cat "$dir/host-$i.pid")"
  log "host $i killed (kill -9)"
}

cmd_urls() {
  [[ $# -eq 1 && -f "$1/env" ]] || die "$1/env not found: start the cluster first"
  # shellcheck disable=SC1091
  (source "$1/env" && echo "$CMCM_URLS")
}

[[ $# -ge 1 ]] || usage
command="$1"; shift
case "$command" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  kill) cmd_kill "$@" ;;
  urls) cmd_urls "$@" ;;
  *) usage ;;
esac
