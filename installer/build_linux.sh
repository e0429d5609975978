#!/usr/bin/env bash
# Build the Linux bundle of the counter app from this checkout:
#   dist/regulars/                                 the one-folder app (run dist/regulars/regulars)
#   dist/regulars-<version>-linux-<arch>.tar.gz    the same folder, to unpack on a counter PC
#
#   installer/build_linux.sh [--dist DIR] [--work DIR]
#
# Needs the dev set-up (installer/setup.sh --dev: PyInstaller, pyside6-lrelease). PYTHON picks
# the interpreter (default: .venv/bin/python of this checkout). Builds from scratch every time:
# the translations are compiled, the work folder and the old bundle are removed first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

DIST="$ROOT/dist"
WORK="$ROOT/installer/build"
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) DIST="$(realpath -m "$2")"; shift 2 ;;
    --work) WORK="$(realpath -m "$2")"; shift 2 ;;
    -h|--help) sed -n 2,11p "$0"; exit 0 ;;
    *) echo "build_linux: unknown argument $1" >&2; exit 2 ;;
  esac
done
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
"$PYTHON" -c "import PyInstaller" 2>/dev/null || {
  echo "build_linux: PyInstaller is missing; run installer/setup.sh --dev" >&2; exit 1; }

SECONDS=0
VERSION="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
ARCH="$(uname -m)"

echo "build_linux: translations"
"$PYTHON" -m desktop.i18n build

echo "build_linux: PyInstaller (log: $WORK/pyinstaller.log)"
rm -rf "$WORK" "$DIST/regulars"
mkdir -p "$WORK" "$DIST"
if ! "$PYTHON" -m PyInstaller --noconfirm --log-level WARN --workpath "$WORK" \
    --distpath "$DIST" installer/regulars.spec >"$WORK/pyinstaller.log" 2>&1; then
  tail -40 "$WORK/pyinstaller.log" >&2
  echo "build_linux: PyInstaller failed" >&2
  exit 1
fi

APP="$DIST/regulars"
# Every shared library in the bundle must find its own dependencies there or on the system.
unresolved="$(find "$APP/_internal" -name '*.so*' -type f -exec ldd {} \; 2>&1 \
  | grep -E 'not found|error while loading' | sort -u || true)"
if [ -n "$unresolved" ]; then
  echo "build_linux: libraries with unresolved dependencies:" >&2
  echo "$unresolved" >&2
  exit 1
fi

# ctypes-loaded libraries PyInstaller finds on this machine (the runtime hook prefers them):
# without them the bundle would depend on the counter's own packages.
for lib in libzbar.so.0 libusb-1.0.so.0; do
  [ -e "$APP/_internal/$lib" ] || {
    echo "build_linux: $lib is not in the bundle: install libzbar0 and libusb-1.0-0 (installer/setup.sh)" >&2
    exit 1; }
done

# Desktop integration: the icon and a launcher file; install-desktop-entry.sh writes the
# launcher with the path the bundle was unpacked to.
cp installer/icons/regulars.png "$APP/regulars.png"
cp installer/linux/regulars.desktop "$APP/regulars.desktop"
install -m 0755 installer/linux/install-desktop-entry.sh "$APP/install-desktop-entry.sh"

TARBALL="$DIST/regulars-$VERSION-linux-$ARCH.tar.gz"
tar -C "$DIST" -czf "$TARBALL" regulars

size_mb=$(du -sm "$APP" | cut -f1)
tar_mb=$(du -m "$TARBALL" | cut -f1)
echo "build_linux: $APP ($size_mb MB), $TARBALL ($tar_mb MB) in $SECONDS s"
