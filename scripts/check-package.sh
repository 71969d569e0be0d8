#!/usr/bin/env bash
# Checks the Debian package on this machine, as root (issue 18; docs/packaging.md records a real run):
#   1. dpkg -i: the tiermaster system user, /var/lib/tiermaster 0700, the conffile, nothing started;
#   2. systemd-analyze verify accepts tiermaster.service;
#   3. the unit's ExecStart, run as the tiermaster user (setpriv: systemd is not PID 1 here) with the
#      installed config, serves /status;
#   4. with a process already holding UDP and TCP 9993, it starts on 9994 and /status says so;
#   5. dpkg -r keeps the data, dpkg --purge removes it (the user stays).
# Only loopback traffic: the data dir gets the lab's private planet (one root at 127.0.0.1).
#
# Usage: scripts/check-package.sh [PACKAGE.deb]   (default: the newest tiermaster_*.deb in build/,
#        made with `cpack` there if there is none). TM_KEEP_INSTALLED=1 leaves the package installed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${TM_BUILD_DIR:-"$here/build"}
deb=${1:-}
if [ -z "$deb" ]; then
    deb=$(ls -t "$build_dir"/tiermaster_*.deb 2>/dev/null | head -1 || true)
    if [ -z "$deb" ]; then
        (cd "$build_dir" && cpack -G DEB >/dev/null)
        deb=$(ls -t "$build_dir"/tiermaster_*.deb | head -1)
    fi
fi
[ "$(id -u)" = 0 ] || { echo "check-package: run as root (it installs the package)" >&2; exit 1; }

unit=/lib/systemd/system/tiermaster.service
conf=/etc/tiermaster/tiermaster.conf
data=/var/lib/tiermaster
failures=0
pids=()
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; failures=$((failures + 1)); }
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

echo "== package: $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
echo "== dpkg -i"
dpkg -i "$deb"

echo "== user, data dir, conffile"
if entry=$(getent passwd tiermaster); then
    uid=$(echo "$entry" | cut -d: -f3)
    if [ "$uid" -lt 1000 ]; then ok "system user: $entry"; else bad "tiermaster is not a system user: $entry"; fi
else
    bad "no tiermaster user"
fi
getent group tiermaster >/dev/null && ok "group tiermaster" || bad "no tiermaster group"
mode=$(stat -c '%a %U:%G' "$data" 2>/dev/null || echo missing)
[ "$mode" = "700 tiermaster:tiermaster" ] && ok "$data is $mode" || bad "$data is $mode (want 700 tiermaster:tiermaster)"
cmode=$(stat -c '%a %U:%G' "$conf" 2>/dev/null || echo missing)
[ "$cmode" = "640 root:tiermaster" ] && ok "$conf is $cmode" || bad "$conf is $cmode (want 640 root:tiermaster)"
dpkg-query -W -f='${Conffiles}\n' tiermaster | grep -q "$conf" && ok "$conf is a conffile" || bad "$conf is no conffile"
if pgrep -u tiermaster >/dev/null 2>&1; then bad "something runs as tiermaster after install"; else ok "nothing started"; fi
if ls /etc/systemd/system/*.wants/tiermaster.service >/dev/null 2>&1; then
    bad "the unit was enabled on install: $(ls /etc/systemd/system/*.wants/tiermaster.service)"
else
    ok "the unit is not enabled"
fi

echo "== systemd-analyze verify"
if out=$(systemd-analyze verify "$unit" 2>&1); then
    ok "systemd-analyze verify $unit${out:+ (said: $out)}"
else
    bad "systemd-analyze verify: $out"
fi

exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
echo "ExecStart: $exec_start"
cp "$here/tests/data/vectors/lab/lab-planet.bin" "$data/planet"
chown tiermaster:tiermaster "$data/planet"

# Starts the unit's command as the tiermaster user; sets ready (the ready line) or fails.
start_service() {
    local log=$1
    # The unit's environment and umask; HOME as the service user's.
    setpriv --reuid tiermaster --regid tiermaster --init-groups --no-new-privs --inh-caps=-all -- \
        env -i HOME="$data" PATH=/usr/bin:/bin QT_ENABLE_REGEXP_JIT=0 sh -c "umask 077; exec $exec_start" \
        >"$log.out" 2>"$log.err" &
    pids+=($!)
    service_pid=$!
    ready=""
    for _ in $(seq 1 150); do
        ready=$(grep -m1 '^tiermaster ready' "$log.out" 2>/dev/null || true)
        [ -n "$ready" ] && break
        kill -0 "$service_pid" 2>/dev/null || break
        sleep 0.2
    done
    echo "ready line: ${ready:-<none>}"
    [ -n "$ready" ] || { echo "stderr:"; cat "$log.err"; }
}
stop_service() {
    kill -TERM "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
}
status_json() {
    local api=$1
    curl -s --max-time 5 -H "X-ZT1-Auth: $(cat "$data/authtoken.secret")" "http://$api/status"
}

echo "== the unit's command as the tiermaster user"
tmp=$(mktemp -d)
start_service "$tmp/first"
if [ -n "$ready" ]; then
    ok "serving: $ready"
    api=$(echo "$ready" | sed -n 's/.* api=\([^ ]*\).*/\1/p')
    status=$(status_json "$api")
    echo "/status: $status"
    echo "$status" | grep -q '"address"' && ok "/status answers on $api" || bad "/status did not answer"
    ls -la "$data"
    owner=$(stat -c '%U %a' "$data/controller.db")
    [ "$owner" = "tiermaster 600" ] && ok "controller.db is $owner" || bad "controller.db is $owner"
else
    bad "no ready line"
fi
stop_service

echo "== beside zerotier-one: UDP and TCP 9993 held by another process"
python3 - >"$tmp/holder.out" 2>&1 <<'EOF' &
import socket, time
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT of the first run's API
for name, sock in (("UDP", u), ("TCP", t)):
    try:
        sock.bind(("0.0.0.0", 9993))
        print("holder: %s 9993 held" % name, flush=True)
    except OSError as e:
        print("holder: %s 9993 already taken by another program (%s)" % (name, e), flush=True)
t.listen(1)
time.sleep(60)
EOF
pids+=($!)
for _ in $(seq 1 50); do [ "$(grep -c '^holder:' "$tmp/holder.out" 2>/dev/null)" = 2 ] && break; sleep 0.2; done
cat "$tmp/holder.out"
ss -lunp 'sport = :9993' | tail -n +2 || true
ss -ltnp 'sport = :9993' | tail -n +2 || true
start_service "$tmp/second"
if [ -n "$ready" ]; then
    if echo "$ready" | grep -q ' port=9994 '; then ok "fell back to UDP 9994: $ready"; else bad "no fallback: $ready"; fi
    grep -i '9994' "$tmp/second.err" | head -2 || true
    api=$(echo "$ready" | sed -n 's/.* api=\([^ ]*\).*/\1/p')
    status=$(status_json "$api")
    echo "/status: $status"
    echo "$status" | grep -q '"portFallback":true' && ok "/status says portFallback" || bad "/status lacks portFallback:true"
else
    bad "did not start beside a holder of 9993"
fi
stop_service
rm -rf "$tmp"

if [ "${TM_KEEP_INSTALLED:-0}" = 1 ]; then
    echo "== left installed (TM_KEEP_INSTALLED=1)"
else
    echo "== dpkg -r keeps the data, dpkg --purge removes it"
    dpkg -r tiermaster >/dev/null
    [ -f "$data/controller.db" ] && ok "after remove: $data/controller.db kept" || bad "remove lost the data"
    dpkg --purge tiermaster >/dev/null
    [ -e "$data" ] && bad "purge left $data" || ok "after purge: $data gone"
    [ -e /etc/tiermaster ] && bad "purge left /etc/tiermaster" || ok "after purge: /etc/tiermaster gone"
    getent passwd tiermaster >/dev/null && ok "the system user stays (Debian practice)" || true
fi

echo "== lintian"
if command -v lintian >/dev/null; then
    lintian "$deb" || true   # lintian --info explains each tag
else
    echo "lintian not installed (apt-get install lintian)"
fi

if [ "$failures" -eq 0 ]; then echo "check-package: all checks passed"; else echo "check-package: $failures check(s) failed"; fi
exit $((failures > 0))
