#!/usr/bin/env bash
# Profile-guided build of the shipped binaries: `orbat` and the benchmark
# driver `orbat-bench`, with the `dist` profile (fat LTO) plus PGO and, where
# LLVM BOLT is installed, a BOLT pass. The compiler lays out branches and
# inlines by what a training run actually executed: about 7-10% more
# throughput than `dist` alone on this code, which is mostly branchy scanning;
# BOLT then reorders the machine code by a second training run on the final
# binary, about 4% more. Usage, from the repository root:
#
#   scripts/build-pgo.sh        # prints the two binaries' paths (orbat, orbat-bench)
#
# Steps: an instrumented `release` build (target/pgo-gen), a training run (a
# generated corpus of seed 2, not the benchmark's seed 1, extracted and
# ingested, then queried; plus the example reports and test fixtures, text and
# HTML), the optimised build from the merged profile (target/pgo/dist), and,
# with BOLT, instrumented copies of those binaries trained on the same workload
# and rewritten into target/pgo/bolt.
#
# Needs an llvm-profdata that reads the raw profiles of rustc's LLVM: rustup's
# `llvm-tools` component, or Debian's llvm-19 or newer (rustc 1.95 ships LLVM
# 22, whose raw profile format llvm-profdata 19 still reads; the script checks).
# BOLT (optional): Debian's bolt-19 or newer; it rewrites ELF files, so any
# version works whatever LLVM compiled them.
# Settings (environment): LLVM_PROFDATA (path of the tool), LLVM_BOLT (path of
# llvm-bolt; BOLT=0 skips the pass), TRAIN_DOCS (2000).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
train_docs="${TRAIN_DOCS:-2000}"
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys;print(json.load(sys.stdin)["target_directory"])')"
gen_dir="$target_dir/pgo-gen"
use_dir="$target_dir/pgo"
work="$target_dir/pgo-work"
say() { printf '\n== %s\n' "$*" >&2; }

# An LLVM tool by name: from rustup's llvm-tools, else the newest Debian llvm-N
# (its own bin/ folder first: llvm-bolt finds its runtime library beside it).
find_llvm_tool() { # NAME
  local name="$1" host sysroot candidate v
  host="$(rustc -vV | sed -n 's/^host: //p')"
  sysroot="$(rustc --print sysroot)"
  candidate="$sysroot/lib/rustlib/$host/bin/$name"
  if [ -x "$candidate" ]; then echo "$candidate"; return; fi
  for v in 30 29 28 27 26 25 24 23 22 21 20 19; do
    for candidate in "/usr/lib/llvm-$v/bin/$name" "$name-$v"; do
      if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return; fi
    done
  done
  return 1
}
profdata="${LLVM_PROFDATA:-$(find_llvm_tool llvm-profdata)}" || {
  echo "build-pgo: no llvm-profdata found; install rustup's llvm-tools component or Debian's llvm-19 (apt-get install llvm-19), or set LLVM_PROFDATA" >&2
  exit 2
}
bolt=""
if [ "${BOLT:-1}" != 0 ]; then
  bolt="${LLVM_BOLT:-$(find_llvm_tool llvm-bolt || true)}"
  [ -n "$bolt" ] || echo "build-pgo: no llvm-bolt found (Debian: apt-get install bolt-19); building without the BOLT pass" >&2
fi

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

# The workload both profiles (PGO's and BOLT's) are taken from.
train() { # ORBAT ORBAT_BENCH
  local orbat="$1" bench="$2" doc
  "$bench" extract --corpus "$work/train.jsonl" --threads 0 >/dev/null
  rm -f "$work/train.db" "$work/train.db-wal" "$work/train.db-shm"
  "$orbat" ingest "$work/train.jsonl" --db "$work/train.db" >/dev/null 2>&1
  "$orbat" actor IRGC --db "$work/train.db" --format json >/dev/null
  "$orbat" events --db "$work/train.db" --format json >/dev/null
  "$orbat" actors --db "$work/train.db" --format json >/dev/null
  for doc in data/examples/*.txt crates/orbat-cli/tests/fixtures/*.txt crates/orbat-cli/tests/fixtures/*.html; do
    "$orbat" extract "$doc" --format json >/dev/null 2>&1 || true
  done
}
train "$orbat" "$bench"

say "merging profiles with $profdata"
if ! "$profdata" merge -o "$work/merged.profdata" "$work/raw"/*.profraw; then
  echo "build-pgo: $profdata cannot read these profiles (rustc: $(rustc -vV | sed -n 's/^LLVM version: //p')); use an llvm-profdata of that LLVM version or newer" >&2
  exit 2
fi

say "optimised build ($use_dir, profile dist)"
# Functions the training never reached have no profile: LLVM's warning about
# them is expected and says nothing about the build.
export CARGO_TARGET_DIR="$use_dir" RUSTFLAGS="-Cprofile-use=$work/merged.profdata"
# BOLT moves functions, which needs the linker's relocations kept in the binary.
[ -z "$bolt" ] || RUSTFLAGS="$RUSTFLAGS -Clink-arg=-Wl,--emit-relocs"
for args in "-p orbat-cli" "-p orbat-bench --example orbat-bench"; do
  # shellcheck disable=SC2086 # two words each, on purpose
  cargo build --profile dist --quiet $args 2>&1 |
    grep -v -e 'profile-instr-use' -e 'no profile data' -e '^$' -e '^warning: .* generated' >&2 || true
done
test -x "$use_dir/dist/orbat" && test -x "$use_dir/dist/examples/orbat-bench"
orbat="$use_dir/dist/orbat"
bench="$use_dir/dist/examples/orbat-bench"

if [ -n "$bolt" ]; then
  say "BOLT with $bolt ($use_dir/bolt)"
  rm -rf "$work/bolt" "$use_dir/bolt"
  mkdir -p "$work/bolt" "$use_dir/bolt"
  for bin in "$orbat" "$bench"; do
    name="$(basename "$bin")"
    # One profile file per process: the training runs each binary many times.
    "$bolt" "$bin" -o "$work/bolt/$name.inst" -instrument -instrumentation-file-append-pid \
      -instrumentation-file="$work/bolt/$name" 2>&1 >/dev/null |
      grep -v 'split function detected on input' >&2 || true  # mimalloc's own .cold parts: harmless
    [ -x "$work/bolt/$name.inst" ] || { echo "build-pgo: $bolt could not instrument $bin (BOLT=0 skips the pass)" >&2; exit 2; }
  done
  train "$work/bolt/orbat.inst" "$work/bolt/orbat-bench.inst"
  merge="$(dirname "$bolt")/merge-fdata"
  [ -x "$merge" ] || merge="$(command -v "merge-fdata${bolt##*llvm-bolt}")"
  for bin in "$orbat" "$bench"; do
    name="$(basename "$bin")"
    "$merge" "$work/bolt/$name".*.fdata >"$work/bolt/$name.fdata" 2>/dev/null
    "$bolt" "$bin" -o "$use_dir/bolt/$name" -data="$work/bolt/$name.fdata" \
      -reorder-blocks=ext-tsp -reorder-functions=cdsort -split-functions -split-all-cold \
      -split-eh -icf=1 -use-gnu-stack >/dev/null 2>&1
  done
  orbat="$use_dir/bolt/orbat"
  bench="$use_dir/bolt/orbat-bench"
fi
echo "$orbat"
echo "$bench"
