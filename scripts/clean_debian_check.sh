#!/usr/bin/env bash
# The README's two commands on a fresh Debian 12 that has only python3: a minimal bookworm chroot
# (debootstrap), a clean `git archive` of this checkout in it, then as root inside it:
#   ./run.sh --version, ./run.sh without a display (must refuse with exit 2), a second bootstrap
#   run (must do nothing), and ./test.sh with the given pytest arguments (default: the whole suite).
#
# Usage (as root, on Debian/Ubuntu):
#   scripts/clean_debian_check.sh [WORK_DIR] [-- PYTEST_ARGS...]
# WORK_DIR (default /var/tmp/branchdesk-clean-debian) keeps the pristine base system between runs
# (WORK_DIR/base); every run starts from a fresh copy of it (WORK_DIR/root). Environment:
#   MIRROR           Debian mirror (default: the first one in this machine's apt sources)
#   SECURITY_MIRROR  Debian security mirror (default: likewise, or deb.debian.org)
#   SUITE            default bookworm
#   REF              the commit to check (default HEAD)
#   KEEP=1           leave WORK_DIR/root in place afterwards (mounts are always undone)
# pip inside sees this machine's pip configuration: its config files are copied and the local
# wheel folders and file:// indexes they name are bind-mounted read-only at the same paths.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="/var/tmp/branchdesk-clean-debian"
if [[ $# -gt 0 && "$1" != "--" ]]; then
    WORK="$1"
    shift
fi
[[ "${1:-}" == "--" ]] && shift
PYTEST_ARGS=("$@")
SUITE="${SUITE:-bookworm}"
REF="${REF:-HEAD}"
BASE="$WORK/base"
ROOTFS="$WORK/root"
APP="/srv/branchdesk"

say() { echo "clean-debian: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

if ((EUID != 0)); then
    say "run as root (debootstrap, chroot and mount need it)"
    exit 1
fi
case "$WORK" in
    "$REPO"|"$REPO"/*) say "WORK_DIR must be outside the checkout ($REPO)"; exit 1 ;;
esac

apt_mirror() {  # $1: debian or debian-security; the first such mirror this machine's apt uses
    local want="$1" uri
    for uri in $(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
                     | grep -oE '^[[:space:]]*(URIs:|deb)[[:space:]]+[^[:space:]]+' | awk '{print $2}'); do
        if [[ "${uri%/}" == */"$want" ]]; then
            echo "${uri%/}"
            return
        fi
    done
}
MIRROR="${MIRROR:-$(apt_mirror debian)}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${SECURITY_MIRROR:-$(apt_mirror debian-security)}"
SECURITY_MIRROR="${SECURITY_MIRROR:-http://deb.debian.org/debian-security}"

in_chroot() {  # $1: root folder; the rest: the command, with a clean environment (no DISPLAY)
    local root="$1"
    shift
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${PIP_ENV[@]}" "$@"
}
PIP_ENV=()

# The state of a freshly installed machine: python3 (and the certificates pip is configured to
# use) from the release, the updates and security suites configured but not yet fetched -- so
# that bootstrap's apt-get update brings newer python3.11 packages, as on a real PC.
make_base() {
    command -v debootstrap >/dev/null 2>&1 || apt-get install -y -q debootstrap
    rm -rf "$BASE.partial"
    say "debootstrap $SUITE from $MIRROR into $BASE"
    debootstrap --variant=minbase "$SUITE" "$BASE.partial" "$MIRROR" >&2
    cp /etc/resolv.conf "$BASE.partial/etc/resolv.conf"
    in_chroot "$BASE.partial" sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends python3 ca-certificates && apt-get clean' >&2
    cat >"$BASE.partial/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
    mv "$BASE.partial" "$BASE"
}

MOUNTS=()
cleanup() {
    local index
    for ((index = ${#MOUNTS[@]} - 1; index >= 0; index--)); do
        umount -R "${MOUNTS[index]}" 2>/dev/null || umount -R -l "${MOUNTS[index]}" 2>/dev/null || true
    done
    MOUNTS=()
    if [[ "${KEEP:-0}" != 1 && -d "$ROOTFS" ]] && ! findmnt -rn -o TARGET | grep -q "^$ROOTFS/"; then
        rm -rf "$ROOTFS"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_in() {  # mount_in TARGET_INSIDE MOUNT_ARGS...
    local target="$ROOTFS$1"
    shift
    mkdir -p "$target"
    mount "$@" "$target"
    MOUNTS+=("$target")
}

# pip's configuration on this machine, and the local folders it points at.
share_pip_config() {
    local file path
    for file in /etc/pip.conf /etc/xdg/pip "$HOME/.config/pip" "$HOME/.pip"; do
        [[ -e "$file" ]] || continue
        local inside="${file/#$HOME//root}"
        mkdir -p "$ROOTFS$(dirname "$inside")"
        cp -a "$file" "$ROOTFS$inside"
    done
    local name
    while IFS= read -r name; do
        PIP_ENV+=("$name=${!name}")
    done < <(compgen -e | grep '^PIP_' || true)
    for path in $( { cat /etc/pip.conf /etc/xdg/pip/*.conf "$HOME"/.config/pip/*.conf "$HOME"/.pip/*.conf 2>/dev/null
                     printf '%s\n' "${PIP_ENV[@]}"; } | grep -oE '(file://)?/[^[:space:]"'\'']+' | sed 's|^file://||' | sort -u); do
        # A local index ".../simple" links to its files in a sibling folder: share the parent.
        [[ "$(basename "$path")" == simple ]] && path="$(dirname "$path")"
        if [[ -d "$path" ]]; then
            findmnt -rn "$ROOTFS$path" >/dev/null || mount_in "$path" --bind -o ro "$path"
        elif [[ -f "$path" ]]; then  # constraints, and the CA bundle this machine trusts
            mkdir -p "$ROOTFS$(dirname "$path")"
            cp -L "$path" "$ROOTFS$path"
        fi
    done
}

[[ -x "$BASE/usr/bin/python3" ]] || make_base

say "fresh copy of the base system in $ROOTFS"
rm -rf "$ROOTFS"
cp -a "$BASE" "$ROOTFS"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
mkdir -p "$ROOTFS$APP"
git -C "$REPO" archive --format=tar "$REF" | tar -x -C "$ROOTFS$APP"
say "$(git -C "$REPO" rev-parse --short "$REF") of $REPO copied to $APP"

mount_in /proc -t proc proc
mount_in /sys -t sysfs sysfs
mount_in /dev --rbind /dev
mount --make-rslave "$ROOTFS/dev"
share_pip_config

say "./run.sh --version (bootstrap: system packages, .venv)"
start=$SECONDS
version="$(in_chroot "$ROOTFS" sh -c "cd $APP && ./run.sh --version")"
say "$version (first run: $((SECONDS - start)) s)"
[[ "$version" == "branchdesk "* ]] || fail "./run.sh --version printed: $version"

say "./run.sh without a display must refuse with exit 2 and say why"
status=0
message="$(in_chroot "$ROOTFS" sh -c "cd $APP && ./run.sh" 2>&1)" || status=$?
say "exit $status: $message"
[[ $status -eq 2 && "$message" == *"未找到桌面显示环境"* ]] || fail "./run.sh without a display"

say "a second bootstrap run must do nothing"
stamp_before="$(cat "$ROOTFS$APP/.venv/.bootstrap-stamp")"
again="$(in_chroot "$ROOTFS" sh -c "cd $APP && scripts/bootstrap.sh" 2>&1)"
[[ -z "$again" && "$(cat "$ROOTFS$APP/.venv/.bootstrap-stamp")" == "$stamp_before" ]] \
    || fail "the second bootstrap run did something: $again"

say "./test.sh ${PYTEST_ARGS[*]}"
start=$SECONDS
in_chroot "$ROOTFS" sh -c 'cd "$0" && exec ./test.sh "$@"' "$APP" "${PYTEST_ARGS[@]}"
say "tests passed in $((SECONDS - start)) s"
