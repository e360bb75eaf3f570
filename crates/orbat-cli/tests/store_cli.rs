//! End-to-end tests of the store commands through the built binary: the demo,
//! idempotent ingest, SIGKILL at any moment, clear errors, and two writers on
//! one PostgreSQL database.
use orbat_report::*;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn orbat() -> Command {
    Command::new(env!("CARGO_BIN_EXE_orbat"))
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/examples")
}

/// A synthetic but well-formed report: actors and places repeat across
/// documents (so resolution has work to do), every document's text is unique.
fn synthetic_report(i: usize) -> Report {
    let group = format!("Brigade {}", i % 40);
    let commander = format!("Commander {}", i % 15);
    let place = format!("Village {}", i % 25);
    let text = format!(
        "{group} is led by {commander}. {group} holds positions in {place}. It has 500 fighters. Report number {i}."
    );
    let span = |needle: &str| {
        let s = text.find(needle).unwrap();
        Span::new(s, s + needle.len())
    };
    let entity =
        |id: &str, ty: EntityType, name: &str, extra: Option<(&str, serde_json::Value)>| {
            let mut attributes = Attributes::default();
            if let Some((k, v)) = extra {
                attributes.extra.insert(k.into(), v);
            }
            let geo = (ty == EntityType::Location).then(|| Geo {
                lat: 34.0 + (i % 25) as f64 * 0.01,
                lon: 40.0,
                geonames_id: Some(900_000 + (i % 25) as u64),
                feature: None,
                country: Some("SY".into()),
                admin1: None,
                precision: None,
            });
            let s = span(name);
            Entity {
                id: id.into(),
                entity_type: ty,
                name: name.into(),
                aliases: vec![],
                attributes,
                geo,
                mentions: vec![Mention {
                    start: s.start,
                    end: s.end,
                }],
            }
        };
    let relation = |s: &str, p: Predicate, o: &str, ev: Span| Relation {
        subject: s.into(),
        predicate: p,
        object: o.into(),
        evidence: ev,
        certainty: Certainty::Asserted,
        attributed_to: None,
        time: None,
        negated: false,
    };
    Report {
        schema: REPORT_SCHEMA.into(),
        document: DocumentInfo {
            id: String::new(),
            title: Some(format!("Report {i}")),
            url: Some(format!("https://example.org/synthetic/{i}")),
            source: Some(format!("Outlet {}", i % 3)),
            published: Some(format!("2020-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
            language: "en".into(),
            text: text.clone(),
        },
        entities: vec![
            entity(
                "e1",
                EntityType::ArmedGroup,
                &group,
                Some(("knowledge_id", format!("brigade-{}", i % 40).into())),
            ),
            entity("e2", EntityType::Person, &commander, None),
            entity("e3", EntityType::Location, &place, None),
        ],
        relations: vec![
            relation(
                "e2",
                Predicate::Commands,
                "e1",
                span(&format!("{group} is led by {commander}.")),
            ),
            relation(
                "e1",
                Predicate::PositionedAt,
                "e3",
                span(&format!("{group} holds positions in {place}.")),
            ),
        ],
        quantities: vec![Quantity {
            kind: QuantityKind::Personnel,
            subject: Some("e1".into()),
            value: Some(500.0),
            min: None,
            max: None,
            unit: Some("fighters".into()),
            per: None,
            text: "500 fighters".into(),
            evidence: span("It has 500 fighters."),
            certainty: Certainty::Asserted,
            attributed_to: None,
            approx: false,
        }],
        events: vec![],
    }
}

fn write_jsonl(path: &Path, n: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        serde_json::to_writer(&mut f, &synthetic_report(i)).unwrap();
        f.write_all(b"\n").unwrap();
    }
}

fn counts(url: &str) -> orbat_store::Counts {
    orbat_store::open(url).unwrap().counts().unwrap()
}

#[test]
fn demo_works_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = orbat()
        .args(["demo", "--db"])
        .arg(&db)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for section in [
        "== Actors",
        "== Chains of command ==",
        "== Places on record",
        "== Events by date",
        "== Query further ==",
    ] {
        assert!(stdout.contains(section), "missing {section}:\n{stdout}");
    }
    assert!(stdout.contains("7 new"), "{stdout}");
    assert!(
        stdout.contains("[doc "),
        "facts cite their documents:\n{stdout}"
    );
    // The demo database answers the queries it suggests.
    let out = orbat()
        .args(["sources", "--format", "json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let sources: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sources.as_array().unwrap().len(), 7);
}

#[test]
fn ingest_of_folders_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orbat.db");
    let run = || {
        let out = orbat()
            .args(["ingest", "--format", "json", "--db"])
            .arg(&db)
            .arg(examples())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let first = run();
    assert_eq!(
        (first["documents"].as_u64(), first["new"].as_u64()),
        (Some(7), Some(7)),
        "{first}"
    );
    let before = counts(db.to_str().unwrap());
    let second = run();
    assert_eq!(
        (second["new"].as_u64(), second["unchanged"].as_u64()),
        (Some(0), Some(7)),
        "{second}"
    );
    assert_eq!(counts(db.to_str().unwrap()), before);
}

#[test]
fn failures_are_reported_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, "{\"title\": \"no body\"}\nnot json\n").unwrap();
    let out = orbat()
        .args(["ingest", "--db"])
        .arg(dir.path().join("o.db"))
        .arg(&input)
        .arg(dir.path().join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 failed"), "{err}");
    assert!(
        err.contains("needs a \"text\" or \"html\" field")
            && err.contains("invalid JSON")
            && err.contains("no such file"),
        "{err}"
    );
}

#[test]
fn a_corrupt_or_foreign_database_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "x".repeat(5000)).unwrap();
    let out = orbat()
        .args(["actors", "--db"])
        .arg(&junk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("corrupt or not an orbat database"));
    assert_eq!(std::fs::read(&junk).unwrap(), "x".repeat(5000).as_bytes());
}

/// Starts an ingest, kills it with SIGKILL after `after` committed documents,
/// and returns the content hashes it had reported stored.
fn ingest_and_kill(db: &Path, input: &Path, after: usize) -> Vec<String> {
    let mut child = orbat()
        .args(["ingest", "--verbose", "--jobs", "2", "--db"])
        .arg(db)
        .arg(input)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reported = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Some(Ok(line)) = lines.next() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.first() == Some(&"stored") {
            reported.push(fields[3].to_string());
        }
        if reported.len() >= after {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    reported
}

#[test]
fn sigkill_at_any_moment_loses_nothing_and_a_rerun_completes_without_duplicates() {
    const N: usize = 2000;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("reports.jsonl");
    write_jsonl(&input, N);
    let db = dir.path().join("orbat.db");
    let url = db.to_str().unwrap().to_string();
    for after in [1, 150, 900] {
        let reported = ingest_and_kill(&db, &input, after);
        assert!(reported.len() >= after.min(N));
        let mut raw = orbat_store::connect(&url).unwrap();
        let check = raw.query("PRAGMA integrity_check", &[]).unwrap();
        assert_eq!(check[0].text(0), "ok");
        for hash in &reported {
            let found = raw
                .query(
                    "SELECT COUNT(*) FROM documents WHERE content_hash = $1",
                    &[hash.as_str().into()],
                )
                .unwrap();
            assert_eq!(
                found[0].int(0),
                1,
                "document {hash} was reported stored but is missing"
            );
        }
        // Every document row is whole: facts were written in the same transaction.
        let partial = raw
            .query("SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM quantities q WHERE q.doc_id = d.id)", &[])
            .unwrap();
        assert_eq!(partial[0].int(0), 0);
    }
    let out = orbat()
        .args(["ingest", "--format", "json", "--db"])
        .arg(&db)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let after_kills = counts(&url);
    // The same input into a fresh database, never interrupted.
    let clean = dir.path().join("clean.db");
    let out = orbat()
        .args(["ingest", "--db"])
        .arg(&clean)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let expected = counts(clean.to_str().unwrap());
    assert_eq!(after_kills.documents, N as i64);
    assert_eq!(after_kills, expected);
}

/// A schema of its own in the PostgreSQL test database.
struct PgSchema {
    base: String,
    name: String,
}

impl PgSchema {
    fn new(tag: &str) -> Option<(PgSchema, String)> {
        let Ok(base) = std::env::var("ORBAT_TEST_POSTGRES_URL") else {
            let _ = writeln!(
                std::io::stderr(),
                "skipped: set ORBAT_TEST_POSTGRES_URL to run the PostgreSQL CLI test"
            );
            return None;
        };
        let name = format!("orbat_cli_{tag}_{}", std::process::id());
        let mut c = orbat_store::connect(&base).unwrap();
        c.exec_batch(&format!(
            "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
        ))
        .unwrap();
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-csearch_path%3D{name}");
        Some((PgSchema { base, name }, url))
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = orbat_store::connect(&self.base) {
            let _ = c.exec_batch(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

#[test]
fn two_ingest_processes_on_one_postgres_database_make_no_duplicates() {
    let Some((_shared, url)) = PgSchema::new("two") else {
        return;
    };
    let Some((_single, single_url)) = PgSchema::new("one") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("reports.jsonl");
    write_jsonl(&input, 300);
    let spawn = || {
        orbat()
            .args(["ingest", "--db", &url])
            .arg(&input)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = orbat()
        .args(["ingest", "--db", &single_url])
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let (shared, single) = (counts(&url), counts(&single_url));
    assert_eq!(shared.documents, 300);
    assert_eq!(shared, single, "two writers store exactly what one does");
}
