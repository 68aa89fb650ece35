#!/usr/bin/env bash
# Packs VaeDsl (the generator), VaeDsl.Runtime and VaeDsl.Tool (the vae command) with the same version.
# Usage: scripts/pack.sh [VERSION] [OUTPUT_DIR] [extra dotnet pack arguments...]
# Defaults: version 0.1.0, output artifacts/packages.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${1:-0.1.0}"
out="${2:-$root/artifacts/packages}"
shift $(( $# < 2 ? $# : 2 ))
mkdir -p "$out"
out="$(cd "$out" && pwd)"
# Packing VaeDsl builds the Runtime too (it is the package's dependency), so the Runtime is then packed as built.
dotnet pack "$root/Package/VaeDsl.csproj" -c Release -p:Version="$version" -o "$out" --nologo "$@"
dotnet pack "$root/Runtime/Runtime.csproj" -c Release -p:Version="$version" -o "$out" --nologo --no-restore --no-build "$@"
dotnet pack "$root/Cli/Cli.csproj" -c Release -p:Version="$version" -o "$out" --nologo "$@"
echo "packed VaeDsl, VaeDsl.Runtime and VaeDsl.Tool $version into $out"
