#!/usr/bin/env bash
# Redact speed and peak memory on a large workbook and CSV (the inputs of
# benches/scan_speed.sh: an incident log of ROWS x 10 cells, about 1 row in
# 200 naming an officer, so the copy has identifiers to mask).
# Usage: benches/redact_speed.sh [DIR] [ROWS] [CSV_MB]   (defaults: /tmp/foiguard-bench 1000000 200)
# Prints a Markdown table for the README. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/foiguard-bench}; rows=${2:-1000000}; mb=${3:-200}
cargo build --release --quiet --bin foiguard
target=${CARGO_TARGET_DIR:-target}
bin=$target/release/foiguard; data=$target/release/examples/bench_data
if [ ! -f "$dir/incidents.xlsx" ] || [ ! -f "$dir/incidents.csv" ]; then
  cargo build --release --quiet --example bench_data
  "$data" gen "$dir" "$rows" "$mb"
fi
out=$(mktemp -d "$dir/redact-out.XXXXXX")
trap 'rm -rf "$out"' EXIT
run() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n 1; }
echo "| input | command | time (s) | peak RSS (MB) | output (MB) |"
echo "|---|---|---|---|---|"
for kind in xlsx csv; do
  file=$dir/incidents.$kind
  size=$(( $(stat -c %s "$file") / 1000000 ))
  read -r t m < <(run "$bin" scan --quiet "$file" || true)
  printf '| %s (%s MB) | foiguard scan | %s | %s | |\n' "$kind" "$size" "$t" $(( m / 1024 ))
  copy=$out/incidents.clean.$kind
  read -r t m < <(run "$bin" redact "$file" -o "$copy" --log "$out/log.$kind.csv" || true)
  if [ -f "$copy" ]; then osize=$(( $(stat -c %s "$copy") / 1000000 )); else osize="no copy"; fi
  printf '| %s | foiguard redact | %s | %s | %s |\n' "$kind" "$t" $(( m / 1024 )) "$osize"
done
