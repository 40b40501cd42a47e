#!/usr/bin/env bash
# Installs what Interview Station needs on a fresh Debian/Ubuntu machine, then returns.
# Idempotent and quick when everything is present; `npm start` and `npm test` call it first.
#   bash native/setup.sh start   # what the station needs to run
#   bash native/setup.sh test    # plus what the test suite needs
set -euo pipefail
mode="${1:-start}"
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

# --- Debian packages --------------------------------------------------------------------
# chromium: the kiosk browser of the browser station, and the browser of the e2e tests.
# ffmpeg: the camera, recording, and decoding files for analysis.
# alsa-utils (arecord), pulseaudio-utils: the microphone through node-record-lpcm16.
apt_packages=(chromium ffmpeg alsa-utils pulseaudio-utils)
# espeak-ng, sox: real synthetic speech; pulseaudio: a null-sink microphone for the tests.
# postgresql: the reference sync receiver's tests start a real PostgreSQL 15 (cloud/test/).
if [ "$mode" = test ]; then apt_packages+=(espeak-ng sox pulseaudio unzip postgresql); fi
missing=()
if command -v dpkg >/dev/null 2>&1; then
  for pkg in "${apt_packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt_cmd=(env)
  elif command -v sudo >/dev/null 2>&1; then
    apt_cmd=(sudo -n env)
  else
    apt_cmd=()
  fi
  if [ ${#apt_cmd[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian packages: ${missing[*]}"
    "${apt_cmd[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${apt_cmd[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif [ "$mode" = test ]; then
    say "missing Debian packages: ${missing[*]} — install them (as root: apt-get install ${missing[*]}) and run again."
    exit 1
  else
    say "note: ${missing[*]} not installed; the station will print its address instead of opening a kiosk browser."
  fi
fi

# --- npm dependencies, Node 22 included (the node@22 package) ---------------------------
# Reinstall only when package-lock.json changed since the last install.
stamp=node_modules/.interview-station-install
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ ! -x node_modules/.bin/node ]; then
  say "installing npm dependencies (npm ci)"
  # The Electron binary is fetched separately below: its download must never fail the install.
  # onnxruntime-node would fetch CUDA libraries from outside the registry; its CPU binaries
  # are inside the package already.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip \
    npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
node_version="$(node_modules/.bin/node --version)"
case "$node_version" in
  v22.*) ;;
  *) say "expected Node 22 from the node@22 package, found $node_version"; exit 1 ;;
esac

# --- Electron runtime (start only) ------------------------------------------------------
# Where Electron's servers are reachable this fetches the runtime once; where they are not
# (offline build machines), the station runs as the browser station instead.
if [ "$mode" = start ] && [ ! -f node_modules/electron/path.txt ] && [ ! -f node_modules/.electron-download-failed ]; then
  say "fetching the Electron runtime"
  if ! timeout 300 node_modules/.bin/node node_modules/electron/install.js >/dev/null 2>&1; then
    say "the Electron runtime could not be downloaded; using the browser station."
    touch node_modules/.electron-download-failed
  fi
fi
exit 0
