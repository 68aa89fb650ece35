#!/usr/bin/env bash
# Installs the system packages VaeDsl needs on Debian/Ubuntu. Today that is only what the TorchSharp
# native-library fix needs (g++ and patchelf), and only where the system's libstdc++ predates GCC 13.
set -euo pipefail

libstdcxx="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !found {print $NF; found = 1}' || true)"
if [ -n "$libstdcxx" ] && grep -q "GLIBCXX_3.4.32" "$libstdcxx"; then
  exit 0   # TorchSharp's native library loads as it is
fi

missing=()
command -v g++ >/dev/null || missing+=(g++)
command -v gcc >/dev/null || missing+=(gcc)
command -v patchelf >/dev/null || missing+=(patchelf)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]} (needed to make TorchSharp load with this system's libstdc++)"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "setup: please install as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
