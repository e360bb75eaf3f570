//! The analyst's corrections to resolution. They are stored as changes to the
//! resolution keys (not as a replayed log), so every later ingest, including a
//! re-ingest of the same documents, resolves through them:
//! - `merge A B`: B's keys, mentions and merged entities move to A; B keeps its
//!   row (its id still resolves, to A).
//! - `split ID NAME`: mentions named NAME leave ID for a restored (if NAME was
//!   merged in) or new entity, and NAME is pinned to it, which wins over every
//!   automatic rule at the next ingest.
use crate::backend::{query_opt, Connection};
use crate::error::{Result, StoreError};
use crate::model::*;
use crate::normalize::normalize;
use crate::params;
use crate::queries::{entity_ref, find_entity, Kind};
use crate::util::now_utc;

fn in_write<T>(
    db: &mut dyn Connection,
    f: impl FnOnce(&mut dyn Connection) -> Result<T>,
) -> Result<T> {
    db.begin_write()?;
    match f(db) {
        Ok(v) => {
            db.commit()?;
            Ok(v)
        }
        Err(e) => {
            db.rollback();
            Err(e)
        }
    }
}

/// Merges `b` into `a`. Refuses different types and different GeoNames ids.
pub fn merge(db: &mut dyn Connection, a: &str, b: &str) -> Result<CorrectionResult> {
    let ea = find_entity(db, a, Kind::Any)?;
    let eb = find_entity(db, b, Kind::Any)?;
    if ea.id == eb.id {
        return Err(StoreError::Invalid(format!(
            "{} and {} are already the same entity ({})",
            a, b, ea.id
        )));
    }
    if ea.entity_type != eb.entity_type {
        return Err(StoreError::Invalid(format!(
            "refusing to merge a {} ({} {}) with a {} ({} {}): different types are never merged",
            ea.entity_type, ea.id, ea.name, eb.entity_type, eb.id, eb.name
        )));
    }
    let gn = |db: &mut dyn Connection, id: i64| -> Result<Option<i64>> {
        Ok(query_opt(
            db,
            "SELECT geonames_id FROM entities WHERE id = $1",
            params![id],
        )?
        .and_then(|r| r.opt_int(0)))
    };
    if let (Some(ga), Some(gb)) = (gn(db, ea.id)?, gn(db, eb.id)?) {
        if ga != gb {
            return Err(StoreError::Invalid(format!(
                "refusing to merge {} (GeoNames {ga}) with {} (GeoNames {gb}): different places",
                ea.name, eb.name
            )));
        }
    }
    let moved = in_write(db, |db| {
        db.exec(
            "UPDATE entities SET merged_into = $1 WHERE id = $2 OR merged_into = $2",
            params![ea.id, eb.id],
        )?;
        db.exec(
            "UPDATE entity_keys SET entity_id = $1 WHERE entity_id = $2",
            params![ea.id, eb.id],
        )?;
        let moved = db.exec(
            "UPDATE doc_entities SET entity_id = $1 WHERE entity_id = $2",
            params![ea.id, eb.id],
        )?;
        // The survivor inherits what it did not know.
        db.exec(
            "UPDATE entities SET
                origin = COALESCE(origin, (SELECT origin FROM entities WHERE id = $2)),
                knowledge_id = COALESCE(knowledge_id, (SELECT knowledge_id FROM entities WHERE id = $2)),
                geonames_id = COALESCE(geonames_id, (SELECT geonames_id FROM entities WHERE id = $2)),
                lat = COALESCE(lat, (SELECT lat FROM entities WHERE id = $2)),
                lon = COALESCE(lon, (SELECT lon FROM entities WHERE id = $2)),
                country = COALESCE(country, (SELECT country FROM entities WHERE id = $2))
             WHERE id = $1",
            params![ea.id, eb.id],
        )?;
        db.exec(
            "INSERT INTO corrections (action, entity_a, entity_b, name, created_at) VALUES ('merge', $1, $2, NULL, $3)",
            params![ea.id, eb.id, now_utc()],
        )?;
        Ok(moved as i64)
    })?;
    Ok(CorrectionResult {
        action: "merge".into(),
        kept: ea,
        other: eb,
        moved_mentions: moved,
    })
}

/// Splits the mentions named `name` off entity `id`.
pub fn split(db: &mut dyn Connection, id: &str, name: &str) -> Result<CorrectionResult> {
    let from = find_entity(db, id, Kind::Any)?;
    let norm = normalize(name);
    if norm.is_empty() {
        return Err(StoreError::Invalid("split needs a name".into()));
    }
    let result = in_write(db, |db| {
        // A previously merged entity of that name comes back with its own id.
        let mut restored = None;
        for r in db.query(
            "SELECT id, name FROM entities WHERE merged_into = $1",
            params![from.id],
        )? {
            if normalize(&r.text(1)) == norm {
                restored = Some(r.int(0));
                break;
            }
        }
        let target = match restored {
            Some(t) => {
                db.exec(
                    "UPDATE entities SET merged_into = NULL WHERE id = $1",
                    params![t],
                )?;
                db.exec("UPDATE entity_keys SET entity_id = $1 WHERE entity_id = $2 AND first_entity = $1", params![t, from.id])?;
                db.exec("UPDATE doc_entities SET entity_id = $1 WHERE entity_id = $2 AND first_entity = $1", params![t, from.id])?;
                t
            }
            None => {
                let rows = db.query(
                    "INSERT INTO entities (type, name, origin, created_at)
                     SELECT type, $2, origin, $3 FROM entities WHERE id = $1 RETURNING id",
                    params![from.id, name.trim(), now_utc()],
                )?;
                rows[0].int(0)
            }
        };
        // Mentions whose name or an alias is NAME follow it.
        let mut moved = 0i64;
        let rows = db.query(
            "SELECT doc_id, local_id, norm, aliases FROM doc_entities WHERE entity_id = $1",
            params![from.id],
        )?;
        for r in rows {
            let aliases: Vec<String> = serde_json::from_str(&r.text(3)).unwrap_or_default();
            if r.text(2) == norm || aliases.iter().any(|a| normalize(a) == norm) {
                db.exec(
                    "UPDATE doc_entities SET entity_id = $1 WHERE doc_id = $2 AND local_id = $3",
                    params![target, r.int(0), r.text(1)],
                )?;
                moved += 1;
            }
        }
        // Restored mentions count too.
        moved = moved.max(
            db.query(
                "SELECT COUNT(*) FROM doc_entities WHERE entity_id = $1",
                params![target],
            )?[0]
                .int(0),
        );
        if moved == 0 {
            return Err(StoreError::NotFound(format!(
                "no mention named '{name}' in {} {}",
                from.id, from.name
            )));
        }
        db.exec(
            "INSERT INTO entity_keys (type, key, entity_id, first_entity, pinned) VALUES ($1, $2, $3, $3, 1)
             ON CONFLICT (type, key) DO UPDATE SET entity_id = $3, pinned = 1",
            params![from.entity_type.as_str(), format!("name:{norm}"), target],
        )?;
        db.exec(
            "INSERT INTO corrections (action, entity_a, entity_b, name, created_at) VALUES ('split', $1, $2, $3, $4)",
            params![from.id, target, name.trim(), now_utc()],
        )?;
        Ok((target, moved))
    })?;
    let other =
        entity_ref(db, result.0)?.ok_or_else(|| StoreError::Db("split entity vanished".into()))?;
    Ok(CorrectionResult {
        action: "split".into(),
        kept: from,
        other,
        moved_mentions: result.1,
    })
}

/// Why mentions were linked to an entity, and what corrections touched it.
pub fn explain(db: &mut dyn Connection, id: &str) -> Result<Explanation> {
    // An explicit id is explained as is, even when merged away.
    let entity = match id.trim().parse::<i64>().ok() {
        Some(n) => match entity_ref(db, n)? {
            Some(e) => e,
            None => find_entity(db, id, Kind::Any)?,
        },
        None => find_entity(db, id, Kind::Any)?,
    };
    let row = query_opt(
        db,
        "SELECT merged_into, knowledge_id, geonames_id FROM entities WHERE id = $1",
        params![entity.id],
    )?
    .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
    let merged_into = match row.opt_int(0) {
        Some(m) => entity_ref(db, m)?,
        None => None,
    };
    let mut merged_from = Vec::new();
    for r in db.query(
        "SELECT id FROM entities WHERE merged_into = $1 ORDER BY id",
        params![entity.id],
    )? {
        merged_from.extend(entity_ref(db, r.int(0))?);
    }
    let keys = db
        .query(
            "SELECT key, pinned FROM entity_keys WHERE entity_id = $1 ORDER BY key",
            params![entity.id],
        )?
        .into_iter()
        .map(|r| (r.text(0), r.int(1) != 0))
        .collect();
    let mut mentions = Vec::new();
    let rows = db.query(
        "SELECT de.doc_id, d.title, d.source, d.published, d.url, de.local_id, de.name, de.aliases, de.reason, de.first_entity
         FROM doc_entities de JOIN documents d ON d.id = de.doc_id
         WHERE de.entity_id = $1 ORDER BY d.published, de.doc_id, de.local_id",
        params![entity.id],
    )?;
    for r in rows {
        let first = r.int(9);
        mentions.push(MentionLink {
            document: DocRef {
                id: r.int(0),
                title: r.opt_text(1),
                source: r.opt_text(2),
                published: r.opt_text(3),
                url: r.opt_text(4),
            },
            local_id: r.text(5),
            name: r.text(6),
            aliases: serde_json::from_str(&r.text(7)).unwrap_or_default(),
            reason: r.text(8),
            first_entity: (first != entity.id).then_some(first),
        });
    }
    let corrections = db
        .query(
            "SELECT action, entity_a, entity_b, name, created_at FROM corrections
             WHERE entity_a = $1 OR entity_b = $1 ORDER BY id",
            params![entity.id],
        )?
        .into_iter()
        .map(|r| Correction {
            action: r.text(0),
            entity_a: r.int(1),
            entity_b: r.int(2),
            name: r.opt_text(3),
            created_at: r.text(4),
        })
        .collect();
    Ok(Explanation {
        entity,
        merged_into,
        merged_from,
        knowledge_id: row.opt_text(1),
        geonames_id: row.opt_int(2),
        keys,
        mentions,
        corrections,
    })
}
