#!/usr/bin/env bash
# Training speed of the generated MnistMlp and MnistConv against the same models hand-written in TorchSharp and
# in PyTorch (bench/pytorch, Debian's /usr/bin/python3 with python3-torch and libopenblas0-pthread): rounds of one
# epoch of each, back to back, with 1 and 2 threads. Then the memory runs: 20 epochs of the generated MnistConv on
# the 8,000 shipped training images, with the trainer's default memory release and with a release after every epoch.
# Then the test log p(x) estimate of Burda et al. (K = 5,000 on the 2,000 test digits) through the Runtime against a
# hand-written TorchSharp loop on the same weights.
# Usage: bench/run-throughput.sh [speed|memory|loglik|all]   (default all; output also goes to bench/Throughput/results/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-all}"
dotnet build -c Release "$root/bench/Throughput/Throughput.csproj" -v q -nologo >/dev/null
app="$root/bench/Throughput/bin/Release/net10.0/Throughput.dll"
results="$root/bench/Throughput/results"
mkdir -p "$results"
if [ "$what" = speed ] || [ "$what" = all ]; then
  # An MLP epoch takes about a second, so many rounds fit: a shared machine moves single epochs by ±10 %.
  dotnet "$app" speed --models mlp --threads 1 --repetitions 41 | tee "$results/speed-mlp-1thread.txt"
  dotnet "$app" speed --models mlp --threads 2 --repetitions 21 | tee "$results/speed-mlp-2threads.txt"
  # A conv epoch takes 10-15 s on one core.
  dotnet "$app" speed --models conv --threads 1 --repetitions 15 | tee "$results/speed-conv-1thread.txt"
fi
if [ "$what" = memory ] || [ "$what" = all ]; then
  dotnet "$app" memory --epochs 20 --threads 1 --release when-grown | tee "$results/memory-conv.txt"
  dotnet "$app" memory --epochs 20 --threads 1 --release every-epoch | tee "$results/memory-conv-every-epoch.txt"
fi
if [ "$what" = loglik ] || [ "$what" = all ]; then
  # 10 million decoder passes per implementation: minutes each on one thread (two threads on this shared machine
  # spent several times the processor time; see bench/README.md).
  dotnet "$app" loglik --epochs 10 --samples 5000 --batch 1000 --threads 1 | tee "$results/loglik-mlp.txt"
fi
