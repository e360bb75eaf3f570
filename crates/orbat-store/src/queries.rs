//! Read-side queries. SQL here is fixed text with `$n` parameters; filters add
//! fixed fragments, never input.
use crate::backend::{query_opt, Connection, Row, Value};
use crate::error::{Result, StoreError};
use crate::model::*;
use crate::normalize::normalize;
use crate::params;
use crate::resolve::root;
use std::collections::{BTreeSet, HashMap, HashSet};

const ACTOR_TYPES: &str = "('person','armed_group','state_force','state','organization')";
const PLACE_TYPES: &str = "('location','facility')";
const PLACE_PREDICATES: [&str; 3] = ["controls", "headquartered_in", "positioned_at"];
/// Deep enough for any real chain of command; stops runaway cycles.
const MAX_TREE_DEPTH: usize = 8;

/// Which kinds of entity a name lookup accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Anything.
    Any,
    /// Actors only.
    Actor,
    /// Places only.
    Place,
}

fn kind_accepts(kind: Kind, ty: &str) -> bool {
    let is_place = ty == "location" || ty == "facility";
    match kind {
        Kind::Any => true,
        Kind::Actor => !is_place,
        Kind::Place => is_place,
    }
}

/// Looks an entity up by id, by normalised name or alias, then by part of a name.
pub fn find_entity(db: &mut dyn Connection, query: &str, kind: Kind) -> Result<EntityRef> {
    let q = query.trim();
    if let Ok(id) = q.parse::<i64>() {
        let id = root(db, id)?;
        if let Some(e) = entity_ref(db, id)? {
            if kind_accepts(kind, &e.entity_type) {
                return Ok(e);
            }
        }
    }
    let norm = normalize(q);
    if norm.is_empty() {
        return Err(StoreError::NotFound(format!("'{q}'")));
    }
    let mut ids = BTreeSet::new();
    for r in db.query(
        "SELECT entity_id FROM entity_keys WHERE key = $1",
        params![format!("name:{norm}")],
    )? {
        ids.insert(root(db, r.int(0))?);
    }
    let exact = pick(db, ids, kind, q)?;
    if let Some(e) = exact {
        return Ok(e);
    }
    // Part of a name: LIKE with the user's text escaped.
    let pattern = format!(
        "%{}%",
        norm.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let mut ids = BTreeSet::new();
    for r in db.query(
        "SELECT DISTINCT entity_id FROM doc_entities WHERE norm LIKE $1 ESCAPE '\\'",
        params![pattern],
    )? {
        ids.insert(root(db, r.int(0))?);
    }
    pick(db, ids, kind, q)?.ok_or_else(|| StoreError::NotFound(format!("no entity named '{q}'")))
}

fn pick(
    db: &mut dyn Connection,
    ids: BTreeSet<i64>,
    kind: Kind,
    q: &str,
) -> Result<Option<EntityRef>> {
    let mut found = Vec::new();
    for id in ids {
        if let Some(e) = entity_ref(db, id)? {
            if kind_accepts(kind, &e.entity_type) {
                found.push(e);
            }
        }
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ => {
            let list: Vec<String> = found
                .iter()
                .map(|e| format!("{} {} ({})", e.id, e.name, e.entity_type))
                .collect();
            Err(StoreError::Invalid(format!(
                "'{q}' is ambiguous; use an id: {}",
                list.join(", ")
            )))
        }
    }
}

/// The entity with this id.
pub fn entity_ref(db: &mut dyn Connection, id: i64) -> Result<Option<EntityRef>> {
    Ok(query_opt(
        db,
        "SELECT id, name, type FROM entities WHERE id = $1",
        params![id],
    )?
    .map(|r| EntityRef {
        id: r.int(0),
        name: r.text(1),
        entity_type: r.text(2),
    }))
}

/// A per-query cache of entity and document lookups.
#[derive(Default)]
struct Cache {
    entities: HashMap<i64, EntityRef>,
    docs: HashMap<i64, DocRef>,
}

impl Cache {
    fn entity(&mut self, db: &mut dyn Connection, id: i64) -> Result<EntityRef> {
        if let Some(e) = self.entities.get(&id) {
            return Ok(e.clone());
        }
        let e = entity_ref(db, id)?.unwrap_or(EntityRef {
            id,
            name: format!("#{id}"),
            entity_type: String::new(),
        });
        self.entities.insert(id, e.clone());
        Ok(e)
    }

    fn doc(&mut self, db: &mut dyn Connection, id: i64) -> Result<DocRef> {
        if let Some(d) = self.docs.get(&id) {
            return Ok(d.clone());
        }
        let d = doc_ref(db, id)?;
        self.docs.insert(id, d.clone());
        Ok(d)
    }
}

fn doc_ref(db: &mut dyn Connection, id: i64) -> Result<DocRef> {
    let r = query_opt(
        db,
        "SELECT id, title, source, published, url FROM documents WHERE id = $1",
        params![id],
    )?;
    Ok(match r {
        Some(r) => DocRef {
            id,
            title: r.opt_text(1),
            source: r.opt_text(2),
            published: r.opt_text(3),
            url: r.opt_text(4),
        },
        None => DocRef {
            id,
            title: None,
            source: None,
            published: None,
            url: None,
        },
    })
}

/// Provenance from columns `doc_id, evidence, ev_start, ev_end, certainty, attributed_to` at `at..`.
fn provenance(
    db: &mut dyn Connection,
    cache: &mut Cache,
    r: &Row,
    at: usize,
) -> Result<Provenance> {
    Ok(Provenance {
        document: cache.doc(db, r.int(at))?,
        evidence: r.opt_text(at + 1),
        span: [r.int(at + 2), r.int(at + 3)],
        certainty: r.text(at + 4),
        attributed_to: r.opt_text(at + 5),
    })
}

/// `orbat actors`.
pub fn actors(db: &mut dyn Connection, f: &ActorFilter) -> Result<Vec<ActorSummary>> {
    let mut sql = format!(
        "SELECT e.id, e.name, e.type, e.origin, COUNT(DISTINCT de.doc_id), MIN(de.doc_id)
         FROM entities e JOIN doc_entities de ON de.entity_id = e.id
         WHERE e.merged_into IS NULL AND e.type IN {ACTOR_TYPES}"
    );
    let mut params: Vec<Value> = Vec::new();
    if let Some(t) = &f.entity_type {
        params.push(t.to_lowercase().into());
        sql.push_str(&format!(" AND e.type = ${}", params.len()));
    }
    if let Some(o) = &f.origin {
        params.push(o.to_uppercase().into());
        sql.push_str(&format!(" AND e.origin = ${}", params.len()));
    }
    sql.push_str(" GROUP BY e.id, e.name, e.type, e.origin ORDER BY COUNT(DISTINCT de.doc_id) DESC, e.name, e.id");
    let near = match &f.near {
        Some((place, km)) => Some(actors_near(db, place, *km)?),
        None => None,
    };
    let mut cache = Cache::default();
    let mut out = Vec::new();
    for r in db.query(&sql, &params)? {
        let id = r.int(0);
        if near.as_ref().is_some_and(|n| !n.contains(&id)) {
            continue;
        }
        out.push(ActorSummary {
            entity: EntityRef {
                id,
                name: r.text(1),
                entity_type: r.text(2),
            },
            origin: r.opt_text(3),
            documents: r.int(4),
            first_source: Some(cache.doc(db, r.int(5))?),
        });
    }
    Ok(out)
}

/// Actors positioned at, controlling, headquartered in, or acting at a place
/// within `km` of `place`.
fn actors_near(db: &mut dyn Connection, place: &str, km: f64) -> Result<HashSet<i64>> {
    let centre = find_entity(db, place, Kind::Place)?;
    let Some(c) = query_opt(
        db,
        "SELECT lat, lon FROM entities WHERE id = $1",
        params![centre.id],
    )?
    else {
        return Ok(HashSet::new());
    };
    let (Some(clat), Some(clon)) = (c.opt_real(0), c.opt_real(1)) else {
        return Err(StoreError::Invalid(format!(
            "{} ({}) has no coordinates on record",
            centre.name, centre.id
        )));
    };
    let mut close = HashSet::new();
    let sql = format!("SELECT id, lat, lon FROM entities WHERE merged_into IS NULL AND lat IS NOT NULL AND type IN {PLACE_TYPES}");
    for r in db.query(&sql, &[])? {
        if let (Some(lat), Some(lon)) = (r.opt_real(1), r.opt_real(2)) {
            if crate::util::haversine_km(clat, clon, lat, lon) <= km {
                close.insert(r.int(0));
            }
        }
    }
    close.insert(centre.id);
    let mut actors = HashSet::new();
    let placed = "SELECT s.entity_id, o.entity_id FROM relations r
         JOIN doc_entities s ON s.doc_id = r.doc_id AND s.local_id = r.subject_local
         JOIN doc_entities o ON o.doc_id = r.doc_id AND o.local_id = r.object_local
         WHERE r.negated = 0 AND r.predicate IN ('controls','headquartered_in','positioned_at')";
    let acting = "SELECT a.entity_id, loc.entity_id FROM events ev
         JOIN doc_entities loc ON loc.doc_id = ev.doc_id AND loc.local_id = ev.location_local
         JOIN event_roles er ON er.doc_id = ev.doc_id AND er.event_local = ev.local_id
         JOIN doc_entities a ON a.doc_id = er.doc_id AND a.local_id = er.entity_local";
    for sql in [placed, acting] {
        for r in db.query(sql, &[])? {
            if close.contains(&r.int(1)) {
                actors.insert(r.int(0));
            }
        }
    }
    Ok(actors)
}

/// Places on record.
pub fn places(db: &mut dyn Connection) -> Result<Vec<PlaceSummary>> {
    let sql = format!(
        "SELECT e.id, e.name, e.type, e.lat, e.lon, e.geonames_id, e.country, COUNT(DISTINCT de.doc_id), MIN(de.doc_id)
         FROM entities e JOIN doc_entities de ON de.entity_id = e.id
         WHERE e.merged_into IS NULL AND e.type IN {PLACE_TYPES}
         GROUP BY e.id, e.name, e.type, e.lat, e.lon, e.geonames_id, e.country
         ORDER BY COUNT(DISTINCT de.doc_id) DESC, e.name, e.id"
    );
    let mut cache = Cache::default();
    let mut out = Vec::new();
    for r in db.query(&sql, &[])? {
        out.push(PlaceSummary {
            entity: EntityRef {
                id: r.int(0),
                name: r.text(1),
                entity_type: r.text(2),
            },
            lat: r.opt_real(3),
            lon: r.opt_real(4),
            geonames_id: r.opt_int(5),
            country: r.opt_text(6),
            documents: r.int(7),
            first_source: Some(cache.doc(db, r.int(8))?),
        });
    }
    Ok(out)
}

/// A relation touching one entity: (predicate, other entity, time start, time end, provenance row at 4..).
const RELATIONS_AS_SUBJECT: &str = "SELECT r.predicate, o.entity_id, r.time_start, r.time_end,
        r.doc_id, r.evidence, r.ev_start, r.ev_end, r.certainty, r.attributed_to
     FROM doc_entities s
     JOIN relations r ON r.doc_id = s.doc_id AND r.subject_local = s.local_id
     JOIN doc_entities o ON o.doc_id = r.doc_id AND o.local_id = r.object_local
     JOIN documents d ON d.id = r.doc_id
     WHERE s.entity_id = $1 AND r.negated = 0
     ORDER BY d.published, r.doc_id, r.ordinal";
const RELATIONS_AS_OBJECT: &str = "SELECT r.predicate, s.entity_id, r.time_start, r.time_end,
        r.doc_id, r.evidence, r.ev_start, r.ev_end, r.certainty, r.attributed_to
     FROM doc_entities o
     JOIN relations r ON r.doc_id = o.doc_id AND r.object_local = o.local_id
     JOIN doc_entities s ON s.doc_id = r.doc_id AND s.local_id = r.subject_local
     JOIN documents d ON d.id = r.doc_id
     WHERE o.entity_id = $1 AND r.negated = 0
     ORDER BY d.published, r.doc_id, r.ordinal";

fn relation_facts(
    db: &mut dyn Connection,
    cache: &mut Cache,
    id: i64,
) -> Result<Vec<RelationFact>> {
    let mut out = Vec::new();
    for (sql, direction) in [(RELATIONS_AS_SUBJECT, "out"), (RELATIONS_AS_OBJECT, "in")] {
        for r in db.query(sql, params![id])? {
            out.push(RelationFact {
                predicate: r.text(0),
                direction: direction.into(),
                other: cache.entity(db, r.int(1))?,
                time_start: r.opt_text(2),
                time_end: r.opt_text(3),
                provenance: provenance(db, cache, &r, 4)?,
            });
        }
    }
    Ok(out)
}

/// Whether relation `f` (seen from the profiled entity) makes `f.other` its
/// superior (`Some(true)`), its subordinate (`Some(false)`), or neither.
fn command_direction(f: &RelationFact) -> Option<bool> {
    match (f.predicate.as_str(), f.direction.as_str()) {
        ("subordinate_to" | "member_of", "out") | ("commands", "in") => Some(true),
        ("subordinate_to" | "member_of", "in") | ("commands", "out") => Some(false),
        _ => None,
    }
}

fn command_tree(
    db: &mut dyn Connection,
    cache: &mut Cache,
    id: i64,
    up: bool,
    seen: &mut HashSet<i64>,
    depth: usize,
) -> Result<Vec<CommandNode>> {
    if depth >= MAX_TREE_DEPTH {
        return Ok(Vec::new());
    }
    // Group every statement of the same link under one node.
    let mut nodes: Vec<CommandNode> = Vec::new();
    for f in relation_facts(db, cache, id)? {
        if command_direction(&f) != Some(up) || f.other.id == id {
            continue;
        }
        match nodes.iter_mut().find(|n| n.entity.id == f.other.id) {
            Some(n) => {
                if !n.via.contains(&f.predicate) {
                    n.via.push(f.predicate.clone());
                }
                n.sources.push(f.provenance);
            }
            None => nodes.push(CommandNode {
                entity: f.other.clone(),
                via: vec![f.predicate.clone()],
                sources: vec![f.provenance],
                children: Vec::new(),
            }),
        }
    }
    for n in &mut nodes {
        if seen.insert(n.entity.id) {
            n.children = command_tree(db, cache, n.entity.id, up, seen, depth + 1)?;
        }
    }
    Ok(nodes)
}

/// `orbat actor NAME`.
pub fn actor_profile(db: &mut dyn Connection, name: &str) -> Result<ActorProfile> {
    let entity = find_entity(db, name, Kind::Any)?;
    let id = entity.id;
    let mut cache = Cache::default();
    let info = query_opt(
        db,
        "SELECT origin, knowledge_id FROM entities WHERE id = $1",
        params![id],
    )?;
    let (origin, knowledge_id) = info
        .map(|r| (r.opt_text(0), r.opt_text(1)))
        .unwrap_or_default();

    let mut aliases: BTreeSet<String> = BTreeSet::new();
    let mut documents: HashSet<i64> = HashSet::new();
    for r in db.query(
        "SELECT name, aliases, doc_id FROM doc_entities WHERE entity_id = $1",
        params![id],
    )? {
        aliases.insert(r.text(0));
        let list: Vec<String> = serde_json::from_str(&r.text(1)).unwrap_or_default();
        aliases.extend(list);
        documents.insert(r.int(2));
    }
    aliases.remove(&entity.name);

    let mut seen = HashSet::from([id]);
    let superiors = command_tree(db, &mut cache, id, true, &mut seen, 0)?;
    let mut seen = HashSet::from([id]);
    let subordinates = command_tree(db, &mut cache, id, false, &mut seen, 0)?;

    let mut places = Vec::new();
    let mut relations = Vec::new();
    for f in relation_facts(db, &mut cache, id)? {
        if f.direction == "out" && PLACE_PREDICATES.contains(&f.predicate.as_str()) {
            let at = query_opt(
                db,
                "SELECT lat, lon FROM entities WHERE id = $1",
                params![f.other.id],
            )?;
            places.push(PlaceFact {
                predicate: f.predicate,
                lat: at.as_ref().and_then(|r| r.opt_real(0)),
                lon: at.as_ref().and_then(|r| r.opt_real(1)),
                place: f.other,
                time_start: f.time_start,
                time_end: f.time_end,
                provenance: f.provenance,
            });
        } else if command_direction(&f).is_none() {
            relations.push(f);
        }
    }

    let mut figures = Vec::new();
    let sql = "SELECT q.kind, q.value, q.min_value, q.max_value, q.unit, q.per, q.text, q.approx,
                      q.doc_id, q.evidence, q.ev_start, q.ev_end, q.certainty, q.attributed_to
               FROM doc_entities s
               JOIN quantities q ON q.doc_id = s.doc_id AND q.subject_local = s.local_id
               JOIN documents d ON d.id = q.doc_id
               WHERE s.entity_id = $1
               ORDER BY d.published, q.doc_id, q.ordinal";
    for r in db.query(sql, params![id])? {
        figures.push(Figure {
            kind: r.text(0),
            value: r.opt_real(1),
            min: r.opt_real(2),
            max: r.opt_real(3),
            unit: r.opt_text(4),
            per: r.opt_text(5),
            text: r.text(6),
            approx: r.int(7) != 0,
            provenance: provenance(db, &mut cache, &r, 8)?,
        });
    }

    let events = load_events(db, &mut cache, EVENTS_OF_ENTITY, params![id])?;
    Ok(ActorProfile {
        entity,
        aliases: aliases.into_iter().collect(),
        origin,
        knowledge_id,
        documents: documents.len() as i64,
        superiors,
        subordinates,
        places,
        relations,
        figures,
        events,
    })
}

/// Columns every event query selects, in this order.
const EVENT_COLUMNS: &str = "ev.doc_id, ev.local_id, ev.type, ev.sub_type, ev.date, ev.date_precision, ev.date_text,
        ev.fatalities, loc.entity_id, ev.doc_id, ev.evidence, ev.ev_start, ev.ev_end, ev.certainty, ev.attributed_to";
const EVENTS_OF_ENTITY: &str = "SELECT DISTINCT ev.doc_id, ev.local_id, ev.type, ev.sub_type, ev.date, ev.date_precision, ev.date_text,
        ev.fatalities, loc.entity_id, ev.doc_id, ev.evidence, ev.ev_start, ev.ev_end, ev.certainty, ev.attributed_to,
        COALESCE(ev.date, d.published)
     FROM doc_entities a
     JOIN event_roles er ON er.doc_id = a.doc_id AND er.entity_local = a.local_id
     JOIN events ev ON ev.doc_id = er.doc_id AND ev.local_id = er.event_local
     JOIN documents d ON d.id = ev.doc_id
     LEFT JOIN doc_entities loc ON loc.doc_id = ev.doc_id AND loc.local_id = ev.location_local
     WHERE a.entity_id = $1
     ORDER BY COALESCE(ev.date, d.published), ev.doc_id, ev.local_id";

fn load_events(
    db: &mut dyn Connection,
    cache: &mut Cache,
    sql: &str,
    params: &[Value],
) -> Result<Vec<EventRow>> {
    let rows = db.query(sql, params)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(event_row(db, cache, &r)?);
    }
    Ok(out)
}

fn event_row(db: &mut dyn Connection, cache: &mut Cache, r: &Row) -> Result<EventRow> {
    let (doc_id, local) = (r.int(0), r.text(1));
    let location = match r.opt_int(8) {
        Some(id) => {
            let entity = cache.entity(db, id)?;
            let at = query_opt(
                db,
                "SELECT lat, lon FROM entities WHERE id = $1",
                params![id],
            )?;
            Some(Located {
                entity,
                lat: at.as_ref().and_then(|r| r.opt_real(0)),
                lon: at.as_ref().and_then(|r| r.opt_real(1)),
            })
        }
        None => None,
    };
    let (mut actors, mut targets) = (Vec::new(), Vec::new());
    let roles = db.query(
        "SELECT er.role, de.entity_id FROM event_roles er
         JOIN doc_entities de ON de.doc_id = er.doc_id AND de.local_id = er.entity_local
         WHERE er.doc_id = $1 AND er.event_local = $2 ORDER BY er.role, er.entity_local",
        params![doc_id, local.as_str()],
    )?;
    for role in roles {
        let e = cache.entity(db, role.int(1))?;
        if role.text(0) == "actor" {
            actors.push(e)
        } else {
            targets.push(e)
        }
    }
    Ok(EventRow {
        id: format!("{doc_id}:{local}"),
        event_type: r.text(2),
        sub_type: r.opt_text(3),
        date: r.opt_text(4),
        date_precision: r.opt_text(5),
        date_text: r.opt_text(6),
        location,
        actors,
        targets,
        fatalities: r.opt_int(7),
        provenance: provenance(db, cache, r, 9)?,
    })
}

/// The first and last day a partial date (`2019`, `2019-07`, `2019-07-17`) can mean,
/// as comparable strings.
fn date_range(d: &str) -> (String, String) {
    match d.len() {
        4 => (format!("{d}-01-01"), format!("{d}-12-31")),
        7 => (format!("{d}-01"), format!("{d}-31")),
        _ => (d.to_string(), d.to_string()),
    }
}

/// `orbat events`.
pub fn events(db: &mut dyn Connection, f: &EventFilter) -> Result<Vec<EventRow>> {
    let mut sql = format!(
        "SELECT {EVENT_COLUMNS}, d.published FROM events ev
         JOIN documents d ON d.id = ev.doc_id
         LEFT JOIN doc_entities loc ON loc.doc_id = ev.doc_id AND loc.local_id = ev.location_local
         LEFT JOIN entities le ON le.id = loc.entity_id
         WHERE 1 = 1"
    );
    let mut params: Vec<Value> = Vec::new();
    if let Some(t) = &f.event_type {
        params.push(t.to_lowercase().into());
        let n = params.len();
        sql.push_str(&format!(
            " AND (LOWER(ev.type) = ${n} OR LOWER(ev.sub_type) = ${n})"
        ));
    }
    if let Some(a) = &f.actor {
        let actor = find_entity(db, a, Kind::Any)?;
        params.push(actor.id.into());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM event_roles er JOIN doc_entities a
                 ON a.doc_id = er.doc_id AND a.local_id = er.entity_local
               WHERE er.doc_id = ev.doc_id AND er.event_local = ev.local_id AND a.entity_id = ${})",
            params.len()
        ));
    }
    if let Some([min_lon, min_lat, max_lon, max_lat]) = f.bbox {
        for v in [min_lon, max_lon, min_lat, max_lat] {
            params.push(v.into());
        }
        let n = params.len();
        sql.push_str(&format!(
            " AND le.lon BETWEEN ${} AND ${} AND le.lat BETWEEN ${} AND ${}",
            n - 3,
            n - 2,
            n - 1,
            n
        ));
    }
    sql.push_str(" ORDER BY COALESCE(ev.date, d.published), ev.doc_id, ev.local_id");
    let mut cache = Cache::default();
    let mut out = Vec::new();
    for r in db.query(&sql, &params)? {
        // Partial dates overlap a range rather than compare as strings; an
        // undated event falls back on its document's publication date.
        let when = r.opt_text(4).or_else(|| r.opt_text(15));
        if f.from.is_some() || f.to.is_some() {
            let Some(when) = when else { continue };
            let (lo, hi) = date_range(&when);
            if f.from
                .as_deref()
                .is_some_and(|from| hi < date_range(from).0)
                || f.to.as_deref().is_some_and(|to| lo > date_range(to).1)
            {
                continue;
            }
        }
        out.push(event_row(db, &mut cache, &r)?);
        if f.limit > 0 && out.len() >= f.limit {
            break;
        }
    }
    Ok(out)
}

/// `orbat sources`.
pub fn sources(db: &mut dyn Connection) -> Result<Vec<SourceRow>> {
    let sql = "SELECT d.id, d.title, d.source, d.published, d.url, d.locator,
          (SELECT COUNT(*) FROM doc_entities x WHERE x.doc_id = d.id),
          (SELECT COUNT(*) FROM relations x WHERE x.doc_id = d.id),
          (SELECT COUNT(*) FROM quantities x WHERE x.doc_id = d.id),
          (SELECT COUNT(*) FROM events x WHERE x.doc_id = d.id)
        FROM documents d ORDER BY d.published, d.id";
    Ok(db
        .query(sql, &[])?
        .into_iter()
        .map(|r| SourceRow {
            document: DocRef {
                id: r.int(0),
                title: r.opt_text(1),
                source: r.opt_text(2),
                published: r.opt_text(3),
                url: r.opt_text(4),
            },
            locator: r.text(5),
            entities: r.int(6),
            relations: r.int(7),
            quantities: r.int(8),
            events: r.int(9),
        })
        .collect())
}

/// Row counts.
pub fn counts(db: &mut dyn Connection) -> Result<Counts> {
    let mut one = |sql: &str| -> Result<i64> { Ok(db.query(sql, &[])?[0].int(0)) };
    Ok(Counts {
        documents: one("SELECT COUNT(*) FROM documents")?,
        entities: one("SELECT COUNT(*) FROM entities WHERE merged_into IS NULL")?,
        mentions: one("SELECT COUNT(*) FROM doc_entities")?,
        relations: one("SELECT COUNT(*) FROM relations")?,
        quantities: one("SELECT COUNT(*) FROM quantities")?,
        events: one("SELECT COUNT(*) FROM events")?,
    })
}
