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
  if [ -x "$target" ] && [ -z "$(find "$dir" "$0" -newer "$target" -type f | head -1)" ]; then
    continue
  fi
  # A program may have build-time generators in gen/: each gen/NAME_gen.c is compiled (with
  # the static libraries listed in gen/libs), run, and writes NAME_filter.h, which the
  # program's sources include. The launcher's seccomp filter is made this way with
  # libseccomp (launcher/gen/seccomp_gen.c), so the launcher itself links no libseccomp.
  gen=$(mktemp -d)
  trap 'rm -rf "$gen"' EXIT
  if [ -d "$dir/gen" ]; then
    libs=()
    [ -f "$dir/gen/libs" ] && read -r -a libs < "$dir/gen/libs"
    for lib in "${libs[@]}"; do
      if ! gcc -print-file-name="lib${lib#-l}.a" | grep -q /; then
        echo "build-native.sh: lib${lib#-l}.a is missing; run scripts/install-deps (it installs lib${lib#-l}-dev)" >&2
        exit 1
      fi
    done
    for g in "$dir"gen/*_gen.c; do
      name=$(basename "$g" _gen.c)
      gcc -static -O2 -std=gnu11 -Wall -Wextra -o "$gen/$name-gen" "$g" "${libs[@]}"
      "$gen/$name-gen" "$gen/${name}_filter.h"
    done
  fi
  gcc "${CFLAGS[@]}" -I"$gen" -o "$target.tmp" "${sources[@]}"
  rm -rf "$gen"
  mv "$target.tmp" "$target"
done
