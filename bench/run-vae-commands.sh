#!/usr/bin/env bash
# Wall-clock times of the vae command as a user's shell sees them, process start included, with hyperfine (Debian
# package hyperfine): `vae check Vae.dsl`, and `vae train` against the example program it stands in for, both on one
# short epoch of MnistMlp with the same seed. The two training runs do the same work after the model exists (same
# data, same epoch, same pictures), so the difference of their times is what vae train adds before the first epoch:
# generating the model, compiling it with Roslyn and loading it. That cost is timed to the line each prints just before
# its first epoch.
# Usage: bench/run-vae-commands.sh [runs]   (default 20 for check, a quarter of that for the training runs)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-20}"
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install hyperfine" >&2; exit 1; }
dotnet build -c Release "$root/Cli/Cli.csproj" -v q -nologo >/dev/null
dotnet build -c Release "$root/Examples/MnistMlp/MnistMlp.csproj" -v q -nologo >/dev/null
vae="$root/Cli/bin/Release/net10.0/vae"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$root"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
hyperfine -N --warmup 3 --runs "$runs" "$vae check Vae.dsl" "$vae --version"
# The moment each program prints "MnistMlp: N parameters; …", just before its first epoch starts, from its start.
/usr/bin/python3 - "$root" "$vae" "$out" "$(( runs / 4 > 3 ? runs / 4 : 3 ))" <<'PY'
import statistics, subprocess, sys, time
root, vae, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
short = ["--data", f"{root}/data/mnist", "--epochs", "1", "--train-limit", "128", "--loglik-examples", "0", "--seed", "1"]
programs = {
    "example program": ["dotnet", f"{root}/Examples/MnistMlp/bin/Release/net10.0/MnistMlp.dll", *short, "--out", f"{out}/example"],
    "vae train": [vae, "train", "Examples/MnistMlp/MnistMlp.vae", *short, "--out", f"{out}/train"],
}
def before_first_epoch(command):
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=root)
    seen = None
    for line in process.stdout:
        if seen is None and " parameters; " in line: seen = time.monotonic() - start
    if process.wait() != 0 or seen is None: sys.exit(f"{command[0]} failed")
    return seen
times = {name: [] for name in programs}
for _ in range(runs):  # alternated, so both see the same load
    for name, command in programs.items(): times[name].append(before_first_epoch(command))
for name, values in times.items():
    print(f"{name:16} start to first epoch: median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f}, {runs} runs)")
print(f"vae train adds {statistics.median(times['vae train']) - statistics.median(times['example program']):.2f} s (medians)")
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
