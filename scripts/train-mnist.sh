#!/usr/bin/env bash
# The main job: trains the MnistMlp example on the MNIST digits shipped in data/mnist and writes
# out/mnist-mlp/{metrics.jsonl,metrics.csv,reconstructions.png,samples.png,...}.
# Usage: scripts/train-mnist.sh [EPOCHS] [OUTPUT_DIR] [more options of the example, see its --help]
# It says what it is doing, step by step: the first restore and build of a fresh clone are silent otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-5}"
out="${2:-out/mnist-mlp}"
shift $(( $# < 2 ? $# : 2 ))
project=Examples/MnistMlp

step() { printf 'train-mnist: %s\n' "$*"; }
took() { printf 'train-mnist: %s took %d s\n' "$1" "$(( SECONDS - $2 ))"; }

start=$SECONDS
bash scripts/setup.sh

step "restoring packages (the first time, TorchSharp and this platform's libtorch: about 0.6 GB into the NuGet cache)"
begin=$SECONDS
dotnet restore "$project" --nologo -v quiet
took "restoring" "$begin"

step "building $project (Release)"
begin=$SECONDS
dotnet build "$project" -c Release --no-restore --nologo -v quiet
took "building" "$begin"

step "training MnistMlp into $out (epochs: $epochs, a line each), then the test log p(x) and the pictures"
begin=$SECONDS
dotnet run -c Release --no-build --project "$project" -- --epochs "$epochs" --out "$out" "$@"
took "training" "$begin"
step "done in $(( SECONDS - start )) s"
