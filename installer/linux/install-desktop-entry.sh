#!/usr/bin/env sh
# Add Regulars to the desktop's application menu, pointing at this unpacked bundle.
#   ./install-desktop-entry.sh            for this user (~/.local/share)
#   sudo ./install-desktop-entry.sh --system   for every user (/usr/local/share)
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
PREFIX="${XDG_DATA_HOME:-$HOME/.local/share}"
[ "${1:-}" = "--system" ] && PREFIX=/usr/local/share
mkdir -p "$PREFIX/applications" "$PREFIX/icons/hicolor/256x256/apps"
cp "$HERE/regulars.png" "$PREFIX/icons/hicolor/256x256/apps/regulars.png"
sed -e "s|^Exec=regulars |Exec=\"$HERE/regulars\" |" "$HERE/regulars.desktop" \
  > "$PREFIX/applications/regulars.desktop"
chmod 0644 "$PREFIX/applications/regulars.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$PREFIX/applications" || true
echo "Regulars added to the application menu ($PREFIX/applications/regulars.desktop)"
