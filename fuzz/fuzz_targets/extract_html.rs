//! Bytes read as an HTML page (`InputFormat::Html`: boilerplate removal,
//! metadata, entities, charsets) through the whole pipeline.
#![no_main]
use libfuzzer_sys::fuzz_target;
use orbat_extract::Extractor;
use orbat_text::InputFormat;
use std::sync::OnceLock;

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let x = EXTRACTOR.get_or_init(|| Extractor::new().expect("embedded data"));
    let _ = orbat_bench::pipeline::extract_bytes(x, data, InputFormat::Html);
});
