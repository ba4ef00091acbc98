#!/usr/bin/env bash
# Run the whole test suite (extra arguments go to pytest, e.g. ./test.sh -m "not slow" -x).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
exec "$ROOT/.venv/bin/python" -m pytest "$@"
