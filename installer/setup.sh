#!/usr/bin/env bash
# Set up Regulars on a fresh Debian/Ubuntu machine: system packages, a virtualenv, the app,
# and its translations. Idempotent; safe to run again.
#   installer/setup.sh          # what the terminal needs
#   installer/setup.sh --dev    # plus test and build tools
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

# Qt's runtime libraries, a CJK font for Chinese glyphs and the fonts slips fall back on for
# what it lacks (Hanazono: rare CJK extension B–F characters; Symbola: monochrome emoji and
# symbols; Unifont: every other script, newer emoji), zbar for barcode decoding, libusb for
# USB receipt printers (pyusb),
# Xvfb for screenshots/tests on a machine without a display, poppler for PDF checks.
APT_PACKAGES="fonts-noto-cjk fonts-hanazono fonts-symbola fonts-unifont
 libzbar0 xvfb xauth libegl1 libgl1 libfontconfig1 libdbus-1-3
 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libpulse0
 libusb-1.0-0"
# Dev: the central deployment test runs Debian's nginx (TLS proxy) and pg_dump/pg_restore;
# chromium: the console's browser tests (Playwright drives Debian's build; it downloads none).
[ "$DEV" = 1 ] && APT_PACKAGES="$APT_PACKAGES xdotool poppler-utils binutils nginx postgresql-client chromium"

missing=""
# One dpkg-query for all (one call per package took seconds on a busy machine). It exits 1
# when a package was never installed, which is the fresh machine's normal case: under
# pipefail that would end set-up before it installs anything.
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' $APT_PACKAGES 2>/dev/null \
  | awk '$2 == "install" && $3 == "ok" && $4 == "installed" {printf "%s ", $1}' || true)"
for pkg in $APT_PACKAGES; do
  case "$installed" in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done
if [ -n "$missing" ]; then
  echo "setup: installing system packages:$missing"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" - <<'PY' || { echo "setup: Python 3.11 or newer is required" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# A second run on a set-up checkout (CI calls this twice) skips pip: the stamp records what
# pyproject.toml asked for and which install did it ("dev" covers the plain one).
STAMP=.venv/.regulars-setup
WANT="$(sha256sum pyproject.toml | cut -d' ' -f1) $PWD"
MODE=plain
[ "$DEV" = 1 ] && MODE=dev
if [ -f "$STAMP" ] && { grep -qxF "$WANT dev" "$STAMP" || grep -qxF "$WANT $MODE" "$STAMP"; }; then
  echo "setup: Python packages already installed for this pyproject.toml"
else
  rm -f "$STAMP"
  .venv/bin/python -m pip install -q --upgrade pip
  if [ "$DEV" = 1 ]; then
    .venv/bin/python -m pip install -q -e '.[dev]'
    echo "$WANT dev" > "$STAMP"
  else
    .venv/bin/python -m pip install -q -e .
    echo "$WANT plain" > "$STAMP"
  fi
fi

# Compiled translations (.qm) are built, not committed.
if .venv/bin/python -c "import desktop.i18n" 2>/dev/null; then
  .venv/bin/python -m desktop.i18n build
fi
echo "setup: ready (.venv)"
