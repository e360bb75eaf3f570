#!/usr/bin/env bash
# Profile-guided build of the shipped binaries: `orbat` and the benchmark
# driver `orbat-bench`, with the `dist` profile (fat LTO) plus PGO. The compiler
# lays out branches and inlines by what a training run actually executed:
# about 7-10% more throughput than `dist` alone on this code, which is mostly
# branchy scanning. Usage, from the repository root:
#
#   scripts/build-pgo.sh        # -> target/pgo/dist/orbat, target/pgo/dist/examples/orbat-bench
#
# Three steps: an instrumented `release` build (target/pgo-gen), a training run
# (a generated corpus of seed 2, not the benchmark's seed 1, extracted and
# ingested, then queried; plus the example reports and test fixtures, text and
# HTML), and the optimised build from the merged profile.
#
# Needs an llvm-profdata that reads the raw profiles of rustc's LLVM: rustup's
# `llvm-tools` component, or Debian's llvm-19 or newer (rustc 1.95 ships LLVM
# 22, whose raw profile format llvm-profdata 19 still reads; the script checks).
# Settings (environment): LLVM_PROFDATA (path of the tool), TRAIN_DOCS (2000).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
train_docs="${TRAIN_DOCS:-2000}"
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys;print(json.load(sys.stdin)["target_directory"])')"
gen_dir="$target_dir/pgo-gen"
use_dir="$target_dir/pgo"
work="$target_dir/pgo-work"
say() { printf '\n== %s\n' "$*" >&2; }

find_profdata() {
  if [ -n "${LLVM_PROFDATA:-}" ]; then echo "$LLVM_PROFDATA"; return; fi
  local host sysroot candidate v
  host="$(rustc -vV | sed -n 's/^host: //p')"
  sysroot="$(rustc --print sysroot)"
  candidate="$sysroot/lib/rustlib/$host/bin/llvm-profdata"
  if [ -x "$candidate" ]; then echo "$candidate"; return; fi
  for v in 30 29 28 27 26 25 24 23 22 21 20 19; do
    for candidate in "llvm-profdata-$v" "/usr/lib/llvm-$v/bin/llvm-profdata"; do
      if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return; fi
    done
  done
  return 1
}
profdata="$(find_profdata)" || {
  echo "build-pgo: no llvm-profdata found; install rustup's llvm-tools component or Debian's llvm-19 (apt-get install llvm-19), or set LLVM_PROFDATA" >&2
  exit 2
}

rm -rf "$work"
mkdir -p "$work/raw"
say "instrumented build ($gen_dir)"
# Two cargo calls: `--example` would narrow a combined call to examples only.
export CARGO_TARGET_DIR="$gen_dir" RUSTFLAGS="-Cprofile-generate=$work/raw"
cargo build --release --quiet -p orbat-cli
cargo build --release --quiet -p orbat-bench --example orbat-bench
# The build scripts were instrumented too and wrote profiles while building:
# they are not what is being optimised.
rm -f "$work/raw"/*.profraw

say "training run: $train_docs generated documents (seed 2), extracted and ingested"
orbat="$gen_dir/release/orbat"
bench="$gen_dir/release/examples/orbat-bench"
"$bench" gen --docs "$train_docs" --seed 2 --jsonl "$work/train.jsonl" >/dev/null
"$bench" extract --corpus "$work/train.jsonl" --threads 0 >/dev/null
"$orbat" ingest "$work/train.jsonl" --db "$work/train.db" >/dev/null 2>&1
"$orbat" actor IRGC --db "$work/train.db" --format json >/dev/null
"$orbat" events --db "$work/train.db" --format json >/dev/null
"$orbat" actors --db "$work/train.db" --format json >/dev/null
for doc in data/examples/*.txt crates/orbat-cli/tests/fixtures/*.txt crates/orbat-cli/tests/fixtures/*.html; do
  "$orbat" extract "$doc" --format json >/dev/null 2>&1 || true
done

say "merging profiles with $profdata"
if ! "$profdata" merge -o "$work/merged.profdata" "$work/raw"/*.profraw; then
  echo "build-pgo: $profdata cannot read these profiles (rustc: $(rustc -vV | sed -n 's/^LLVM version: //p')); use an llvm-profdata of that LLVM version or newer" >&2
  exit 2
fi

say "optimised build ($use_dir, profile dist)"
# Functions the training never reached have no profile: LLVM's warning about
# them is expected and says nothing about the build.
export CARGO_TARGET_DIR="$use_dir" RUSTFLAGS="-Cprofile-use=$work/merged.profdata"
for args in "-p orbat-cli" "-p orbat-bench --example orbat-bench"; do
  # shellcheck disable=SC2086 # two words each, on purpose
  cargo build --profile dist --quiet $args 2>&1 |
    grep -v -e 'profile-instr-use' -e 'no profile data' -e '^$' -e '^warning: .* generated' >&2 || true
done
test -x "$use_dir/dist/orbat" && test -x "$use_dir/dist/examples/orbat-bench"
echo "$use_dir/dist/orbat"
echo "$use_dir/dist/examples/orbat-bench"
