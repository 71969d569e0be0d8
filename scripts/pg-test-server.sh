#!/usr/bin/env bash
# Runs a command with a private, throw-away PostgreSQL 15 server (Debian's packages) on a loopback
# port, for the tests that need PostgreSQL; stops the server and deletes its files afterwards.
#
#   scripts/pg-test-server.sh ctest --test-dir build -R store
#
# The command sees
#   TIERMASTER_TEST_PG_URI         postgresql://postgres@127.0.0.1:PORT/postgres   (TCP)
#   TIERMASTER_TEST_PG_SOCKET_URI  postgresql://postgres@/postgres?host=DIR&port=PORT (Unix socket)
# Tests create a database of their own in it (CREATE DATABASE) so they can run in parallel.
# initdb refuses to run as root, so as root the server runs as the unprivileged postgres user.
set -euo pipefail

if (($# == 0)); then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 64
fi

pg_bin=${TM_PG_BIN:-}
if [ -z "$pg_bin" ]; then
    for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [ -x "$candidate/initdb" ]; then
            pg_bin=$candidate
            break
        fi
    done
fi
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "pg-test-server: PostgreSQL server binaries not found (install the Debian package postgresql)" >&2
    exit 69
fi

as_server_user=()
if [ "$(id -u)" = 0 ]; then
    as_server_user=(runuser -u postgres --)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tiermaster-pg.XXXXXX")
chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown postgres: "$work"
data=$work/data
sockets=$work/sockets
started=

stop_server() {
    if [ -n "$started" ]; then
        "${as_server_user[@]}" "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

"${as_server_user[@]}" mkdir -p "$sockets"
"${as_server_user[@]}" "$pg_bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$work/initdb.log" 2>&1 || {
    cat "$work/initdb.log" >&2
    exit 1
}

# A random free-looking port; pg_ctl fails if another program has it, so try a few.
for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 30000))
    if "${as_server_user[@]}" "$pg_bin/pg_ctl" -D "$data" -l "$work/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$sockets \
            -c max_connections=200 -c shared_buffers=32MB" start >/dev/null 2>&1; then
        started=1
        break
    fi
    echo "pg-test-server: port $port did not work (attempt $attempt), trying another" >&2
done
if [ -z "$started" ]; then
    cat "$work/server.log" >&2 || true
    echo "pg-test-server: could not start PostgreSQL" >&2
    exit 1
fi

export TIERMASTER_TEST_PG_URI="postgresql://postgres@127.0.0.1:$port/postgres"
export TIERMASTER_TEST_PG_SOCKET_URI="postgresql://postgres@/postgres?host=$sockets&port=$port"
echo "pg-test-server: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" \
    "(socket folder $sockets)" >&2
status=0
"$@" || status=$?
exit "$status"
