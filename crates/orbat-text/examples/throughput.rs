//! Rough throughput of `parse` on the dev documents repeated to ~8 MB.
//!
//! `cargo run --release -p orbat-text --example throughput -- FILE...`

use orbat_text::{parse, InputFormat, Limits};
use std::time::Instant;

fn main() {
    let limits = Limits::default();
    for path in std::env::args().skip(1) {
        let one = std::fs::read(&path).expect("readable file");
        let format = if path.ends_with(".html") {
            InputFormat::Html
        } else {
            InputFormat::Text
        };
        let copies = (8_000_000 / one.len().max(1)).max(1);
        let mut big = Vec::with_capacity(one.len() * copies);
        if format == InputFormat::Html {
            // one page with the body repeated, so it stays a single document
            let s = String::from_utf8_lossy(&one);
            let (head, rest) = s.split_at(s.find("<body").unwrap_or(0));
            big.extend_from_slice(head.as_bytes());
            for _ in 0..copies {
                big.extend_from_slice(rest.as_bytes());
            }
        } else {
            for _ in 0..copies {
                big.extend_from_slice(&one);
                big.extend_from_slice(b"\n\n");
            }
        }
        let started = Instant::now();
        let doc = parse(&big, format, &limits).expect("parses");
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{path}: {:.1} MB in {:.3} s = {:.1} MB/s ({} sentences, {} tokens)",
            big.len() as f64 / 1e6,
            secs,
            big.len() as f64 / 1e6 / secs,
            doc.sentences.len(),
            doc.tokens.len()
        );
    }
}
