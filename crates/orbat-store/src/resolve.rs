//! Cross-document entity resolution: which canonical entity a document's
//! entity is. Rules, strongest first:
//! 1. a name an analyst pinned with `entity split`;
//! 2. the extractor's knowledge id (`attributes.knowledge_id`);
//! 3. the GeoNames id of a place;
//! 4. the normalised name, then each alias;
//! 5. otherwise a new canonical entity.
//!
//! Keys are stored per type, so different types never merge. A name match is
//! refused when both sides carry different GeoNames ids or different knowledge
//! ids: two places called "Hamidiyah" are two places.
use crate::backend::{query_opt, Connection};
use crate::error::Result;
use crate::normalize::normalize;
use crate::params;
use orbat_report::Entity;
// foldhash: a seeded hasher several times cheaper than SipHash on short keys.
use foldhash::HashMap;

/// The canonical entity chosen, and why.
#[derive(Clone)]
pub struct Resolved {
    /// Canonical entity id.
    pub entity_id: i64,
    /// Human-readable reason, shown by `entity explain`.
    pub reason: String,
    /// The name's resolution key (see [`normalize`]).
    pub norm: String,
}

/// The extractor's knowledge-file id of an entity, if any.
pub fn knowledge_id(e: &Entity) -> Option<String> {
    match e.attributes.extra.get("knowledge_id")? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Aliases worth a key: one letter says nothing.
fn alias_norms(e: &Entity) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in &e.aliases {
        let n = normalize(a);
        if n.chars().count() >= 2 && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Follows merges to the surviving entity.
pub fn root(db: &mut dyn Connection, mut id: i64) -> Result<i64> {
    for _ in 0..64 {
        match query_opt(
            db,
            "SELECT merged_into FROM entities WHERE id = $1",
            params![id],
        )? {
            Some(r) => match r.opt_int(0) {
                Some(next) if next != id => id = next,
                _ => return Ok(id),
            },
            None => return Ok(id),
        }
    }
    Ok(id)
}

/// What the writer knows of one canonical entity: enough to follow merges,
/// check a name match, and skip updates that would change nothing.
#[derive(Clone, Default)]
struct Known {
    merged_into: Option<i64>,
    knowledge_id: Option<String>,
    geonames_id: Option<i64>,
    /// Which of origin, knowledge_id, lat, lon, country are set (in that order).
    filled: [bool; 5],
}

/// Resolution with memory. A document's entities mostly recur (the same
/// armed groups in thousands of reports), so the keys and entities read or
/// written are kept, and a known entity with known keys costs no query.
///
/// The memory is only trusted while nobody else changed the database: the
/// writer calls [`Resolver::begin`] inside each write transaction (holding
/// the writers' lock) and it forgets everything when another connection has
/// committed since (always, on PostgreSQL), and [`Resolver::forget`] after a
/// rollback or a correction.
#[derive(Default)]
pub struct Resolver {
    /// (type, key) -> (entity it names, pinned); `None`: no such key.
    keys: HashMap<(String, String), Option<(i64, bool)>>,
    entities: HashMap<i64, Known>,
    /// Document entities (by [`settled_key`]) whose resolution wrote nothing:
    /// every key they look up exists and keys never change (only corrections
    /// move them), so the same entity resolves the same way, for the same
    /// reason, without a lookup. Most entities of a large ingest end here.
    settled: HashMap<String, Resolved>,
    /// Rows written by resolution so far, to tell a settled resolution.
    writes: u64,
}

/// Everything resolution reads of a document entity, as one string: the
/// parts joined by separators, each optional part tagged present or absent.
/// A part holding a separator itself takes the slower spelling below, which
/// escapes it, so two different entities never share a key.
fn settled_key(e: &Entity, kid: &Option<String>) -> String {
    const SEP: char = '\u{1f}';
    const END_OF_NAMES: char = '\u{1e}';
    let geo = e.geo.as_ref();
    let (gn, country) = (
        geo.and_then(|g| g.geonames_id),
        geo.and_then(|g| g.country.as_deref()),
    );
    let origin = e.attributes.origin.as_deref();
    let texts = std::iter::once(e.name.as_str())
        .chain(e.aliases.iter().map(String::as_str))
        .chain([kid.as_deref(), origin, country].into_iter().flatten());
    let separators = |t: &str| t.contains([SEP, END_OF_NAMES]);
    let mut k = String::with_capacity(96);
    if texts.clone().any(separators) {
        use std::fmt::Write;
        // Starts with a character no entity type starts with: never equal to the fast key.
        k.push('\u{1d}');
        k.push_str(e.entity_type.as_str());
        for part in texts.take(1 + e.aliases.len()) {
            let _ = write!(k, "{SEP}{part:?}");
        }
        let _ = write!(
            k,
            "{END_OF_NAMES}{kid:?}{SEP}{gn:?}{SEP}{origin:?}{SEP}{country:?}{SEP}{}",
            geo.is_some()
        );
        return k;
    }
    fn optional(k: &mut String, part: Option<&str>) {
        match part {
            Some(p) => {
                k.push('+');
                k.push_str(p);
            }
            None => k.push('-'),
        }
        k.push(SEP);
    }
    k.push_str(e.entity_type.as_str());
    for part in std::iter::once(&e.name).chain(e.aliases.iter()) {
        k.push(SEP);
        k.push_str(part);
    }
    k.push(END_OF_NAMES);
    optional(&mut k, kid.as_deref());
    match gn {
        Some(n) => {
            use std::fmt::Write;
            let _ = write!(k, "+{n}");
        }
        None => k.push('-'),
    }
    k.push(SEP);
    optional(&mut k, origin);
    optional(&mut k, country);
    k.push(if geo.is_some() { 'G' } else { '-' });
    k
}

/// Past this many remembered keys the memory starts again (bounded memory on huge stores).
const MAX_REMEMBERED: usize = 1_000_000;

impl Resolver {
    /// Call at the start of each write transaction.
    pub fn begin(&mut self, db: &mut dyn Connection) -> Result<()> {
        let remembered = self.keys.len() + self.entities.len() + self.settled.len();
        if db.changed_by_others()? || remembered > MAX_REMEMBERED {
            self.forget();
        }
        Ok(())
    }

    /// Drops everything remembered.
    pub fn forget(&mut self) {
        self.keys.clear();
        self.entities.clear();
        self.settled.clear();
    }

    fn key(&mut self, db: &mut dyn Connection, ty: &str, key: &str) -> Result<Option<(i64, bool)>> {
        let k = (ty.to_string(), key.to_string());
        if let Some(v) = self.keys.get(&k) {
            return Ok(*v);
        }
        let found = query_opt(
            db,
            "SELECT entity_id, pinned FROM entity_keys WHERE type = $1 AND key = $2",
            params![ty, key],
        )?
        .map(|r| (r.int(0), r.int(1) != 0));
        self.keys.insert(k, found);
        Ok(found)
    }

    fn entity(&mut self, db: &mut dyn Connection, id: i64) -> Result<Option<Known>> {
        if let Some(k) = self.entities.get(&id) {
            return Ok(Some(k.clone()));
        }
        let Some(r) = query_opt(
            db,
            "SELECT merged_into, knowledge_id, geonames_id, origin, lat, lon, country FROM entities WHERE id = $1",
            params![id],
        )?
        else {
            return Ok(None);
        };
        let known = Known {
            merged_into: r.opt_int(0),
            knowledge_id: r.opt_text(1),
            geonames_id: r.opt_int(2),
            filled: [
                r.opt_text(3).is_some(),
                r.opt_text(1).is_some(),
                r.opt_real(4).is_some(),
                r.opt_real(5).is_some(),
                r.opt_text(6).is_some(),
            ],
        };
        self.entities.insert(id, known.clone());
        Ok(Some(known))
    }

    /// Follows merges to the surviving entity.
    fn root(&mut self, db: &mut dyn Connection, mut id: i64) -> Result<i64> {
        for _ in 0..64 {
            match self.entity(db, id)?.and_then(|k| k.merged_into) {
                Some(next) if next != id => id = next,
                _ => return Ok(id),
            }
        }
        Ok(id)
    }

    fn lookup(
        &mut self,
        db: &mut dyn Connection,
        ty: &str,
        key: &str,
        pinned_only: bool,
    ) -> Result<Option<i64>> {
        match self.key(db, ty, key)? {
            Some((id, pinned)) if pinned || !pinned_only => Ok(Some(self.root(db, id)?)),
            _ => Ok(None),
        }
    }

    /// Whether a name match with entity `id` is allowed for `e`.
    fn compatible(
        &mut self,
        db: &mut dyn Connection,
        id: i64,
        kid: Option<&str>,
        gn: Option<i64>,
    ) -> Result<bool> {
        let Some(k) = self.entity(db, id)? else {
            return Ok(false);
        };
        let kid_clash = matches!((kid, k.knowledge_id.as_deref()), (Some(a), Some(b)) if a != b);
        let gn_clash = matches!((gn, k.geonames_id), (Some(a), Some(b)) if a != b);
        Ok(!kid_clash && !gn_clash)
    }

    /// Finds or creates the canonical entity for `e`, and records its keys.
    pub fn resolve(&mut self, db: &mut dyn Connection, e: &Entity) -> Result<Resolved> {
        let kid = knowledge_id(e);
        let settled = settled_key(e, &kid);
        if let Some(known) = self.settled.get(&settled) {
            return Ok(known.clone());
        }
        let writes = self.writes;
        let resolved = self.resolve_by_keys(db, e, kid)?;
        if self.writes == writes {
            self.settled.insert(settled, resolved.clone());
        }
        Ok(resolved)
    }

    fn resolve_by_keys(
        &mut self,
        db: &mut dyn Connection,
        e: &Entity,
        kid: Option<String>,
    ) -> Result<Resolved> {
        let ty = e.entity_type.as_str();
        let norm = normalize(&e.name);
        let aliases = alias_norms(e);
        let gn = e.geo.as_ref().and_then(|g| g.geonames_id).map(|g| g as i64);

        let mut found: Option<(i64, String)> = None;
        for n in std::iter::once(&norm).chain(aliases.iter()) {
            if let Some(id) = self.lookup(db, ty, &format!("name:{n}"), true)? {
                found = Some((id, format!("name '{n}' pinned by an analyst's split")));
                break;
            }
        }
        if found.is_none() {
            if let Some(k) = &kid {
                if let Some(id) = self.lookup(db, ty, &format!("kid:{k}"), false)? {
                    found = Some((id, format!("same knowledge id '{k}'")));
                }
            }
        }
        if found.is_none() {
            if let Some(g) = gn {
                if let Some(id) = self.lookup(db, ty, &format!("gn:{g}"), false)? {
                    found = Some((id, format!("same GeoNames id {g}")));
                }
            }
        }
        if found.is_none() {
            let names =
                std::iter::once((&norm, "name")).chain(aliases.iter().map(|a| (a, "alias")));
            for (n, what) in names {
                if n.is_empty() {
                    continue;
                }
                if let Some(id) = self.lookup(db, ty, &format!("name:{n}"), false)? {
                    if self.compatible(db, id, kid.as_deref(), gn)? {
                        found = Some((
                            id,
                            format!("{what} '{n}' matches a known name of this {ty}"),
                        ));
                        break;
                    }
                }
            }
        }
        let (entity_id, reason) = match found {
            Some(f) => f,
            None => (
                self.create(db, e, &kid, gn)?,
                "new: first seen in this document".to_string(),
            ),
        };
        self.register(db, entity_id, e, &norm, &aliases, &kid, gn)?;
        Ok(Resolved {
            entity_id,
            reason,
            norm,
        })
    }

    fn create(
        &mut self,
        db: &mut dyn Connection,
        e: &Entity,
        kid: &Option<String>,
        gn: Option<i64>,
    ) -> Result<i64> {
        let geo = e.geo.as_ref();
        let origin = e.attributes.origin.as_ref().map(|o| o.to_uppercase());
        let country = geo.and_then(|g| g.country.clone());
        self.writes += 1;
        let id = db.insert_returning_id(
            "INSERT INTO entities (type, name, origin, knowledge_id, geonames_id, lat, lon, country, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            params![
                e.entity_type.as_str(),
                e.name.trim(),
                origin.clone(),
                kid.clone(),
                gn,
                geo.map(|g| g.lat),
                geo.map(|g| g.lon),
                country.clone(),
                crate::util::now_utc()
            ],
        )?;
        self.entities.insert(
            id,
            Known {
                merged_into: None,
                knowledge_id: kid.clone(),
                geonames_id: gn,
                filled: [
                    origin.is_some(),
                    kid.is_some(),
                    geo.is_some(),
                    geo.is_some(),
                    country.is_some(),
                ],
            },
        );
        Ok(id)
    }

    /// Adds `e`'s keys to entity `id` (first registration wins) and fills the
    /// entity's missing attributes from it. Keys known to exist and
    /// attributes already set cost nothing.
    #[allow(clippy::too_many_arguments)]
    fn register(
        &mut self,
        db: &mut dyn Connection,
        id: i64,
        e: &Entity,
        norm: &str,
        aliases: &[String],
        kid: &Option<String>,
        gn: Option<i64>,
    ) -> Result<()> {
        let ty = e.entity_type.as_str();
        let mut keys: Vec<String> = Vec::new();
        if let Some(k) = kid {
            keys.push(format!("kid:{k}"));
        }
        if !norm.is_empty() {
            keys.push(format!("name:{norm}"));
        }
        keys.extend(aliases.iter().map(|a| format!("name:{a}")));
        if let Some(g) = gn {
            keys.push(format!("gn:{g}"));
        }
        for key in keys {
            if self
                .keys
                .get(&(ty.to_string(), key.clone()))
                .is_some_and(|v| v.is_some())
            {
                continue; // registered already, by this entity or another: first wins
            }
            let added = db.exec(
                "INSERT INTO entity_keys (type, key, entity_id, first_entity, pinned) VALUES ($1, $2, $3, $3, 0)
                 ON CONFLICT (type, key) DO NOTHING",
                params![ty, key.as_str(), id],
            )?;
            let is_gn = key.starts_with("gn:");
            if added > 0 {
                self.writes += 1;
                self.keys.insert((ty.to_string(), key), Some((id, false)));
            } else {
                // Held already (by another entity): remember by whom.
                self.keys.remove(&(ty.to_string(), key.clone()));
                self.key(db, ty, &key)?;
            }
            if added > 0 && is_gn {
                // The GeoNames id goes to this entity only if no other place has it.
                let known = self.entity(db, id)?;
                if known.as_ref().is_some_and(|k| k.geonames_id.is_none()) {
                    db.exec(
                        "UPDATE entities SET geonames_id = $2 WHERE id = $1 AND geonames_id IS NULL",
                        params![id, gn],
                    )?;
                    if let Some(k) = self.entities.get_mut(&id) {
                        k.geonames_id = gn;
                    }
                }
            }
        }
        let geo = e.geo.as_ref();
        let origin = e.attributes.origin.as_ref().map(|o| o.to_uppercase());
        let country = geo.and_then(|g| g.country.clone());
        let offered = [
            origin.is_some(),
            kid.is_some(),
            geo.is_some(),
            geo.is_some(),
            country.is_some(),
        ];
        let Some(known) = self.entity(db, id)? else {
            return Ok(());
        };
        // COALESCE fills only what is missing: nothing missing that e offers, nothing to do.
        if !offered.iter().zip(known.filled).any(|(&o, f)| o && !f) {
            return Ok(());
        }
        self.writes += 1;
        db.exec(
            "UPDATE entities SET origin = COALESCE(origin, $2), knowledge_id = COALESCE(knowledge_id, $3),
                    lat = COALESCE(lat, $4), lon = COALESCE(lon, $5), country = COALESCE(country, $6)
             WHERE id = $1",
            params![id, origin, kid.clone(), geo.map(|g| g.lat), geo.map(|g| g.lon), country],
        )?;
        if let Some(k) = self.entities.get_mut(&id) {
            for (filled, offered) in k.filled.iter_mut().zip(offered) {
                *filled |= offered;
            }
            if k.knowledge_id.is_none() {
                k.knowledge_id.clone_from(kid);
            }
        }
        Ok(())
    }
}

/// Finds or creates the canonical entity for `e` without memory between calls.
pub fn resolve(db: &mut dyn Connection, e: &Entity) -> Result<Resolved> {
    Resolver::default().resolve(db, e)
}

#[cfg(test)]
mod tests {
    use super::settled_key;
    use orbat_report::{Attributes, Entity, EntityType};

    fn entity(name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: "e1".into(),
            entity_type: EntityType::ArmedGroup,
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            attributes: Attributes::default(),
            geo: None,
            mentions: Vec::new(),
        }
    }

    #[test]
    fn separators_in_names_never_make_two_entities_one_key() {
        let joined = entity("a\u{1f}b", &[]);
        let split = entity("a", &["b"]);
        assert_ne!(settled_key(&joined, &None), settled_key(&split, &None));
        let kid = Some("k".to_string());
        assert_ne!(settled_key(&split, &kid), settled_key(&split, &None));
        assert_eq!(settled_key(&split, &kid), settled_key(&split.clone(), &kid));
    }
}
