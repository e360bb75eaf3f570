#!/usr/bin/env bash
# Instructions per document spent in what the throughput bench times (parsing
# the bytes into a document, then Extractor::extract), counted by callgrind:
# repeatable whatever else the machine runs, so a change's cost shows even on a
# busy 2-core machine. Usage, from the repository root:
#
#   scripts/count-instructions.sh [DOCS]      # default 200 documents of seed 1
#
# Needs valgrind (Debian's package). Compare two commits on the same DOCS: short
# runs weigh the lazy DFA's warm-up more than long ones.
set -euo pipefail
cd "$(dirname "$0")/.."
docs="${1:-200}"
cargo build --release --quiet -p orbat-bench --example orbat-bench
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys;print(json.load(sys.stdin)["target_directory"])')"
bench="$target_dir/release/examples/orbat-bench"
corpus="$target_dir/bench/count-corpus.jsonl"
[ -s "$corpus" ] || { mkdir -p "$(dirname "$corpus")"; "$bench" gen --docs 1000 --seed 1 --jsonl "$corpus" >/dev/null; }
out="$(mktemp)"
valgrind --tool=callgrind --callgrind-out-file="$out" \
  --toggle-collect='orbat_bench::pipeline::extract' \
  "$bench" extract --corpus "$corpus" --threads 1 --limit "$docs" 2>&1 >/dev/null |
  awk -v n="$docs" '/Collected/ {gsub(",", "", $4); printf "%.1f M instructions per document (%d documents)\n", $4 / n / 1e6, n}'
echo "profile: $out (callgrind_annotate --inclusive=yes $out)"
