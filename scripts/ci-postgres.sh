#!/usr/bin/env bash
# Installs (Debian's `postgresql` package) and starts a local PostgreSQL server
# on 127.0.0.1, creates a role and a database for the orbat store tests, and
# hands back ORBAT_TEST_POSTGRES_URL.
#
# Use either way:
#   source scripts/ci-postgres.sh              # exports ORBAT_TEST_POSTGRES_URL
#   eval "$(bash scripts/ci-postgres.sh)"      # stdout is one `export ...` line
#
# Everything else goes to stderr. Idempotent: a second run reuses the server,
# the role and the database. Needs root (apt-get, running as `postgres`).

_orbat_pg_main() {
    local role=orbat password=orbat db=orbat_test port="${ORBAT_PG_PORT:-5432}"
    log() { echo "ci-postgres: $*" >&2; }

    if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        log "installing postgresql (apt-get)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
    fi

    local version
    version="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
    # Debian creates the `main` cluster on install; a trimmed image may not have it.
    if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
        log "creating cluster $version/main"
        pg_createcluster "$version" main -p "$port" >&2
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
        log "starting cluster $version/main"
        pg_ctlcluster "$version" main start >&2
    fi
    port="$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')"

    local i
    for i in $(seq 1 30); do
        if runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$port"; then break; fi
        sleep 1
    done
    runuser -u postgres -- pg_isready -h 127.0.0.1 -p "$port" >&2

    psql_admin() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
    if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$role'")" != "1" ]; then
        log "creating role $role"
        psql_admin -c "CREATE ROLE $role LOGIN PASSWORD '$password' CREATEDB" >&2
    fi
    if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$db'")" != "1" ]; then
        log "creating database $db"
        psql_admin -c "CREATE DATABASE $db OWNER $role" >&2
    fi

    ORBAT_TEST_POSTGRES_URL="postgres://$role:$password@127.0.0.1:$port/$db"
    export ORBAT_TEST_POSTGRES_URL
    log "ready: ORBAT_TEST_POSTGRES_URL=$ORBAT_TEST_POSTGRES_URL"
    echo "export ORBAT_TEST_POSTGRES_URL=$ORBAT_TEST_POSTGRES_URL"
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    # Sourced: do the work in a strict child shell, export into the caller's
    # shell, and leave the caller's shell options as they were.
    # A failure makes `source` fail, so a caller under `set -e` stops instead of
    # quietly skipping the PostgreSQL tests.
    if _orbat_pg_export="$(bash "${BASH_SOURCE[0]}")"; then
        eval "$_orbat_pg_export"
        unset _orbat_pg_export
    else
        unset _orbat_pg_export
        echo "ci-postgres: could not start PostgreSQL (see above)" >&2
        return 1
    fi
else
    set -euo pipefail
    _orbat_pg_main
fi
