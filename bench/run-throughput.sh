#!/usr/bin/env bash
# Training speed of the generated MnistMlp and MnistConv against the same models hand-written in TorchSharp and
# in PyTorch (bench/pytorch, Debian's /usr/bin/python3 with python3-torch and libopenblas0-pthread), with 1 and
# 2 threads, runs interleaved. Then the memory run: 20 epochs of the generated MnistConv on 2,000 images.
# Usage: bench/run-throughput.sh [speed|memory|all]   (default all; output also goes to bench/Throughput/results/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-all}"
dotnet build -c Release "$root/bench/Throughput/Throughput.csproj" -v q -nologo >/dev/null
app="$root/bench/Throughput/bin/Release/net10.0/Throughput.dll"
results="$root/bench/Throughput/results"
mkdir -p "$results"
if [ "$what" = speed ] || [ "$what" = all ]; then
  # The MLP is quick: 2 epochs per run (the first not timed), 5 runs of each implementation on 1 thread, 3 on 2.
  dotnet "$app" speed --models mlp --threads 1 --epochs 2 --repetitions 5 | tee "$results/speed-mlp-1thread.txt"
  dotnet "$app" speed --models mlp --threads 2 --epochs 2 --repetitions 3 | tee "$results/speed-mlp-2threads.txt"
  # The conv model takes about half a minute an epoch on one core: 1 timed epoch per run, 3 runs each.
  dotnet "$app" speed --models conv --threads 1 --epochs 1 --repetitions 3 | tee "$results/speed-conv-1thread.txt"
fi
if [ "$what" = memory ] || [ "$what" = all ]; then
  dotnet "$app" memory --epochs 20 --train-limit 2000 --threads 1 | tee "$results/memory-conv.txt"
fi
