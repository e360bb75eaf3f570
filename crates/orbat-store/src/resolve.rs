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

/// The canonical entity chosen, and why.
pub struct Resolved {
    /// Canonical entity id.
    pub entity_id: i64,
    /// Human-readable reason, shown by `entity explain`.
    pub reason: String,
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

fn lookup(db: &mut dyn Connection, ty: &str, key: &str, pinned_only: bool) -> Result<Option<i64>> {
    let sql = if pinned_only {
        "SELECT entity_id FROM entity_keys WHERE type = $1 AND key = $2 AND pinned = 1"
    } else {
        "SELECT entity_id FROM entity_keys WHERE type = $1 AND key = $2"
    };
    match query_opt(db, sql, params![ty, key])? {
        Some(r) => Ok(Some(root(db, r.int(0))?)),
        None => Ok(None),
    }
}

/// Whether a name match with entity `id` is allowed for `e`.
fn compatible(
    db: &mut dyn Connection,
    id: i64,
    kid: Option<&str>,
    gn: Option<i64>,
) -> Result<bool> {
    let Some(r) = query_opt(
        db,
        "SELECT knowledge_id, geonames_id FROM entities WHERE id = $1",
        params![id],
    )?
    else {
        return Ok(false);
    };
    let kid_clash = matches!((kid, r.opt_text(0)), (Some(a), Some(b)) if a != b);
    let gn_clash = matches!((gn, r.opt_int(1)), (Some(a), Some(b)) if a != b);
    Ok(!kid_clash && !gn_clash)
}

/// Finds or creates the canonical entity for `e`, and records its keys.
pub fn resolve(db: &mut dyn Connection, e: &Entity) -> Result<Resolved> {
    let ty = e.entity_type.as_str();
    let norm = normalize(&e.name);
    let aliases = alias_norms(e);
    let kid = knowledge_id(e);
    let gn = e.geo.as_ref().and_then(|g| g.geonames_id).map(|g| g as i64);

    let mut found: Option<(i64, String)> = None;
    for n in std::iter::once(&norm).chain(aliases.iter()) {
        if let Some(id) = lookup(db, ty, &format!("name:{n}"), true)? {
            found = Some((id, format!("name '{n}' pinned by an analyst's split")));
            break;
        }
    }
    if found.is_none() {
        if let Some(k) = &kid {
            if let Some(id) = lookup(db, ty, &format!("kid:{k}"), false)? {
                found = Some((id, format!("same knowledge id '{k}'")));
            }
        }
    }
    if found.is_none() {
        if let Some(g) = gn {
            if let Some(id) = lookup(db, ty, &format!("gn:{g}"), false)? {
                found = Some((id, format!("same GeoNames id {g}")));
            }
        }
    }
    if found.is_none() {
        let names = std::iter::once((&norm, "name")).chain(aliases.iter().map(|a| (a, "alias")));
        for (n, what) in names {
            if n.is_empty() {
                continue;
            }
            if let Some(id) = lookup(db, ty, &format!("name:{n}"), false)? {
                if compatible(db, id, kid.as_deref(), gn)? {
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
            create(db, e, &kid, gn)?,
            "new: first seen in this document".to_string(),
        ),
    };
    register(db, entity_id, e, &norm, &aliases, &kid, gn)?;
    Ok(Resolved { entity_id, reason })
}

fn create(
    db: &mut dyn Connection,
    e: &Entity,
    kid: &Option<String>,
    gn: Option<i64>,
) -> Result<i64> {
    let geo = e.geo.as_ref();
    let rows = db.query(
        "INSERT INTO entities (type, name, origin, knowledge_id, geonames_id, lat, lon, country, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        params![
            e.entity_type.as_str(),
            e.name.trim(),
            e.attributes.origin.as_ref().map(|o| o.to_uppercase()),
            kid.clone(),
            gn,
            geo.map(|g| g.lat),
            geo.map(|g| g.lon),
            geo.and_then(|g| g.country.clone()),
            crate::util::now_utc()
        ],
    )?;
    Ok(rows[0].int(0))
}

/// Adds `e`'s keys to entity `id` (first registration wins) and fills the
/// entity's missing attributes from it.
fn register(
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
    for key in keys {
        db.exec(
            "INSERT INTO entity_keys (type, key, entity_id, first_entity, pinned) VALUES ($1, $2, $3, $3, 0)
             ON CONFLICT (type, key) DO NOTHING",
            params![ty, key, id],
        )?;
    }
    if let Some(g) = gn {
        // The GeoNames id goes to this entity only if no other place has it.
        let added = db.exec(
            "INSERT INTO entity_keys (type, key, entity_id, first_entity, pinned) VALUES ($1, $2, $3, $3, 0)
             ON CONFLICT (type, key) DO NOTHING",
            params![ty, format!("gn:{g}"), id],
        )?;
        if added > 0 {
            db.exec(
                "UPDATE entities SET geonames_id = $2 WHERE id = $1 AND geonames_id IS NULL",
                params![id, g],
            )?;
        }
    }
    let geo = e.geo.as_ref();
    db.exec(
        "UPDATE entities SET origin = COALESCE(origin, $2), knowledge_id = COALESCE(knowledge_id, $3),
                lat = COALESCE(lat, $4), lon = COALESCE(lon, $5), country = COALESCE(country, $6)
         WHERE id = $1",
        params![
            id,
            e.attributes.origin.as_ref().map(|o| o.to_uppercase()),
            kid.clone(),
            geo.map(|g| g.lat),
            geo.map(|g| g.lon),
            geo.and_then(|g| g.country.clone())
        ],
    )?;
    Ok(())
}
