//! Storing one report: one transaction per document, so a killed process
//! leaves either the whole document or none of it.
use crate::backend::{query_opt, Connection, Value};
use crate::error::{Result, StoreError};
use crate::params;
use crate::resolve::Resolver;
use crate::util::{now_utc, sha256_hex};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use orbat_report::Report;
use serde::Serialize;

/// What happened to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// First time seen.
    New,
    /// Same locator (URL or path), new content: its facts were replaced.
    Replaced,
    /// Same content already stored: skipped.
    Unchanged,
}

/// The result of storing one report.
#[derive(Debug, Clone, Serialize)]
pub struct Stored {
    /// New, replaced or unchanged.
    pub outcome: Outcome,
    /// The document's row id.
    pub doc_id: i64,
    /// SHA-256 of the plain text, the identity of the content.
    pub content_hash: String,
}

/// The content identity: the hash of the plain text (recomputed, not taken
/// from the report), or of the whole report when it has no text.
pub fn content_hash(report: &Report) -> String {
    if report.document.text.is_empty() {
        sha256_hex(&serde_json::to_vec(report).unwrap_or_default())
    } else {
        sha256_hex(report.document.text.as_bytes())
    }
}

/// Stores `report` found at `locator` (its URL, else where it was read from),
/// in a transaction of its own.
pub fn store_report(db: &mut dyn Connection, report: &Report, locator: &str) -> Result<Stored> {
    let mut out = store_reports(db, &mut Resolver::default(), &[(report, locator)])?;
    out.pop().expect("one result per report")
}

/// Whether an error is about the database as a whole (stop), rather than one document.
pub fn is_fatal(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Locked(_) | StoreError::Corrupt(_) | StoreError::NewerSchema { .. }
    )
}

/// Stores a batch of reports in one transaction. Each document is whole or
/// absent: when one fails, the transaction is rolled back and the batch is
/// stored again one document per transaction, so the failure stays alone
/// (savepoints would do the same, but copy every page they touch).
/// Nothing is durable (or should be reported stored) before this returns.
/// Errs, having stored nothing more, when the database itself fails.
pub fn store_reports(
    db: &mut dyn Connection,
    resolver: &mut Resolver,
    batch: &[(&Report, &str)],
) -> Result<Vec<Result<Stored>>> {
    match in_transaction(db, resolver, batch)? {
        Ok(stored) => Ok(stored.into_iter().map(Ok).collect()),
        Err(e) if batch.len() == 1 => Ok(vec![Err(e)]),
        Err(_) => batch
            .iter()
            .map(|one| Ok(in_transaction(db, resolver, &[*one])?.map(|mut s| s.remove(0))))
            .collect(),
    }
}

/// Writes `batch` in one transaction: Ok(Ok(all stored)), Ok(Err(why one
/// failed)) having rolled everything back, or Err for a fatal error.
fn in_transaction(
    db: &mut dyn Connection,
    resolver: &mut Resolver,
    batch: &[(&Report, &str)],
) -> Result<Result<Vec<Stored>>> {
    db.begin_write()?;
    let result = (|| {
        resolver.begin(db)?;
        let mut out = Vec::with_capacity(batch.len());
        for &(report, locator) in batch {
            let hash = content_hash(report);
            let locator = report
                .document
                .url
                .as_deref()
                .filter(|u| !u.trim().is_empty())
                .unwrap_or(locator);
            out.push(write(db, resolver, report, locator, &hash)?);
        }
        Ok(out)
    })();
    match result.and_then(|out| db.commit().map(|()| out)) {
        Ok(out) => Ok(Ok(out)),
        Err(e) => {
            db.rollback();
            // What it remembered of the rolled-back writes is undone too.
            resolver.forget();
            if is_fatal(&e) {
                Err(e)
            } else {
                Ok(Err(e))
            }
        }
    }
}

fn write(
    db: &mut dyn Connection,
    resolver: &mut Resolver,
    report: &Report,
    locator: &str,
    hash: &str,
) -> Result<Stored> {
    if let Some(r) = query_opt(
        db,
        "SELECT id FROM documents WHERE content_hash = $1",
        params![hash],
    )? {
        return Ok(Stored {
            outcome: Outcome::Unchanged,
            doc_id: r.int(0),
            content_hash: hash.into(),
        });
    }
    let d = &report.document;
    let (doc_id, outcome) = match query_opt(
        db,
        "SELECT id FROM documents WHERE locator = $1",
        params![locator],
    )? {
        Some(r) => {
            let id = r.int(0);
            delete_facts(db, id)?;
            db.exec(
                "UPDATE documents SET content_hash = $2, url = $3, title = $4, source = $5, published = $6,
                        language = $7, text = $8, ingested_at = $9 WHERE id = $1",
                params![id, hash, d.url.clone(), d.title.clone(), d.source.clone(), d.published.clone(),
                        d.language.as_str(), d.text.as_str(), now_utc()],
            )?;
            (id, Outcome::Replaced)
        }
        None => {
            let id = db.insert_returning_id(
                "INSERT INTO documents (content_hash, locator, url, title, source, published, language, text, ingested_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                params![hash, locator, d.url.clone(), d.title.clone(), d.source.clone(), d.published.clone(),
                        d.language.as_str(), d.text.as_str(), now_utc()],
            )?;
            (id, Outcome::New)
        }
    };
    write_facts(db, resolver, doc_id, report)?;
    Ok(Stored {
        outcome,
        doc_id,
        content_hash: hash.into(),
    })
}

fn delete_facts(db: &mut dyn Connection, doc_id: i64) -> Result<()> {
    for table in [
        "doc_entities",
        "relations",
        "quantities",
        "events",
        "event_roles",
    ] {
        // Table names come from the fixed list above, never from input.
        db.exec(
            &format!("DELETE FROM {table} WHERE doc_id = $1"),
            params![doc_id],
        )?;
    }
    Ok(())
}

/// Character-offset evidence from the document text, computed once per document.
struct Evidence<'a> {
    text: &'a str,
    /// Byte offset of every [`Evidence::STRIDE`]-th character; `None` when
    /// the text is ASCII and character offsets are byte offsets. A table of
    /// every character cost more than the few dozen slices a document takes.
    checkpoints: Option<Vec<usize>>,
    /// Characters in the text.
    chars: usize,
}

impl<'a> Evidence<'a> {
    const STRIDE: usize = 32;

    fn new(text: &'a str) -> Self {
        if text.is_ascii() {
            return Evidence {
                text,
                checkpoints: None,
                chars: text.len(),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STRIDE + 1);
        let mut chars = 0;
        for (at, byte) in text.bytes().enumerate() {
            // A character starts at every byte that is not a UTF-8 continuation byte.
            if byte & 0xC0 != 0x80 {
                if chars % Self::STRIDE == 0 {
                    checkpoints.push(at);
                }
                chars += 1;
            }
        }
        Evidence {
            text,
            checkpoints: Some(checkpoints),
            chars,
        }
    }

    /// Byte offset of character `i` (at most the character count).
    fn byte(&self, i: usize) -> usize {
        let Some(checkpoints) = &self.checkpoints else {
            return i;
        };
        let Some(&from) = checkpoints.get(i / Self::STRIDE) else {
            return self.text.len(); // i is the character count: the end
        };
        self.text[from..]
            .char_indices()
            .nth(i % Self::STRIDE)
            .map_or(self.text.len(), |(b, _)| from + b)
    }

    fn slice(&self, start: usize, end: usize) -> Option<String> {
        let (s, e) = (start.min(self.chars), end.min(self.chars));
        (e > s).then(|| self.text[self.byte(s)..self.byte(e)].trim().to_string())
    }
}

/// A document's rows for one table, stored with one [`Connection::exec_rows`].
struct TableRows {
    sql: &'static str,
    width: usize,
    values: Vec<Value>,
}

impl TableRows {
    /// Room for `rows` rows, so the values are not moved as they grow.
    fn new(sql: &'static str, width: usize, rows: usize) -> Self {
        TableRows {
            sql,
            width,
            values: Vec::with_capacity(rows * width),
        }
    }

    fn push<const N: usize>(&mut self, row: [Value; N]) {
        debug_assert_eq!(N, self.width, "one value per placeholder");
        self.values.extend(row);
    }

    fn store(&self, db: &mut dyn Connection) -> Result<u64> {
        db.exec_rows(self.sql, self.width, &self.values)
    }
}

/// A row of values for [`TableRows::push`].
macro_rules! row {
    ($($v:expr),* $(,)?) => { [$(Value::from($v)),*] };
}

fn write_facts(
    db: &mut dyn Connection,
    resolver: &mut Resolver,
    doc_id: i64,
    report: &Report,
) -> Result<()> {
    let ev = Evidence::new(&report.document.text);
    // Local id -> canonical entity, for the relations' entity columns.
    let mut locals: HashMap<&str, i64> = HashMap::with_capacity(report.entities.len());
    // Resolution reads and writes only entities and their keys, so a
    // document's own rows can wait and be stored together.
    let mut doc_entities = TableRows::new(
        "INSERT INTO doc_entities (doc_id, local_id, entity_id, first_entity, type, name, norm, aliases, origin,
                                   knowledge_id, geonames_id, lat, lon, mentions, reason)
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        14,
        report.entities.len(),
    );
    for e in &report.entities {
        if locals.contains_key(e.id.as_str()) {
            continue; // a repeated local id would be ambiguous; the first wins
        }
        let r = resolver.resolve(db, e)?;
        locals.insert(e.id.as_str(), r.entity_id);
        let geo = e.geo.as_ref();
        doc_entities.push(row![
            doc_id,
            e.id.as_str(),
            r.entity_id,
            e.entity_type.as_str(),
            e.name.as_str(),
            r.norm,
            serde_json::to_string(&e.aliases).unwrap_or_else(|_| "[]".into()),
            e.attributes.origin.as_ref().map(|o| o.to_uppercase()),
            crate::resolve::knowledge_id(e),
            geo.and_then(|g| g.geonames_id).map(|g| g as i64),
            geo.map(|g| g.lat),
            geo.map(|g| g.lon),
            e.mentions.len() as i64,
            r.reason
        ]);
    }
    doc_entities.store(db)?;
    let known = |id: &str| locals.contains_key(id);
    let mut relations = TableRows::new(
        "INSERT INTO relations (doc_id, ordinal, subject_local, predicate, object_local, ev_start, ev_end, evidence,
                                certainty, attributed_to, time_start, time_end, negated,
                                subject_entity, object_entity, sort_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        16,
        report.relations.len(),
    );
    for (i, r) in report.relations.iter().enumerate() {
        if !known(&r.subject) || !known(&r.object) {
            continue; // dangling reference: nothing to link it to
        }
        let time = r.time.clone().unwrap_or_default();
        relations.push(row![
            doc_id,
            i as i64,
            r.subject.as_str(),
            r.predicate.as_str(),
            r.object.as_str(),
            r.evidence.start as i64,
            r.evidence.end as i64,
            ev.slice(r.evidence.start, r.evidence.end),
            r.certainty.as_str(),
            r.attributed_to.clone(),
            time.start,
            time.end,
            r.negated,
            locals[r.subject.as_str()],
            locals[r.object.as_str()],
            report.document.published.clone()
        ]);
    }
    relations.store(db)?;
    let mut quantities = TableRows::new(
        "INSERT INTO quantities (doc_id, ordinal, kind, subject_local, value, min_value, max_value, unit, per, text,
                                 approx, ev_start, ev_end, evidence, certainty, attributed_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        16,
        report.quantities.len(),
    );
    for (i, q) in report.quantities.iter().enumerate() {
        let subject = q.subject.as_deref().filter(|s| known(s));
        quantities.push(row![
            doc_id,
            i as i64,
            q.kind.as_str(),
            subject,
            q.value,
            q.min,
            q.max,
            q.unit.clone(),
            q.per.clone(),
            q.text.as_str(),
            q.approx,
            q.evidence.start as i64,
            q.evidence.end as i64,
            ev.slice(q.evidence.start, q.evidence.end),
            q.certainty.as_str(),
            q.attributed_to.clone()
        ]);
    }
    quantities.store(db)?;
    let mut events = TableRows::new(
        "INSERT INTO events (doc_id, local_id, type, sub_type, date, date_precision, date_text, location_local,
                             fatalities, ev_start, ev_end, evidence, certainty, attributed_to, sort_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        15,
        report.events.len(),
    );
    let mut event_roles = TableRows::new(
        "INSERT INTO event_roles (doc_id, event_local, role, entity_local) VALUES ($1, $2, $3, $4)
         ON CONFLICT (doc_id, event_local, role, entity_local) DO NOTHING",
        4,
        report
            .events
            .iter()
            .map(|v| v.actors.len() + v.targets.len())
            .sum(),
    );
    let mut event_ids: HashSet<&str> = HashSet::with_capacity(report.events.len());
    for v in &report.events {
        if !event_ids.insert(v.id.as_str()) {
            continue;
        }
        events.push(row![
            doc_id,
            v.id.as_str(),
            v.event_type.as_str(),
            v.sub_type.clone(),
            v.date.clone(),
            v.date_precision.clone(),
            v.date_text.clone(),
            v.location.as_deref().filter(|l| known(l)),
            v.fatalities.map(|f| f as i64),
            v.evidence.start as i64,
            v.evidence.end as i64,
            ev.slice(v.evidence.start, v.evidence.end),
            v.certainty.as_str(),
            v.attributed_to.clone(),
            v.date.clone().or_else(|| report.document.published.clone())
        ]);
        let roles = v
            .actors
            .iter()
            .map(|a| ("actor", a))
            .chain(v.targets.iter().map(|t| ("target", t)));
        for (role, local) in roles.filter(|(_, l)| known(l)) {
            event_roles.push(row![doc_id, v.id.as_str(), role, local.as_str()]);
        }
    }
    events.store(db)?;
    event_roles.store(db)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Evidence;

    /// The slow path the checkpoints replace: a byte offset for every character.
    fn slice_by_char_table(text: &str, start: usize, end: usize) -> Option<String> {
        let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_at.push(text.len());
        let last = byte_at.len() - 1;
        let (s, e) = (start.min(last), end.min(last));
        (e > s).then(|| text[byte_at[s]..byte_at[e]].trim().to_string())
    }

    #[test]
    fn evidence_slices_agree_with_a_table_of_every_character() {
        let pieces = [
            "a",
            " ",
            "é",
            "ḥ",
            "中",
            "😀",
            "Deir ez-Zor",
            "\u{301}",
            "\n",
        ];
        // A fixed xorshift sequence: the same texts every run.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        for _ in 0..300 {
            let text: String = (0..next(200)).map(|_| pieces[next(pieces.len())]).collect();
            let chars = text.chars().count();
            let ev = Evidence::new(&text);
            for start in 0..=chars + 2 {
                let end = start + next(70);
                assert_eq!(
                    ev.slice(start, end),
                    slice_by_char_table(&text, start, end),
                    "{text:?} {start}..{end}"
                );
            }
        }
    }
}
