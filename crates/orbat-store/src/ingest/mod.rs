//! Ingest: paths in, reports stored. Files and folders are walked, JSONL and
//! RSS/Atom feeds are split into documents, extraction runs in parallel on
//! `jobs` threads, one of which also writes, one transaction per batch, in
//! input order (so resolution, and therefore entity ids, do not depend on
//! timing).
//!
//! The store only knows reports: the caller passes the extractor in.
mod collect;
mod feed;

pub use collect::{collect, expand_in_memory, header_meta, Pending};

use crate::error::StoreError;
use crate::write::{Outcome, Stored};
use crate::Store;
use orbat_report::Report;
use serde::Serialize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
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
    /// Extraction threads, the writer among them (0: one per core).
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

/// A document extracted: where it came from, and its report or why not.
type Prepared = (String, Result<Report, String>);

/// Documents waiting for extraction, and their reports waiting for the writer.
///
/// Every thread extracts, the writer included: when the batch it must store
/// next is not ready, it extracts a document rather than wait. (A writer
/// beside one extraction thread per core was one thread too many: on 2 cores
/// it got a third of the CPU, fell behind, and stored the last batches alone
/// while a core idled.)
struct Queue<'a> {
    pending: &'a [Pending],
    batch: usize,
    /// One slot per document, filled by whoever extracted it.
    results: Vec<Mutex<Option<Prepared>>>,
    state: Mutex<QueueState>,
    /// Signalled when a batch is complete, a batch is stored, or the run stops.
    changed: Condvar,
}

struct QueueState {
    /// The next document to extract.
    next: usize,
    /// Documents before this one are stored.
    stored: usize,
    /// Documents of each batch not extracted yet.
    unextracted: Vec<usize>,
    /// The writer is done (or failed): extract no more.
    stop: bool,
}

/// Batches extraction may run ahead of the writer: the one being stored and
/// two more, which bounds the reports held in memory.
const BATCHES_AHEAD: usize = 3;

impl<'a> Queue<'a> {
    fn new(pending: &'a [Pending], batch: usize) -> Self {
        let unextracted = (0..pending.len())
            .step_by(batch)
            .map(|first| batch.min(pending.len() - first))
            .collect();
        Queue {
            pending,
            batch,
            results: pending.iter().map(|_| Mutex::new(None)).collect(),
            state: Mutex::new(QueueState {
                next: 0,
                stored: 0,
                unextracted,
                stop: false,
            }),
            changed: Condvar::new(),
        }
    }

    fn state(&self) -> MutexGuard<'_, QueueState> {
        // Extraction panics are caught before they reach a lock.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next document to extract, if any. A helper waits while extraction
    /// is as far ahead of the writer as allowed; the writer never waits here.
    fn claim(&self, wait: bool) -> Option<usize> {
        let mut state = self.state();
        loop {
            if state.stop || state.next >= self.pending.len() {
                return None;
            }
            if state.next < state.stored + BATCHES_AHEAD * self.batch {
                state.next += 1;
                return Some(state.next - 1);
            }
            if !wait {
                return None;
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Extracts the next document; false when there was none to extract.
    fn extract_next(&self, extract: ExtractFn<'_>, wait: bool) -> bool {
        let Some(i) = self.claim(wait) else {
            return false;
        };
        let prepared = prepare(&self.pending[i], extract);
        *self.results[i]
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(prepared);
        let mut state = self.state();
        state.unextracted[i / self.batch] -= 1;
        if state.unextracted[i / self.batch] == 0 {
            self.changed.notify_all();
        }
        true
    }

    /// The writer's turn: extracts documents until the batch of documents
    /// `first..end` is extracted, then takes it.
    fn wait_for_batch(&self, first: usize, end: usize, extract: ExtractFn<'_>) -> Vec<Prepared> {
        let number = first / self.batch;
        while self.state().unextracted[number] > 0 {
            if !self.extract_next(extract, false) {
                // The rest of the batch is being extracted by the helpers.
                let mut state = self.state();
                while state.unextracted[number] > 0 {
                    state = self
                        .changed
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
        }
        self.results[first..end]
            .iter()
            .map(|slot| {
                slot.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take()
                    .expect("an extracted batch has every report")
            })
            .collect()
    }

    /// Documents before `end` are stored: extraction may run further ahead.
    fn stored(&self, end: usize) {
        self.state().stored = end;
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.state().stop = true;
        self.changed.notify_all();
    }
}

/// Stops the extraction helpers when the writer leaves, by error or not.
struct StopOnDrop<'q, 'a>(&'q Queue<'a>);

impl Drop for StopOnDrop<'_, '_> {
    fn drop(&mut self) {
        self.0.stop();
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
    let batch = options.batch.max(1);
    let threads = match options.jobs {
        0 => rayon::current_num_threads(),
        n => n,
    };
    let queue = Queue::new(&pending, batch);
    let outcome = std::thread::scope(|scope| -> Result<(), StoreError> {
        // The writer extracts too (see Queue), so it takes one of the threads.
        for _ in 1..threads {
            scope.spawn(|| while queue.extract_next(extract, true) {});
        }
        // Stop the helpers however the writer ends, error or not.
        let _stop = StopOnDrop(&queue);
        for first in (0..pending.len()).step_by(batch) {
            let end = (first + batch).min(pending.len());
            let done = queue.wait_for_batch(first, end, extract);
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
            queue.stored(end);
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
