//! Arbitrary bytes, format sniffed (`InputFormat::Auto`), through the whole
//! pipeline: `orbat_text::parse` then `Extractor::extract`. Errors are fine;
//! panics, hangs and unbounded memory are findings.
#![no_main]
use libfuzzer_sys::fuzz_target;
use orbat_extract::Extractor;
use orbat_text::InputFormat;
use std::sync::OnceLock;

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let x = EXTRACTOR.get_or_init(|| Extractor::new().expect("embedded data"));
    let _ = orbat_bench::pipeline::extract_bytes(x, data, InputFormat::Auto);
});
