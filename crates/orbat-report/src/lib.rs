//! The serde types of `orbat.report/1` and nothing else.
//!
//! This is the contract that the scorer, the store, the exports and outside
//! tools read (`docs/report-format.md`). Keep field names and meanings
//! exactly; new optional fields may be added. All offsets are **character**
//! offsets (Unicode scalar values) into [`DocumentInfo::text`].
#![deny(missing_docs)]

use serde::{Deserialize, Serialize};
use std::fmt;

/// The value of [`Report::schema`].
pub const REPORT_SCHEMA: &str = "orbat.report/1";

/// The JSON Schema that every report validates against (kept beside the types).
pub const REPORT_JSON_SCHEMA: &str = include_str!("../orbat.report.schema.json");

/// One analysed document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// Always [`REPORT_SCHEMA`].
    pub schema: String,
    /// The document and its plain text.
    pub document: DocumentInfo,
    /// Actors, places and facilities, each with all its mentions.
    pub entities: Vec<Entity>,
    /// Typed links between entities, from the closed [`Predicate`] set.
    pub relations: Vec<Relation>,
    /// Figures: strength, money, casualties and the like.
    pub quantities: Vec<Quantity>,
    /// Happenings in the ACLED taxonomy.
    pub events: Vec<Event>,
}

/// The analysed document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocumentInfo {
    /// Hex SHA-256 of `text`.
    pub id: String,
    /// First line or `<title>`.
    pub title: Option<String>,
    /// Where the document came from, when known.
    pub url: Option<String>,
    /// Publisher or outlet, when known.
    pub source: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// ISO 639-1 code of the language detected.
    pub language: String,
    /// The plain text every offset indexes.
    pub text: String,
}

/// Entity types of the contract.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    /// A named individual.
    Person,
    /// A non-state armed group or militia.
    ArmedGroup,
    /// A state's military, police or intelligence body.
    StateForce,
    /// A state acting as such.
    State,
    /// A company, agency, NGO, media outlet or party.
    Organization,
    /// A populated place, region or country.
    Location,
    /// An airport, base, crossing, depot or neighbourhood-scale site.
    Facility,
}

impl EntityType {
    /// The contract's spelling, e.g. `armed_group`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::ArmedGroup => "armed_group",
            EntityType::StateForce => "state_force",
            EntityType::State => "state",
            EntityType::Organization => "organization",
            EntityType::Location => "location",
            EntityType::Facility => "facility",
        }
    }

    /// Parses the contract's spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "person" => EntityType::Person,
            "armed_group" => EntityType::ArmedGroup,
            "state_force" => EntityType::StateForce,
            "state" => EntityType::State,
            "organization" => EntityType::Organization,
            "location" => EntityType::Location,
            "facility" => EntityType::Facility,
            _ => return None,
        })
    }

    /// Actors act; places are acted at.
    pub fn is_actor(self) -> bool {
        !matches!(self, EntityType::Location | EntityType::Facility)
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A half-open range of character offsets into the document text.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord, Default,
)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// Free-form attributes of an entity; the known ones are named.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Attributes {
    /// ISO 3166-1 alpha-2 country the group or person comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// A nickname given in the text ("the Iranian").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// Anything else, e.g. `role`, `parent`, `knowledge_id`.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Where a place is, from the gazetteer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Geo {
    /// Latitude, WGS84.
    pub lat: f64,
    /// Longitude, WGS84.
    pub lon: f64,
    /// GeoNames id, when the place comes from GeoNames.
    pub geonames_id: Option<u64>,
    /// GeoNames feature code (PPL, PPLA, ADM1, PCLI, AIRB ...).
    pub feature: Option<String>,
    /// ISO country code.
    pub country: Option<String>,
    /// First-level administrative area's name.
    pub admin1: Option<String>,
    /// `country | admin1 | city | town | village | facility | neighbourhood`.
    pub precision: Option<String>,
}

/// A span of text that names the entity.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mention {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// One actor, place or facility of the document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entity {
    /// Document-local id, `e1`, `e2` ...
    pub id: String,
    /// The entity's type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Canonical name.
    pub name: String,
    /// Every other surface form seen or known.
    pub aliases: Vec<String>,
    /// Origin, nickname and other attributes.
    pub attributes: Attributes,
    /// Coordinates, for places that were resolved.
    pub geo: Option<Geo>,
    /// Every mention in the text.
    pub mentions: Vec<Mention>,
}

/// The closed set of relation predicates.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Predicate {
    /// Person leads or commands a unit or group.
    Commands,
    /// Works under, answers to, takes orders from.
    SubordinateTo,
    /// Part of a larger formation, coalition or umbrella.
    MemberOf,
    /// Backed, funded, armed or sponsored by.
    SupportedBy,
    /// Holds territory or a place.
    Controls,
    /// Its headquarters is in.
    HeadquarteredIn,
    /// Has sites, positions, bases or deployments at.
    PositionedAt,
    /// Fights or acts alongside.
    AlliedWith,
    /// Fights, targets, or is designated as enemy by.
    HostileTo,
    /// Listed as a terrorist organisation by a state.
    DesignatedTerroristBy,
}

impl Predicate {
    /// Every predicate, in the contract's order.
    pub const ALL: [Predicate; 10] = [
        Predicate::Commands,
        Predicate::SubordinateTo,
        Predicate::MemberOf,
        Predicate::SupportedBy,
        Predicate::Controls,
        Predicate::HeadquarteredIn,
        Predicate::PositionedAt,
        Predicate::AlliedWith,
        Predicate::HostileTo,
        Predicate::DesignatedTerroristBy,
    ];

    /// The contract's spelling, e.g. `subordinate_to`.
    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::Commands => "commands",
            Predicate::SubordinateTo => "subordinate_to",
            Predicate::MemberOf => "member_of",
            Predicate::SupportedBy => "supported_by",
            Predicate::Controls => "controls",
            Predicate::HeadquarteredIn => "headquartered_in",
            Predicate::PositionedAt => "positioned_at",
            Predicate::AlliedWith => "allied_with",
            Predicate::HostileTo => "hostile_to",
            Predicate::DesignatedTerroristBy => "designated_terrorist_by",
        }
    }

    /// Parses the contract's spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Predicate::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Whether the object is a place rather than an actor.
    pub fn takes_place_object(self) -> bool {
        matches!(
            self,
            Predicate::Controls | Predicate::HeadquarteredIn | Predicate::PositionedAt
        )
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How sure the writer was.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Stated as fact by the writer.
    #[default]
    Asserted,
    /// Attributed to someone else.
    Reported,
    /// The writer signals doubt.
    Hedged,
}

impl Certainty {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Asserted => "asserted",
            Certainty::Reported => "reported",
            Certainty::Hedged => "hedged",
        }
    }
}

/// When a relation held, as far as the text says.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct TimeScope {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub start: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub end: Option<String>,
}

/// A typed link between two entities.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Relation {
    /// Entity id of the subject.
    pub subject: String,
    /// The predicate.
    pub predicate: Predicate,
    /// Entity id of the object.
    pub object: String,
    /// The text that states it.
    pub evidence: Span,
    /// How sure the writer was.
    pub certainty: Certainty,
    /// Who said it, when reported.
    pub attributed_to: Option<String>,
    /// When it held.
    pub time: Option<TimeScope>,
    /// True when the text denies or negates the relation (never scored as a fact).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
}

/// What a figure counts.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    /// Fighters, troops, members.
    Personnel,
    /// Funding, budgets, spending.
    Money,
    /// Pay per person.
    Salary,
    /// People killed.
    Killed,
    /// People wounded.
    Wounded,
    /// Killed and wounded together.
    Casualties,
    /// People displaced or forced from their homes.
    Displaced,
    /// Strikes, attacks, raids.
    Strikes,
    /// Sites, positions, bases.
    Sites,
    /// People arrested or detained.
    Arrested,
    /// Vehicles, aircraft, drones.
    Vehicles,
    /// Anything else worth keeping.
    Other,
}

impl QuantityKind {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            QuantityKind::Personnel => "personnel",
            QuantityKind::Money => "money",
            QuantityKind::Salary => "salary",
            QuantityKind::Killed => "killed",
            QuantityKind::Wounded => "wounded",
            QuantityKind::Casualties => "casualties",
            QuantityKind::Displaced => "displaced",
            QuantityKind::Strikes => "strikes",
            QuantityKind::Sites => "sites",
            QuantityKind::Arrested => "arrested",
            QuantityKind::Vehicles => "vehicles",
            QuantityKind::Other => "other",
        }
    }

    /// Parses the contract's spelling.
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
}

/// A figure with its bounds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Quantity {
    /// What it counts.
    pub kind: QuantityKind,
    /// Entity id the figure is about.
    pub subject: Option<String>,
    /// The exact (or approximate) value.
    pub value: Option<f64>,
    /// Lower bound ("more than 40").
    pub min: Option<f64>,
    /// Upper bound ("does not exceed 15,000").
    pub max: Option<f64>,
    /// `fighters`, `USD`, `people` ...
    pub unit: Option<String>,
    /// `month`, `year` ...
    pub per: Option<String>,
    /// The words of the figure.
    pub text: String,
    /// The sentence that gives it.
    pub evidence: Span,
    /// How sure the writer was.
    pub certainty: Certainty,
    /// Who said it, when reported.
    pub attributed_to: Option<String>,
    /// True for "approximately", "some", "about".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approx: bool,
}

/// A happening in the ACLED taxonomy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Event {
    /// Document-local id, `v1`, `v2` ...
    pub id: String,
    /// ACLED event type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// ACLED sub-event type.
    pub sub_type: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    /// `day | week | month | year`.
    pub date_precision: Option<String>,
    /// The words that gave the date.
    pub date_text: Option<String>,
    /// Entity id of the place.
    pub location: Option<String>,
    /// Entity ids of the side acting.
    pub actors: Vec<String>,
    /// Entity ids of the side acted on.
    pub targets: Vec<String>,
    /// People killed, when given.
    pub fatalities: Option<u64>,
    /// The text that states it.
    pub evidence: Span,
    /// How sure the writer was.
    pub certainty: Certainty,
    /// Who said it, when reported.
    pub attributed_to: Option<String>,
}

impl Report {
    /// Looks an entity up by its document-local id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }
}
