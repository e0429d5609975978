#!/usr/bin/env bash
# Back up central's PostgreSQL database: one pg_dump (custom format, compressed, restorable
# table by table) written atomically into REGULARS_BACKUP_DIR, then dumps older than
# REGULARS_BACKUP_KEEP_DAYS removed. Run by regulars-central-backup.timer (as postgres).
#   REGULARS_BACKUP_URL   libpq URL of the database (default postgresql:///regulars)
#   REGULARS_BACKUP_DIR   where dumps go (default /var/backups/regulars-central)
# Prints the dump's path. Restore with restore.sh.
set -euo pipefail
url="${REGULARS_BACKUP_URL:-postgresql:///regulars}"
url="${url/postgresql+psycopg:/postgresql:}"  # central's SQLAlchemy form works too
dir="${REGULARS_BACKUP_DIR:-/var/backups/regulars-central}"
keep="${REGULARS_BACKUP_KEEP_DAYS:-14}"
umask 077
mkdir -p "$dir"
name="regulars-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$dir/.${name}.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --compress=6 --no-password --file="$partial" "$url"
# A dump that cannot be listed is no backup: fail now, not on the day it is needed.
pg_restore --list "$partial" >/dev/null
mv "$partial" "$dir/$name"
find "$dir" -maxdepth 1 -name 'regulars-*.dump' -mtime +"$keep" -delete
echo "$dir/$name"
