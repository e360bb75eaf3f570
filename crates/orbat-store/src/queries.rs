//! Read-side queries. SQL here is fixed text with `$n` parameters; filters add
//! fixed fragments, never input.
use crate::backend::{query_opt, Connection, Dialect, Row, Value};
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
/// Nodes per chain-of-command tree. On a dense graph eight levels reach
/// nearly every actor (thousands of lines, each read from disk); the nearest
/// and best-attested links are shown, the rest are counted on their parent.
pub const MAX_TREE_NODES: usize = 50;
/// Statements cited per link of a chain of command; the others are counted.
pub const SOURCES_PER_LINK: usize = 3;
/// Events in a profile, the latest; `orbat events --actor ID` lists them all.
pub const MAX_PROFILE_EVENTS: usize = 100;

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

/// Lengths of `IN (...)` lists: a chunk of ids is padded to the next one, so a
/// query has a few shapes only, each prepared once and cached by the backend.
const LIST_SIZES: [usize; 5] = [1, 4, 16, 64, 256];

/// `$first, $first+1, ...`: `n` placeholders.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `sql` once per chunk of `ids`, its `{ids}` replaced by an `IN` list
/// bound after `params`; rows in chunk order.
fn query_in(db: &mut dyn Connection, sql: &str, params: &[Value], ids: &[i64]) -> Result<Vec<Row>> {
    let largest = LIST_SIZES[LIST_SIZES.len() - 1];
    let mut out = Vec::new();
    for chunk in ids.chunks(largest) {
        let size = LIST_SIZES
            .into_iter()
            .find(|&n| n >= chunk.len())
            .unwrap_or(largest);
        let text = sql.replace("{ids}", &placeholders(params.len() + 1, size));
        let mut all: Vec<Value> = params.to_vec();
        all.extend(chunk.iter().map(|&id| Value::Int(id)));
        // Padded with the last id: a repeated value in IN changes nothing.
        let last = chunk.last().copied().unwrap_or_default();
        all.resize(params.len() + size, Value::Int(last));
        out.extend(db.query(&text, &all)?);
    }
    Ok(out)
}

/// Sorted, without repeats.
fn distinct(ids: impl IntoIterator<Item = i64>) -> Vec<i64> {
    let mut v: Vec<i64> = ids.into_iter().collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// An entity with its coordinates (places have them).
#[derive(Clone)]
struct EntityInfo {
    entity: EntityRef,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// A per-query cache of entity and document lookups, filled a set at a time.
#[derive(Default)]
struct Cache {
    /// `None`: looked up, not there.
    entities: HashMap<i64, Option<EntityInfo>>,
    docs: HashMap<i64, DocRef>,
}

impl Cache {
    /// Loads the entities of `ids` not cached yet.
    fn load_entities(
        &mut self,
        db: &mut dyn Connection,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<()> {
        let missing = distinct(ids.into_iter().filter(|id| !self.entities.contains_key(id)));
        let sql = "SELECT id, name, type, lat, lon FROM entities WHERE id IN ({ids})";
        for r in query_in(db, sql, &[], &missing)? {
            let entity = EntityRef {
                id: r.int(0),
                name: r.text(1),
                entity_type: r.text(2),
            };
            let info = EntityInfo {
                entity,
                lat: r.opt_real(3),
                lon: r.opt_real(4),
            };
            self.entities.insert(info.entity.id, Some(info));
        }
        for id in missing {
            self.entities.entry(id).or_insert(None);
        }
        Ok(())
    }

    /// Loads the documents of `ids` not cached yet.
    fn load_docs(
        &mut self,
        db: &mut dyn Connection,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<()> {
        let missing = distinct(ids.into_iter().filter(|id| !self.docs.contains_key(id)));
        let sql = match db.dialect() {
            // A documents row holds the whole text: read the citation from the small index.
            Dialect::Sqlite => "SELECT id, title, source, published, url FROM documents INDEXED BY documents_refs WHERE id IN ({ids})",
            Dialect::Postgres => "SELECT id, title, source, published, url FROM documents WHERE id IN ({ids})",
        };
        for r in query_in(db, sql, &[], &missing)? {
            let id = r.int(0);
            let doc = DocRef {
                id,
                title: r.opt_text(1),
                source: r.opt_text(2),
                published: r.opt_text(3),
                url: r.opt_text(4),
            };
            self.docs.insert(id, doc);
        }
        for id in missing {
            self.docs.entry(id).or_insert(DocRef {
                id,
                title: None,
                source: None,
                published: None,
                url: None,
            });
        }
        Ok(())
    }

    fn info(&mut self, db: &mut dyn Connection, id: i64) -> Result<Option<EntityInfo>> {
        if !self.entities.contains_key(&id) {
            self.load_entities(db, [id])?;
        }
        Ok(self.entities.get(&id).cloned().flatten())
    }

    /// The entity, or a `#id` stand-in when it is gone.
    fn entity(&mut self, db: &mut dyn Connection, id: i64) -> Result<EntityRef> {
        Ok(match self.info(db, id)? {
            Some(i) => i.entity,
            None => EntityRef {
                id,
                name: format!("#{id}"),
                entity_type: String::new(),
            },
        })
    }

    /// An entity's coordinates (none when it has none or is gone).
    fn coords(&mut self, db: &mut dyn Connection, id: i64) -> Result<(Option<f64>, Option<f64>)> {
        Ok(self
            .info(db, id)?
            .map(|i| (i.lat, i.lon))
            .unwrap_or_default())
    }

    fn doc(&mut self, db: &mut dyn Connection, id: i64) -> Result<DocRef> {
        if !self.docs.contains_key(&id) {
            self.load_docs(db, [id])?;
        }
        Ok(self.docs[&id].clone())
    }
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

/// Documents that mention entity `e` and the first of them, as columns
/// `docs, first_doc`: a range of the (entity_id, doc_id) index per entity, so
/// only the entities listed are read (grouping the whole index read every
/// place's mentions too, and counted distinct documents through a temporary tree).
const DOCS_OF_ENTITY: &str =
    "(SELECT COUNT(DISTINCT x.doc_id) FROM doc_entities x WHERE x.entity_id = e.id) AS docs,
     (SELECT MIN(x.doc_id) FROM doc_entities x WHERE x.entity_id = e.id) AS first_doc";

/// `orbat actors`.
pub fn actors(db: &mut dyn Connection, f: &ActorFilter) -> Result<Vec<ActorSummary>> {
    let mut sql = format!(
        "SELECT id, name, type, origin, docs, first_doc FROM (
         SELECT e.id, e.name, e.type, e.origin, {DOCS_OF_ENTITY}
         FROM entities e
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
    sql.push_str(") a WHERE docs > 0 ORDER BY docs DESC, name, id");
    let near = match &f.near {
        Some((place, km)) => Some(actors_near(db, place, *km)?),
        None => None,
    };
    let rows: Vec<Row> = db
        .query(&sql, &params)?
        .into_iter()
        .filter(|r| near.as_ref().is_none_or(|n| n.contains(&r.int(0))))
        .collect();
    let mut cache = Cache::default();
    cache.load_docs(db, rows.iter().map(|r| r.int(5)))?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(ActorSummary {
            entity: EntityRef {
                id: r.int(0),
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
    let placed = "SELECT r.subject_entity, r.object_entity FROM relations r
         WHERE r.negated = 0 AND r.predicate IN ('controls','headquartered_in','positioned_at')
           AND r.subject_entity IS NOT NULL AND r.object_entity IS NOT NULL";
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
        "SELECT id, name, type, lat, lon, geonames_id, country, docs, first_doc FROM (
         SELECT e.id, e.name, e.type, e.lat, e.lon, e.geonames_id, e.country, {DOCS_OF_ENTITY}
         FROM entities e
         WHERE e.merged_into IS NULL AND e.type IN {PLACE_TYPES}
         ) p WHERE docs > 0 ORDER BY docs DESC, name, id"
    );
    let rows = db.query(&sql, &[])?;
    let mut cache = Cache::default();
    cache.load_docs(db, rows.iter().map(|r| r.int(8)))?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
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

/// Predicates that make the object the subject's superior.
const SUPERIOR_IS_OBJECT: &str = " AND r.predicate IN ('subordinate_to','member_of')";
/// Predicates that make the subject the object's superior.
const SUPERIOR_IS_SUBJECT: &str = " AND r.predicate = 'commands'";
/// Every predicate but the command links (those are in the trees).
const NOT_COMMAND: &str = " AND r.predicate NOT IN ('subordinate_to','member_of','commands')";

/// The relations of `id` other than command links (not negated, both ends
/// resolved): first those where it is the subject, then those where it is
/// the object, each by publication date, document and position.
fn entity_relations(
    db: &mut dyn Connection,
    cache: &mut Cache,
    id: i64,
) -> Result<Vec<RelationFact>> {
    let mut sides = Vec::new();
    for (me, other, direction) in [
        ("subject_entity", "object_entity", "out"),
        ("object_entity", "subject_entity", "in"),
    ] {
        let sql = format!(
            "SELECT r.predicate, r.{other}, r.time_start, r.time_end,
                    r.doc_id, r.evidence, r.ev_start, r.ev_end, r.certainty, r.attributed_to
             FROM relations r
             WHERE r.{me} = $1 AND r.{other} IS NOT NULL AND r.negated = 0{NOT_COMMAND}
             ORDER BY r.sort_date, r.doc_id, r.ordinal"
        );
        sides.push((direction, db.query(&sql, params![id])?));
    }
    let rows = || sides.iter().flat_map(|(_, rows)| rows);
    cache.load_entities(db, rows().map(|r| r.int(1)))?;
    cache.load_docs(db, rows().map(|r| r.int(4)))?;
    let mut out = Vec::new();
    for (direction, rows) in &sides {
        for r in rows {
            out.push(RelationFact {
                predicate: r.text(0),
                direction: direction.to_string(),
                other: cache.entity(db, r.int(1))?,
                time_start: r.opt_text(2),
                time_end: r.opt_text(3),
                provenance: provenance(db, cache, r, 4)?,
            });
        }
    }
    Ok(out)
}

/// One statement of a link, by its key in the relations' link indexes;
/// ordered by publication date (undated last), document, position.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct StatementKey {
    undated: bool,
    date: Option<String>,
    doc_id: i64,
    ordinal: i64,
}

/// A command link from one entity to another, with all its statements.
struct Link {
    other: i64,
    via: Vec<String>,
    statements: Vec<StatementKey>,
}

/// The command links of each entity of `ids`, towards its superiors (`up`)
/// or its subordinates, best attested first. Read from the covering link
/// indexes only, a set of entities at a time.
fn command_links(
    db: &mut dyn Connection,
    ids: &[i64],
    up: bool,
) -> Result<HashMap<i64, Vec<Link>>> {
    let (as_subject, as_object) = if up {
        (SUPERIOR_IS_OBJECT, SUPERIOR_IS_SUBJECT)
    } else {
        (SUPERIOR_IS_SUBJECT, SUPERIOR_IS_OBJECT)
    };
    let mut pairs: HashMap<(i64, i64), Link> = HashMap::new();
    for (me, other, filter) in [
        ("subject_entity", "object_entity", as_subject),
        ("object_entity", "subject_entity", as_object),
    ] {
        let sql = format!(
            "SELECT r.{me}, r.{other}, r.predicate, r.sort_date, r.doc_id, r.ordinal FROM relations r
             WHERE r.{me} IN ({{ids}}) AND r.{other} IS NOT NULL AND r.negated = 0{filter}"
        );
        for r in query_in(db, &sql, &[], ids)? {
            let (id, other) = (r.int(0), r.int(1));
            if id == other {
                continue;
            }
            let link = pairs.entry((id, other)).or_insert_with(|| Link {
                other,
                via: Vec::new(),
                statements: Vec::new(),
            });
            let predicate = r.text(2);
            if !link.via.contains(&predicate) {
                link.via.push(predicate);
            }
            let date = r.opt_text(3);
            link.statements.push(StatementKey {
                undated: date.is_none(),
                date,
                doc_id: r.int(4),
                ordinal: r.int(5),
            });
        }
    }
    let mut out: HashMap<i64, Vec<Link>> = HashMap::new();
    for ((id, _), mut link) in pairs {
        link.statements.sort();
        link.via.sort();
        out.entry(id).or_default().push(link);
    }
    for links in out.values_mut() {
        links.sort_by(|a, b| {
            b.statements
                .len()
                .cmp(&a.statements.len())
                .then_with(|| a.statements[0].cmp(&b.statements[0]))
                .then(a.other.cmp(&b.other))
        });
    }
    Ok(out)
}

/// How many entities each entity of `ids` has command links with, towards
/// its superiors (`up`) or its subordinates: [`command_links`] counted in SQL.
fn command_link_counts(
    db: &mut dyn Connection,
    ids: &[i64],
    up: bool,
) -> Result<HashMap<i64, i64>> {
    let (as_subject, as_object) = if up {
        (SUPERIOR_IS_OBJECT, SUPERIOR_IS_SUBJECT)
    } else {
        (SUPERIOR_IS_SUBJECT, SUPERIOR_IS_OBJECT)
    };
    let sql = format!(
        "SELECT me, COUNT(DISTINCT other) FROM (
             SELECT r.subject_entity AS me, r.object_entity AS other FROM relations r
              WHERE r.subject_entity IN ({{ids}}) AND r.object_entity IS NOT NULL AND r.negated = 0{as_subject}
             UNION ALL
             SELECT r.object_entity, r.subject_entity FROM relations r
              WHERE r.object_entity IN ({{ids}}) AND r.subject_entity IS NOT NULL AND r.negated = 0{as_object}
         ) links WHERE me <> other GROUP BY me"
    );
    let mut out = HashMap::new();
    for r in query_in(db, &sql, &[], ids)? {
        out.insert(r.int(0), r.int(1));
    }
    Ok(out)
}

/// A node of a tree under construction.
struct Slot {
    link: Link,
    children: Vec<usize>,
    not_shown: i64,
}

/// The chain of command above (`up`) or below `id`: breadth first, so each
/// entity's branches hang under its nearest appearance, to [`MAX_TREE_DEPTH`]
/// levels and [`MAX_TREE_NODES`] nodes. Each level is one read of the link
/// indexes; only the statements cited are read from the relations.
fn command_tree(
    db: &mut dyn Connection,
    cache: &mut Cache,
    id: i64,
    up: bool,
) -> Result<(Vec<CommandNode>, i64)> {
    let mut root_not_shown = 0;
    let mut slots: Vec<Slot> = Vec::new();
    let mut top: Vec<usize> = Vec::new();
    let mut seen = HashSet::from([id]);
    let mut budget = MAX_TREE_NODES;
    // Entities to expand, with the slot that shows each (None: the actor itself).
    let mut level: Vec<(Option<usize>, i64)> = vec![(None, id)];
    for _ in 0..MAX_TREE_DEPTH {
        if level.is_empty() {
            break;
        }
        let ids = distinct(level.iter().map(|l| l.1));
        if budget == 0 {
            // The tree is full: count what each unexpanded node leaves out.
            let counts = command_link_counts(db, &ids, up)?;
            for (parent, entity) in level {
                if let (Some(p), Some(&n)) = (parent, counts.get(&entity)) {
                    slots[p].not_shown = n;
                }
            }
            break;
        }
        let mut links = command_links(db, &ids, up)?;
        let mut next = Vec::new();
        for (parent, entity) in level {
            for link in links.remove(&entity).unwrap_or_default() {
                if budget == 0 {
                    // Past the limit this level only counts what it leaves out.
                    match parent {
                        Some(p) => slots[p].not_shown += 1,
                        None => root_not_shown += 1,
                    }
                    continue;
                }
                budget -= 1;
                let (at, other) = (slots.len(), link.other);
                slots.push(Slot {
                    link,
                    children: Vec::new(),
                    not_shown: 0,
                });
                match parent {
                    Some(p) => slots[p].children.push(at),
                    None => top.push(at),
                }
                if seen.insert(other) {
                    next.push((Some(at), other));
                }
            }
        }
        level = next;
    }

    let cited: Vec<StatementKey> = slots
        .iter()
        .flat_map(|s| s.link.statements.iter().take(SOURCES_PER_LINK).cloned())
        .collect();
    cache.load_entities(db, slots.iter().map(|s| s.link.other))?;
    cache.load_docs(db, cited.iter().map(|k| k.doc_id))?;
    let mut cites: HashMap<(i64, i64), Provenance> = HashMap::new();
    for k in cited {
        let row = query_opt(
            db,
            "SELECT doc_id, evidence, ev_start, ev_end, certainty, attributed_to FROM relations
             WHERE doc_id = $1 AND ordinal = $2",
            params![k.doc_id, k.ordinal],
        )?;
        if let Some(r) = row {
            cites.insert((k.doc_id, k.ordinal), provenance(db, cache, &r, 0)?);
        }
    }
    let mut nodes: Vec<Option<CommandNode>> = Vec::with_capacity(slots.len());
    for s in &slots {
        let documents = distinct(s.link.statements.iter().map(|k| k.doc_id)).len();
        nodes.push(Some(CommandNode {
            entity: cache.entity(db, s.link.other)?,
            via: s.link.via.clone(),
            statements: s.link.statements.len() as i64,
            documents: documents as i64,
            sources: s
                .link
                .statements
                .iter()
                .take(SOURCES_PER_LINK)
                .filter_map(|k| cites.get(&(k.doc_id, k.ordinal)).cloned())
                .collect(),
            children: Vec::new(),
            not_shown: s.not_shown,
        }));
    }
    // Children were always pushed after their parent: fill bottom-up.
    for at in (0..slots.len()).rev() {
        let children: Vec<CommandNode> = slots[at]
            .children
            .iter()
            .filter_map(|&c| nodes[c].take())
            .collect();
        if let Some(n) = nodes[at].as_mut() {
            n.children = children;
        }
    }
    let top = top.into_iter().filter_map(|t| nodes[t].take()).collect();
    Ok((top, root_not_shown))
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

    // Mentions mostly repeat the same name and alias list: each distinct one is parsed once.
    let mut aliases: BTreeSet<String> = BTreeSet::new();
    for r in db.query(
        "SELECT DISTINCT name, aliases FROM doc_entities WHERE entity_id = $1",
        params![id],
    )? {
        aliases.insert(r.text(0));
        let list: Vec<String> = serde_json::from_str(&r.text(1)).unwrap_or_default();
        aliases.extend(list);
    }
    aliases.remove(&entity.name);
    let documents = db.query(
        "SELECT COUNT(DISTINCT doc_id) FROM doc_entities WHERE entity_id = $1",
        params![id],
    )?[0]
        .int(0);

    let (superiors, superiors_not_shown) = command_tree(db, &mut cache, id, true)?;
    let (subordinates, subordinates_not_shown) = command_tree(db, &mut cache, id, false)?;

    let mut places = Vec::new();
    let mut relations = Vec::new();
    for f in entity_relations(db, &mut cache, id)? {
        if f.direction == "out" && PLACE_PREDICATES.contains(&f.predicate.as_str()) {
            let (lat, lon) = cache.coords(db, f.other.id)?;
            places.push(PlaceFact {
                predicate: f.predicate,
                lat,
                lon,
                place: f.other,
                time_start: f.time_start,
                time_end: f.time_end,
                provenance: f.provenance,
            });
        } else {
            relations.push(f);
        }
    }

    let sql = "SELECT q.kind, q.value, q.min_value, q.max_value, q.unit, q.per, q.text, q.approx,
                      q.doc_id, q.evidence, q.ev_start, q.ev_end, q.certainty, q.attributed_to, q.ordinal
               FROM doc_entities s
               JOIN quantities q ON q.doc_id = s.doc_id AND q.subject_local = s.local_id
                                AND q.subject_local IS NOT NULL
               WHERE s.entity_id = $1";
    let mut rows = db.query(sql, params![id])?;
    cache.load_docs(db, rows.iter().map(|r| r.int(8)))?;
    // Oldest first, by the documents' dates from the citation cache (undated first, as SQL sorts NULL).
    let published =
        |cache: &Cache, r: &Row| cache.docs.get(&r.int(8)).and_then(|d| d.published.clone());
    rows.sort_by_cached_key(|r| (published(&cache, r), r.int(8), r.int(14)));
    let mut figures = Vec::with_capacity(rows.len());
    for r in rows {
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

    // Every event's key and date from one walk of the indexes; then only the
    // latest rows in full. Undated events count as the oldest.
    let mut keys: Vec<(Option<String>, i64, String)> = db
        .query(
            &format!(
                "SELECT ev.sort_date, ev.doc_id, ev.local_id FROM ({EVENT_KEYS_OF_ENTITY}) k
                 JOIN events ev ON ev.doc_id = k.doc_id AND ev.local_id = k.event_local"
            ),
            params![id],
        )?
        .into_iter()
        .map(|r| (r.opt_text(0), r.int(1), r.text(2)))
        .collect();
    let events_total = keys.len() as i64;
    keys.sort_unstable_by(|a, b| {
        (a.0.is_some(), &a.0, a.1, &a.2).cmp(&(b.0.is_some(), &b.0, b.1, &b.2))
    });
    let latest = &keys[keys.len().saturating_sub(MAX_PROFILE_EVENTS)..];
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events ev
         LEFT JOIN doc_entities loc ON loc.doc_id = ev.doc_id AND loc.local_id = ev.location_local
         WHERE ev.doc_id = $1 AND ev.local_id = $2"
    );
    let mut rows = Vec::with_capacity(latest.len());
    for (_, doc_id, local) in latest {
        rows.extend(db.query(&sql, params![*doc_id, local.as_str()])?);
    }
    let events = event_rows(db, &mut cache, rows)?;
    Ok(ActorProfile {
        entity,
        aliases: aliases.into_iter().collect(),
        origin,
        knowledge_id,
        documents,
        superiors,
        superiors_not_shown,
        subordinates,
        subordinates_not_shown,
        places,
        relations,
        figures,
        events,
        events_total,
    })
}

/// Columns every event query selects, in this order.
const EVENT_COLUMNS: &str = "ev.doc_id, ev.local_id, ev.type, ev.sub_type, ev.date, ev.date_precision, ev.date_text,
        ev.fatalities, loc.entity_id, ev.doc_id, ev.evidence, ev.ev_start, ev.ev_end, ev.certainty, ev.attributed_to";
/// The keys of an entity's events, each once whatever its roles: indexes only.
const EVENT_KEYS_OF_ENTITY: &str = "SELECT DISTINCT er.doc_id, er.event_local FROM doc_entities a
     JOIN event_roles er ON er.doc_id = a.doc_id AND er.entity_local = a.local_id
     WHERE a.entity_id = $1";

/// Event rows (columns [`EVENT_COLUMNS`]) with their places, actors, targets
/// and documents, each looked up a set at a time.
fn event_rows(db: &mut dyn Connection, cache: &mut Cache, rows: Vec<Row>) -> Result<Vec<EventRow>> {
    // The roles of each event, in (role, entity) order: one indexed lookup per
    // event (a document holds many events, most of them not these).
    let sql = "SELECT er.role, de.entity_id FROM event_roles er
         JOIN doc_entities de ON de.doc_id = er.doc_id AND de.local_id = er.entity_local
         WHERE er.doc_id = $1 AND er.event_local = $2 ORDER BY er.role, er.entity_local";
    let mut roles: HashMap<(i64, String), Vec<(bool, i64)>> = HashMap::new();
    for r in &rows {
        let key = (r.int(0), r.text(1));
        if roles.contains_key(&key) {
            continue;
        }
        let found = db
            .query(sql, params![key.0, key.1.as_str()])?
            .into_iter()
            .map(|role| (role.text(0) == "actor", role.int(1)))
            .collect();
        roles.insert(key, found);
    }
    let entities = roles
        .values()
        .flatten()
        .map(|&(_, e)| e)
        .chain(rows.iter().filter_map(|r| r.opt_int(8)));
    cache.load_entities(db, entities)?;
    cache.load_docs(db, rows.iter().map(|r| r.int(9)))?;

    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (doc_id, local) = (r.int(0), r.text(1));
        let location = match r.opt_int(8) {
            Some(id) => {
                let entity = cache.entity(db, id)?;
                let (lat, lon) = cache.coords(db, id)?;
                Some(Located { entity, lat, lon })
            }
            None => None,
        };
        let (mut actors, mut targets) = (Vec::new(), Vec::new());
        for &(is_actor, e) in roles.get(&(doc_id, local.clone())).into_iter().flatten() {
            let e = cache.entity(db, e)?;
            if is_actor {
                actors.push(e)
            } else {
                targets.push(e)
            }
        }
        out.push(EventRow {
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
            provenance: provenance(db, cache, &r, 9)?,
        });
    }
    Ok(out)
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

/// The longest prefix of `s` of at most four bytes (a year).
fn year_prefix(s: &str) -> &str {
    let mut end = s.len().min(4);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
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
    // Partial dates overlap a range rather than compare as strings; an
    // undated event falls back on its document's publication date (sort_date
    // is that date). Byte-wise comparison, as in Rust below, in both dialects.
    let (len, c) = match db.dialect() {
        Dialect::Sqlite => ("LENGTH(CAST(ev.sort_date AS BLOB))", ""),
        Dialect::Postgres => ("OCTET_LENGTH(ev.sort_date)", " COLLATE \"C\""),
    };
    if let Some(from) = &f.from {
        let lo = date_range(from).0;
        // sort_date >= the year: implied by the exact test, and what an index can seek.
        params.push(year_prefix(&lo).into());
        params.push(lo.clone().into());
        let n = params.len();
        sql.push_str(&format!(
            " AND ev.sort_date{c} >= ${} AND (CASE {len} WHEN 4 THEN ev.sort_date || '-12-31'
                 WHEN 7 THEN ev.sort_date || '-31' ELSE ev.sort_date END){c} >= ${n}",
            n - 1
        ));
    }
    if let Some(to) = &f.to {
        params.push(date_range(to).1.into());
        let n = params.len();
        sql.push_str(&format!(
            " AND ev.sort_date{c} <= ${n} AND (CASE {len} WHEN 4 THEN ev.sort_date || '-01-01'
                 WHEN 7 THEN ev.sort_date || '-01' ELSE ev.sort_date END){c} <= ${n}"
        ));
    }
    sql.push_str(" ORDER BY ev.sort_date, ev.doc_id, ev.local_id");
    if f.limit > 0 {
        sql.push_str(&format!(" LIMIT {}", f.limit));
    }
    let mut rows = Vec::new();
    for r in db.query(&sql, &params)? {
        // The same test in Rust: SQL above already applied it.
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
        rows.push(r);
    }
    event_rows(db, &mut Cache::default(), rows)
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
