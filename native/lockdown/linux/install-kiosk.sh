#!/usr/bin/env bash
# Turns a Debian/Ubuntu machine into an Interview Station kiosk: a dedicated user, signed in
# automatically at boot into cage (a Wayland compositor that shows one program full screen and
# nothing else) running only the station, restarted whenever it exits. Electron cannot block
# Alt+Tab or a switch to another console itself: here there is nothing to switch to.
#
#   sudo bash native/lockdown/linux/install-kiosk.sh           # set it up, then reboot
#   DRY_RUN=1 bash native/lockdown/linux/install-kiosk.sh      # print every step, change nothing
#
# Environment: KIOSK_USER (default interview-kiosk), STATION_BIN (default the .deb's
# "/opt/Interview Station/interview-station"), STATION_DEB (a .deb to install first),
# KIOSK_TTY (default tty1). Undo with uninstall-kiosk.sh. See README.md beside this script.
set -euo pipefail
# shellcheck source=kiosk-common.sh
. "$(dirname "$0")/kiosk-common.sh"

require_root
check_user_name

# systemd reads ExecStart's double-quoted words with \ escapes and % specifiers: a path holding
# either (or a quote, or a line break) would start something else than the station.
case "$STATION_BIN" in
  /*) ;;
  *) die "STATION_BIN must be an absolute path, not \"$STATION_BIN\"" ;;
esac
case "$STATION_BIN" in
  *'"'* | *'\'* | *'%'* | *$'\n'*) die 'STATION_BIN must not hold a quote, a backslash, % or a line break' ;;
esac

# --- packages ------------------------------------------------------------------------------
# cage: the compositor. libpam-systemd: registers the kiosk session with logind, which hands the
# session the seat's display, keyboard, camera and sound devices.
say 'installing cage and libpam-systemd from the Debian archive'
run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends cage libpam-systemd
if [ -n "${STATION_DEB:-}" ]; then
  say "installing the station from $STATION_DEB"
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y "$STATION_DEB"
fi
if ! dry && [ ! -x "$STATION_BIN" ]; then
  die "no station at $STATION_BIN: install the .deb first (STATION_DEB=…) or set STATION_BIN"
fi

# --- the kiosk user ------------------------------------------------------------------------
# No password and no login shell: nobody signs in as it by hand, over SSH or with su; only the
# unit below starts its session. Its home holds the station's data folder
# (~/.config/Interview Station), so the undo keeps the user unless asked.
if id -u "$KIOSK_USER" >/dev/null 2>&1; then
  say "user $KIOSK_USER exists; kept as it is"
else
  say "creating the kiosk user $KIOSK_USER"
  run useradd --create-home --shell /usr/sbin/nologin --comment 'Interview Station kiosk' "$KIOSK_USER"
  run passwd --lock "$KIOSK_USER"
fi
# logind grants the active session its devices; the groups keep the camera and microphone
# working where a device has no such rule.
for group in video audio render; do
  if getent group "$group" >/dev/null 2>&1; then run usermod -a -G "$group" "$KIOSK_USER"; fi
done

# --- the session: PAM service and the auto-login unit ---------------------------------------
# systemd opens the session itself (no password asked); pam_systemd makes it a logind session
# on the seat, which cage needs to take the display and input devices.
write_file "$PAM_PATH" 644 <<'EOF'
# Interview Station kiosk session, opened by interview-station-kiosk.service (no password).
auth     required pam_unix.so nullok
account  required pam_unix.so
session  required pam_unix.so
session  required pam_systemd.so
EOF

# cage flags: -d no window decorations; -m last shows only the last connected display (the
# station's own check sees one display; a second screen stays dark); no -s, so Ctrl+Alt+F1…F12
# do not switch consoles. Restart=always brings the station back after a crash or a PIN exit.
# The unit is the display manager (Alias), the way cage's own systemd example starts it.
write_file "$UNIT_PATH" 644 <<EOF
[Unit]
Description=Interview Station kiosk (cage on $KIOSK_TTY)
After=systemd-user-sessions.service plymouth-quit-wait.service dbus.socket systemd-logind.service getty@$KIOSK_TTY.service
Wants=dbus.socket systemd-logind.service
Conflicts=getty@$KIOSK_TTY.service
ConditionPathExists=/dev/$KIOSK_TTY
StartLimitIntervalSec=0

[Service]
Type=simple
User=$KIOSK_USER
PAMName=$PAM_SERVICE
WorkingDirectory=~
TTYPath=/dev/$KIOSK_TTY
TTYReset=yes
TTYVHangup=yes
TTYVTDisallocate=yes
StandardInput=tty-fail
StandardOutput=journal
StandardError=journal
UtmpIdentifier=$KIOSK_TTY
UtmpMode=user
Environment=XDG_SESSION_TYPE=wayland
ExecStart=/usr/bin/cage -d -m last -- "$STATION_BIN" --ozone-platform=wayland
Restart=always
RestartSec=2

[Install]
WantedBy=graphical.target
Alias=display-manager.service
EOF

# --- no other console to switch to ---------------------------------------------------------
# cage ignores Ctrl+Alt+Fn already; with no getty spawned on other consoles there is nothing
# there even if one is reached (NAutoVTs=0, ReserveVT=0).
write_file "$LOGIND_DROPIN" 644 <<'EOF'
# Interview Station kiosk: no login prompts on other consoles.
[Login]
NAutoVTs=0
ReserveVT=0
EOF
# Magic SysRq (Alt+SysRq+K kills everything on the console, +R takes the keyboard back).
write_file "$SYSCTL_PATH" 644 <<'EOF'
# Interview Station kiosk: no magic SysRq keys.
kernel.sysrq = 0
EOF
# A console Ctrl+Alt+Del would reboot the machine mid-interview.
run systemctl mask ctrl-alt-del.target
# Only where an X server is installed: should anything start Xorg, it must not switch consoles
# (DontVTSwitch) nor be killed with Ctrl+Alt+Backspace (DontZap).
if [ -d /etc/X11 ] || dry; then
  write_file "$XORG_PATH" 644 <<'EOF'
# Interview Station kiosk: no console switching or zapping from an X server.
Section "ServerFlags"
    Option "DontVTSwitch" "true"
    Option "DontZap" "true"
EndSection
EOF
fi

# --- replace the display manager and boot into the kiosk -------------------------------------
run install -d -m 755 "$STATE_DIR"
current_dm=""
if [ -L /etc/systemd/system/display-manager.service ]; then
  current_dm="$(basename "$(readlink -f /etc/systemd/system/display-manager.service)")"
fi
if [ -n "$current_dm" ] && [ "$current_dm" != "$UNIT" ]; then
  say "replacing the display manager $current_dm (the undo enables it again)"
  printf '%s\n' "$current_dm" | write_file "$STATE_DIR/previous-display-manager" 644
  run systemctl disable "$current_dm"
fi
if [ ! -e "$STATE_DIR/previous-default-target" ]; then
  systemctl get-default 2>/dev/null | write_file "$STATE_DIR/previous-default-target" 644 || true
fi
run systemctl daemon-reload
run systemctl enable "$UNIT"
run systemctl set-default graphical.target

say "done: reboot to start the kiosk ($KIOSK_USER on $KIOSK_TTY running $STATION_BIN)"
