#!/usr/bin/env bash
# Checks the language server with a real editor's LSP client: Neovim (Debian 12 has 0.7.2), headless, on a copy
# of the conv example with a misspelt layer. Usage: Editors/Neovim/check.sh [server command...]
# (default: the repository's build, dotnet Cli/bin/Release/net10.0/vae.dll lsp).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
command -v nvim >/dev/null || { echo "check: needs Neovim (apt-get install neovim)" >&2; exit 1; }
if [ $# -gt 0 ]; then server="$*"; else
  [ -f "$root/Cli/bin/Release/net10.0/vae.dll" ] || dotnet build "$root/Cli/Cli.csproj" -c Release --nologo -v q
  server="dotnet $root/Cli/bin/Release/net10.0/vae.dll lsp"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed '0,/relu    \/\/ \[32, 14, 14\]/s//relu\n    conv2x(8)/' "$root/Examples/MnistConv/MnistConv.vae" > "$work/MnistConv.vae"
VAE_LSP_COMMAND="$server" VAE_CHECK_FILE="$work/MnistConv.vae" timeout 120 nvim --headless --clean -u NONE -c "luafile $root/Editors/Neovim/check.lua" 2>&1
