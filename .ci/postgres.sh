#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1 for the corpus-store tests (tests/test_store.py).
#
#   . .ci/postgres.sh      # from .ci/run: exports EXTRACTOR_TEST_PG_URL for pytest
#   .ci/postgres.sh        # by hand: prints the export line
#   .ci/postgres.sh stop   # stop the instance (its files stay for the next start)
#
# Installs the Debian packages if no server binaries are found, then runs its own cluster in
# ${EXTRACTOR_PG_DIR:-$TMPDIR/extractor-test-pg} (never the system's `main` cluster), on a free
# loopback port. Idempotent: a running instance is reused. If EXTRACTOR_TEST_PG_URL is already set,
# that server is used and nothing is started. Written to be sourced under `set -euo pipefail`:
# everything lives in functions that `return`, never `exit`.

_xpg_log() { echo "postgres.sh: $*" >&2; }

_xpg_bindir() {
    local d
    # Debian keeps the server binaries out of PATH; take the newest installed major version.
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$d" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    d=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
    return 1
}

_xpg_install() {
    _xpg_log "installing PostgreSQL from the Debian packages"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo -n"; fi
    $sudo apt-get update -qq >&2 &&
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
}

# Run a server binary as the instance owner: initdb refuses to run as root.
_xpg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

_xpg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_xpg_port_busy() {
    python3 -c 'import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)' "$1"
}

_xpg_main() {
    local action="${1:-start}"
    local base="${EXTRACTOR_PG_DIR:-${TMPDIR:-/tmp}/extractor-test-pg}"
    local data="$base/data" db="extractor_test" bin port user

    if [ "$action" = start ] && [ -n "${EXTRACTOR_TEST_PG_URL:-}" ]; then
        _xpg_log "EXTRACTOR_TEST_PG_URL already set; using that server"
        return 0
    fi
    if ! bin=$(_xpg_bindir); then
        _xpg_install || { _xpg_log "could not install PostgreSQL"; return 1; }
        bin=$(_xpg_bindir) || { _xpg_log "PostgreSQL installed but pg_ctl not found"; return 1; }
    fi
    if [ "$action" = stop ]; then
        [ -f "$data/PG_VERSION" ] && _xpg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true
        return 0
    fi
    if [ "$(id -u)" = 0 ]; then user=postgres; else user=$(id -un); fi

    mkdir -p "$base/sock"
    if [ "$(id -u)" = 0 ]; then chown -R postgres: "$base"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
        _xpg_log "creating a cluster in $data"
        # C.UTF-8: Chinese text needs a UTF-8 database; trust on loopback only, it is throwaway.
        _xpg_as_owner "$bin/initdb" -D "$data" -U "$user" -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=trust >"$base/initdb.log" 2>&1 ||
            { _xpg_log "initdb failed, see $base/initdb.log"; return 1; }
    fi

    if _xpg_as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        port=$(cat "$base/port")
    else
        port=$(cat "$base/port" 2>/dev/null || true)
        if [ -z "$port" ] || _xpg_port_busy "$port"; then port=$(_xpg_free_port); fi
        echo "$port" >"$base/port"
        # fsync off: a test server whose data may be lost; the tests kill clients, never the server.
        _xpg_as_owner "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $base/sock -c fsync=off -c full_page_writes=off -c max_connections=50" \
            start >/dev/null ||
            { _xpg_log "server did not start, see $base/server.log"; return 1; }
    fi

    if ! _xpg_as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
        _xpg_as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$db" ||
            { _xpg_log "createdb failed"; return 1; }
    fi
    export EXTRACTOR_TEST_PG_URL="postgresql://$user@127.0.0.1:$port/$db"
    echo "export EXTRACTOR_TEST_PG_URL=$EXTRACTOR_TEST_PG_URL"
}

_xpg_main "$@"
