#!/usr/bin/env bash
# Fetches a Whisper ggml model for Interview Station on a connected machine, checks it against
# the published size and sha256, and places it where the station looks for it. The station
# itself never downloads anything; IT runs this before packaging or provisioning a station.
# Never run by the tests.
#
#   bash native/fetch-whisper-model.sh base.en                 # into resources/models/
#   bash native/fetch-whisper-model.sh small.en /opt/models    # into a folder of your choice
#
# Then either leave it in resources/models/ (packaged with the installer), or point the
# station's `transcription.modelPath` setting at the file.
#
# Source: the ggerganov/whisper.cpp repository on Hugging Face (the official conversions).
# The checksums are the same table as KNOWN_MODELS in electron/transcription/ggml-model.ts.
set -euo pipefail

# name|sha256|bytes
models="
tiny.en|921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f|77704715
base.en|a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002|147964211
small.en|c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d|487614201
tiny|be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21|77691713
base|60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe|147951465
small|1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b|487601967
"

name="${1:-}"
dest="${2:-$(cd "$(dirname "$0")/.." && pwd)/resources/models}"
line="$(printf '%s\n' "$models" | grep "^${name}|" || true)"
if [ -z "$name" ] || [ -z "$line" ]; then
  echo "usage: $0 <model> [folder]   where <model> is one of:" >&2
  printf '%s\n' "$models" | cut -d'|' -f1 | sed '/^$/d; s/^/  /' >&2
  exit 2
fi
IFS='|' read -r _ sha256 bytes <<<"$line"
file="ggml-${name}.bin"
url="https://huggingface.co/ggerganov/whisper.cpp/resolve/main/${file}"

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

mkdir -p "$dest"
target="$dest/$file"
if [ -f "$target" ] && [ "$(sha256_of "$target")" = "$sha256" ]; then
  echo "$target is already present and verified."
  exit 0
fi

partial="$target.part"
echo "Fetching $url"
curl --fail --location --retry 3 --continue-at - --output "$partial" "$url"

size="$(wc -c <"$partial" | tr -d ' ')"
if [ "$size" != "$bytes" ]; then
  echo "Size mismatch: got $size bytes, expected $bytes. Kept $partial; run again to resume." >&2
  exit 1
fi
actual="$(sha256_of "$partial")"
if [ "$actual" != "$sha256" ]; then
  rm -f "$partial"
  echo "Checksum mismatch: got $actual, expected $sha256. The download was removed." >&2
  exit 1
fi
mv "$partial" "$target"
echo "Verified and placed: $target"
