//! What queries return. Every fact carries its [`Provenance`]: the document,
//! the span and sentence that state it, its certainty, source and date.
use serde::Serialize;

/// A canonical entity, briefly.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityRef {
    /// Stable id (`orbat actor ID`, `orbat entity explain ID`).
    pub id: i64,
    /// Canonical name.
    pub name: String,
    /// Contract type, e.g. `armed_group`.
    #[serde(rename = "type")]
    pub entity_type: String,
}

/// A stored document, briefly.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocRef {
    /// Document row id.
    pub id: i64,
    /// Title.
    pub title: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// URL.
    pub url: Option<String>,
}

/// Where a fact comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Provenance {
    /// The document.
    pub document: DocRef,
    /// The words that state the fact.
    pub evidence: Option<String>,
    /// Character span of the evidence in the document text.
    pub span: [i64; 2],
    /// asserted | reported | hedged.
    pub certainty: String,
    /// Who said it, when reported.
    pub attributed_to: Option<String>,
}

/// One line of `orbat actors`.
#[derive(Debug, Clone, Serialize)]
pub struct ActorSummary {
    /// The actor.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// ISO country of origin.
    pub origin: Option<String>,
    /// Documents that mention it.
    pub documents: i64,
    /// The first document on record.
    pub first_source: Option<DocRef>,
}

/// One line of `orbat places` (and the demo).
#[derive(Debug, Clone, Serialize)]
pub struct PlaceSummary {
    /// The place.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// GeoNames id.
    pub geonames_id: Option<i64>,
    /// ISO country.
    pub country: Option<String>,
    /// Documents that mention it.
    pub documents: i64,
    /// The first document on record.
    pub first_source: Option<DocRef>,
}

/// A relation seen from one actor.
#[derive(Debug, Clone, Serialize)]
pub struct RelationFact {
    /// The predicate as stored.
    pub predicate: String,
    /// `out` when the profiled actor is the subject, `in` when the object.
    pub direction: String,
    /// The other side.
    pub other: EntityRef,
    /// When it held, start.
    pub time_start: Option<String>,
    /// When it held, end.
    pub time_end: Option<String>,
    /// Source.
    pub provenance: Provenance,
}

/// A node of a chain-of-command tree: an entity and the link to its parent.
#[derive(Debug, Clone, Serialize)]
pub struct CommandNode {
    /// The superior (in the `up` tree) or subordinate (in `down`).
    pub entity: EntityRef,
    /// The predicates that link it to its parent node.
    pub via: Vec<String>,
    /// How many statements make the link.
    pub statements: i64,
    /// In how many documents.
    pub documents: i64,
    /// The first statements of the link, oldest first (a few; `statements` counts them all).
    pub sources: Vec<Provenance>,
    /// Next level.
    pub children: Vec<CommandNode>,
    /// Links of this entity left out because the tree reached its size
    /// limit; `orbat actor ID` on this entity shows them.
    pub not_shown: i64,
}

/// A position, headquarters or controlled place of an actor.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceFact {
    /// controls | headquartered_in | positioned_at.
    pub predicate: String,
    /// The place.
    pub place: EntityRef,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// When it held, start.
    pub time_start: Option<String>,
    /// When it held, end.
    pub time_end: Option<String>,
    /// Source.
    pub provenance: Provenance,
}

/// A figure, never merged with other figures.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// personnel, money, killed ...
    pub kind: String,
    /// Exact value.
    pub value: Option<f64>,
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
    /// Unit.
    pub unit: Option<String>,
    /// Per month / year.
    pub per: Option<String>,
    /// The words of the figure.
    pub text: String,
    /// Approximate.
    pub approx: bool,
    /// Source.
    pub provenance: Provenance,
}

/// A place with coordinates, as an event location.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    /// The place.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
}

/// One event.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    /// `DOC:LOCAL`, e.g. `12:v1`.
    pub id: String,
    /// ACLED type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// ACLED sub-type.
    pub sub_type: Option<String>,
    /// Event date as extracted (may be partial: `2019-07`).
    pub date: Option<String>,
    /// day | week | month | year.
    pub date_precision: Option<String>,
    /// The words that gave the date.
    pub date_text: Option<String>,
    /// Where.
    pub location: Option<Located>,
    /// Acting side.
    pub actors: Vec<EntityRef>,
    /// Side acted on.
    pub targets: Vec<EntityRef>,
    /// People killed.
    pub fatalities: Option<i64>,
    /// Source.
    pub provenance: Provenance,
}

/// `orbat actor NAME`.
#[derive(Debug, Clone, Serialize)]
pub struct ActorProfile {
    /// The actor.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// Every other name it was seen under.
    pub aliases: Vec<String>,
    /// ISO country of origin.
    pub origin: Option<String>,
    /// The extractor's knowledge id.
    pub knowledge_id: Option<String>,
    /// Documents that mention it.
    pub documents: i64,
    /// Chain of command upwards (its superiors, theirs ...), nearest and
    /// best attested first, at most `queries::MAX_TREE_NODES` nodes.
    pub superiors: Vec<CommandNode>,
    /// Direct superiors left out because the tree reached its size limit.
    pub superiors_not_shown: i64,
    /// Chain of command downwards, like `superiors`.
    pub subordinates: Vec<CommandNode>,
    /// Direct subordinates left out because the tree reached its size limit.
    pub subordinates_not_shown: i64,
    /// Positions, headquarters, controlled places.
    pub places: Vec<PlaceFact>,
    /// Support, alliances, hostility, designations.
    pub relations: Vec<RelationFact>,
    /// Figures over time, oldest first.
    pub figures: Vec<Figure>,
    /// Events it took part in: the latest, oldest first (at most
    /// `queries::MAX_PROFILE_EVENTS`; `events_total` counts them all).
    pub events: Vec<EventRow>,
    /// How many events it took part in.
    pub events_total: i64,
}

/// One line of `orbat sources`.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    /// The document.
    #[serde(flatten)]
    pub document: DocRef,
    /// URL or path it was read from.
    pub locator: String,
    /// Entities in it.
    pub entities: i64,
    /// Relations in it.
    pub relations: i64,
    /// Figures in it.
    pub quantities: i64,
    /// Events in it.
    pub events: i64,
}

/// Why one document entity was linked to the canonical entity.
#[derive(Debug, Clone, Serialize)]
pub struct MentionLink {
    /// The document.
    pub document: DocRef,
    /// Document-local id.
    pub local_id: String,
    /// Name in that document.
    pub name: String,
    /// Aliases in that document.
    pub aliases: Vec<String>,
    /// The resolution rule that linked it.
    pub reason: String,
    /// The entity it was first linked to, when a correction moved it since.
    pub first_entity: Option<i64>,
}

/// An analyst's correction.
#[derive(Debug, Clone, Serialize)]
pub struct Correction {
    /// merge | split.
    pub action: String,
    /// Survivor (merge) or the entity split from.
    pub entity_a: i64,
    /// Merged-in entity, or the entity split off.
    pub entity_b: i64,
    /// The name split off.
    pub name: Option<String>,
    /// When.
    pub created_at: String,
}

/// `orbat entity explain ID`.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// When it was merged into another, that one.
    pub merged_into: Option<EntityRef>,
    /// Entities merged into it.
    pub merged_from: Vec<EntityRef>,
    /// Knowledge id.
    pub knowledge_id: Option<String>,
    /// GeoNames id.
    pub geonames_id: Option<i64>,
    /// Resolution keys that lead to it (`pinned` ones were set by an analyst).
    pub keys: Vec<(String, bool)>,
    /// Every document entity linked to it, and why.
    pub mentions: Vec<MentionLink>,
    /// Corrections that involve it.
    pub corrections: Vec<Correction>,
}

/// Result of `entity merge` / `entity split`.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionResult {
    /// merge | split.
    pub action: String,
    /// Survivor, or entity split from.
    pub kept: EntityRef,
    /// Merged-in, or split-off entity.
    pub other: EntityRef,
    /// Document entities moved.
    pub moved_mentions: i64,
}

/// Row counts, for tests and the ingest summary.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct Counts {
    /// Documents.
    pub documents: i64,
    /// Canonical entities that are not merged away.
    pub entities: i64,
    /// Document entities.
    pub mentions: i64,
    /// Relations.
    pub relations: i64,
    /// Figures.
    pub quantities: i64,
    /// Events.
    pub events: i64,
}

/// Filters of `orbat actors`.
#[derive(Debug, Clone, Default)]
pub struct ActorFilter {
    /// Contract type.
    pub entity_type: Option<String>,
    /// ISO origin.
    pub origin: Option<String>,
    /// Actors positioned at, controlling, or acting at places within `km` of this place.
    pub near: Option<(String, f64)>,
}

/// Filters of `orbat events`.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// On or after (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub from: Option<String>,
    /// On or before.
    pub to: Option<String>,
    /// ACLED type or sub-type, case-insensitive.
    pub event_type: Option<String>,
    /// Actor (name or id) acting or targeted.
    pub actor: Option<String>,
    /// min lon, min lat, max lon, max lat.
    pub bbox: Option<[f64; 4]>,
    /// At most this many (0: all).
    pub limit: usize,
}
