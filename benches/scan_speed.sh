#!/usr/bin/env bash
# Scan speed and peak memory against a bare read of the same files.
# Usage: benches/scan_speed.sh [DIR] [ROWS] [CSV_MB]   (defaults: /tmp/foiguard-bench 1000000 200)
# Prints a Markdown table for the README. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/foiguard-bench}; rows=${2:-1000000}; mb=${3:-200}
cargo build --release --quiet --bin foiguard --example bench_data
bin=target/release/foiguard; data=target/release/examples/bench_data
if [ ! -f "$dir/incidents.xlsx" ] || [ ! -f "$dir/incidents.csv" ]; then
  "$data" gen "$dir" "$rows" "$mb"
fi
run() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n 1; }
echo "| input | reader | time (s) | peak RSS (MB) |"
echo "|---|---|---|---|"
for spec in "xlsx:bare-xlsx:$dir/incidents.xlsx" "csv:bare-csv:$dir/incidents.csv"; do
  IFS=: read -r kind bare file <<<"$spec"
  read -r t m < <(run "$data" "$bare" "$file")
  printf '| %s (%s MB) | bare read | %s | %s |\n' "$kind" $(( $(stat -c %s "$file") / 1000000 )) "$t" $(( m / 1024 ))
  read -r t m < <(run "$bin" scan --quiet "$file" || true)
  printf '| %s | foiguard scan | %s | %s |\n' "$kind" "$t" $(( m / 1024 ))
done
# Issue 3's case: the CSV with the default detectors plus a 50,000-person roster.
[ -f "$dir/roster.csv" ] || "$data" roster "$dir/roster.csv" 50000
read -r t m < <(run "$bin" scan --quiet --roster "$dir/roster.csv" "$dir/incidents.csv" || true)
printf '| csv | foiguard scan --roster (50,000 people) | %s | %s |\n' "$t" $(( m / 1024 ))
