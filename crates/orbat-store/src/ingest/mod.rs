//! Ingest: paths in, reports stored. Files and folders are walked, JSONL and
//! RSS/Atom feeds are split into documents, extraction runs in parallel on a
//! rayon pool, and one thread writes, one transaction per batch (a savepoint
//! per document), in input order (so resolution, and therefore entity ids, do
//! not depend on timing).
//!
//! The store only knows reports: the caller passes the extractor in.
mod collect;
mod feed;

pub use collect::{collect, expand_in_memory, header_meta, Pending};

use crate::error::StoreError;
use crate::write::{Outcome, Stored};
use crate::Store;
use orbat_report::Report;
use rayon::prelude::*;
use serde::Serialize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

/// How a raw document's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text.
    Text,
    /// HTML.
    Html,
    /// Markdown.
    Markdown,
}

/// What the container said about a document (JSONL fields, feed item
/// elements, `Published:` lines). It fills what the extractor left empty.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    /// Title.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// A document to extract.
#[derive(Debug, Clone)]
pub struct RawDoc {
    /// Where it came from: URL, path, `path:LINE` or `path#item-N`.
    pub locator: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// How to read them.
    pub format: Format,
    /// What the container said.
    pub meta: Meta,
}

/// The extractor, as the caller provides it.
pub type ExtractFn<'a> = &'a (dyn Fn(&RawDoc) -> Result<Report, String> + Sync);

/// A document that could not be stored, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// Where it came from.
    pub locator: String,
    /// Why it failed.
    pub reason: String,
}

/// The end-of-run summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Documents seen.
    pub documents: usize,
    /// Stored for the first time.
    pub new: usize,
    /// Changed content at a known URL: facts replaced.
    pub replaced: usize,
    /// Already stored: skipped.
    pub unchanged: usize,
    /// Not stored, with reasons.
    pub failed: Vec<Failure>,
    /// Wall time.
    pub seconds: f64,
}

/// Progress reports for a progress bar or a log.
pub enum Progress<'a> {
    /// How many documents there are, once known.
    Total(usize),
    /// A document was committed (or found unchanged).
    Stored {
        /// Where it came from.
        locator: &'a str,
        /// The outcome.
        stored: &'a Stored,
    },
    /// A document failed.
    Failed(&'a Failure),
}

/// Options of a run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Extraction threads (0: one per core).
    pub jobs: usize,
    /// Documents extracted per batch before the writer takes them; the
    /// writer stores each batch in one transaction.
    pub batch: usize,
}

impl Default for Options {
    fn default() -> Self {
        // A batch is also one write transaction: large enough that the pages
        // its documents share are written once, small enough to commit often.
        Options {
            jobs: 0,
            batch: 256,
        }
    }
}

/// Extracts one pending document, turning panics into failures: article
/// text is untrusted and must not bring the run down.
fn prepare(p: &Pending, extract: ExtractFn<'_>) -> (String, Result<Report, String>) {
    let locator = p.locator();
    let result = catch_unwind(AssertUnwindSafe(|| -> Result<Report, String> {
        match p.load()? {
            collect::Loaded::Report(r) => Ok(*r),
            collect::Loaded::Raw(raw) => {
                let mut report = extract(&raw)?;
                fill_meta(&mut report, &raw.meta);
                Ok(report)
            }
        }
    }))
    .unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".into());
        Err(format!("extractor panicked: {msg}"))
    });
    (locator, result)
}

fn fill_meta(report: &mut Report, meta: &Meta) {
    let d = &mut report.document;
    for (slot, value) in [
        (&mut d.title, &meta.title),
        (&mut d.url, &meta.url),
        (&mut d.source, &meta.source),
        (&mut d.published, &meta.published),
    ] {
        if !matches!(slot.as_deref(), Some(s) if !s.trim().is_empty()) && value.is_some() {
            slot.clone_from(value);
        }
    }
}

/// Ingests `paths` into `store`. Errors only for problems with the database
/// itself (locked, corrupt, newer schema); a bad document is a [`Failure`].
pub fn run(
    store: &mut dyn Store,
    paths: &[PathBuf],
    extract: ExtractFn<'_>,
    options: Options,
    on_progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Summary, StoreError> {
    let (pending, failed) = collect(paths);
    run_pending(store, pending, failed, extract, options, on_progress)
}

/// Like [`run`], for documents already collected (e.g. embedded examples).
pub fn run_pending(
    store: &mut dyn Store,
    pending: Vec<Pending>,
    mut failed: Vec<Failure>,
    extract: ExtractFn<'_>,
    options: Options,
    on_progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Summary, StoreError> {
    let started = Instant::now();
    let mut summary = Summary {
        documents: pending.len() + failed.len(),
        ..Summary::default()
    };
    on_progress(Progress::Total(summary.documents));
    for f in &failed {
        on_progress(Progress::Failed(f));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| {
            StoreError::Invalid(format!(
                "cannot start {} extraction threads: {e}",
                options.jobs
            ))
        })?;
    let batch = options.batch.max(1);
    // Two batches in flight: the pool extracts the next while the writer commits this one.
    let (tx, rx) = sync_channel::<Vec<(String, Result<Report, String>)>>(2);
    let outcome = std::thread::scope(|scope| -> Result<(), StoreError> {
        let pending = &pending;
        let pool = &pool;
        scope.spawn(move || {
            for chunk in pending.chunks(batch) {
                let done: Vec<_> =
                    pool.install(|| chunk.par_iter().map(|p| prepare(p, extract)).collect());
                if tx.send(done).is_err() {
                    break; // the writer stopped
                }
            }
        });
        for done in rx {
            // A batch is one transaction: committed whole before any of it is
            // reported stored.
            let mut reports = Vec::with_capacity(done.len());
            for (locator, result) in done {
                match result {
                    Ok(r) => reports.push((locator, r)),
                    Err(reason) => {
                        let f = Failure { locator, reason };
                        on_progress(Progress::Failed(&f));
                        failed.push(f);
                    }
                }
            }
            let batch: Vec<(&Report, &str)> =
                reports.iter().map(|(l, r)| (r, l.as_str())).collect();
            let results = match store.store_reports(&batch) {
                Ok(results) => results,
                Err(e) if crate::write::is_fatal(&e) => return Err(e),
                // The transaction failed as a whole: each document fails with it.
                Err(e) => batch
                    .iter()
                    .map(|_| Err(StoreError::Db(e.to_string())))
                    .collect(),
            };
            for ((locator, _), result) in reports.iter().zip(results) {
                match result {
                    Ok(stored) => {
                        match stored.outcome {
                            Outcome::New => summary.new += 1,
                            Outcome::Replaced => summary.replaced += 1,
                            Outcome::Unchanged => summary.unchanged += 1,
                        }
                        on_progress(Progress::Stored {
                            locator,
                            stored: &stored,
                        });
                    }
                    Err(e) => {
                        let f = Failure {
                            locator: locator.clone(),
                            reason: e.to_string(),
                        };
                        on_progress(Progress::Failed(&f));
                        failed.push(f);
                    }
                }
            }
        }
        Ok(())
    });
    outcome?;
    summary.failed = failed;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
