#!/usr/bin/env bash
# Restore a backup made by backup.sh into a NEW database (never over a live one):
#   restore.sh DUMP TARGET_URL
# TARGET_URL is a libpq URL whose database does not exist yet (it is created here), e.g.
# postgresql:///regulars_restored. The roles the dump grants to (regulars_app) must exist on
# that server. Then point REGULARS_CENTRAL_DATABASE_URL at it, or rename it in place of the
# old one while central is stopped. Terminals whose cursor is past the restored feed are
# told to bootstrap again (410), and push again what central lost.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: restore.sh DUMP TARGET_URL" >&2; exit 2; }
dump="$1"; target="${2/postgresql+psycopg:/postgresql:}"
pg_restore --list "$dump" >/dev/null
db="${target##*/}"; db="${db%%\?*}"
server="${target%/*}/postgres"
[[ "$db" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "restore.sh: not a plain database name: $db" >&2; exit 2; }
if [ "$(psql --no-password -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" "$server")" = 1 ]; then
  echo "restore.sh: database $db exists; restore into a new one" >&2
  exit 1
fi
psql --no-password -qc "CREATE DATABASE \"$db\"" "$server"
pg_restore --no-password --exit-on-error --single-transaction --dbname="$target" "$dump"
echo "restored into $db"
