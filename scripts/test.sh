#!/usr/bin/env bash
# Set up, build, then run every test through CTest.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh"
cd "${TM_BUILD_DIR:-$here/build}"
# No reruns: a test that fails fails the run (the one flake seen, node.nodebinary under heavy load,
# was found and fixed; docs/reliability.md keeps the record).
# The PostgreSQL tests get a throw-away PostgreSQL 15 server on a loopback port (stopped afterwards),
# so CI runs every database test on both back ends.
QT_QPA_PLATFORM=offscreen "$here/scripts/pg-test-server.sh" ctest --output-on-failure --parallel "$(nproc)" --timeout 600
