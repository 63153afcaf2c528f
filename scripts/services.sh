#!/usr/bin/env bash
# Makes sure the services the tests use answer on loopback:
#   PostgreSQL on 127.0.0.1:5432 with trust auth for user postgres, Redis on 127.0.0.1:6379.
# Already running: nothing to do. Installed but stopped: start it. Not installed: install it from
# Debian's packages (apt-get), then start it. Idempotent; safe to run before every test run.
#
# PACER_TEST_PG_URL set: that server is used instead, and only checked (never started here).
# PACER_PG_PORT / PACER_PG_CLUSTER / PACER_REDIS_PORT exist so this script can be exercised on
# spare ports without touching the services other processes are using.
set -euo pipefail

PG_PORT="${PACER_PG_PORT:-5432}"
PG_CLUSTER="${PACER_PG_CLUSTER:-main}"
REDIS_PORT="${PACER_REDIS_PORT:-6379}"
WAIT_SECONDS=30

log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# initdb/pg_ctl refuse root, apt-get needs it: run as root when we are, through sudo when we can.
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "this needs root (or passwordless sudo): $*"
  fi
}

pg_answers() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; }
redis_answers() { command -v redis-cli >/dev/null 2>&1 && [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]; }
pg_server_installed() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && command -v pg_ctlcluster >/dev/null 2>&1; }
newest() { ls "$1" 2>/dev/null | sort -V | tail -n 1; }

# Polls instead of sleeping a fixed time: usually ready in well under a second.
wait_until() {
  local what="$1"; shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@"; do
    if ((SECONDS >= deadline)); then die "$what did not answer within ${WAIT_SECONDS}s"; fi
    sleep 0.5
  done
  log "$what answers"
}

pg_trust_works() {
  # -w: never prompt; without PGPASSWORD only trust (or a ~/.pgpass the tests would also use) gets in.
  env -u PGPASSWORD psql -X -w -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1
}

# Set when this run installed the server or created its cluster: then its auth rules are ours to set.
FRESH_PG_CLUSTER=0

# $1: also install the PostgreSQL server when it is missing (not when PACER_TEST_PG_URL names one).
ensure_packages() {
  local want_pg_server="$1" missing=()
  if ((want_pg_server)) && ! pg_answers && ! pg_server_installed; then missing+=(postgresql); FRESH_PG_CLUSTER=1; fi
  if ! command -v pg_isready >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
    [[ " ${missing[*]-} " == *" postgresql "* ]] || missing+=(postgresql-client)
  fi
  if ! redis_answers && ! command -v redis-server >/dev/null 2>&1; then missing+=(redis-server); fi
  if ((${#missing[@]} == 0)); then return; fi
  log "installing ${missing[*]} (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  hash -r
}

start_postgres() {
  if pg_answers; then log "PostgreSQL already answers on 127.0.0.1:$PG_PORT"; return; fi
  local version
  version="$(newest /etc/postgresql)"
  [[ -n "$version" ]] || version="$(newest /usr/lib/postgresql)"
  [[ -n "$version" ]] || die "no PostgreSQL server found under /usr/lib/postgresql"
  if [[ ! -d "/etc/postgresql/$version/$PG_CLUSTER" ]]; then
    # Debian's package normally creates the "main" cluster; some images turn that off.
    log "creating PostgreSQL $version cluster '$PG_CLUSTER' on port $PG_PORT"
    as_root pg_createcluster --port "$PG_PORT" "$version" "$PG_CLUSTER" >/dev/null
    FRESH_PG_CLUSTER=1
  fi
  log "starting PostgreSQL $version/$PG_CLUSTER"
  # pg_ctlcluster runs the server as the cluster's owner (postgres) even when called as root;
  # --skip-systemctl-redirect because containers and CI runners have no systemd.
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_CLUSTER" start
}

allow_trust_on_fresh_cluster() {
  # Only for a cluster this run created: an existing server's auth rules are its owner's decision.
  local version hba
  version="$(newest /etc/postgresql)"
  hba="/etc/postgresql/$version/$PG_CLUSTER/pg_hba.conf"
  log "allowing trust auth for user postgres on loopback in $hba"
  as_root sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_CLUSTER" reload
}

start_redis() {
  if redis_answers; then log "Redis already answers on 127.0.0.1:$REDIS_PORT"; return; fi
  log "starting Redis on 127.0.0.1:$REDIS_PORT (no persistence: test data only)"
  # "-::1": bind IPv6 loopback too when the machine has it, without failing when it has not.
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
}

if [[ -n "${PACER_TEST_PG_URL:-}" ]]; then
  log "PACER_TEST_PG_URL is set: checking that server instead of a local one"
  ensure_packages 0
  psql -X -w "$PACER_TEST_PG_URL" -tAc 'select 1' >/dev/null || die "cannot connect to PACER_TEST_PG_URL"
  log "PACER_TEST_PG_URL answers"
  start_redis
  wait_until "Redis on 127.0.0.1:$REDIS_PORT" redis_answers
  exit 0
fi

ensure_packages 1
start_postgres
start_redis
wait_until "PostgreSQL on 127.0.0.1:$PG_PORT" pg_answers
wait_until "Redis on 127.0.0.1:$REDIS_PORT" redis_answers

if ! pg_trust_works; then
  if ((FRESH_PG_CLUSTER)); then
    allow_trust_on_fresh_cluster
    wait_until "PostgreSQL trust auth for postgres@127.0.0.1" pg_trust_works
  else
    die "PostgreSQL on 127.0.0.1:$PG_PORT answers but refuses user postgres without a password.
  The tests need trust auth for it on loopback: add 'host all postgres 127.0.0.1/32 trust' at the top of
  pg_hba.conf and reload, or point PACER_TEST_PG_URL at a server the tests may use."
  fi
fi
log "PostgreSQL accepts user postgres on 127.0.0.1:$PG_PORT without a password"
