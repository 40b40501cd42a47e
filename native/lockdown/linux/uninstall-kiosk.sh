#!/usr/bin/env bash
# Undoes install-kiosk.sh: the kiosk unit, its PAM service, the console and SysRq settings go;
# the display manager and default target the install replaced come back.
#
#   sudo bash native/lockdown/linux/uninstall-kiosk.sh
#   DRY_RUN=1 bash native/lockdown/linux/uninstall-kiosk.sh     # print every step, change nothing
#   sudo REMOVE_USER=1 bash native/lockdown/linux/uninstall-kiosk.sh
#
# The kiosk user stays unless REMOVE_USER=1: its home holds the station's data folder
# (~/.config/Interview Station: the database, recordings and keys), which removing it deletes.
# cage stays installed (apt-get remove cage, if nothing else uses it).
set -euo pipefail
# shellcheck source=kiosk-common.sh
. "$(dirname "$0")/kiosk-common.sh"

require_root
check_user_name

if [ -e "$UNIT_PATH" ] || dry; then
  say "stopping and removing $UNIT"
  run systemctl disable --now "$UNIT"
fi
remove_file "$UNIT_PATH"
remove_file "$PAM_PATH"
remove_file "$LOGIND_DROPIN"
remove_file "$SYSCTL_PATH"
remove_file "$XORG_PATH"
run systemctl unmask ctrl-alt-del.target
run systemctl daemon-reload

# The display manager and default target from before the install, as it recorded them.
previous_dm=""
if [ -s "$STATE_DIR/previous-display-manager" ]; then
  previous_dm="$(cat "$STATE_DIR/previous-display-manager")"
fi
if [ -n "$previous_dm" ]; then
  say "enabling the display manager $previous_dm again"
  run systemctl enable "$previous_dm"
fi
if [ -s "$STATE_DIR/previous-default-target" ]; then
  run systemctl set-default "$(cat "$STATE_DIR/previous-default-target")"
fi
if [ -d "$STATE_DIR" ] || dry; then run rm -rf -- "$STATE_DIR"; fi

if [ "${REMOVE_USER:-0}" = 1 ]; then
  if id -u "$KIOSK_USER" >/dev/null 2>&1 || dry; then
    say "removing the kiosk user $KIOSK_USER and its home (the station's data in it too)"
    run userdel --remove "$KIOSK_USER"
  fi
else
  say "kept the user $KIOSK_USER and its home (the station's data); REMOVE_USER=1 removes them"
fi

say 'done: reboot to return to the normal sign-in (SysRq and console settings apply at boot)'
