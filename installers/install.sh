#!/bin/sh
# Install Classroom Desktop for this user on Linux: no root, nothing outside ~/.local.
#
#   ./install.sh               from inside a bundle folder (build.py puts this script there)
#   installers/install.sh DIR  from a checkout, DIR = the bundle (default build/bundle/dist/classroom-desktop)
#   ./install.sh --uninstall   remove what it installed (the teacher's workspaces are never touched)
#
# Puts the bundle in ~/.local/lib/classroom-desktop, the command in ~/.local/bin, the menu entry
# (.desktop), the AppStream metainfo and the icons in ~/.local/share. PREFIX=/some/where overrides ~/.local.
set -eu

ID=org.classroomdesktop.ClassroomDesktop
PREFIX=${PREFIX:-$HOME/.local}
LIB=$PREFIX/lib/classroom-desktop
BIN=$PREFIX/bin/classroom-desktop
SHARE=$PREFIX/share
HERE=$(cd "$(dirname "$0")" && pwd)

refresh() {
    # Menus and icon caches pick the change up at once where these tools exist; harmless otherwise.
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$LIB"
    rm -f "$BIN" "$SHARE/applications/$ID.desktop" "$SHARE/metainfo/$ID.metainfo.xml"
    rm -f "$SHARE"/icons/hicolor/*/apps/"$ID".png "$SHARE/icons/hicolor/scalable/apps/$ID.svg"
    refresh
    echo "Classroom Desktop was removed from $PREFIX (workspaces and backups are kept)."
    exit 0
fi

if [ $# -ge 1 ]; then
    BUNDLE=$1
elif [ -x "$HERE/classroom-desktop" ]; then
    BUNDLE=$HERE
else
    BUNDLE=$HERE/../build/bundle/dist/classroom-desktop
fi
if [ ! -x "$BUNDLE/classroom-desktop" ]; then
    echo "install.sh: no Classroom Desktop bundle at $BUNDLE (build it: python3 installers/build.py)" >&2
    exit 2
fi
BUNDLE=$(cd "$BUNDLE" && pwd)
DATA=$BUNDLE/_internal
for f in "$DATA/share/applications/$ID.desktop" "$DATA/share/metainfo/$ID.metainfo.xml" \
         "$DATA/resources/icons/classroom-desktop.svg"; do
    if [ ! -f "$f" ]; then
        echo "install.sh: the bundle lacks $f" >&2
        exit 2
    fi
done

mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo" "$SHARE/icons/hicolor/scalable/apps"
if [ "$BUNDLE" != "$LIB" ]; then
    rm -rf "$LIB.new"
    cp -a "$BUNDLE" "$LIB.new"
    rm -rf "$LIB"
    mv "$LIB.new" "$LIB"
fi
ln -sfn "$LIB/classroom-desktop" "$BIN"
# Exec= names the installed command by its full path: ~/.local/bin is not on every desktop's PATH.
sed "s|^Exec=classroom-desktop|Exec=$BIN|" "$DATA/share/applications/$ID.desktop" >"$SHARE/applications/$ID.desktop"
cp "$DATA/share/metainfo/$ID.metainfo.xml" "$SHARE/metainfo/$ID.metainfo.xml"
cp "$DATA/resources/icons/classroom-desktop.svg" "$SHARE/icons/hicolor/scalable/apps/$ID.svg"
for png in "$DATA"/resources/icons/classroom-desktop-*.png; do
    size=${png##*-}
    size=${size%.png}
    mkdir -p "$SHARE/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$SHARE/icons/hicolor/${size}x${size}/apps/$ID.png"
done
refresh
echo "Classroom Desktop $("$BIN" --version | sed 's/^classroom-desktop //') is installed for $(id -un):"
echo "  the menu entry 'Classroom Desktop', or the command $BIN"
case ":$PATH:" in
    *":$PREFIX/bin:"*) ;;
    *) echo "  ($PREFIX/bin is not on PATH: start it from the menu or by its full path)" ;;
esac
