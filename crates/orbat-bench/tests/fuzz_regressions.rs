//! Inputs for the fuzz targets in `fuzz/`, run as plain tests: the committed
//! seeds, and hostile shapes written by hand. Any crash `scripts/fuzz.sh`
//! finds goes here too, as the exact bytes that crashed.
//! (No fuzz run so far has found a crash, hang or out-of-memory.)

use orbat_bench::pipeline::{extract_bytes, ingest_jsonl};
use orbat_extract::Extractor;
use orbat_text::InputFormat;
use std::path::Path;
use std::sync::OnceLock;

fn extractor() -> &'static Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| Extractor::new().unwrap())
}

/// What each fuzz target does with one input.
fn all_targets(data: &[u8]) {
    let x = extractor();
    let _ = extract_bytes(x, data, InputFormat::Auto);
    let _ = extract_bytes(x, data, InputFormat::Html);
    if let Ok(s) = std::str::from_utf8(data) {
        ingest_jsonl(x, s);
    }
}

#[test]
fn committed_seeds() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds");
    let mut n = 0;
    for sub in ["text", "html", "jsonl"] {
        for entry in std::fs::read_dir(seeds.join(sub)).unwrap() {
            all_targets(&std::fs::read(entry.unwrap().path()).unwrap());
            n += 1;
        }
    }
    assert!(n >= 10, "{n} seeds");
}

#[test]
fn hostile_shapes() {
    let deep_html = format!(
        "{}IRGC{}",
        "<div><b>".repeat(3000),
        "</b></div>".repeat(3000)
    );
    let one_long_word = "a".repeat(200_000);
    let many_dots = ". ".repeat(50_000);
    let digits = "1,".repeat(20_000);
    let names = "Kata'ib Hezbollah, ".repeat(2_000);
    let inputs: Vec<Vec<u8>> = vec![
        vec![],
        vec![0],
        b"\xef\xbb\xbf".to_vec(),
        b"\xff\xfe".to_vec(),
        b"\xff\xfeI\0R\0G\0C\0".to_vec(),
        "\u{202e}IRGC\u{202c} struck \u{200b}Albukamal".into(),
        "\r\r\r\n\n\t\u{a0}\u{2028}".into(),
        b"<html><head><meta charset=\"utf-16\"></head><body><p>\xe9</p></body></html>".to_vec(),
        b"<script>".to_vec(),
        b"<!--".to_vec(),
        b"---\ntitle: \n---\n".to_vec(),
        "# \n\n* \n\n|a|\n|-|\n".into(),
        deep_html.into_bytes(),
        one_long_word.into_bytes(),
        many_dots.into_bytes(),
        digits.into_bytes(),
        names.into_bytes(),
        "On 31 February 2024, $-5 billion, 10^400 fighters, 1e308 km".into(),
        "{\"text\": \"\\ud800\"}\n{\"html\": 5}\n{\"text\": \"x\", \"published\": \"9999-99-99\"}"
            .into(),
        "{\"schema\": \"orbat.report/1\", \"document\": {}}\n".into(),
        "الحرس الثوري في دير الزور".into(),
    ];
    for input in &inputs {
        all_targets(input);
    }
}
