#!/usr/bin/env bash
# Throwaway PostgreSQL servers for tests and demos, and the schema for the Orleans ADO.NET providers.
#
#   scripts/postgres.sh start DIR          create + start a server in DIR (empty or missing), on a free
#                                          port of 127.0.0.1, with database cmcm, a login role and the
#                                          schema of deploy/sql applied; prints
#                                          export CMCM_POSTGRES="Host=...;Port=...;..." (also in DIR/env).
#                                          Calling it again on a running DIR just prints the line again.
#   scripts/postgres.sh stop DIR           stop that server (at once: its data goes) and delete DIR.
#   scripts/postgres.sh status DIR         exit 0 when the server in DIR runs.
#   scripts/postgres.sh restart DIR [SECS] stop the server in DIR (fast: clients are cut off), stay down SECS
#                                          seconds (default 0), start it again on the same port and data.
#   scripts/postgres.sh env DIR            print the export line of a started DIR.
#   scripts/postgres.sh apply-schema [CONNECTION]
#                                          apply deploy/sql/*.sql in order to an existing database
#                                          (idempotent). CONNECTION is an Npgsql connection string
#                                          ("Host=..;Port=..;Database=..;Username=..;Password=..") or a
#                                          libpq URI/conninfo; default: $CMCM_POSTGRES.
#
# Works as root on a fresh Debian 12 (installs the `postgresql` package when initdb/pg_ctl are missing;
# the server then runs as the `postgres` user since initdb refuses root) and as an ordinary user
# (the server runs as that user). Needs no standard input. Listens on 127.0.0.1 only.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
SQL_DIR="${CMCM_SQL_DIR:-$REPO_ROOT/deploy/sql}"
MARKER=".cmcm-postgres"
DB_NAME="cmcm"
DB_USER="cmcm"

die() { echo "postgres.sh: $*" >&2; exit 1; }
log() { echo "postgres.sh: $*" >&2; }

usage() {
    sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# ---------------------------------------------------------------- binaries

PG_BIN=""

find_pg_bin() {
    local d c
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        c="$(readlink -f "$(command -v pg_ctl)")"
        d="$(dirname "$c")"
        if [[ -x "$d/initdb" && -x "$d/postgres" ]]; then PG_BIN="$d"; return 0; fi
    fi
    # Debian keeps the server binaries off PATH; take the newest installed major version.
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then PG_BIN="$d"; return 0; fi
    done
    return 1
}

apt_install() {
    [[ $EUID -eq 0 ]] || die "$* not installed and not root: install it (apt-get install $*)"
    command -v apt-get >/dev/null 2>&1 || die "$* not installed and no apt-get"
    log "installing $* with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    # Do not let the package create and start its own 'main' cluster on port 5432.
    if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
        mkdir -p /etc/postgresql-common
        echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    fi
    apt-get update -qq </dev/null
    apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" </dev/null >/dev/null
}

ensure_server_binaries() {
    if ! find_pg_bin; then
        apt_install postgresql
        find_pg_bin || die "postgresql installed but initdb/pg_ctl not found in /usr/lib/postgresql/*/bin"
    fi
}

PSQL=""
ensure_psql() {
    if find_pg_bin && [[ -x "$PG_BIN/psql" ]]; then PSQL="$PG_BIN/psql"; return; fi
    if command -v psql >/dev/null 2>&1; then PSQL="$(command -v psql)"; return; fi
    apt_install postgresql-client
    command -v psql >/dev/null 2>&1 || die "psql not found after installing postgresql-client"
    PSQL="$(command -v psql)"
}

# ---------------------------------------------------------------- helpers

# Run a command as the server's OS user: `postgres` when we are root, ourselves otherwise.
RUN_AS=()
PG_OWNER=""
init_owner() {
    if [[ $EUID -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
        PG_OWNER="postgres"
        if command -v runuser >/dev/null 2>&1; then
            RUN_AS=(runuser -u postgres --)
        else
            RUN_AS=(su_postgres)
        fi
    else
        PG_OWNER="$(id -un)"
        RUN_AS=()
    fi
}

su_postgres() {
    local q="" a
    for a in "$@"; do q+=" $(printf '%q' "$a")"; done
    su postgres -s /bin/bash -c "$q"
}

as_owner() { if ((${#RUN_AS[@]})); then "${RUN_AS[@]}" "$@"; else "$@"; fi; }

random_secret() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# shellcheck source=lib/ports.sh
source "$SCRIPT_DIR/lib/ports.sh"

abs_dir() {
    mkdir -p "$1"
    (cd "$1" && pwd)
}

env_line() {
    echo "export CMCM_POSTGRES=\"Host=127.0.0.1;Port=$1;Database=$DB_NAME;Username=$DB_USER;Password=$2\""
}

# Where the server's own files (data/, log/, superuser.pw) live: DIR itself, or a directory under /tmp
# when the server's OS user cannot reach DIR (e.g. a checkout under /root); DIR/base records it.
base_of() {
    if [[ -f "$1/base" ]]; then cat "$1/base"; else echo "$1"; fi
}

# psql as the superuser of a throwaway server (TCP + password; no Unix socket is opened).
admin_psql() {
    local dir="$1"; shift
    local base; base="$(base_of "$dir")"
    PGPASSWORD="$(cat "$base/superuser.pw")" "$PSQL" -X -q -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$(cat "$dir/port")" -U postgres "$@" </dev/null
}

server_running() {
    local dir="$1"
    local base; base="$(base_of "$dir")"
    [[ -f "$dir/$MARKER" && -d "$base/data" ]] || return 1
    as_owner "$PG_BIN/pg_ctl" -D "$base/data" status >/dev/null 2>&1
}

# ---------------------------------------------------------------- schema

# Turn an Npgsql connection string into libpq environment variables.
set_libpq_env_from() {
    local conn="$1" part key val
    if [[ "$conn" == postgres://* || "$conn" == postgresql://* || "$conn" != *";"* && "$conn" == *"="*" "* ]]; then
        export PGCONN_URI="$conn"; return
    fi
    IFS=';' read -r -a parts <<<"$conn"
    for part in "${parts[@]}"; do
        [[ "$part" == *=* ]] || continue
        key="$(echo "${part%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')"
        val="${part#*=}"
        case "$key" in
            host|server) export PGHOST="$val" ;;
            port) export PGPORT="$val" ;;
            database|db) export PGDATABASE="$val" ;;
            username|userid|user|uid) export PGUSER="$val" ;;
            password|pwd) export PGPASSWORD="$val" ;;
            sslmode) export PGSSLMODE="$(echo "$val" | tr '[:upper:]' '[:lower:]')" ;;
        esac
    done
}

apply_schema() {
    local conn="${1:-${CMCM_POSTGRES:-}}" f
    [[ -n "$conn" ]] || die "apply-schema: give a connection string or set CMCM_POSTGRES"
    ensure_psql
    local files=()
    for f in "$SQL_DIR"/[0-9]*.sql; do [[ -f "$f" ]] && files+=("$f"); done
    ((${#files[@]})) || die "no deploy/sql/[0-9]*.sql files in $SQL_DIR"
    (
        unset PGCONN_URI
        export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
        set_libpq_env_from "$conn"
        for f in "${files[@]}"; do
            if [[ -n "${PGCONN_URI:-}" ]]; then
                "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$PGCONN_URI" -f "$f" </dev/null >/dev/null
            else
                "$PSQL" -X -q -v ON_ERROR_STOP=1 -f "$f" </dev/null >/dev/null
            fi
            log "applied $(basename "$f")"
        done
    )
}

# ---------------------------------------------------------------- start / stop

cmd_start() {
    [[ $# -eq 1 ]] || usage
    ensure_server_binaries
    PSQL="$PG_BIN/psql"
    [[ -x "$PSQL" ]] || ensure_psql
    init_owner

    local dir; dir="$(abs_dir "$1")"
    if [[ -f "$dir/$MARKER" && -f "$dir/env" ]] && server_running "$dir"; then
        log "server in $dir already running"
        cat "$dir/env"
        return 0
    fi
    if [[ -n "$(ls -A "$dir" 2>/dev/null)" ]]; then
        [[ -f "$dir/$MARKER" ]] || die "$dir is not empty and was not made by this script"
        log "$dir holds a stopped server: removing it and starting afresh"
        local old_base; old_base="$(base_of "$dir")"
        if [[ "$old_base" != "$dir" && "$old_base" == /tmp/cmcm-postgres.* ]]; then rm -rf "$old_base"; fi
        rm -rf "${dir:?}/"* "$dir/$MARKER"
    fi

    touch "$dir/$MARKER"
    local base="$dir"
    if [[ $EUID -eq 0 ]]; then
        chown "$PG_OWNER:" "$dir"
        if ! as_owner test -w "$dir"; then
            # A parent of DIR is closed to the postgres user: keep the server files under /tmp.
            base="$(mktemp -d /tmp/cmcm-postgres.XXXXXX)"
            chown "$PG_OWNER:" "$base"
            echo "$base" > "$dir/base"
            log "$PG_OWNER cannot reach $dir: server files go to $base (removed by stop)"
        fi
    fi
    mkdir -p "$base/data" "$base/log"
    local su_pw; su_pw="$(random_secret)"
    local app_pw; app_pw="$(random_secret)"
    (umask 077; printf '%s\n' "$su_pw" > "$base/superuser.pw")
    chmod 700 "$base/data"
    if [[ $EUID -eq 0 ]]; then
        chown -R "$PG_OWNER:" "$base"
    fi
    as_owner test -w "$base/data" || die "the $PG_OWNER user cannot write $base/data"

    as_owner "$PG_BIN/initdb" -D "$base/data" -U postgres --pwfile="$base/superuser.pw" \
        --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$base/log/initdb.log" 2>&1 \
        || { cat "$base/log/initdb.log" >&2; die "initdb failed"; }

    # Test settings: loopback only, many connections (several silos, each with grain storage,
    # clustering and reminder pools), modest memory; durability left on (fsync, synchronous_commit).
    cat >>"$base/data/postgresql.conf" <<'CONF'

# --- scripts/postgres.sh (throwaway test server) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
shared_buffers = 128MB
work_mem = 4MB
maintenance_work_mem = 64MB
wal_level = minimal
max_wal_senders = 0
max_wal_size = 1GB
checkpoint_timeout = 15min
wal_buffers = 16MB
log_min_messages = warning
log_min_duration_statement = -1
CONF

    local port attempt started=0
    for attempt in 1 2 3 4 5; do
        port="$(free_port)" || die "no free TCP port found on 127.0.0.1"
        echo "$port" > "$dir/port"
        if as_owner "$PG_BIN/pg_ctl" -D "$base/data" -l "$base/log/postgres.log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
            started=1; break
        fi
        log "start on port $port failed (attempt $attempt); retrying on another port"
    done
    if [[ $started -ne 1 ]]; then
        tail -n 30 "$base/log/postgres.log" >&2 || true
        die "could not start PostgreSQL in $dir"
    fi
    # From here on a failure must not leave a running server behind.
    CLEANUP_DATA="$base/data"
    CLEANUP_DIR="$dir"
    trap 'if [[ -n "${CLEANUP_DATA:-}" ]]; then as_owner "$PG_BIN/pg_ctl" -D "$CLEANUP_DATA" -m immediate stop >/dev/null 2>&1 || true; log "setup failed: server stopped; remove it with: $0 stop $CLEANUP_DIR"; fi' EXIT
    # Keep the port with the cluster so restarts (pg_ctl start) reuse it.
    echo "port = $port" >> "$base/data/postgresql.conf"

    admin_psql "$dir" -d postgres \
        -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$app_pw'" \
        -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"

    local conn="Host=127.0.0.1;Port=$port;Database=$DB_NAME;Username=$DB_USER;Password=$app_pw"
    apply_schema "$conn"

    env_line "$port" "$app_pw" > "$dir/env"
    CLEANUP_DATA=""
    cat "$dir/env"
}

cmd_stop() {
    [[ $# -eq 1 ]] || usage
    local dir="$1"
    [[ -d "$dir" ]] || { log "$dir does not exist: nothing to stop"; return 0; }
    dir="$(cd "$dir" && pwd)"
    [[ -f "$dir/$MARKER" ]] || die "$dir was not made by this script: not touching it"
    init_owner
    local base; base="$(base_of "$dir")"
    if find_pg_bin && [[ -d "$base/data" ]]; then
        if as_owner "$PG_BIN/pg_ctl" -D "$base/data" status >/dev/null 2>&1; then
            # Immediate: the files are deleted next, so a shutdown checkpoint would only cost time (and a test
            # process ending may not wait for it).
            as_owner "$PG_BIN/pg_ctl" -D "$base/data" -m immediate -w -t 60 stop >/dev/null
            log "stopped server in $dir"
        fi
    fi
    if [[ "$base" != "$dir" && "$base" == /tmp/cmcm-postgres.* ]]; then rm -rf "$base"; fi
    rm -rf "$dir"
    log "removed $dir"
}

cmd_status() {
    [[ $# -eq 1 ]] || usage
    find_pg_bin || die "PostgreSQL is not installed"
    init_owner
    local dir; dir="$(cd "$1" 2>/dev/null && pwd)" || die "$1 does not exist"
    if server_running "$dir"; then echo "running on 127.0.0.1:$(cat "$dir/port")"; else echo "not running"; return 1; fi
}

cmd_restart() {
    [[ $# -ge 1 && $# -le 2 ]] || usage
    local down="${2:-0}"
    [[ "$down" =~ ^[0-9]+$ ]] || die "restart: SECS must be a whole number of seconds"
    find_pg_bin || die "PostgreSQL is not installed"
    init_owner
    local dir; dir="$(cd "$1" 2>/dev/null && pwd)" || die "$1 does not exist"
    [[ -f "$dir/$MARKER" ]] || die "$dir was not made by this script: not touching it"
    local base; base="$(base_of "$dir")"
    server_running "$dir" || die "the server in $dir is not running"
    as_owner "$PG_BIN/pg_ctl" -D "$base/data" -m fast -w -t 60 stop >/dev/null
    log "stopped server in $dir; down for $down s"
    sleep "$down"
    as_owner "$PG_BIN/pg_ctl" -D "$base/data" -l "$base/log/postgres.log" -w -t 60 start >/dev/null \
        || { tail -n 30 "$base/log/postgres.log" >&2; die "could not start PostgreSQL in $dir again"; }
    log "started server in $dir again on port $(cat "$dir/port")"
}

cmd_env() {
    [[ $# -eq 1 ]] || usage
    [[ -f "$1/env" ]] || die "$1/env not found: run start first"
    cat "$1/env"
}

main() {
    [[ $# -ge 1 ]] || usage
    local cmd="$1"; shift
    case "$cmd" in
        start) cmd_start "$@" ;;
        stop) cmd_stop "$@" ;;
        status) cmd_status "$@" ;;
        restart) cmd_restart "$@" ;;
        env) cmd_env "$@" ;;
        apply-schema) [[ $# -le 1 ]] || usage; apply_schema "$@" ;;
        -h|--help|help) usage ;;
        *) usage ;;
    esac
}

main "$@"
