#!/usr/bin/env bash
# Run a `central` command with the service's settings (the env file) and venv, e.g.
#   sudo -u regulars /opt/regulars/installer/central/central.sh init-admin
#   sudo -u regulars /opt/regulars/installer/central/central.sh issue-code --store S001
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
set -a
# shellcheck disable=SC1090
. "${REGULARS_CENTRAL_ENV:-/etc/regulars/central.env}"
set +a
cd "$root"
exec "$root/.venv/bin/python" -m central "$@"
