#!/usr/bin/env bash
# Makes TorchSharp's native library load on systems whose libstdc++ predates GCC 13 (e.g. Debian 12).
# Usage: fix-torchsharp.sh OUTPUT_DIR CACHE_DIR
# Patches only the copy in OUTPUT_DIR (never the NuGet cache), and only when the system lacks GLIBCXX_3.4.32.
set -euo pipefail
out="${1%/}"
cache="${2%/}"
native="$out/runtimes/linux-x64/native"
lib="$native/libLibTorchSharp.so"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
shim_name="libvaedsl_iosinit.so"

[ -f "$lib" ] || exit 0
# TorchSharp consolidates native files into cpu/ after a failed start; a stale copy would shadow the fix.
rm -rf "$out/cpu"

libstdcxx="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !found {print $NF; found = 1}' || true)"
[ -n "$libstdcxx" ] || libstdcxx=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
if [ -f "$libstdcxx" ] && grep -q "GLIBCXX_3.4.32" "$libstdcxx"; then
  exit 0
fi

for tool in g++ gcc patchelf; do
  if ! command -v "$tool" >/dev/null; then
    echo "error VAENATIVE: TorchSharp needs GLIBCXX_3.4.32, which this system's libstdc++ lacks; the fix needs '$tool' (run scripts/setup.sh, or: apt-get install g++ patchelf)" >&2
    exit 1
  fi
done

mkdir -p "$cache"
if [ ! -f "$cache/$shim_name" ] || [ "$here/ios_base_library_init.cpp" -nt "$cache/$shim_name" ]; then
  g++ -shared -fPIC -O2 -o "$cache/$shim_name.tmp" "$here/ios_base_library_init.cpp"
  mv "$cache/$shim_name.tmp" "$cache/$shim_name"
fi
if [ ! -x "$cache/elf_weaken_version" ] || [ "$here/elf_weaken_version.c" -nt "$cache/elf_weaken_version" ]; then
  gcc -O2 -o "$cache/elf_weaken_version.tmp" "$here/elf_weaken_version.c"
  mv "$cache/elf_weaken_version.tmp" "$cache/elf_weaken_version"
fi

cp "$cache/$shim_name" "$native/$shim_name"
if patchelf --print-needed "$lib" | grep -x "$shim_name" >/dev/null; then
  exit 0
fi
# Patch a temporary copy, then rename, so an interrupted build never leaves a half-written library.
tmp="$lib.vaedsl-tmp"
cp "$lib" "$tmp"
status=0
"$cache/elf_weaken_version" "$tmp" GLIBCXX_3.4.32 || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then rm -f "$tmp"; exit 1; fi
patchelf --add-needed "$shim_name" "$tmp"
mv "$tmp" "$lib"
