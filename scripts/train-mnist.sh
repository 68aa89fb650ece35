#!/usr/bin/env bash
# The main job: trains the MnistMlp example on the MNIST digits shipped in data/mnist and writes
# out/mnist-mlp/{metrics.jsonl,metrics.csv,reconstructions.png,samples.png}.
# Usage: scripts/train-mnist.sh [EPOCHS] [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
epochs="${1:-5}"
out="${2:-out/mnist-mlp}"
dotnet run -c Release --project Examples/MnistMlp -- --epochs "$epochs" --out "$out"
