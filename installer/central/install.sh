#!/usr/bin/env bash
# Install Regulars central on a fresh Debian 12 machine, from this source tree:
#   sudo installer/central/install.sh central.example.com /etc/ssl/certs/central.pem \
#        /etc/ssl/private/central.key
# Debian's PostgreSQL and nginx, a `regulars` system user, the app in ROOT/.venv, the
# database `regulars` owned by role `regulars` with the service's role `regulars_app`, the
# environment file /etc/regulars/central.env (kept when it exists), the systemd units and
# timers, the nginx site. Idempotent: run it again after pulling a new version (it migrates,
# re-grants and reloads).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: install.sh SERVER_NAME CERT_FILE KEY_FILE" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root" >&2; exit 1; }
server_name="$1"; cert="$2"; key="$3"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port=8470
env_file=/etc/regulars/central.env
backup_dir=/var/backups/regulars-central
render() { "$here/render.sh" "$@" ROOT="$root" VENV="$root/.venv" USER=regulars ENV_FILE="$env_file" \
  PORT="$port" BACKUP_DIR="$backup_dir"; }

apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv postgresql nginx
id regulars >/dev/null 2>&1 || useradd --system --home-dir /var/lib/regulars-central \
  --shell /usr/sbin/nologin regulars

[ -x "$root/.venv/bin/python" ] || python3 -m venv "$root/.venv"
"$root/.venv/bin/python" -m pip install -q --upgrade pip
"$root/.venv/bin/python" -m pip install -q "$root"

install -d -m 0750 -g regulars /etc/regulars
install -d -m 0700 -o postgres -g postgres "$backup_dir"
if [ ! -f "$env_file" ]; then
  password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
  "$here/render.sh" "$here/central.env.example" APP_PASSWORD="$password" > "$env_file"
  chown root:regulars "$env_file"; chmod 0640 "$env_file"
  created_password="$password"
fi
set -a; . "$env_file"; set +a

# Roles and database: `regulars` owns the tables (migrations), `regulars_app` serves.
as_pg() { runuser -u postgres -- "$@"; }
as_pg psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname='regulars'" | grep -q 1 \
  || as_pg psql -qc "CREATE ROLE regulars LOGIN"
as_pg psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname='regulars_app'" | grep -q 1 \
  || as_pg psql -qc "CREATE ROLE regulars_app LOGIN PASSWORD '${created_password:-changeme}'"
as_pg psql -qtAc "SELECT 1 FROM pg_database WHERE datname='regulars'" | grep -q 1 \
  || as_pg createdb --owner=regulars regulars
owner_url="postgresql+psycopg://regulars@/regulars?host=/var/run/postgresql"
runuser -u regulars -- "$root/.venv/bin/python" -m central migrate --db "$owner_url"
runuser -u regulars -- "$root/.venv/bin/python" -m central grant-app --db "$owner_url" \
  --role regulars_app
as_pg psql -qc "GRANT CONNECT ON DATABASE regulars TO regulars_app"

for unit in regulars-central.service regulars-central-backup.service \
            regulars-central-backup.timer regulars-central-jobs.service \
            regulars-central-jobs.timer; do
  render "$here/$unit" > "/etc/systemd/system/$unit"
done
render "$here/nginx-regulars-central.conf" SERVER_NAME="$server_name" CERT="$cert" KEY="$key" \
  LISTEN=443 UPSTREAM="127.0.0.1:$port" HEADER_TIMEOUT=10s BODY_TIMEOUT=30s MAX_BODY=8m \
  MAX_ANONYMOUS_BODY=16k > /etc/nginx/sites-available/regulars-central
ln -sf /etc/nginx/sites-available/regulars-central /etc/nginx/sites-enabled/regulars-central
nginx -t
systemctl daemon-reload
systemctl enable --now regulars-central.service regulars-central-backup.timer \
  regulars-central-jobs.timer
systemctl reload-or-restart regulars-central.service nginx.service
echo "install.sh: central is running behind https://$server_name/"
