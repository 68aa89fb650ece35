#!/usr/bin/env bash
# The exported MnistMlp against the generated C# one: the trajectory from one seed (test loss per epoch of the C#
# example and of train.py in one process), then the speed of train.py in one process against two under torchrun (gloo).
#   bash bench/pytorch/exported.sh [EPOCHS] [OUT]      (defaults: 10, out/exported)
set -euo pipefail
cd "$(dirname "$0")/../.."
epochs="${1:-10}"
out="$(realpath -m "${2:-out/exported}")"
python=/usr/bin/python3
rm -rf "$out" && mkdir -p "$out"
dotnet build -c Release Cli >/dev/null
dotnet build -c Release Examples/MnistMlp >/dev/null
dotnet Cli/bin/Release/net10.0/vae.dll export Examples/MnistMlp/MnistMlp.vae --to pytorch --out "$out/package"
data="$PWD/data/mnist"

dotnet Examples/MnistMlp/bin/Release/net10.0/MnistMlp.dll --epochs "$epochs" --out "$out/csharp" --loglik-examples 0 >/dev/null
(cd "$out/package" && $python train.py --data "$data" --epochs "$epochs" --out "$out/pytorch" >/dev/null)
$python - "$out/csharp/metrics.jsonl" "$out/pytorch/metrics.jsonl" <<'PY'
import json, sys
csharp, pytorch = ([json.loads(line) for line in open(path)] for path in sys.argv[1:])
print("epoch  C# test loss  PyTorch test loss  relative difference")
for a, b in zip(csharp, pytorch):
    print(f"{a['epoch']:5d}  {a['test_loss']:12.4f}  {b['test_loss']:17.4f}  {abs(a['test_loss'] - b['test_loss']) / b['test_loss']:.2e}")
PY

echo "images per second, 2 epochs (train.py's metrics.jsonl):"
(cd "$out/package" && $python train.py --data "$data" --epochs 2 --out "$out/one-thread" --threads 1 >/dev/null)
(cd "$out/package" && $python -m torch.distributed.run --standalone --redirects 1 --tee 1 --nproc_per_node 2 train.py --data "$data" --epochs 2 --out "$out/two-processes" >/dev/null 2>&1)
for run in one-thread two-processes; do
  $python -c "import json,sys; rows=[json.loads(l) for l in open(sys.argv[1])]; print(sys.argv[2], ', '.join(f\"{r['images_per_second']:.0f}\" for r in rows))" "$out/$run/metrics.jsonl" "$run:"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
