# Shared by install-kiosk.sh and uninstall-kiosk.sh (sourced, not run): the names and paths
# both use, so the undo removes exactly what the install wrote, and the dry-run helpers.
# shellcheck shell=bash
# The names are used by the scripts that source this file, not here (SC2034: unused).
# shellcheck disable=SC2034

KIOSK_USER="${KIOSK_USER:-interview-kiosk}"
# electron-builder's .deb installs to /opt/<productName>/<package name>; an AppImage or another
# folder is given with STATION_BIN.
STATION_BIN="${STATION_BIN:-/opt/Interview Station/interview-station}"
KIOSK_TTY="${KIOSK_TTY:-tty1}"
DRY_RUN="${DRY_RUN:-0}"

UNIT=interview-station-kiosk.service
UNIT_PATH="/etc/systemd/system/$UNIT"
PAM_SERVICE=interview-station-kiosk
PAM_PATH="/etc/pam.d/$PAM_SERVICE"
LOGIND_DROPIN=/etc/systemd/logind.conf.d/interview-station-kiosk.conf
SYSCTL_PATH=/etc/sysctl.d/60-interview-station-kiosk.conf
XORG_PATH=/etc/X11/xorg.conf.d/60-interview-station-kiosk.conf
# What the install found and changed (the display manager it replaced, the default target), so
# the undo can put it back.
STATE_DIR=/var/lib/interview-station-kiosk

say() { printf '[kiosk] %s\n' "$*"; }
die() {
  printf '[kiosk] %s\n' "$*" >&2
  exit 1
}

dry() { [ "$DRY_RUN" = 1 ]; }

# Runs a command, or with DRY_RUN=1 prints it (shell-quoted) and changes nothing.
run() {
  if dry; then
    printf '+'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}

# write_file PATH MODE, the content on standard input. Written beside the target and moved
# into place, so a half-written PAM or unit file never exists.
write_file() {
  local path=$1 mode=$2 content
  content="$(cat)"
  if dry; then
    printf '+ write %s (mode %s):\n' "$path" "$mode"
    printf '%s\n' "$content" | sed 's/^/    /'
  else
    install -d -m 755 "$(dirname "$path")"
    printf '%s\n' "$content" >"$path.tmp"
    chmod "$mode" "$path.tmp"
    mv -f "$path.tmp" "$path"
  fi
}

remove_file() {
  if [ -e "$1" ] || [ -L "$1" ] || dry; then run rm -f -- "$1"; fi
}

require_root() {
  if ! dry && [ "$(id -u)" -ne 0 ]; then
    die "run as root (sudo bash $0), or with DRY_RUN=1 to see what it would do"
  fi
}

# The kiosk user is a system-wide name in unit and PAM files: keep it to what useradd accepts.
check_user_name() {
  [[ "$KIOSK_USER" =~ ^[a-z_][a-z0-9_-]{0,30}$ ]] ||
    die "KIOSK_USER must be a plain user name (lower case, digits, - or _), not \"$KIOSK_USER\""
  [[ "$KIOSK_TTY" =~ ^tty[0-9]+$ ]] || die "KIOSK_TTY must look like tty1, not \"$KIOSK_TTY\""
}
