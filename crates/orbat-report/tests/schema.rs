//! The serde types and the JSON Schema (`orbat.report.schema.json`) describe
//! the same contract: reports built with the types validate, and the schema
//! rejects what the contract forbids. Reports produced by the binary are
//! validated in `crates/orbat-cli/tests/extract_cli.rs`.

use orbat_report::*;
use serde_json::{json, Value};

fn schema() -> Value {
    serde_json::from_str(REPORT_JSON_SCHEMA).expect("orbat.report.schema.json is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema compiles")
}

/// Every validation error, one per line, with where it is.
fn errors(instance: &Value) -> Vec<String> {
    validator()
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[track_caller]
fn assert_valid(instance: &Value) {
    let errs = errors(instance);
    assert!(
        errs.is_empty(),
        "expected a valid report, got:\n{}\n{instance:#}",
        errs.join("\n")
    );
}

/// Asserts the instance is rejected and that some error is at `path` (a JSON pointer).
#[track_caller]
fn assert_rejected_at(instance: &Value, path: &str) {
    let errs = errors(instance);
    assert!(
        !errs.is_empty(),
        "the schema accepted an invalid report (expected an error at {path})"
    );
    assert!(
        errs.iter().any(|e| e.starts_with(&format!("{path}:"))),
        "expected an error at {path}, got:\n{}",
        errs.join("\n")
    );
}

fn minimal_report() -> Report {
    let text = "Nothing happened.".to_string();
    Report {
        schema: REPORT_SCHEMA.to_string(),
        document: DocumentInfo {
            // The schema checks the form of the id, not that it is the text's hash.
            id: "0".repeat(64),
            title: None,
            url: None,
            source: None,
            published: None,
            language: "en".into(),
            text,
        },
        entities: vec![],
        relations: vec![],
        quantities: vec![],
        events: vec![],
    }
}

/// One of everything, every optional field filled.
fn full_report() -> Report {
    let text = "Kata'ib Hezbollah, led by Abu Fadak, holds Albukamal. It has 2,000 fighters. \
                On 2019-09-17 drones struck its depot, killing 7."
        .to_string();
    let span = |needle: &str| {
        let s = text.find(needle).expect("needle in text");
        Span::new(s, s + needle.len())
    };
    let mention = |needle: &str| {
        let s = span(needle);
        Mention {
            start: s.start,
            end: s.end,
        }
    };
    let mut kh_attrs = Attributes {
        origin: Some("IQ".into()),
        nickname: Some("the Brigades".into()),
        ..Attributes::default()
    };
    kh_attrs
        .extra
        .insert("knowledge_id".into(), json!("kataib_hezbollah"));
    let entities = vec![
        Entity {
            id: "e1".into(),
            entity_type: EntityType::ArmedGroup,
            name: "Kata'ib Hezbollah".into(),
            aliases: vec!["KH".into()],
            attributes: kh_attrs,
            geo: None,
            mentions: vec![mention("Kata'ib Hezbollah")],
        },
        Entity {
            id: "e2".into(),
            entity_type: EntityType::Person,
            name: "Abu Fadak".into(),
            aliases: vec![],
            attributes: Attributes::default(),
            geo: None,
            mentions: vec![mention("Abu Fadak")],
        },
        Entity {
            id: "e3".into(),
            entity_type: EntityType::Location,
            name: "Albukamal".into(),
            aliases: vec!["Abu Kamal".into()],
            attributes: Attributes::default(),
            geo: Some(Geo {
                lat: 34.45226,
                lon: 40.91854,
                geonames_id: Some(174448),
                feature: Some("PPLA2".into()),
                country: Some("SY".into()),
                admin1: Some("Deir ez-Zor".into()),
                precision: Some("town".into()),
            }),
            mentions: vec![mention("Albukamal")],
        },
    ];
    Report {
        schema: REPORT_SCHEMA.to_string(),
        document: DocumentInfo {
            id: "ab".repeat(32),
            title: Some("Strike".into()),
            url: Some("https://example.org/a".into()),
            source: Some("Example".into()),
            published: Some("2019-09-30".into()),
            language: "en".into(),
            text: text.clone(),
        },
        entities,
        relations: vec![
            Relation {
                subject: "e2".into(),
                predicate: Predicate::Commands,
                object: "e1".into(),
                evidence: span("Kata'ib Hezbollah, led by Abu Fadak, holds Albukamal."),
                certainty: Certainty::Asserted,
                attributed_to: None,
                time: Some(TimeScope {
                    start: Some("2019-09".into()),
                    end: None,
                }),
                negated: false,
            },
            Relation {
                subject: "e1".into(),
                predicate: Predicate::Controls,
                object: "e3".into(),
                evidence: span("Kata'ib Hezbollah, led by Abu Fadak, holds Albukamal."),
                certainty: Certainty::Reported,
                attributed_to: Some("residents".into()),
                time: None,
                negated: true,
            },
        ],
        quantities: vec![Quantity {
            kind: QuantityKind::Personnel,
            subject: Some("e1".into()),
            value: Some(2000.0),
            min: None,
            max: None,
            unit: Some("fighters".into()),
            per: None,
            text: "2,000 fighters".into(),
            evidence: span("It has 2,000 fighters."),
            certainty: Certainty::Hedged,
            attributed_to: None,
            approx: true,
        }],
        events: vec![Event {
            id: "v1".into(),
            event_type: "Explosions/Remote violence".into(),
            sub_type: Some("Air/drone strike".into()),
            date: Some("2019-09-17".into()),
            date_precision: Some("day".into()),
            date_text: Some("2019-09-17".into()),
            location: Some("e3".into()),
            actors: vec![],
            targets: vec!["e1".into()],
            fatalities: Some(7),
            evidence: span("On 2019-09-17 drones struck its depot, killing 7."),
            certainty: Certainty::Asserted,
            attributed_to: None,
        }],
    }
}

fn to_value(r: &Report) -> Value {
    serde_json::to_value(r).expect("a report serialises")
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let s = schema();
    assert_eq!(
        s["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "the schema names its draft"
    );
    if let Err(e) = jsonschema::meta::validate(&s) {
        panic!("orbat.report.schema.json is not a valid JSON Schema: {e}");
    }
}

#[test]
fn a_minimal_report_validates() {
    assert_valid(&to_value(&minimal_report()));
}

#[test]
fn a_full_report_validates_and_round_trips() {
    let r = full_report();
    let v = to_value(&r);
    assert_valid(&v);
    let back: Report = serde_json::from_value(v).expect("a report deserialises");
    assert_eq!(back, r);
}

#[test]
fn the_optional_fields_left_out_still_validate() {
    // `time`, `negated` and `approx` may be absent; attributes may be empty.
    let mut v = to_value(&full_report());
    for rel in v["relations"].as_array_mut().unwrap() {
        let rel = rel.as_object_mut().unwrap();
        rel.remove("time");
        rel.remove("negated");
    }
    v["quantities"][0].as_object_mut().unwrap().remove("approx");
    v["entities"][0]["attributes"] = json!({});
    assert_valid(&v);
}

/// The enums of the types and of the schema agree: every value the types can
/// write is accepted.
#[test]
fn every_enum_value_of_the_types_validates() {
    let base = full_report();
    for p in Predicate::ALL {
        let mut r = base.clone();
        r.relations[0].predicate = p;
        assert_valid(&to_value(&r));
    }
    for c in [Certainty::Asserted, Certainty::Reported, Certainty::Hedged] {
        let mut r = base.clone();
        r.relations[0].certainty = c;
        r.quantities[0].certainty = c;
        r.events[0].certainty = c;
        assert_valid(&to_value(&r));
    }
    for t in [
        "person",
        "armed_group",
        "state_force",
        "state",
        "organization",
        "location",
        "facility",
    ] {
        let mut r = base.clone();
        r.entities[0].entity_type = EntityType::parse(t).expect("a contract type");
        assert_valid(&to_value(&r));
    }
    for k in [
        "personnel",
        "money",
        "salary",
        "killed",
        "wounded",
        "casualties",
        "displaced",
        "strikes",
        "sites",
        "arrested",
        "vehicles",
        "other",
    ] {
        let mut r = base.clone();
        r.quantities[0].kind = QuantityKind::parse(k).expect("a contract kind");
        assert_valid(&to_value(&r));
    }
    for (date, precision) in [
        ("2019", "year"),
        ("2019-09", "month"),
        ("2019-09-16", "week"),
        ("2019-09-17", "day"),
    ] {
        let mut r = base.clone();
        r.events[0].date = Some(date.into());
        r.events[0].date_precision = Some(precision.into());
        assert_valid(&to_value(&r));
    }
    for ty in [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ] {
        let mut r = base.clone();
        r.events[0].event_type = ty.into();
        assert_valid(&to_value(&r));
    }
}

#[test]
fn a_bad_predicate_is_rejected() {
    let mut v = to_value(&full_report());
    v["relations"][0]["predicate"] = json!("leads");
    assert_rejected_at(&v, "/relations/0/predicate");
    // The spelling is exact: no camel case, no spaces.
    v["relations"][0]["predicate"] = json!("subordinateTo");
    assert_rejected_at(&v, "/relations/0/predicate");
}

#[test]
fn a_bad_certainty_is_rejected() {
    for (path, pointer) in [
        ("relations", "/relations/0/certainty"),
        ("quantities", "/quantities/0/certainty"),
        ("events", "/events/0/certainty"),
    ] {
        let mut v = to_value(&full_report());
        v[path][0]["certainty"] = json!("certain");
        assert_rejected_at(&v, pointer);
        v[path][0]["certainty"] = json!(null);
        assert_rejected_at(&v, pointer);
    }
}

#[test]
fn a_missing_field_is_rejected() {
    let cases: [(&str, &str, &str); 7] = [
        ("", "events", ""),
        ("/document", "text", "/document"),
        ("/document", "published", "/document"),
        ("/entities/0", "mentions", "/entities/0"),
        ("/relations/0", "evidence", "/relations/0"),
        ("/quantities/0", "text", "/quantities/0"),
        ("/events/0", "date", "/events/0"),
    ];
    for (parent, field, at) in cases {
        let mut v = to_value(&full_report());
        let removed = v
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .and_then(|o| o.remove(field));
        assert!(removed.is_some(), "{parent}/{field} was in the report");
        assert_rejected_at(&v, at);
    }
}

#[test]
fn other_contract_breaks_are_rejected() {
    let cases: Vec<(&str, Value, &str)> = vec![
        ("/schema", json!("orbat.report/2"), "/schema"),
        ("/document/id", json!("not-a-sha256"), "/document/id"),
        (
            "/document/published",
            json!("30/09/2019"),
            "/document/published",
        ),
        ("/entities/0/type", json!("militia"), "/entities/0/type"),
        ("/entities/0/id", json!("x1"), "/entities/0/id"),
        ("/entities/0/name", json!(""), "/entities/0/name"),
        (
            "/entities/0/attributes/origin",
            json!("Iraq"),
            "/entities/0/attributes/origin",
        ),
        ("/entities/2/geo/lat", json!(134.0), "/entities/2/geo"),
        (
            "/entities/0/mentions/0/start",
            json!(-1),
            "/entities/0/mentions/0/start",
        ),
        ("/quantities/0/kind", json!("tanks"), "/quantities/0/kind"),
        ("/events/0/type", json!("Airstrike"), "/events/0/type"),
        ("/events/0/date", json!("17 Sept 2019"), "/events/0/date"),
        ("/events/0/fatalities", json!(-3), "/events/0/fatalities"),
        (
            "/events/0/date_precision",
            json!("hour"),
            "/events/0/date_precision",
        ),
    ];
    for (pointer, bad, at) in cases {
        let mut v = to_value(&full_report());
        *v.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer} is in the report")) = bad;
        assert_rejected_at(&v, at);
    }
}
