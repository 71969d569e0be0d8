#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes docs/screenshots/*.png of the real app under Xvfb (packages: xvfb, xauth, imagemagick,
# xdotool).
#   docs/screenshots/take-screenshots.sh BUILD_DIR [SEED_SQL]
# The app starts on a fresh data directory (main-window-empty.png); with SEED_SQL the controller
# database it created is filled by that SQL (networks, members), the app is started again and the
# first network row is clicked (main-window.png). The app runs with the loopback test planet from
# the compatibility vectors (TIERMASTER_VECTORS_DIR, default ../shared/vectors), so it never
# contacts the public roots.
set -eu
build=${1:?usage: $0 BUILD_DIR [SEED_SQL]}
seed=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
app="$build/bin/tiermaster"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
port=$((20000 + $$ % 20000))
vectors=${TIERMASTER_VECTORS_DIR:-$here/../../../shared/vectors}
planet="$data/loopback.planet"
python3 - "$vectors/worlds.json" "$planet" <<'PY'
import json, sys
worlds = {w["name"]: w for w in json.load(open(sys.argv[1]))["worlds"]}
open(sys.argv[2], "wb").write(bytes.fromhex(worlds["planet_v1"]["serialized"]))
PY

shoot() { # shoot OUTPUT.png CLICK_X CLICK_Y (0 0: no click)
    xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
        XDG_CONFIG_HOME="$4/config" LANG=C.UTF-8 "$1" --data-dir "$4/data" --port "$5" --planet "$4/loopback.planet" --no-api &
        pid=$!
        sleep 4
        win=$(xdotool search --sync --name "^Tiermaster$" | head -n 1)
        if [ "$6" != 0 ]; then xdotool mousemove --window "$win" "$6" "$7" click 1; sleep 1; fi
        import -window "$win" "$2"
        kill $pid; wait $pid || true' sh "$app" "$1" "" "$data" "$port" "$2" "$3"
}

shoot "$here/main-window-empty.png" 0 0
if [ -n "$seed" ]; then
    python3 - "$data/data/controller.db" "$seed" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
address = db.execute("SELECT address FROM controller_identity").fetchone()[0]
db.executescript(open(sys.argv[2]).read().replace("@CONTROLLER@", address))
db.commit()
PY
    # The table's fourth row (by name: "office") sits at about y=150 in the window.
    shoot "$here/main-window.png" 60 150
fi
