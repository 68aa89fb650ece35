#!/usr/bin/env bash
# Accepts every pending snapshot: renames each *.received.cs written by a failing snapshot test to *.verified.cs,
# and each docs/*.received.md (a page whose generated tables changed) to the page itself.
# Review the diff (git diff) before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
count=0
while IFS= read -r -d '' received; do
  mv "$received" "${received%.received.cs}.verified.cs"
  echo "accepted ${received%.received.cs}.verified.cs"
  count=$((count + 1))
done < <(find . -name '*.received.cs' -not -path '*/bin/*' -not -path '*/obj/*' -print0)
for received in docs/*.received.md; do
  [ -e "$received" ] || continue
  mv "$received" "${received%.received.md}.md"
  echo "accepted ${received%.received.md}.md"
  count=$((count + 1))
done
echo "$count snapshot(s) accepted"
