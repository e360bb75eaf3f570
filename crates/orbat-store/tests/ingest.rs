//! The ingest pipeline with a stand-in extractor: what gets read from files,
//! folders, JSONL and feeds, what the container's metadata fills in, and how
//! failures (including an extractor panic) are reported.
use orbat_report::*;
use orbat_store::ingest::{self, Options, Progress, RawDoc};
use std::fs;

/// Makes a report whose text is the document's bytes, with one actor named
/// by the first word; panics on the word PANIC, fails on FAIL.
fn fake_extract(raw: &RawDoc) -> Result<Report, String> {
    let text = String::from_utf8_lossy(&raw.bytes).to_string();
    if text.contains("PANIC") {
        panic!("boom");
    }
    if text.contains("FAIL") {
        return Err("cannot read this".into());
    }
    let word = text
        .split_whitespace()
        .find(|w| w.chars().all(char::is_alphabetic))
        .unwrap_or("x")
        .to_string();
    Ok(Report {
        schema: REPORT_SCHEMA.into(),
        document: DocumentInfo {
            id: String::new(),
            title: None,
            url: None,
            source: None,
            published: None,
            language: "en".into(),
            text: text.clone(),
        },
        entities: vec![Entity {
            id: "e1".into(),
            entity_type: EntityType::ArmedGroup,
            name: word,
            aliases: vec![],
            attributes: Attributes::default(),
            geo: None,
            mentions: vec![],
        }],
        relations: vec![],
        quantities: vec![],
        events: vec![],
    })
}

#[test]
fn reads_every_container_and_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    fs::create_dir_all(root.join("sub/.hidden")).unwrap();
    fs::write(
        root.join("a.txt"),
        "Alpha report\nPublished: 2021-02-03\nSource: Notes\n\nAlpha fighters moved.",
    )
    .unwrap();
    fs::write(root.join("README.md"), "Not a report").unwrap();
    fs::write(root.join("sub/b.html"), "<p>Bravo</p>").unwrap();
    fs::write(root.join("sub/.hidden/c.txt"), "Hidden").unwrap();
    fs::write(root.join("sub/ignored.bin"), "binary").unwrap();
    fs::write(
        root.join("sub/lines.jsonl"),
        concat!(
            r#"{"text":"Charlie text","title":"C","url":"https://e.org/c","source":"Wire","published":"2022-05-06T10:00:00Z"}"#, "\n",
            "\n",
            r#"{"text":"Delta PANIC"}"#, "\n",
            r#"{"text":"Echo FAIL"}"#, "\n",
        ),
    )
    .unwrap();
    fs::write(
        root.join("feed.rss"),
        r#"<rss version="2.0"><channel><title>Monitor</title>
           <item><title>F</title><link>https://e.org/f</link><pubDate>Mon, 02 Mar 2020 08:00:00 GMT</pubDate>
           <description>Foxtrot news</description></item></channel></rss>"#,
    )
    .unwrap();
    let report = fake_extract(&RawDoc {
        locator: "x".into(),
        bytes: b"Golf json".to_vec(),
        format: ingest::Format::Text,
        meta: Default::default(),
    })
    .unwrap();
    fs::write(root.join("g.json"), serde_json::to_string(&report).unwrap()).unwrap();

    let db = dir.path().join("o.db");
    let mut store = orbat_store::open(db.to_str().unwrap()).unwrap();
    let mut total = 0;
    let mut stored = Vec::new();
    let mut on = |p: Progress<'_>| match p {
        Progress::Total(n) => total = n,
        Progress::Stored { locator, .. } => stored.push(locator.to_string()),
        Progress::Failed(_) => {}
    };
    let paths = vec![root.clone(), dir.path().join("missing")];
    let s = ingest::run(
        store.as_mut(),
        &paths,
        &fake_extract,
        Options { jobs: 2, batch: 2 },
        &mut on,
    )
    .unwrap();
    assert_eq!(total, 8, "a, b, c(jsonl), d, e, f(rss), g(json), missing");
    assert_eq!((s.new, s.unchanged, s.failed.len()), (5, 0, 3), "{s:?}");
    let reasons: Vec<&str> = s.failed.iter().map(|f| f.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("panicked")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("cannot read this")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("no such file")),
        "{reasons:?}"
    );
    // Input order is kept, so resolution does not depend on thread timing.
    assert!(stored[0].ends_with("a.txt"), "{stored:?}");

    let sources = store.sources().unwrap();
    let by_title = |t: &str| {
        sources
            .iter()
            .find(|s| s.document.title.as_deref() == Some(t))
            .unwrap_or_else(|| panic!("{t}: {sources:?}"))
    };
    let a = by_title("Alpha report");
    assert_eq!(
        (
            a.document.published.as_deref(),
            a.document.source.as_deref()
        ),
        (Some("2021-02-03"), Some("Notes"))
    );
    let c = by_title("C");
    assert_eq!(
        (c.document.published.as_deref(), c.locator.as_str()),
        (Some("2022-05-06"), "https://e.org/c")
    );
    let f = by_title("F");
    assert_eq!(
        (
            f.document.published.as_deref(),
            f.document.source.as_deref()
        ),
        (Some("2020-03-02"), Some("Monitor"))
    );
    // Metadata lines are not part of the text the extractor sees.
    assert!(store.find("Alpha").is_ok());
    assert!(store.find("Published").is_err());

    // Again: everything unchanged, nothing new.
    let s = ingest::run(
        store.as_mut(),
        &paths,
        &fake_extract,
        Options::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((s.new, s.unchanged), (0, 5));

    // A file edited in place is the same document: its facts are replaced.
    fs::write(
        root.join("a.txt"),
        "Alpha report\nPublished: 2021-02-04\n\nAlpha fighters left.",
    )
    .unwrap();
    let s = ingest::run(
        store.as_mut(),
        &[root.join("a.txt")],
        &fake_extract,
        Options::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((s.new, s.replaced), (0, 1));
    assert_eq!(store.counts().unwrap().documents, 5);
}

#[test]
fn every_thread_count_and_batch_size_stores_in_input_order() {
    // Extraction runs in parallel and ahead of the writer: whatever the
    // split, documents are stored once each, in input order.
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..23)
        .map(|i| {
            format!(
                "{{\"text\":\"Doc {i}{}\"}}\n",
                if i == 7 { " FAIL" } else { "" }
            )
        })
        .collect();
    let input = dir.path().join("docs.jsonl");
    fs::write(&input, lines).unwrap();
    for jobs in [1, 2, 3] {
        for batch in [1, 3, 64] {
            let db = dir.path().join(format!("o-{jobs}-{batch}.db"));
            let mut store = orbat_store::open(db.to_str().unwrap()).unwrap();
            let mut stored = Vec::new();
            let mut on = |p: Progress<'_>| {
                if let Progress::Stored { locator, .. } = p {
                    stored.push(locator.to_string());
                }
            };
            let s = ingest::run(
                store.as_mut(),
                std::slice::from_ref(&input),
                &fake_extract,
                Options { jobs, batch },
                &mut on,
            )
            .unwrap();
            assert_eq!(
                (s.new, s.failed.len()),
                (22, 1),
                "jobs {jobs}, batch {batch}"
            );
            let expected: Vec<String> = (1..=23)
                .filter(|line| *line != 8)
                .map(|line| format!("{}:{line}", fs::canonicalize(&input).unwrap().display()))
                .collect();
            assert_eq!(stored, expected, "jobs {jobs}, batch {batch}");
        }
    }
}
