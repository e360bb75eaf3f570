//! Mention finders: each reads the document and proposes spans with a kind.
//!
//! - [`words`] segments sentences into words the name finders use;
//! - [`names`] finds known actors, places and actors never seen before;
//! - [`references`] adds what only the whole document shows: acronyms defined
//!   in parentheses, later surname-only mentions of people;
//! - `numbers` and `dates` find figures and time expressions.

pub mod names;
pub mod references;
pub mod words;

use orbat_gazetteer::PlaceKind;
use orbat_report::EntityType;

/// What a mention names.
#[derive(Debug, Clone, PartialEq)]
pub enum MentionKind {
    /// An actor of the knowledge file, by index.
    Actor(usize),
    /// An actor found by a general pattern.
    NewActor(EntityType),
    /// A place with its gazetteer candidates.
    Place {
        /// Candidate places.
        candidates: Vec<u32>,
        /// What the context says the place is.
        prefer: Option<PlaceKind>,
        /// Matched only by the gazetteer's loose (consonant skeleton) key: trusted
        /// only near places matched exactly.
        loose: bool,
    },
    /// A demonym or country word that names a state ("Saudi drones").
    StateOf(String),
}

/// A span of the document that names something.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Index of the sentence.
    pub sentence: usize,
    /// What it names.
    pub kind: MentionKind,
    /// The text of the span.
    pub surface: String,
    /// Origin country given by a demonym.
    pub origin: Option<String>,
    /// A fuller surface form worth keeping as an alias ("Afghani Fatimiyoun").
    pub alias: Option<String>,
    /// Acronym defined for it in the text.
    pub acronym: Option<String>,
    /// Nickname given right after it ("nicknamed the Iranian").
    pub nickname: Option<String>,
    /// Followed by a verb that makes a capital stand for its state ("Washington blamed").
    pub metonymic: bool,
    /// For an ordinal unit from a list ("brigades ...: 45th, 46th"), where its unit noun starts.
    pub unit_noun: Option<usize>,
    /// Preceded by a locative word ("in", "near", "the town of"): a place even if the gazetteer abstains.
    pub locative: bool,
}

impl Mention {
    /// A mention with no extras.
    pub fn new(
        start: usize,
        end: usize,
        sentence: usize,
        kind: MentionKind,
        surface: &str,
    ) -> Self {
        Mention {
            start,
            end,
            sentence,
            kind,
            surface: surface.to_string(),
            origin: None,
            alias: None,
            acronym: None,
            nickname: None,
            locative: false,
            metonymic: false,
            unit_noun: None,
        }
    }

    /// The name this mention gives: the surface, or for an ordinal from a list its full name ("45th Brigade").
    pub fn name_form(&self) -> &str {
        match (&self.unit_noun, &self.alias) {
            (Some(_), Some(full)) => full,
            _ => &self.surface,
        }
    }

    /// Whether it names an actor rather than a place.
    pub fn is_actor(&self) -> bool {
        !matches!(self.kind, MentionKind::Place { .. })
    }
}
pub mod dates;
pub mod numbers;
