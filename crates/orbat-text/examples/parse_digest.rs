//! One line per document: a digest of everything `parse` produced, to check
//! that a change to the crate keeps its output identical, and a parse-only
//! workload for callgrind (`--toggle-collect='orbat_text::parse'`).
//!
//! `cargo run --release -p orbat-text --example parse_digest -- [--limit N] FILE...`
//! A `.jsonl` file is read as the bench corpus (`html` or `text` per line);
//! any other file is parsed whole, its format following the extension.

use orbat_text::{parse, InputFormat, Limits};
use sha2::{Digest, Sha256};

fn main() {
    let mut limit = usize::MAX;
    let mut inputs: Vec<(String, Vec<u8>, InputFormat)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--limit" {
            limit = args.next().and_then(|n| n.parse().ok()).expect("--limit N");
            continue;
        }
        let bytes = std::fs::read(&arg).expect("readable file");
        if arg.ends_with(".jsonl") {
            for (i, line) in String::from_utf8(bytes).expect("UTF-8").lines().enumerate() {
                let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
                let (body, format) = match (v["html"].as_str(), v["text"].as_str()) {
                    (Some(h), _) => (h, InputFormat::Html),
                    (None, Some(t)) => (t, InputFormat::Auto),
                    (None, None) => continue,
                };
                inputs.push((format!("{arg}:{}", i + 1), body.as_bytes().to_vec(), format));
            }
        } else {
            let format = match arg.rsplit('.').next() {
                Some("html" | "htm") => InputFormat::Html,
                Some("md") => InputFormat::Markdown,
                Some("txt") => InputFormat::Text,
                _ => InputFormat::Auto,
            };
            inputs.push((arg, bytes, format));
        }
    }
    inputs.truncate(limit);
    let limits = Limits::default();
    let results: Vec<_> = inputs
        .iter()
        .map(|(_, bytes, format)| parse(bytes, *format, &limits))
        .collect();
    for ((name, _, _), result) in inputs.iter().zip(results) {
        let shown = match result {
            Ok(doc) => {
                let offsets: Vec<usize> =
                    (0..=doc.text.len()).map(|b| doc.char_offset(b)).collect();
                format!(
                    "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                    doc.text,
                    doc.title,
                    doc.published,
                    doc.url,
                    doc.source,
                    doc.language,
                    doc.sentences,
                    doc.tokens,
                    offsets
                )
            }
            Err(e) => format!("error: {e}"),
        };
        let digest: String = Sha256::digest(shown.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        println!("{digest} {name}");
    }
}
