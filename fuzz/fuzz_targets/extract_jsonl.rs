//! Bytes as a JSONL container read by the store's own reader (what
//! `orbat ingest feed.jsonl` does: one {text|html, title, url, source,
//! published} object or orbat.report/1 per line), then every document
//! extracted.
#![no_main]
use libfuzzer_sys::fuzz_target;
use orbat_extract::Extractor;
use std::sync::OnceLock;

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let x = EXTRACTOR.get_or_init(|| Extractor::new().expect("embedded data"));
    // `orbat ingest` reads a JSONL file as UTF-8 text.
    if let Ok(content) = std::str::from_utf8(data) {
        orbat_bench::pipeline::ingest_jsonl(x, content);
    }
});
