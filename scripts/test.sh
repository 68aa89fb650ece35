#!/usr/bin/env bash
# Runs every test of the repository (Dsl, Generator, Runtime and the end-to-end examples tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet test Dsl.sln -c Release "$@"
