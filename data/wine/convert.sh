#!/usr/bin/env bash
# Rebuilds wine.csv from Debian's python3-sklearn package, which carries the UCI Wine table as
# sklearn/datasets/data/wine_data.csv. That file's first line is scikit-learn's own summary
# ("178,13,class_0,class_1,class_2": rows, features, class names); it is replaced by column names.
# The 178 data rows are copied unchanged. Needs apt-get and dpkg; installs nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download python3-sklearn
dpkg -x python3-sklearn_*.deb unpacked
source="$(find unpacked -name wine_data.csv | head -n 1)"
{
  echo "alcohol,malic_acid,ash,alcalinity_of_ash,magnesium,total_phenols,flavanoids,nonflavanoid_phenols,proanthocyanins,color_intensity,hue,od280_od315,proline,class"
  tail -n +2 "$source"
} > "$here/wine.csv"
echo "wrote $here/wine.csv ($(($(wc -l < "$here/wine.csv") - 1)) rows)"
