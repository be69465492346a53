#!/usr/bin/env bash
# Time and peak memory of every file in the hostile set (tests/hostile.rs)
# through the release binary. Each must end with its documented outcome
# ("error", or "read": any verdict but error) within 10 s and under 1 GB;
# the script exits 1 if one does not. Folders (truncated/, symlinks/) are
# scanned whole: their outcome lists every verdict seen.
# Usage: benches/hostile.sh [DIR]   (default /tmp/foiguard-hostile)
# Prints a Markdown table for the README. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/foiguard-hostile}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin foiguard
bin=$target/release/foiguard
FOIGUARD_HOSTILE_DIR=$dir cargo test --release --quiet --test hostile write_hostile_set \
  -- --ignored --exact >/dev/null
echo "| file | size (KB) | expected | outcome | reason | time (s) | peak RSS (MB) |"
echo "|---|---|---|---|---|---|---|"
fail=0
while IFS=$'\t' read -r name want; do
  path=$dir/$name
  size=$(du -sk "$path" | cut -f1)
  out=$(mktemp); tf=$(mktemp)
  /usr/bin/time -o "$tf" -f '%e %M' "$bin" scan --format json "$path" >"$out" 2>/dev/null || true
  read -r secs kb < <(tail -n 1 "$tf")
  rm -f "$tf"
  # The verdicts of every file scanned (a folder gives several).
  got=$(python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
vs=sorted({f["verdict"] for f in r["files"]})
errs=[f.get("error") or "" for f in r["files"] if f["verdict"]=="error"]
print(",".join(vs)+"\t"+(errs[0][:70].replace("|","/") if errs else ""))' "$out" 2>/dev/null || echo "no-json	")
  rm -f "$out"
  verdicts=${got%%$'\t'*}; reason=${got#*$'\t'}
  mb=$(( ${kb:-0} / 1024 ))
  ok=yes
  case "$want" in
    # Read normally: any verdict but error.
    read) case ",$verdicts," in *,error,*|,,|,no-json,) ok=no ;; esac ;;
    *) case ",$verdicts," in *",$want,"*) ;; *) ok=no ;; esac ;;
  esac
  awk -v s="${secs:-99}" 'BEGIN{exit !(s < 10)}' || ok=no
  [ "$mb" -lt 1024 ] || ok=no
  [ "$ok" = yes ] || fail=1
  printf '| %s | %s | %s | %s%s | %s | %s | %s |\n' "$name" "$size" "$want" "$verdicts" \
    "$([ "$ok" = yes ] || echo ' **FAIL**')" "$reason" "${secs:-?}" "$mb"
done < "$dir/EXPECTED.tsv"
exit $fail
