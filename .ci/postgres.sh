#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the tests and print its URL (for PTS_TEST_POSTGRES_URL).
# Usage: .ci/postgres.sh DATA_DIR PORT. Debian's `postgresql` package supplies the server; it will
# not run as root, so as root the cluster belongs to the `postgres` account. Local connections
# are trusted (the cluster listens on 127.0.0.1 only); role `pts` may create databases.
set -euo pipefail
DATA="$1"
PORT="$2"
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$BIN/initdb" ] || { echo "no PostgreSQL server installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$DATA"
[ "$(id -u)" = 0 ] && chown postgres "$DATA"
if [ ! -f "$DATA/PG_VERSION" ]; then
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -o "-p $PORT -k $DATA -h 127.0.0.1 -c fsync=off" start >/dev/null
as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qtAc \
  "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='pts') THEN CREATE ROLE pts LOGIN CREATEDB; END IF; END\$\$"
echo "postgresql://pts@127.0.0.1:$PORT/postgres"
