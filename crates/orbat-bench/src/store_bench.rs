//! The store's writer alone. A corpus is extracted first (or its reports read
//! back from a cache written by an earlier run), then only the writes are
//! timed, through the same loop `orbat ingest` runs: reports handed over in
//! batches, one writer thread, one database.

use crate::pipeline::{self, Input};
use orbat_extract::Extractor;
use orbat_report::Report;
use orbat_store::ingest::{self, expand_in_memory, Pending};
use orbat_text::Limits;
use rayon::prelude::*;
use serde_json::json;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

/// A report and where it was read from (its URL, else `corpus:LINE`).
pub type Located = (String, Report);

/// Extracts the first `limit` documents (0: all) of a JSONL corpus on all
/// cores, the container's metadata filling what the text does not say, as
/// `orbat ingest` does.
pub fn extract_corpus(corpus: &Path, limit: usize) -> Result<Vec<Located>, String> {
    let content =
        std::fs::read_to_string(corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let (mut pending, _failed) = expand_in_memory("corpus.jsonl", &content);
    drop(content);
    if limit > 0 {
        pending.truncate(limit);
    }
    let extractor = Extractor::new().map_err(|e| e.to_string())?;
    let limits = Limits::default();
    Ok(pending
        .into_par_iter()
        .filter_map(|p| {
            let Pending::Raw(raw) = p else { return None };
            let (url, source) = (raw.meta.url.clone(), raw.meta.source.clone());
            let locator = raw.locator.clone();
            let input = Input::from_raw(raw);
            let mut report = pipeline::extract(&extractor, &input, &limits).ok()?;
            let d = &mut report.document;
            d.url = d.url.take().or(url);
            d.source = d.source.take().or(source);
            Some((locator, report))
        })
        .collect())
}

/// Writes reports as JSONL, one `orbat.report/1` per line (`orbat ingest`
/// reads such a file as already extracted).
pub fn save_reports(path: &Path, reports: &[Located]) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut w = BufWriter::new(file);
    for (_, r) in reports {
        serde_json::to_writer(&mut w, r).map_err(|e| e.to_string())?;
        w.write_all(b"\n").map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}

/// Reads a file written by [`save_reports`].
pub fn load_reports(path: &Path) -> Result<Vec<Located>, String> {
    let content = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lines: Vec<&str> = content.lines().collect();
    lines
        .into_par_iter()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let r: Report =
                serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
            let locator = r
                .document
                .url
                .clone()
                .unwrap_or_else(|| format!("reports:{}", i + 1));
            Ok((locator, r))
        })
        .collect()
}

/// Stores `reports` into the database at `db` (a path that must not exist
/// yet, or a PostgreSQL URL) and times the writes alone.
pub fn time_writes(
    db: &str,
    reports: Vec<Located>,
    batch: usize,
) -> Result<serde_json::Value, String> {
    if !orbat_store::is_postgres_url(db) && Path::new(db).exists() {
        return Err(format!(
            "{db} exists; the writer is timed on a fresh database"
        ));
    }
    let mut store = orbat_store::open(db).map_err(|e| e.to_string())?;
    let docs = reports.len();
    let pending: Vec<Pending> = reports
        .into_iter()
        .map(|(locator, r)| Pending::Report(Box::new(r), locator))
        .collect();
    let options = ingest::Options { jobs: 1, batch };
    let never = |_: &ingest::RawDoc| -> Result<Report, String> { Err("no extraction here".into()) };
    let (started, cpu_before) = (Instant::now(), cpu_seconds());
    let summary = ingest::run_pending(
        store.as_mut(),
        pending,
        Vec::new(),
        &never,
        options,
        &mut |_| {},
    )
    .map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let counts = store.counts().map_err(|e| e.to_string())?;
    Ok(json!({
        "db": db,
        "docs": docs,
        "batch": batch,
        "seconds": seconds,
        "docs_per_s": docs as f64 / seconds,
        "cpu_seconds": cpu,
        "docs_per_cpu_s": cpu.map(|c| docs as f64 / c),
        "new": summary.new,
        "unchanged": summary.unchanged,
        "failed": summary.failed.len(),
        "counts": counts,
        "peak_rss_mib": crate::stats::peak_rss_mib(),
    }))
}

/// User + system CPU time of this process so far (Linux), in seconds: on a
/// shared machine a steadier figure than wall time.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
