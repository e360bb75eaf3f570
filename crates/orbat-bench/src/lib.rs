//! Benchmarks and robustness checks for orbat.
//!
//! - [`corpus`]: a seeded generator of synthetic conflict reports (text,
//!   Markdown, HTML), written as files or JSONL;
//! - [`pipeline`]: the same bytes-to-report path that `orbat ingest` runs,
//!   for the throughput runs, the fuzz targets and the regression tests;
//! - [`stats`]: timing percentiles and the process's peak memory;
//! - [`store_bench`]: the store's writer alone, on reports extracted beforehand;
//! - [`table`]: the results of one run as the table in `BENCHMARKS.md`.
//!
//! `scripts/bench.sh` drives the `orbat-bench` binary and the release
//! `orbat` binary; `scripts/fuzz.sh` runs the cargo-fuzz targets in `fuzz/`.

pub mod corpus;
pub mod pipeline;
pub mod rng;
pub mod stats;
pub mod store_bench;
pub mod table;
