//! Shared helpers for the extraction tests: run the pipeline on a short text
//! of our own and look things up in the report by name.
#![allow(dead_code)]

use orbat_extract::Extractor;
use orbat_report::{Entity, Predicate, Report};
use orbat_text::{parse, InputFormat, Limits};
use std::sync::OnceLock;

pub fn extractor() -> &'static Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| Extractor::new().expect("embedded data loads"))
}

pub fn extract(text: &str, published: Option<&str>) -> Report {
    let mut doc =
        parse(text.as_bytes(), InputFormat::Text, &Limits::default()).expect("text parses");
    doc.published = published.map(str::to_string);
    extractor().extract(&doc)
}

pub fn entity<'r>(r: &'r Report, name: &str) -> Option<&'r Entity> {
    let n = name.to_lowercase();
    r.entities.iter().find(|e| {
        e.name.to_lowercase() == n
            || e.aliases.iter().any(|a| a.to_lowercase() == n)
            || e.mentions.iter().any(|m| {
                r.document
                    .text
                    .chars()
                    .skip(m.start)
                    .take(m.end - m.start)
                    .collect::<String>()
                    .to_lowercase()
                    == n
            })
    })
}

pub fn has_relation(r: &Report, s: &str, p: Predicate, o: &str) -> bool {
    let (Some(s), Some(o)) = (entity(r, s), entity(r, o)) else {
        return false;
    };
    r.relations.iter().any(|rel| {
        (rel.subject == s.id && rel.predicate == p && rel.object == o.id)
            || (p == Predicate::Commands
                && rel.predicate == Predicate::SubordinateTo
                && rel.subject == o.id
                && rel.object == s.id)
            || (p == Predicate::SubordinateTo
                && rel.predicate == Predicate::Commands
                && rel.subject == o.id
                && rel.object == s.id)
    })
}

pub fn relations(r: &Report) -> Vec<String> {
    let name = |id: &str| r.entity(id).map(|e| e.name.clone()).unwrap_or_default();
    r.relations
        .iter()
        .map(|rel| {
            format!(
                "{} {} {}",
                name(&rel.subject),
                rel.predicate,
                name(&rel.object)
            )
        })
        .collect()
}

/// Fails, with the relations that were found, unless `s p o` is among them.
#[track_caller]
pub fn assert_relation(r: &Report, s: &str, p: Predicate, o: &str) {
    assert!(
        has_relation(r, s, p, o),
        "expected `{s} {p} {o}`; found {:?}",
        relations(r)
    );
}

/// Fails, with the relations that were found, if `s p o` is among them.
#[track_caller]
pub fn assert_no_relation(r: &Report, s: &str, p: Predicate, o: &str) {
    assert!(
        !has_relation(r, s, p, o),
        "unexpected `{s} {p} {o}`; found {:?}",
        relations(r)
    );
}
