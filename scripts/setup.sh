#!/usr/bin/env bash
# Installs the system packages VaeDsl needs on Debian/Ubuntu: what the TorchSharp native-library fix needs (g++
# and patchelf, only where the system's libstdc++ predates GCC 13), and Node.js with npm for the VS Code
# extension's grammar tests, and PyTorch (Debian's python3-torch, with OpenBLAS) for the PyTorch export's parity and
# torchrun tests, with python3-pil so the exported train.py decodes image folders.
set -euo pipefail

missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
installed python3-torch || missing+=(python3-torch)
# Without it Debian's torch runs on the reference BLAS, several times slower.
installed libopenblas0-pthread || missing+=(libopenblas0-pthread)
installed python3-pil || missing+=(python3-pil)

libstdcxx="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !found {print $NF; found = 1}' || true)"
if [ -z "$libstdcxx" ] || ! grep -q "GLIBCXX_3.4.32" "$libstdcxx"; then
  # TorchSharp's native library needs patching to load with this libstdc++.
  command -v g++ >/dev/null || missing+=(g++)
  command -v gcc >/dev/null || missing+=(gcc)
  command -v patchelf >/dev/null || missing+=(patchelf)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
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
