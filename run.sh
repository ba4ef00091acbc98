#!/usr/bin/env bash
# Start branchdesk (the window by default; any arguments go to the `branchdesk` command).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$ROOT/scripts/bootstrap.sh"
exec "$ROOT/.venv/bin/branchdesk" "$@"
