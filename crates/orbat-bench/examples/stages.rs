//! Times `orbat_text::parse` and `Extractor::analyse` separately on one file:
//! `cargo run --release -p orbat-bench --example stages -- FILE`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: stages FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let x = orbat_extract::Extractor::new().expect("embedded data");
    let t = Instant::now();
    let doc = orbat_text::parse(
        &bytes,
        orbat_text::InputFormat::Auto,
        &orbat_text::Limits::default(),
    )
    .expect("parsable");
    let parse = t.elapsed();
    let t = Instant::now();
    let a = x.analyse(&doc);
    let analyse = t.elapsed();
    let t = Instant::now();
    let r = x.extract(&doc);
    let extract = t.elapsed();
    println!(
        "{} bytes, {} sentences: parse {:?}, analyse {:?} ({} mentions, {} entities), extract {:?} ({} entities)",
        bytes.len(),
        doc.sentences.len(),
        parse,
        analyse,
        a.mentions.len(),
        a.entities.len(),
        extract,
        r.entities.len()
    );
}
