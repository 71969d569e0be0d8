#!/usr/bin/env bash
# Set up, build, then start Tiermaster on its default embedded database
# (~/.local/share/tiermaster/controller.db, created on first start).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh"
exec "${TM_BUILD_DIR:-$here/build}/bin/tiermaster" "$@"
