//! Throughput and latency checks against the performance targets: ingest at
//! least 1,000 reports/s into SQLite, `actor` p95 at most 50 ms on 10k reports.
//! Not timed tests; run them by hand, in release:
//!
//! ```text
//! cargo test --release -p orbat-store --test bench -- --ignored --nocapture
//! ```
use orbat_report::*;
use std::time::Instant;

fn report(i: usize) -> Report {
    let group = format!("Brigade {}", i % 400);
    let commander = format!("Commander {}", i % 150);
    let place = format!("Village {}", i % 250);
    let text = format!("{group} is led by {commander}. {group} holds positions in {place}. It has 500 fighters. Report {i}.");
    let span = |n: &str| {
        let s = text.find(n).unwrap();
        Span::new(s, s + n.len())
    };
    let entity = |id: &str, ty: EntityType, name: &str, aliases: Vec<String>| Entity {
        id: id.into(),
        entity_type: ty,
        name: name.into(),
        aliases,
        attributes: Attributes::default(),
        geo: (ty == EntityType::Location).then(|| Geo {
            lat: 34.0 + (i % 250) as f64 * 0.01,
            lon: 40.0,
            geonames_id: Some(900_000 + (i % 250) as u64),
            feature: None,
            country: None,
            admin1: None,
            precision: None,
        }),
        mentions: vec![Mention {
            start: span(name).start,
            end: span(name).end,
        }],
    };
    let rel = |s: &str, p: Predicate, o: &str, ev: Span| Relation {
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
            url: None,
            source: Some("Bench".into()),
            published: Some(format!("2020-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
            language: "en".into(),
            text: text.clone(),
        },
        entities: vec![
            entity(
                "e1",
                EntityType::ArmedGroup,
                &group,
                (0..10).map(|k| format!("{group} alias {k}")).collect(),
            ),
            entity("e2", EntityType::Person, &commander, vec![]),
            entity("e3", EntityType::Location, &place, vec![]),
        ],
        relations: vec![
            rel(
                "e2",
                Predicate::Commands,
                "e1",
                span(&format!("{group} is led by {commander}.")),
            ),
            rel(
                "e1",
                Predicate::PositionedAt,
                "e3",
                span(&format!("{group} holds positions in {place}.")),
            ),
        ],
        quantities: vec![],
        events: vec![Event {
            id: "v1".into(),
            event_type: "Battles".into(),
            sub_type: None,
            date: Some("2020-05-03".into()),
            date_precision: Some("day".into()),
            date_text: None,
            location: Some("e3".into()),
            actors: vec!["e1".into()],
            targets: vec![],
            fatalities: None,
            evidence: span("It has 500 fighters."),
            certainty: Certainty::Asserted,
            attributed_to: None,
        }],
    }
}

#[test]
#[ignore]
fn ingest_rate_and_actor_latency_on_10k_reports() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("bench.db").display().to_string();
    let mut store = orbat_store::open(&url).unwrap();
    let reports: Vec<Report> = (0..10_000).map(report).collect();
    let started = Instant::now();
    for (i, r) in reports.iter().enumerate() {
        store.store_report(r, &format!("bench-{i}")).unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "ingest: {} reports in {secs:.2}s = {:.0} reports/s",
        reports.len(),
        reports.len() as f64 / secs
    );

    let mut times: Vec<f64> = (0..200)
        .map(|k| {
            let t = Instant::now();
            store.actor(&format!("Brigade {}", (k * 7) % 400)).unwrap();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "actor: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        times[100], times[190], times[199]
    );
}
