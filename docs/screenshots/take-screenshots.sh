#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes docs/screenshots/*.png of the real app under Xvfb (packages: xvfb, xauth, imagemagick,
# xdotool).
#   docs/screenshots/take-screenshots.sh BUILD_DIR [SEED_SQL]
# The app starts on a fresh data directory (main-window-empty.png); with SEED_SQL the controller
# database it created is filled by that SQL (networks, members, live status), the app is started
# again and the "office" row is clicked (main-window.png: its members page), then also the Pending
# filter and the first pending member (members-pending.png), the Preferences and Export backup dialogs,
# Network Settings with a description (network-settings.png),
# the window at 200% scaling (QT_SCALE_FACTOR=2) and in a narrow window; then Preferences → Private
# root with a planet of the controller's own. The app runs with the loopback
# test planet from the compatibility vectors (TIERMASTER_VECTORS_DIR, default tests/data/vectors), so it
# never contacts the public roots.
set -eu
build=${1:?usage: $0 BUILD_DIR [SEED_SQL]}
seed=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
app="$build/bin/tiermaster"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
port=$((20000 + $$ % 20000))
vectors=${TIERMASTER_VECTORS_DIR:-$here/../../tests/data/vectors}
planet="$data/loopback.planet"
python3 - "$vectors/worlds.json" "$planet" <<'PY'
import json, sys
worlds = {w["name"]: w for w in json.load(open(sys.argv[1]))["worlds"]}
open(sys.argv[2], "wb").write(bytes.fromhex(worlds["planet_v1"]["serialized"]))
PY

# shoot OUTPUT.png [STEP]... — steps, in order: click:X:Y (window coordinates), key:KEYS (xdotool key
# names), size:W:H (resize the window), dialog:TITLE (shoot that window instead of the main one),
# dclick:X:Y (a click in that dialog), move:X:Y (that dialog moved on the screen), dsize:W:H (resize
# that dialog), type:TEXT (typed into the focused field).
# SCALE=2 runs the app with QT_SCALE_FACTOR=2 on a bigger screen; SCREEN=WxHxD picks the screen;
# WM=1 runs openbox (without it no window manager moves or frames the window).
shoot() {
    out=$1
    shift
    scale=${SCALE:-1}
    screen="1280x800x24"
    [ "$scale" = 1 ] || screen="2560x1600x24"
    screen=${SCREEN:-$screen}
    xvfb-run -a -s "-screen 0 $screen" sh -c '
        app=$1 out=$2 data=$3 port=$4 scale=$5 wm=$6 planet=$7
        shift 7
        [ "$wm" = 1 ] && { openbox >/dev/null 2>&1 & sleep 1; }
        QT_SCALE_FACTOR=$scale XDG_CONFIG_HOME="$data/config" LANG=C.UTF-8 "$app" --data-dir "$data/data" \
            --port "$port" --planet "$planet" --no-api &
        pid=$!
        # Six seconds: the requests per minute in the status bar need two engine samples, 5 s apart.
        sleep 6
        # find TITLE: the window of that title; a window that never comes fails the run instead of hanging it.
        find() {
            found=$(timeout 20 xdotool search --sync --name "^$1$" | head -n 1)
            [ -n "$found" ] || { echo "take-screenshots: no window \"$1\" for $out" >&2; kill -9 $pid; exit 1; }
        }
        find Tiermaster
        win=$found
        target=$win
        for step in "$@"; do
            case $step in
            click:*) xy=${step#click:}; xdotool mousemove --window "$win" "${xy%%:*}" "${xy#*:}" click 1 ;;
            key:*) xdotool windowfocus "$win" 2>/dev/null || true; xdotool key "${step#key:}" ;;
            type:*) xdotool type --delay 20 "${step#type:}" ;;
            size:*) wh=${step#size:}; xdotool windowsize "$win" "${wh%%:*}" "${wh#*:}" ;;
            dialog:*) find "${step#dialog:}"; target=$found ;;
            dclick:*) xy=${step#dclick:}; xdotool mousemove --window "$target" "${xy%%:*}" "${xy#*:}" click 1 ;;
            move:*) xy=${step#move:}; xdotool windowmove "$target" "${xy%%:*}" "${xy#*:}" ;;
            dsize:*) wh=${step#dsize:}; xdotool windowsize "$target" "${wh%%:*}" "${wh#*:}" ;;
            esac
            sleep 1
        done
        if [ "${SHOOT_ROOT:-0}" = 1 ]; then import -window root "$out"; else import -window "$target" "$out"; fi
        # SIGTERM must end the app on its own (no question, no dialog); one that does not fails the run.
        kill $pid
        (sleep 20; kill -9 $pid 2>/dev/null) &
        dog=$!
        status=0
        wait $pid || status=$?
        kill $dog 2>/dev/null || true
        [ "$status" != 137 ] || { echo "take-screenshots: the app did not quit on SIGTERM after $out" >&2; exit 1; }' sh "$app" "$out" "$data" "$port" "$scale" "${WM:-0}" \
        "${PLANET:-$data/loopback.planet}" "$@"
}

shoot "$here/main-window-empty.png"
if [ -n "$seed" ]; then
    python3 - "$data/data/controller.db" "$seed" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
address = db.execute("SELECT address FROM controller_identity").fetchone()[0]
db.executescript(open(sys.argv[2]).read().replace("@CONTROLLER@", address))
db.commit()
PY
    # The table's fourth row (by name: "office") sits at about y=150 in the window; below the activity
    # chart, the members page's "Pending" filter button at about (447, 249), the first row's address at
    # (420, 299). In Preferences the banner naming the command-line flags puts the tabs at y=58.
    shoot "$here/main-window.png" click:60:150
    shoot "$here/members-pending.png" click:60:150 click:447:249 click:420:299
    shoot "$here/preferences.png" click:60:150 key:ctrl+comma dialog:Preferences
    shoot "$here/preferences-network.png" click:60:150 key:ctrl+comma dialog:Preferences dclick:120:58
    shoot "$here/preferences-backups.png" click:60:150 key:ctrl+comma dialog:Preferences dclick:238:58
    shoot "$here/export-backup.png" click:60:150 key:alt+f key:e "dialog:Export backup"
    # A copy of the seeded database as the backup to restore: the confirmation shows what it holds.
    python3 - "$data/data/controller.db" "$data/sample-backup.db" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(target)
target.execute("PRAGMA journal_mode=DELETE")
target.close()
PY
    shoot "$here/restore-backup.png" click:60:150 key:alt+f key:r "type:$data/sample-backup.db" key:Return \
        "dialog:Restore backup"
    shoot "$here/new-network.png" click:60:150 key:ctrl+n type:lab "dialog:Create Network"
    # Network Settings of office (Ctrl+E) on its first tab: name and the description the sample data gives.
    shoot "$here/network-settings.png" click:60:150 key:ctrl+e "dialog:Network settings – office"
    shoot "$here/member-detail.png" click:60:150 click:700:330
    # "home-lab" (the third row, y=120) holds settings that cannot work: its header warns, and so does
    # Network Settings (Ctrl+E, moved aside, on its IP pools tab), with a window manager to move it.
    SHOOT_ROOT=1 WM=1 shoot "$here/network-warnings.png" click:60:120 key:ctrl+e "dialog:Network settings – home-lab" \
        move:600:280 dclick:120:26
    # 200% on a 1440×900 screen without a window manager: the whole screen, the window clamped to it;
    # office (clicks are in device pixels: twice the row's place) rather than the home-lab remembered.
    SHOOT_ROOT=1 SCALE=2 SCREEN=1440x900x24 shoot "$here/main-window-200.png" click:120:300
    # Last: the narrow window's geometry is saved in the settings the other shots share.
    shoot "$here/main-window-narrow.png" size:560:720 click:40:150
fi

# Preferences → Private root: a planet naming this controller at documentation addresses (it names
# no other root, so nothing leaves the machine), made the way the command line makes one.
"$app" --data-dir "$data/data" --make-planet "$data/own.planet" --endpoint "203.0.113.10/$port" \
    --endpoint "2001:db8::10/$port" >/dev/null
PLANET="$data/own.planet" SCREEN=1280x1024x24 shoot "$here/private-root.png" key:ctrl+comma dialog:Preferences \
    dsize:780:800 dclick:322:58

# The rules editor (Network Settings → Rules, with a template and with an error) is shot by its GUI
# test on the xcb platform: the dialog is grabbed as X draws it.
if [ -x "$build/tests/tst_ui_ruleseditor" ]; then
    TIERMASTER_SCREENSHOT_DIR="$here" QT_QPA_PLATFORM=xcb LANG=C.UTF-8 \
        xvfb-run -a -s "-screen 0 1280x800x24" "$build/tests/tst_ui_ruleseditor" screenshots
fi
