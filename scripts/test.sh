#!/usr/bin/env bash
# Runs every test of the repository (Dsl, Generator, Runtime, the vae command and language server, the
# end-to-end examples tests, the PyTorch export against PyTorch itself) and the VS Code extension's grammar tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet test Dsl.sln -c Release "$@"
(cd Editors/VsCode && npm ci --no-audit --no-fund --loglevel=error && npm test)
