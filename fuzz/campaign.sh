#!/usr/bin/env bash
# Run every fuzz target for a while with two workers and print each one's
# last status line (executions, coverage, corpus, crash/timeout/oom).
# Usage: fuzz/campaign.sh [SECONDS] [TARGET...]   (default 600 s, every target)
# Needs cargo-fuzz (see docs/FUZZING.md). Findings land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sniff ooxml_package sheet_xml xls ods_content csv scan_redact)
target_dir=${CARGO_TARGET_DIR:-target}
cargo fuzz build -s none --target-dir "$target_dir"
bin=$target_dir/x86_64-unknown-linux-gnu/release
logs=$(mktemp -d)
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  RAYON_NUM_THREADS=1 "$bin/$t" -fork=2 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$secs" -rss_limit_mb=1024 -timeout=10 -max_len=1048576 \
    -artifact_prefix="artifacts/$t/" "corpus/$t" >"$logs/$t.log" 2>&1 || true
  printf '%s: %s\n' "$t" "$(grep -E '^#[0-9]+' "$logs/$t.log" | tail -n 1)"
done
echo "logs: $logs"
