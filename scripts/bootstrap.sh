#!/usr/bin/env bash
# Prepare this checkout on Debian/Ubuntu: the system libraries Qt and the bundle build need, then
# .venv with the app and its test and build tools. Safe to run again: it does nothing when the
# stamp in .venv matches, and it installs system packages only when some are missing.
#
# All output goes to stderr, so `./run.sh ... --json` keeps a clean stdout.
set -euo pipefail
exec 1>&2

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.bootstrap-stamp"
PYTHON="${PYTHON:-python3}"

# The window: Qt's offscreen, xcb (X11) and wayland platforms. Qt 6.5+ refuses to load xcb
# without libxcb-cursor0; QT_DEBUG_PLUGINS=1 names the rest (Qt's own message names only cursor0).
APT_RUNTIME=(python3-venv libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3
             libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
             libxcb-shape0 libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-xkb1 libx11-xcb1
             libxkbcommon-x11-0 libwayland-cursor0 libwayland-egl1)
# The PyInstaller bundle: objdump; the running Python's shared library is added below if missing.
APT_BUILD=(binutils)
# Tests: PDFs read back as images, a real X server for window screenshots.
APT_TEST=(poppler-utils xvfb xauth)

# Facts about the interpreter that makes the venv, in one call: "major.minor", its real path, and
# whether its shared library (libpythonX.Y.so.1.0, which PyInstaller bundles) is on disk.
read -r PY_VERSION PY_PATH PY_SHARED < <("$PYTHON" - <<'EOF'
import os, sys, sysconfig
names = [sysconfig.get_config_var(key) or "" for key in ("INSTSONAME", "LDLIBRARY")]
names = [name for name in names if name.endswith(".so") or ".so." in name]  # not a static .a
libdir, multiarch = sysconfig.get_config_var("LIBDIR") or "", sysconfig.get_config_var("MULTIARCH") or ""
folders = [libdir, os.path.join(libdir, multiarch), os.path.join(sys.base_prefix, "lib")]
found = any(os.path.isfile(os.path.join(folder, name)) for folder in folders for name in names)
print(f"{sys.version_info[0]}.{sys.version_info[1]}", os.path.realpath(sys.executable), int(found))
EOF
) || true
if [[ -z "${PY_VERSION:-}" ]]; then
    echo "bootstrap: cannot run $PYTHON; install python3 (or set PYTHON to an interpreter)"
    exit 1
fi

# Major.minor and the interpreter path, not sys.version: a Debian point release of python3.11
# (which installing libpython3.11 may pull in) must not rebuild a working .venv. The package
# lists are in it so that a checkout prepared before a list grew gets the new packages.
wanted_stamp() {
    { sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1; echo "$PY_VERSION $PY_PATH"
      echo "${APT_RUNTIME[*]} ${APT_BUILD[*]} ${APT_TEST[*]}"; } | sha256sum | cut -d' ' -f1
}

venv_matches() {
    [[ -x "$VENV/bin/python" ]] \
        && [[ "$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" == "$PY_VERSION" ]]
}

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(wanted_stamp)" ]] && venv_matches \
    && "$VENV/bin/python" -c 'import desktop' 2>/dev/null; then
    exit 0
fi

# Debian's python3.X ships its shared library in a separate package; a pyenv or other self-built
# Python has it in its own lib folder or was built without it (then only the bundle build fails).
python_library_package() {
    if ((PY_SHARED)); then
        return
    fi
    if command -v dpkg >/dev/null 2>&1 && dpkg -S "$PY_PATH" >/dev/null 2>&1; then
        echo "libpython$PY_VERSION"
    else
        echo "bootstrap: $PY_PATH has no shared library (libpython$PY_VERSION.so); the PyInstaller" \
             "bundle needs one: rebuild that Python with --enable-shared or use the system python3" >&2
    fi
}

install_system_packages() {
    local wanted=("${APT_RUNTIME[@]}" "${APT_BUILD[@]}" "${APT_TEST[@]}")
    local library
    library="$(python_library_package)"
    [[ -n "$library" ]] && wanted+=("$library")
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "bootstrap: not a Debian/Ubuntu system; install the equivalents of: ${wanted[*]}"
        return
    fi
    local missing=() package
    for package in "${wanted[@]}"; do
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

# Before the venv: a package upgrade of the interpreter must happen before .venv points at it.
install_system_packages

if ! venv_matches; then
    echo "bootstrap: creating $VENV with Python $PY_VERSION ($PY_PATH)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

echo "bootstrap: installing branchdesk and its test and build tools into .venv"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[test,build]"

wanted_stamp >"$STAMP"
echo "bootstrap: ready"
