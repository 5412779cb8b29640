#!/usr/bin/env bash
# Builds every native program under src/main/c/<program>/ into one static binary named
# after its folder. Called by Maven (runtimes/pom.xml) with the output directory; the
# binaries end up inside the runtimes jar under /native/ and are extracted at run time.
# A second argument names another source folder: the test-only probes (src/test/c) are
# built the same way into target/test-classes/test-native/ and never shipped.
set -euo pipefail
src=$(cd "${2:-$(dirname "$0")}" && pwd)
out=${1:?usage: build-native.sh OUTPUT_DIR [SOURCE_DIR]}
mkdir -p "$out"
CFLAGS=(-static -O2 -g0 -s -std=gnu11 -Wall -Wextra -Wno-unused-parameter -D_FORTIFY_SOURCE=2)
for dir in "$src"/*/; do
  prog=$(basename "$dir")
  sources=("$dir"*.c)
  [ -e "${sources[0]}" ] || continue
  target="$out/$prog"
  # Rebuild only when a source or header is newer than the binary.
  if [ -x "$target" ] && [ -z "$(find "$dir" -newer "$target" -type f | head -1)" ]; then
    continue
  fi
  gcc "${CFLAGS[@]}" -o "$target.tmp" "${sources[@]}"
  mv "$target.tmp" "$target"
done
