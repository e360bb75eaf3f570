#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a bounded time; exits non-zero if
# any target found a crash (panic), a timeout (hang) or an out-of-memory.
# This is what CI calls. Usage, from anywhere:
#
#   scripts/fuzz.sh                  # every target, FUZZ_SECONDS (60) each
#   FUZZ_SECONDS=300 scripts/fuzz.sh extract_html
#
# Settings (environment): FUZZ_SECONDS (per target, default 60), FUZZ_RSS_MB
# (memory limit per process, default 2048), FUZZ_TIMEOUT (seconds one input
# may take before it counts as a hang, default 10), FUZZ_MAX_LEN (largest
# input tried, default 16384 bytes), FUZZ_SANITIZER (address | none; default
# none: the code is safe Rust, and without ASan the fuzzer runs several times
# more inputs in the same time), FUZZ_JOBS (cargo build jobs).
#
# Only the stable toolchain is on the machines: cargo-fuzz passes nightly -Z
# flags to rustc, which RUSTC_BOOTSTRAP=1 lets stable accept. cargo-fuzz
# itself is installed from crates.io when it is missing.
#
# Findings land in fuzz/artifacts/TARGET/; reproduce one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none TARGET fuzz/artifacts/TARGET/crash-...
# and add the bytes as a regression test in crates/orbat-bench/tests/.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz" || exit 2
SECONDS_EACH="${FUZZ_SECONDS:-60}"
RSS_MB="${FUZZ_RSS_MB:-2048}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
MAX_LEN="${FUZZ_MAX_LEN:-16384}"
SANITIZER="${FUZZ_SANITIZER:-none}"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$root/fuzz/target"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz from crates.io" >&2
  cargo install cargo-fuzz --locked --quiet || { echo "fuzz.sh: cannot install cargo-fuzz" >&2; exit 2; }
fi

all=(extract_bytes extract_html extract_jsonl)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

# Seeds: committed examples (fuzz/seeds/), the project's example reports and
# the dev set when present. libFuzzer writes new inputs to the first folder
# only (fuzz/corpus/TARGET, ignored by git).
seeds_for() {
  case "$1" in
    extract_bytes) echo "$root/fuzz/seeds/text $root/fuzz/seeds/html $root/data/examples" ;;
    extract_html) echo "$root/fuzz/seeds/html" ;;
    extract_jsonl) echo "$root/fuzz/seeds/jsonl" ;;
  esac
}
dict_for() {
  case "$1" in
    extract_bytes) echo "$root/fuzz/dicts/text.dict" ;;
    extract_html) echo "$root/fuzz/dicts/html.dict" ;;
    extract_jsonl) echo "$root/fuzz/dicts/jsonl.dict" ;;
  esac
}

build_args=(--sanitizer "$SANITIZER" --debug-assertions)
[ -n "${FUZZ_JOBS:-}" ] && build_args+=(--jobs "$FUZZ_JOBS")
echo "fuzz.sh: building ${targets[*]} (sanitizer $SANITIZER, debug assertions on)" >&2
start=$(date +%s)
for t in "${targets[@]}"; do
  if ! cargo fuzz build "${build_args[@]}" "$t" > "$root/fuzz/build.log" 2>&1; then
    tail -20 "$root/fuzz/build.log" >&2
    echo "fuzz.sh: build of $t failed" >&2
    exit 2
  fi
done
echo "fuzz.sh: built in $(( $(date +%s) - start )) s" >&2

failed=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  # shellcheck disable=SC2046
  read -r -a seeds <<< "$(seeds_for "$t")"
  existing=()
  for s in "${seeds[@]}"; do [ -d "$s" ] && existing+=("$s"); done
  echo "fuzz.sh: $t for ${SECONDS_EACH}s" >&2
  if cargo fuzz run "${build_args[@]}" "$t" "corpus/$t" "${existing[@]}" -- \
      -max_total_time="$SECONDS_EACH" -rss_limit_mb="$RSS_MB" -malloc_limit_mb="$RSS_MB" \
      -timeout="$TIMEOUT" -max_len="$MAX_LEN" -dict="$(dict_for "$t")" \
      -print_final_stats=1 > "artifacts/$t.log" 2>&1; then
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)" "artifacts/$t.log" | tr '\n' ' ' >&2
    echo "-> $t: no findings" >&2
  else
    echo "-> $t: FINDING (log: fuzz/artifacts/$t.log)" >&2
    grep -E "panicked|ERROR: libFuzzer|SUMMARY|Test unit written" "artifacts/$t.log" | head -5 >&2
    failed+=("$t")
  fi
done
echo "fuzz.sh: done in $(( $(date +%s) - start )) s" >&2
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} passed, 0 failed"
