//! `orbat-bench`: corpus generation and measurements for `scripts/bench.sh`.
//! Each measuring command prints one JSON object and can write it to a file
//! (`--out`), which `orbat-bench table` turns into the table of BENCHMARKS.md.

use clap::{Parser, Subcommand};
use orbat_bench::{corpus::Generator, pipeline, stats, table};
use orbat_extract::Extractor;
use orbat_text::Limits;
use rayon::prelude::*;
use serde_json::json;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::{Command as Process, Stdio};
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "orbat-bench",
    about = "Synthetic corpora and measurements for orbat"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a seeded synthetic corpus as JSONL (--jsonl) and/or one file per document (--dir).
    Gen {
        /// Number of documents.
        #[arg(long, default_value_t = 10_000)]
        docs: u64,
        /// Seed: the same seed gives the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// JSONL output: one {text|html, title, url, source, published} object per line.
        #[arg(long)]
        jsonl: Option<PathBuf>,
        /// Folder output: doc-NNNNNN.txt / .md / .html.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Write one large plain-text document of about --bytes bytes.
    Big {
        /// Size in bytes (the document is cut at a paragraph at or below it).
        #[arg(long, default_value_t = 10_000_000)]
        bytes: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Extraction throughput over a JSONL corpus held in memory.
    Extract {
        /// The corpus (from `gen --jsonl`).
        #[arg(long)]
        corpus: PathBuf,
        /// Threads (0: one per core).
        #[arg(long, default_value_t = 1)]
        threads: usize,
        /// Only the first N documents (0: all).
        #[arg(long, default_value_t = 0)]
        limit: usize,
        /// Also write the extracted plain text of each document as JSONL
        /// ({"text": ...}), for a baseline that must read the same text.
        #[arg(long)]
        dump_text: Option<PathBuf>,
        /// Write the result here too.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The store's writer alone: extract a corpus (or read --reports, written
    /// by an earlier run), then time only the writes into a fresh --db.
    Store {
        /// The corpus (from `gen --jsonl`); needed unless --reports exists.
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Extracted reports (JSONL): read when the file exists, else written.
        #[arg(long)]
        reports: Option<PathBuf>,
        /// Only the first N documents (0: all).
        #[arg(long, default_value_t = 0)]
        limit: usize,
        /// A new SQLite file, or a PostgreSQL URL.
        #[arg(long)]
        db: String,
        /// Reports handed to the writer at a time, one transaction each (as `orbat ingest`).
        #[arg(long, default_value_t = 256)]
        batch: usize,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Wall time of a command run repeatedly: p50/p95 in ms. `{}` in the
    /// command is replaced by the --vary values in turn.
    Time {
        #[arg(long, default_value_t = 30)]
        runs: usize,
        /// Untimed runs first (file cache, page cache).
        #[arg(long, default_value_t = 2)]
        warmup: usize,
        /// Comma-separated values for `{}`.
        #[arg(long)]
        vary: Option<String>,
        #[arg(long)]
        out: Option<PathBuf>,
        /// The command and its arguments.
        #[arg(last = true, required = true)]
        command: Vec<String>,
    },
    /// Print the table for a results folder; --write splices it into a Markdown file.
    Table {
        #[arg(long)]
        results: PathBuf,
        #[arg(long)]
        write: Option<PathBuf>,
    },
}

// The same allocator as the `orbat` binary, so that the figures are the shipped ones.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Gen {
            docs,
            seed,
            jsonl,
            dir,
        } => gen(docs, seed, jsonl, dir),
        Command::Big { bytes, seed, out } => big(bytes, seed, out),
        Command::Extract {
            corpus,
            threads,
            limit,
            dump_text,
            out,
        } => extract(corpus, threads, limit, dump_text, out),
        Command::Store {
            corpus,
            reports,
            limit,
            db,
            batch,
            out,
        } => store(corpus, reports, limit, &db, batch, out),
        Command::Time {
            runs,
            warmup,
            vary,
            out,
            command,
        } => time(runs, warmup, vary, out, command),
        Command::Table { results, write } => {
            let t = table::render(&results);
            print!("{t}");
            if let Some(ratio) = table::spacy_ratio(&results) {
                println!("\norbat / spaCy small, documents per second per core: {ratio:.0}x");
            }
            match write {
                Some(path) => {
                    let doc = std::fs::read_to_string(&path).unwrap_or_default();
                    std::fs::write(&path, table::splice(&doc, &t)).map_err(|e| e.to_string())
                }
                None => Ok(()),
            }
        }
    };
    if let Err(e) = result {
        eprintln!("orbat-bench: {e}");
        std::process::exit(1);
    }
}

fn emit(value: serde_json::Value, out: Option<PathBuf>) -> Result<(), String> {
    let s = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    println!("{s}");
    if let Some(p) = out {
        std::fs::write(&p, s + "\n").map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}

fn gen(docs: u64, seed: u64, jsonl: Option<PathBuf>, dir: Option<PathBuf>) -> Result<(), String> {
    if jsonl.is_none() && dir.is_none() {
        return Err("give --jsonl FILE and/or --dir DIR".into());
    }
    let g = Generator::new(seed);
    let mut lines = match &jsonl {
        Some(p) => Some(BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )),
        None => None,
    };
    if let Some(d) = &dir {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    // Generated in parallel chunks, written in order: the output does not
    // depend on the number of threads.
    let mut bytes = 0usize;
    let chunk = 1000u64;
    let mut start = 0;
    while start < docs {
        let end = (start + chunk).min(docs);
        let batch: Vec<_> = (start..end).into_par_iter().map(|i| g.doc(i)).collect();
        for d in batch {
            bytes += d.body.len();
            if let Some(w) = lines.as_mut() {
                writeln!(w, "{}", d.jsonl()).map_err(|e| e.to_string())?;
            }
            if let Some(dir) = &dir {
                std::fs::write(dir.join(d.file_name()), &d.body).map_err(|e| e.to_string())?;
            }
        }
        start = end;
    }
    if let Some(mut w) = lines {
        w.flush().map_err(|e| e.to_string())?;
    }
    eprintln!(
        "orbat-bench: {docs} documents, {:.1} MB, seed {seed}",
        bytes as f64 / 1e6
    );
    Ok(())
}

fn big(bytes: usize, seed: u64, out: PathBuf) -> Result<(), String> {
    let g = Generator::new(seed);
    let mut text = String::with_capacity(bytes + 32_000);
    text.push_str("Weekly compilation of field reports\n\n");
    let mut i = 0;
    loop {
        let d = g.doc(i);
        i += 1;
        if d.format != orbat_bench::corpus::DocFormat::Text {
            continue;
        }
        if text.len() + d.body.len() + 2 > bytes {
            break;
        }
        text.push_str(&d.body);
        text.push('\n');
    }
    std::fs::write(&out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "orbat-bench: {} bytes ({} reports) in {}",
        text.len(),
        i,
        out.display()
    );
    Ok(())
}

fn extract(
    corpus: PathBuf,
    threads: usize,
    limit: usize,
    dump_text: Option<PathBuf>,
    out: Option<PathBuf>,
) -> Result<(), String> {
    let content =
        std::fs::read_to_string(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let mut inputs = pipeline::read_jsonl(&content)?;
    drop(content);
    if limit > 0 {
        inputs.truncate(limit);
    }
    let bytes: usize = inputs.iter().map(|i| i.bytes.len()).sum();
    let limits = Limits::default();
    let extractor = Extractor::new().map_err(|e| e.to_string())?;
    if let Some(p) = &dump_text {
        let mut w = BufWriter::new(std::fs::File::create(p).map_err(|e| e.to_string())?);
        for input in &inputs {
            let text = orbat_text::parse(&input.bytes, input.format, &limits)
                .map(|d| d.text)
                .unwrap_or_default();
            writeln!(w, "{}", json!({ "text": text })).map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    // Per-document times, single-threaded runs only: the slowest documents
    // and the rate by size show whether cost grows faster than length.
    let mut per_doc: Vec<(usize, usize, f64)> = Vec::new();
    let mut run = || -> (usize, usize) {
        let one = |input: &pipeline::Input| match pipeline::extract(&extractor, input, &limits) {
            Ok(r) => (r.entities.len() + r.events.len() + r.relations.len(), 0),
            Err(_) => (0, 1),
        };
        if threads == 1 {
            let mut total = (0, 0);
            for (i, input) in inputs.iter().enumerate() {
                let t = Instant::now();
                let r = one(input);
                per_doc.push((i, input.bytes.len(), t.elapsed().as_secs_f64()));
                total = (total.0 + r.0, total.1 + r.1);
            }
            total
        } else {
            pool.install(|| {
                inputs
                    .par_iter()
                    .map(one)
                    .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
            })
        }
    };
    let t = Instant::now();
    let (facts, failed) = run();
    let seconds = t.elapsed().as_secs_f64();
    let docs = inputs.len();
    let mut by_size = serde_json::Map::new();
    for (lo, hi) in [
        (0, 1000),
        (1000, 3000),
        (3000, 10_000),
        (10_000, 100_000),
        (100_000, usize::MAX),
    ] {
        let (b, s) = per_doc
            .iter()
            .filter(|d| d.1 >= lo && d.1 < hi)
            .fold((0usize, 0f64), |a, d| (a.0 + d.1, a.1 + d.2));
        if s > 0.0 {
            by_size.insert(format!("{lo}..{hi}"), json!(b as f64 / 1e6 / s));
        }
    }
    per_doc.sort_by(|a, b| b.2.total_cmp(&a.2));
    let slowest: Vec<_> = per_doc
        .iter()
        .take(5)
        .map(|d| json!({"index": d.0, "bytes": d.1, "ms": d.2 * 1000.0}))
        .collect();
    emit(
        json!({
            "threads": threads,
            "docs": docs,
            "bytes": bytes,
            "corpus_mib": bytes as f64 / 1048576.0,
            "seconds": seconds,
            "docs_per_s": docs as f64 / seconds,
            "mb_per_s": bytes as f64 / 1e6 / seconds,
            "failed": failed,
            "facts": facts,
            "peak_rss_mib": stats::peak_rss_mib(),
            "mb_per_s_by_size": by_size,
            "slowest": slowest,
        }),
        out,
    )
}

fn store(
    corpus: Option<PathBuf>,
    reports: Option<PathBuf>,
    limit: usize,
    db: &str,
    batch: usize,
    out: Option<PathBuf>,
) -> Result<(), String> {
    use orbat_bench::store_bench;
    let mut located = match (&reports, &corpus) {
        (Some(r), _) if r.exists() => store_bench::load_reports(r)?,
        (_, Some(c)) => {
            let t = Instant::now();
            let located = store_bench::extract_corpus(c, limit)?;
            eprintln!(
                "orbat-bench: extracted {} documents in {:.1}s",
                located.len(),
                t.elapsed().as_secs_f64()
            );
            if let Some(r) = &reports {
                store_bench::save_reports(r, &located)?;
            }
            located
        }
        _ => return Err("give --corpus FILE, or --reports FILE written by an earlier run".into()),
    };
    if limit > 0 {
        located.truncate(limit);
    }
    emit(store_bench::time_writes(db, located, batch)?, out)
}

fn time(
    runs: usize,
    warmup: usize,
    vary: Option<String>,
    out: Option<PathBuf>,
    command: Vec<String>,
) -> Result<(), String> {
    let values: Vec<String> = vary
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_else(|| vec![String::new()]);
    let mut samples = Vec::with_capacity(runs);
    let mut failures = 0;
    for i in 0..warmup + runs {
        let value = &values[i % values.len()];
        let args: Vec<String> = command.iter().map(|a| a.replace("{}", value)).collect();
        let t = Instant::now();
        let status = Process::new(&args[0])
            .args(&args[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("{}: {e}", args[0]))?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if i >= warmup {
            samples.push(ms);
            failures += usize::from(!status.success());
        }
    }
    emit(
        json!({
            "command": command.join(" "),
            "runs": runs,
            "failures": failures,
            "p50_ms": stats::percentile(&samples, 50.0),
            "p95_ms": stats::percentile(&samples, 95.0),
            "min_ms": stats::percentile(&samples, 0.0),
            "mean_ms": stats::mean(&samples),
        }),
        out,
    )
}
