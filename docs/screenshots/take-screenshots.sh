#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes docs/screenshots/*.png of the real app under Xvfb (packages: xvfb, xauth, imagemagick).
#   docs/screenshots/take-screenshots.sh BUILD_DIR [SEED_SQL]
# The app starts on a fresh data directory; with SEED_SQL the controller database it created is
# filled by that SQL (networks, members) and the app is started a second time for the picture.
set -eu
build=${1:?usage: $0 BUILD_DIR [SEED_SQL]}
seed=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
app="$build/bin/tiermaster"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
port=$((20000 + $$ % 20000))

shoot() { # shoot OUTPUT.png SECONDS
    xvfb-run -a -s "-screen 0 1100x700x24" sh -c '
        XDG_CONFIG_HOME="$4/config" "$1" --data-dir "$4/data" --port "$5" --no-api &
        pid=$!
        sleep "$3"
        import -window root "$2"
        kill $pid; wait $pid || true' sh "$app" "$1" "$2" "$data" "$port"
}

shoot "$here/main-window-empty.png" 4
if [ -n "$seed" ]; then
    python3 - "$data/data/controller.db" "$seed" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
address = db.execute("SELECT address FROM controller_identity").fetchone()[0]
db.executescript(open(sys.argv[2]).read().replace("@CONTROLLER@", address))
db.commit()
PY
    shoot "$here/main-window.png" 4
fi
