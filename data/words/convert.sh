#!/usr/bin/env bash
# Rebuilds train.txt and test.txt from Debian's wamerican package (SCOWL's American English word list,
# /usr/share/dict/american-english): the words of 3 to 11 lower-case letters a–z (no capitals, apostrophes or
# accents), shuffled with a fixed seed and split 90/10, one word a line. Needs apt-get, dpkg and python3;
# installs nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download wamerican
dpkg -x wamerican_*.deb unpacked
python3 - unpacked/usr/share/dict/american-english "$here" <<'PY'
import random
import re
import sys

source, folder = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as f:
    words = sorted({w for w in (line.strip() for line in f) if re.fullmatch(r"[a-z]{3,11}", w)})
random.Random(2026).shuffle(words)
test = len(words) // 10
for name, part in (("test.txt", words[:test]), ("train.txt", words[test:])):
    with open(f"{folder}/{name}", "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(w + "\n" for w in part))
    print(f"wrote {folder}/{name} ({len(part)} words)")
PY
