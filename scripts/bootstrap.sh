#!/usr/bin/env bash
# Prepare this checkout on Debian/Ubuntu: the system libraries Qt needs, then .venv with the app
# and its test and build tools. Safe to run again: it does nothing when the stamp in .venv matches
# pyproject.toml, and it installs system packages only when some are missing.
#
# All output goes to stderr, so `./run.sh ... --json` keeps a clean stdout.
set -euo pipefail
exec 1>&2

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.bootstrap-stamp"
PYTHON="${PYTHON:-python3}"

# Offscreen Qt (the app itself).
APT_RUNTIME=(python3-venv libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3)
# Tests: PDFs read back as images, a real X server for window screenshots.
APT_TEST=(poppler-utils xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
          libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0)

wanted_stamp() {
    { sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1; "$PYTHON" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1
}

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(wanted_stamp)" && -x "$VENV/bin/python" ]] \
    && "$VENV/bin/python" -c 'import desktop' 2>/dev/null; then
    exit 0
fi

install_system_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "bootstrap: not a Debian/Ubuntu system; install the equivalents of: ${APT_RUNTIME[*]} ${APT_TEST[*]}"
        return
    fi
    local missing=() package
    for package in "${APT_RUNTIME[@]}" "${APT_TEST[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return
    fi
    local sudo=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "bootstrap: these system packages are missing and installing them needs root:"
            echo "  apt-get install ${missing[*]}"
            exit 1
        fi
    fi
    echo "bootstrap: installing system packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_system_packages

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
    echo "bootstrap: creating $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

echo "bootstrap: installing branchdesk and its test and build tools into .venv"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[test,build]"

wanted_stamp >"$STAMP"
echo "bootstrap: ready"
