//! The one test suite both backends pass. Each case takes a fresh, empty
//! database URL; `tests/sqlite.rs` and `tests/postgres.rs` run every case.
#![allow(dead_code)]
pub mod fixtures;

use fixtures::*;
use orbat_report::EntityType::ArmedGroup;
use orbat_store::{open, ActorFilter, EventFilter, Outcome, Store, StoreError};

/// A fresh database; dropping the guard removes it.
pub struct TestDb {
    pub url: String,
    pub guard: Box<dyn std::any::Any>,
}

impl TestDb {
    pub fn open(&self) -> Box<dyn Store> {
        open(&self.url).unwrap_or_else(|e| panic!("open {}: {e}", self.url))
    }
}

fn loaded(db: &TestDb) -> Box<dyn Store> {
    let mut s = db.open();
    for (i, r) in all().iter().enumerate() {
        s.store_report(r, &format!("fixture-{i}")).unwrap();
    }
    s
}

pub fn ingest_is_idempotent(db: &TestDb) {
    let mut s = loaded(db);
    let before = s.counts().unwrap();
    assert_eq!(before.documents, 4);
    let again = s.store_report(&doc_a(), "somewhere-else").unwrap();
    assert_eq!(again.outcome, Outcome::Unchanged);
    drop(s);
    let mut s = db.open();
    for (i, r) in all().iter().enumerate() {
        assert_eq!(
            s.store_report(r, &format!("fixture-{i}")).unwrap().outcome,
            Outcome::Unchanged
        );
    }
    assert_eq!(s.counts().unwrap(), before);
}

pub fn changed_document_at_same_url_replaces_its_facts(db: &TestDb) {
    let mut s = loaded(db);
    let before = s.counts().unwrap();
    let mut changed = doc_a();
    changed.document.text.push_str(" Updated.");
    changed.relations.truncate(1);
    let st = s.store_report(&changed, "fixture-0").unwrap();
    assert_eq!(st.outcome, Outcome::Replaced);
    let after = s.counts().unwrap();
    assert_eq!(after.documents, before.documents);
    assert_eq!(after.relations, before.relations - 2);
    assert_eq!(after.mentions, before.mentions);
    // The URL, not the locator passed in, identifies the document.
    let mut again = changed.clone();
    again.document.text.push_str(" Again.");
    assert_eq!(
        s.store_report(&again, "another-path").unwrap().outcome,
        Outcome::Replaced
    );
    assert_eq!(s.counts().unwrap().documents, before.documents);
}

pub fn resolves_by_knowledge_id_name_and_geonames(db: &TestDb) {
    let mut s = loaded(db);
    let kh = s.find("Kata'ib Hezbollah").unwrap();
    assert_eq!(
        s.find("kataib hezbollah").unwrap().id,
        kh.id,
        "normalised name"
    );
    assert_eq!(s.find("KH").unwrap().id, kh.id, "alias");
    let qf = s.find("IRGC Quds Force").unwrap();
    assert_eq!(s.find("IRGC-QF").unwrap().id, qf.id, "knowledge id");
    // Part of a name, through LIKE with the input escaped.
    assert_eq!(s.find("muhandis").unwrap().name, "Abu Mahdi al-Muhandis");
    assert!(matches!(s.find("100%_"), Err(StoreError::NotFound(_))));
    let bk = s.find("Albukamal").unwrap();
    assert_eq!(s.find("Abu Kamal").unwrap().id, bk.id, "GeoNames id");
    let x = s.explain(&kh.id.to_string()).unwrap();
    assert_eq!(x.mentions.len(), 2);
    assert!(
        x.mentions
            .iter()
            .any(|m| m.reason.contains("kataib hezbollah")),
        "{:?}",
        x.mentions
    );
    let x = s.explain(&qf.id.to_string()).unwrap();
    assert!(x
        .mentions
        .iter()
        .any(|m| m.reason.contains("knowledge id 'irgc-qf'")));
    let x = s.explain(&bk.id.to_string()).unwrap();
    assert!(x
        .mentions
        .iter()
        .any(|m| m.reason.contains("GeoNames id 170017")));
}

pub fn never_merges_different_types_or_geonames_ids(db: &TestDb) {
    let mut s = loaded(db);
    match s.find("Hezbollah") {
        Err(StoreError::Invalid(m)) => assert!(m.contains("ambiguous"), "{m}"),
        other => panic!("armed group and organisation must stay apart: {other:?}"),
    }
    let places = s.places().unwrap();
    let hamidiyahs: Vec<_> = places
        .iter()
        .filter(|p| p.entity.name == "Hamidiyah")
        .collect();
    assert_eq!(hamidiyahs.len(), 2, "two GeoNames ids, two places");
    let (a, b) = (
        hamidiyahs[0].entity.id.to_string(),
        hamidiyahs[1].entity.id.to_string(),
    );
    assert!(matches!(s.merge(&a, &b), Err(StoreError::Invalid(_))));
    let kh = s.find("KH").unwrap().id.to_string();
    let bk = s.find("Albukamal").unwrap().id.to_string();
    assert!(matches!(s.merge(&kh, &bk), Err(StoreError::Invalid(_))));
    // Kata'ib Hezbollah is not Hezbollah.
    let leb = s
        .actors(&ActorFilter {
            origin: Some("lb".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(leb.len(), 1);
    assert_ne!(leb[0].entity.id.to_string(), kh);
}

pub fn figures_stay_side_by_side_with_provenance(db: &TestDb) {
    let mut s = loaded(db);
    let p = s.actor("Kata'ib Hezbollah").unwrap();
    assert_eq!(p.figures.len(), 2);
    assert_eq!(p.figures[0].max, Some(1500.0));
    assert_eq!(
        p.figures[0].provenance.document.source.as_deref(),
        Some("Field Monitor")
    );
    assert_eq!(
        p.figures[0].provenance.document.published.as_deref(),
        Some("2019-09-18")
    );
    assert_eq!(p.figures[1].value, Some(3000.0));
    assert_eq!(
        p.figures[1].provenance.document.source.as_deref(),
        Some("Desert Observer")
    );
    assert_eq!(
        p.figures[0].provenance.evidence.as_deref(),
        Some("Its strength does not exceed 1,500 fighters.")
    );
}

pub fn actor_profile_has_chain_of_command_places_and_events(db: &TestDb) {
    let mut s = loaded(db);
    let p = s.actor("KH").unwrap();
    assert_eq!(p.entity.name, "Kata'ib Hezbollah");
    assert!(
        p.aliases.contains(&"Kataib Hezbollah".to_string()),
        "{:?}",
        p.aliases
    );
    assert_eq!(p.origin.as_deref(), Some("IQ"));
    assert_eq!(p.documents, 2);
    let up: Vec<&str> = p.superiors.iter().map(|n| n.entity.name.as_str()).collect();
    assert!(
        up.contains(&"IRGC Quds Force") && up.contains(&"Abu Mahdi al-Muhandis"),
        "{up:?}"
    );
    let qf = p
        .superiors
        .iter()
        .find(|n| n.entity.name == "IRGC Quds Force")
        .unwrap();
    assert_eq!(qf.sources.len(), 2, "two documents state it");
    assert_eq!((qf.statements, qf.documents, qf.not_shown), (2, 2, 0));
    let sub = &qf.sources[0];
    assert_eq!(sub.certainty, "reported");
    assert_eq!(sub.attributed_to.as_deref(), Some("local sources"));
    assert!(sub
        .evidence
        .as_deref()
        .unwrap()
        .starts_with("Local sources say"));
    assert_eq!(p.places.len(), 1);
    assert_eq!(p.places[0].place.name, "Albukamal");
    assert_eq!(p.places[0].time_start.as_deref(), Some("2019-07"));
    assert_eq!(p.events.len(), 2);
    assert_eq!(p.events_total, 2);
    assert_eq!(p.events[0].date.as_deref(), Some("2019-09-17"));
    // Downwards from the Quds Force: Kata'ib Hezbollah.
    let q = s.actor("Quds Force").unwrap();
    assert!(q.subordinates.iter().any(|n| n.entity.id == p.entity.id));
    assert!(q
        .relations
        .iter()
        .any(|r| r.predicate == "supported_by" && r.direction == "in"));
    // Up from the commander's unit, two levels: Muhandis -> KH -> QF.
    let m = s.actor("Abu Mahdi al-Muhandis").unwrap();
    assert_eq!(m.subordinates[0].entity.id, p.entity.id);
    let text = orbat_store::render::profile(&p);
    assert!(text.contains("[doc "), "{text}");
}

pub fn actors_filters(db: &TestDb) {
    let mut s = loaded(db);
    let all = s.actors(&ActorFilter::default()).unwrap();
    assert!(all.len() >= 6, "{all:?}");
    assert!(all
        .iter()
        .all(|a| !["location", "facility"].contains(&a.entity.entity_type.as_str())));
    let people = s
        .actors(&ActorFilter {
            entity_type: Some("person".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(people.len(), 1);
    let iq = s
        .actors(&ActorFilter {
            origin: Some("IQ".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(iq.len(), 2);
    let near = s
        .actors(&ActorFilter {
            near: Some(("Albukamal".into(), 50.0)),
            ..Default::default()
        })
        .unwrap();
    let names: Vec<&str> = near.iter().map(|a| a.entity.name.as_str()).collect();
    assert!(
        names.contains(&"Kata'ib Hezbollah") && names.contains(&"ISIS"),
        "{names:?}"
    );
    assert!(!names.contains(&"Hezbollah"), "{names:?}");
    let near_qusayr = s
        .actors(&ActorFilter {
            near: Some(("Qusayr".into(), 10.0)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(near_qusayr.len(), 1);
}

pub fn events_filters(db: &TestDb) {
    let mut s = loaded(db);
    let all = s.events(&EventFilter::default()).unwrap();
    assert_eq!(all.len(), 3);
    let dates: Vec<_> = all.iter().map(|e| e.date.clone().unwrap()).collect();
    assert_eq!(dates, ["2019-09-17", "2019-10-01", "2020-03"]);
    let f = |from: Option<&str>, to: Option<&str>| EventFilter {
        from: from.map(Into::into),
        to: to.map(Into::into),
        ..Default::default()
    };
    assert_eq!(s.events(&f(Some("2019-10-01"), None)).unwrap().len(), 2);
    assert_eq!(
        s.events(&f(Some("2020-03-15"), None)).unwrap().len(),
        1,
        "a month overlaps a day within it"
    );
    assert_eq!(s.events(&f(None, Some("2019-09"))).unwrap().len(), 1);
    let battles = s
        .events(&EventFilter {
            event_type: Some("battles".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(battles.len(), 1);
    assert_eq!(battles[0].actors[0].name, "Kata'ib Hezbollah");
    assert_eq!(battles[0].targets[0].name, "ISIS");
    let kh = s
        .events(&EventFilter {
            actor: Some("KH".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(kh.len(), 2);
    let bbox = s
        .events(&EventFilter {
            bbox: Some([40.0, 34.0, 41.5, 35.0]),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(bbox.len(), 2);
    assert_eq!(bbox[0].location.as_ref().unwrap().entity.name, "Albukamal");
    let limited = s
        .events(&EventFilter {
            limit: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(limited.len(), 1);
}

/// A profile stays bounded on a dense graph: the tree keeps its nearest,
/// best-attested links and counts the rest; events are the latest ones.
pub fn actor_profile_is_bounded_and_says_what_it_leaves_out(db: &TestDb) {
    use orbat_store::queries::{MAX_PROFILE_EVENTS, MAX_TREE_NODES};
    let units = MAX_TREE_NODES + 10;
    let mut s = db.open();
    for (i, r) in large_command(units).iter().enumerate() {
        s.store_report(r, &format!("large-{i}")).unwrap();
    }
    let p = s.actor("Central Command").unwrap();
    fn count(nodes: &[orbat_store::CommandNode]) -> usize {
        nodes.iter().map(|n| 1 + count(&n.children)).sum()
    }
    assert_eq!(count(&p.subordinates), MAX_TREE_NODES);
    assert_eq!(
        p.subordinates.len() as i64 + p.subordinates_not_shown,
        units as i64
    );
    for n in &p.subordinates {
        assert!(n.entity.name.starts_with("Unit "), "{}", n.entity.name);
        assert_eq!((n.statements, n.documents, n.sources.len()), (1, 1, 1));
        assert!(n.children.is_empty());
        assert_eq!(n.not_shown, 1, "its company is counted, not shown");
    }
    let text = orbat_store::render::profile(&p);
    assert!(
        text.contains("… 10 more direct link(s) not shown"),
        "{text}"
    );
    assert!(text.contains("… 1 more link(s) of Unit"), "{text}");

    assert_eq!(p.events_total, 2 * units as i64);
    assert_eq!(p.events.len(), MAX_PROFILE_EVENTS);
    let dates: Vec<String> = p.events.iter().map(|e| e.date.clone().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "oldest first");
    let all = s
        .events(&EventFilter {
            actor: Some("Central Command".into()),
            ..Default::default()
        })
        .unwrap();
    let latest: Vec<String> = all[all.len() - MAX_PROFILE_EVENTS..]
        .iter()
        .map(|e| e.date.clone().unwrap())
        .collect();
    assert_eq!(dates, latest, "the latest events");
    assert!(
        text.contains(&format!(
            "… {} earlier event(s)",
            2 * units - MAX_PROFILE_EVENTS
        )),
        "{text}"
    );

    // A unit's chain upwards is whole: small trees are not cut.
    let u = s.actor("Unit 3").unwrap();
    assert_eq!(u.superiors.len(), 1);
    assert_eq!(u.subordinates[0].entity.name, "Company 3");
    assert_eq!((u.superiors_not_shown, u.subordinates_not_shown), (0, 0));
}

/// A batch is one transaction, yet a document that fails leaves no trace
/// and does not take the others with it; nothing it created is referenced.
pub fn a_failing_document_fails_alone_in_its_batch(db: &TestDb) {
    drop(db.open());
    let mut raw = orbat_store::connect(&db.url).unwrap();
    // The database refuses one title: a failure in the middle of a document.
    match raw.dialect() {
        orbat_store::backend::Dialect::Sqlite => raw.exec_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON doc_entities
             WHEN (SELECT title FROM documents WHERE id = NEW.doc_id) = 'Ghost 2'
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
        ),
        orbat_store::backend::Dialect::Postgres => raw.exec_batch(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF (SELECT title FROM documents WHERE id = NEW.doc_id) = 'Ghost 2' THEN
                     RAISE EXCEPTION 'refused for the test';
                 END IF;
                 RETURN NEW;
             END $$;
             CREATE TRIGGER refuse BEFORE INSERT ON doc_entities
                 FOR EACH ROW EXECUTE PROCEDURE refuse()",
        ),
    }
    .unwrap();
    let ghost = |i: usize| {
        let text = format!("Ghost Brigade fought Unit {} near Town {i}.", i % 3);
        Doc::new(&format!("Ghost {i}"), "2021-01-01", "Wire", &text)
            .entity("e1", ArmedGroup, &format!("Unit {}", i % 3), &[])
            .entity("e2", ArmedGroup, "Ghost Brigade", &[])
            .done()
    };
    // The second fails half written, after creating Unit 2; the fifth names
    // Unit 2 again and must not reuse what the failed one created.
    let reports = [ghost(1), ghost(2), ghost(3), ghost(5)];
    let locators = ["g1", "g2", "g3", "g5"];
    let batch: Vec<_> = reports.iter().zip(locators).collect();
    let mut s = db.open();
    let results = s.store_reports(&batch).unwrap();
    assert!(results[0].is_ok(), "{:?}", results[0]);
    assert!(
        results[1]
            .as_ref()
            .is_err_and(|e| e.to_string().contains("refused")),
        "{:?}",
        results[1]
    );
    assert!(results[2].is_ok() && results[3].is_ok(), "{results:?}");
    let c = s.counts().unwrap();
    assert_eq!(c.documents, 3);
    assert_eq!(c.mentions, 6, "no row of the failed document");
    let dangling = raw
        .query(
            "SELECT COUNT(*) FROM doc_entities de WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = de.entity_id)",
            &[],
        )
        .unwrap();
    assert_eq!(
        dangling[0].int(0),
        0,
        "every mention points at a stored entity"
    );
    let explained = s.explain("Unit 2").unwrap();
    assert_eq!(explained.mentions.len(), 1);
    assert_eq!(
        explained.mentions[0].document.title.as_deref(),
        Some("Ghost 5")
    );
}

/// The writer remembers resolution between batches, but never past a change
/// made by another connection (here an analyst's split).
pub fn a_writer_sees_corrections_made_elsewhere(db: &TestDb) {
    let mut writer = db.open();
    writer.store_report(&doc_a(), "a").unwrap();
    writer.store_report(&doc_b(), "b").unwrap();
    let kh = writer.find("KH").unwrap();
    let mut analyst = db.open();
    let split = analyst
        .split(&kh.id.to_string(), "Kataib Hezbollah")
        .unwrap();
    let mut b2 = doc_b();
    b2.document.text.push_str(" Later.");
    writer.store_report(&b2, "b").unwrap();
    let x = writer.explain(&split.other.id.to_string()).unwrap();
    assert!(
        x.mentions.iter().any(|m| m.reason.contains("pinned")),
        "the re-ingested mention follows the split: {:?}",
        x.mentions
    );
}

pub fn sources_lists_documents(db: &TestDb) {
    let mut s = loaded(db);
    let src = s.sources().unwrap();
    assert_eq!(src.len(), 4);
    assert_eq!(src[0].document.published.as_deref(), Some("2019-09-18"));
    assert_eq!(src[0].relations, 3);
    assert_eq!(src[0].locator, "https://example.org/reports/a");
}

/// The columns schema 2 derives for the queries (relation ends' canonical
/// entities, events' sort date) agree with what they are derived from.
fn assert_derived_columns_in_step(db: &TestDb) {
    let mut raw = orbat_store::connect(&db.url).unwrap();
    for (what, sql) in [
        (
            "relations.subject_entity",
            "SELECT COUNT(*) FROM relations r JOIN doc_entities de
               ON de.doc_id = r.doc_id AND de.local_id = r.subject_local
             WHERE COALESCE(r.subject_entity, -1) <> de.entity_id",
        ),
        (
            "relations.object_entity",
            "SELECT COUNT(*) FROM relations r JOIN doc_entities de
               ON de.doc_id = r.doc_id AND de.local_id = r.object_local
             WHERE COALESCE(r.object_entity, -1) <> de.entity_id",
        ),
        (
            "events.sort_date",
            "SELECT COUNT(*) FROM events ev JOIN documents d ON d.id = ev.doc_id
             WHERE COALESCE(ev.sort_date, '') <> COALESCE(ev.date, d.published, '')",
        ),
        (
            "relations.sort_date",
            "SELECT COUNT(*) FROM relations r JOIN documents d ON d.id = r.doc_id
             WHERE COALESCE(r.sort_date, '') <> COALESCE(d.published, '')",
        ),
    ] {
        let rows = raw.query(sql, &[]).unwrap();
        assert_eq!(rows[0].int(0), 0, "{what} out of step");
    }
}

pub fn merge_and_split_survive_reingest(db: &TestDb) {
    let mut s = loaded(db);
    let isis = s.find("ISIS").unwrap();
    let hez = s
        .actors(&ActorFilter {
            origin: Some("LB".into()),
            ..Default::default()
        })
        .unwrap()[0]
        .entity
        .clone();
    // Wrong on purpose, then undone: merge ISIS into Hezbollah.
    assert_derived_columns_in_step(db);
    let m = s.merge(&hez.id.to_string(), &isis.id.to_string()).unwrap();
    assert_eq!(m.moved_mentions, 1);
    assert_derived_columns_in_step(db);
    assert_eq!(
        s.find(&isis.id.to_string()).unwrap().id,
        hez.id,
        "old id resolves to the survivor"
    );
    // Re-ingest a changed version of the document with ISIS in it: still merged.
    let mut b2 = doc_b();
    b2.document.text.push_str(" More clashes.");
    b2.document.url = Some("https://example.org/b".into());
    s.store_report(&b2, "fixture-b2").unwrap();
    let x = s.explain(&hez.id.to_string()).unwrap();
    assert!(
        x.mentions.iter().filter(|m| m.name == "ISIS").count() == 2,
        "{:?}",
        x.mentions
    );
    assert_eq!(x.merged_from[0].id, isis.id);
    // Split undoes it: ISIS gets its own id back and stays apart on re-ingest.
    assert_derived_columns_in_step(db);
    let sp = s.split(&hez.id.to_string(), "ISIS").unwrap();
    assert_eq!(sp.other.id, isis.id);
    assert_eq!(sp.moved_mentions, 2);
    assert_derived_columns_in_step(db);
    let mut b3 = b2.clone();
    b3.document.text.push_str(" Even more.");
    s.store_report(&b3, "fixture-b2").unwrap();
    assert_eq!(s.find("ISIS").unwrap().id, isis.id);
    let x = s.explain("ISIS").unwrap();
    let reingested = x
        .mentions
        .iter()
        .find(|m| m.document.url.as_deref() == Some("https://example.org/b"))
        .unwrap();
    assert!(reingested.reason.contains("pinned"), "{:?}", x.mentions);
    assert_eq!(x.corrections.len(), 2);
    // Split of a name never merged: a new entity.
    let kh = s.find("KH").unwrap();
    let sp = s.split(&kh.id.to_string(), "Kataib Hezbollah").unwrap();
    assert_ne!(sp.other.id, kh.id);
    assert!(sp.moved_mentions >= 1);
    assert!(matches!(
        s.split(&kh.id.to_string(), "Nobody"),
        Err(StoreError::NotFound(_))
    ));
    assert_derived_columns_in_step(db);
}

pub fn newer_schema_is_refused(db: &TestDb) {
    drop(loaded(db));
    let mut raw = orbat_store::connect(&db.url).unwrap();
    raw.exec(
        "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
        &[99i64.into(), "future".into()],
    )
    .unwrap();
    match orbat_store::open(&db.url) {
        Err(StoreError::NewerSchema { found: 99, known }) => {
            assert_eq!(known, orbat_store::migrate::LATEST)
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer schema must be refused"),
    }
}

pub fn reopening_keeps_everything(db: &TestDb) {
    let before = loaded(db).counts().unwrap();
    let mut s = db.open();
    assert_eq!(s.counts().unwrap(), before);
    assert_eq!(
        orbat_store::migrate::current_version(&mut *orbat_store::connect(&db.url).unwrap())
            .unwrap(),
        orbat_store::migrate::LATEST
    );
}

/// Generates one `#[test]` per case, each on a fresh database from `$fresh`.
#[macro_export]
macro_rules! suite_tests {
    ($fresh:path) => {
        $crate::suite_tests!(@cases $fresh;
            ingest_is_idempotent,
            changed_document_at_same_url_replaces_its_facts,
            resolves_by_knowledge_id_name_and_geonames,
            never_merges_different_types_or_geonames_ids,
            figures_stay_side_by_side_with_provenance,
            actor_profile_has_chain_of_command_places_and_events,
            actor_profile_is_bounded_and_says_what_it_leaves_out,
            a_failing_document_fails_alone_in_its_batch,
            a_writer_sees_corrections_made_elsewhere,
            actors_filters,
            events_filters,
            sources_lists_documents,
            merge_and_split_survive_reingest,
            newer_schema_is_refused,
            reopening_keeps_everything,
        );
    };
    (@cases $fresh:path; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                if let Some(db) = $fresh() {
                    suite::$case(&db);
                }
            }
        )*
    };
}
