#!/usr/bin/env bash
# Runs one libFuzzer campaign per target and merges what it found into tests/fuzz/corpus/<target>.
# Usage: tests/fuzz/run-campaign.sh <build-fuzz dir> <seconds per target> [target...]
# Prints one summary line per target: executions, seconds, corpus size, crashes (0 or the file).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:?build dir (configured with -DTIERMASTER_FUZZ=ON)}
seconds=${2:-600}
shift 2 || true
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(packet verbs dictionary netconf com rules world identity)
fi
for t in "${targets[@]}"; do
    bin="$build/tests/fuzz/fuzz_$t"
    corpus="$here/corpus/$t"
    work=$(mktemp -d)
    log="$work/log"
    start=$(date +%s)
    "$bin" "$work" "$corpus" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$here/" >"$log" 2>&1
    status=$?
    elapsed=$(( $(date +%s) - start ))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    mkdir -p "$work/merged"
    "$bin" -merge=1 "$work/merged" "$corpus" "$work" >/dev/null 2>&1
    # Keep the seeds (named seed-*) and add what the merge kept that is new.
    for f in "$work/merged"/*; do
        [ -e "$f" ] || continue
        name=$(basename "$f")
        [ -e "$corpus/$name" ] || ls "$corpus" | grep -q "$name" || cp "$f" "$corpus/found-$name"
    done
    crash=$(grep -o 'Test unit written to .*' "$log" | head -1)
    echo "$t: status=$status executions=${execs:-?} seconds=$elapsed corpus=$(ls "$corpus" | wc -l) ${crash:-no finding}"
    [ $status -ne 0 ] && tail -40 "$log" > "$here/last-failure-$t.log"
    rm -rf "$work"
done
