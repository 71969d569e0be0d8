#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes docs/screenshots/*.png of the real app under Xvfb (packages: xvfb, xauth, imagemagick,
# xdotool).
#   docs/screenshots/take-screenshots.sh BUILD_DIR [SEED_SQL]
# The app starts on a fresh data directory (main-window-empty.png); with SEED_SQL the controller
# database it created is filled by that SQL (networks, members, live status), the app is started
# again and the "office" row is clicked (main-window.png: its members page), then also the Pending
# filter and the first pending member (members-pending.png). The app runs with the loopback test planet from
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

shoot() { # shoot OUTPUT.png [X Y]... : clicks at these window coordinates, in order, then shoots
    out=$1
    shift
    xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
        app=$1 out=$2 data=$3 port=$4
        shift 4
        XDG_CONFIG_HOME="$data/config" LANG=C.UTF-8 "$app" --data-dir "$data/data" --port "$port" \
            --planet "$data/loopback.planet" --no-api &
        pid=$!
        sleep 4
        win=$(xdotool search --sync --name "^Tiermaster$" | head -n 1)
        while [ $# -ge 2 ]; do xdotool mousemove --window "$win" "$1" "$2" click 1; sleep 1; shift 2; done
        import -window "$win" "$out"
        kill $pid; wait $pid || true' sh "$app" "$out" "$data" "$port" "$@"
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
    # The table's fourth row (by name: "office") sits at about y=150 in the window; the members
    # page's "Pending" filter button at about (530, 118), its first row at y=169.
    shoot "$here/main-window.png" 60 150
    shoot "$here/members-pending.png" 60 150 530 118 600 169
fi
