//! The size limit and bounded cost of one document.

use orbat_bench::corpus::Generator;
use orbat_bench::pipeline;
use orbat_extract::Extractor;
use orbat_text::{parse, InputFormat, Limits, TextError};
use std::time::{Duration, Instant};

#[test]
fn over_the_limit_is_a_clear_error() {
    let limits = Limits { max_bytes: 1000 };
    let text = "The IRGC moved fighters into Albukamal. ".repeat(30);
    assert!(text.len() > 1000);
    let err = parse(text.as_bytes(), InputFormat::Auto, &limits).unwrap_err();
    assert!(
        matches!(err, TextError::TooLarge { max: 1000, .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("over the 1000-byte limit"), "{msg}");
    assert!(!msg.contains('\n'));
    // At the limit it is read.
    let at = &text.as_bytes()[..1000];
    assert!(parse(at, InputFormat::Auto, &limits).is_ok());
}

#[test]
fn default_limit_is_ten_mebibytes() {
    assert_eq!(Limits::default().max_bytes, 10 * 1024 * 1024);
    let over = vec![b'a'; 10 * 1024 * 1024 + 1];
    let err = parse(&over, InputFormat::Text, &Limits::default()).unwrap_err();
    assert!(matches!(err, TextError::TooLarge { .. }), "{err:?}");
}

#[test]
fn generated_documents_extract_without_error() {
    let x = Extractor::new().unwrap();
    let g = Generator::new(11);
    let mut facts = 0;
    for d in g.docs(40) {
        let line = d.jsonl();
        let doc: pipeline::JsonlDoc = serde_json::from_str(&line).unwrap();
        let input = doc.into_input().unwrap();
        let r = pipeline::extract(&x, &input, &Limits::default())
            .unwrap_or_else(|e| panic!("document {}: {e}", d.index));
        facts += r.entities.len();
    }
    assert!(facts > 40, "the generated reports name actors and places");
}

#[test]
fn the_store_jsonl_reader_takes_bad_lines() {
    let x = Extractor::new().unwrap();
    let content = "{\"text\": \"  \"}\n\nnot json\n[1,2]\n\
{\"html\": \"<p>The IRGC struck Albukamal on Friday.</p>\", \"published\": \"2024-02-30T00:00\"}\n\
{\"schema\": \"orbat.report/1\"}\n{\"text\": \"Kata'ib Hezbollah holds Albukamal.\"}\n";
    assert!(pipeline::ingest_jsonl(&x, content) >= 1);
}

/// Cost of one document should grow about linearly with its length; today it
/// grows about quadratically (0.8 MB: 4 s, 1.6 MB: 15 s, 3.2 MB: 63 s in a
/// release build; 10 MB, the default --max-bytes, does not finish in 10
/// minutes). perf puts most of the time in
/// `orbat_extract::mentions::references::resolve`, `claims::find` and
/// trigonometry (pairwise distances). Timed, so release builds only:
/// `cargo test --release -p orbat-bench --test limits -- --ignored`.
#[test]
#[ignore = "known bug: extraction is quadratic in document length (1.6 MB takes ~15 s); see BENCHMARKS.md"]
fn two_megabytes_extract_in_ten_seconds() {
    let g = Generator::new(1);
    let mut text = String::from("Compilation of field reports\n\n");
    let mut i = 0;
    while text.len() < 2_000_000 {
        let d = g.doc(i);
        i += 1;
        if d.format == orbat_bench::corpus::DocFormat::Text {
            text.push_str(&d.body);
            text.push('\n');
        }
    }
    let x = Extractor::new().unwrap();
    let t = Instant::now();
    let r = pipeline::extract_bytes(&x, text.as_bytes(), InputFormat::Text).unwrap();
    let took = t.elapsed();
    assert!(!r.entities.is_empty());
    assert!(took < Duration::from_secs(10), "2 MB took {took:?}");
}
