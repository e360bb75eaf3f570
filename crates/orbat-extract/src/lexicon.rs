//! Word lists that drive recognition of actors orbat has never seen
//! (`data/lexicons/actor_words.toml`, `given_names.txt`, `stopwords.txt`).

use crate::fold::fold;
use crate::ExtractError;
use foldhash::{HashMap, HashMapExt, HashSet};
use orbat_report::EntityType;
use serde::Deserialize;

const ACTOR_WORDS: &str = include_str!("../../../data/lexicons/actor_words.toml");
const GIVEN_NAMES: &str = include_str!("../../../data/lexicons/given_names.txt");
const STOPWORDS: &str = include_str!("../../../data/lexicons/stopwords.txt");
const ENGLISH_PLACE_WORDS: &str = include_str!("../../../data/lexicons/english_place_words.txt");

#[derive(Deserialize)]
struct TypedWords {
    #[serde(default)]
    armed_group: Vec<String>,
    #[serde(default)]
    organization: Vec<String>,
    #[serde(default)]
    state_force: Vec<String>,
}

#[derive(Deserialize)]
struct StateForceWords {
    words: Vec<String>,
    bodies: Vec<String>,
    state_words: Vec<String>,
}

#[derive(Deserialize)]
struct People {
    titles: Vec<String>,
    cues_before: Vec<String>,
    cues_after: Vec<String>,
    kunya: Vec<String>,
}

#[derive(Deserialize)]
struct General {
    not_first: Vec<String>,
    not_names: Vec<String>,
}

#[derive(Deserialize)]
struct Metonymy {
    verbs: Vec<String>,
}

#[derive(Deserialize)]
struct ActorWordsFile {
    heads: TypedWords,
    leads: TypedWords,
    state_force_words: StateForceWords,
    people: People,
    metonymy: Metonymy,
    general: General,
}

/// The compiled word lists; every key is [`fold`]ed.
pub struct Lexicon {
    /// Head word(s) of a phrase -> the type it makes.
    pub heads: HashMap<String, EntityType>,
    /// Longest head, in words.
    pub max_head_words: usize,
    /// Lead word of a phrase -> the type it makes.
    pub leads: HashMap<String, EntityType>,
    /// Words of a state's armed bodies after a demonym.
    pub force_words: HashSet<String>,
    /// Of those, the bodies (the rest are equipment).
    pub force_bodies: HashSet<String>,
    /// Words after a demonym that make it name the state.
    pub state_words: HashSet<String>,
    /// Titles before a name.
    pub titles: HashSet<String>,
    /// Phrases before a person's name.
    pub person_cues_before: Vec<String>,
    /// Words after a person's name.
    pub person_cues_after: HashSet<String>,
    /// "Abu", "Umm" ...
    pub kunya: HashSet<String>,
    /// Given names.
    pub given_names: HashSet<String>,
    /// Words never a name on their own.
    pub stopwords: HashSet<String>,
    /// Verbs after a capital that make it stand for its state.
    pub metonymy_verbs: HashSet<String>,
    /// Words that never start a name of several words.
    pub not_first: HashSet<String>,
    /// Capitalised phrases that are categories, not actors.
    pub not_names: HashSet<String>,
    /// English words that are also some place's name ("Key", "Region"): places only in a place slot.
    pub english_place_words: HashSet<String>,
}

fn typed(words: &TypedWords, into: &mut HashMap<String, EntityType>) {
    for (list, t) in [
        (&words.armed_group, EntityType::ArmedGroup),
        (&words.organization, EntityType::Organization),
        (&words.state_force, EntityType::StateForce),
    ] {
        for w in list {
            into.entry(fold(w)).or_insert(t);
        }
    }
}

fn lines(text: &str) -> HashSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(fold)
        .collect()
}

impl Lexicon {
    /// Loads the embedded lists.
    pub fn embedded() -> Result<Self, ExtractError> {
        let file: ActorWordsFile =
            crate::parse_data_file("data/lexicons/actor_words.toml", ACTOR_WORDS)?;
        let mut heads = HashMap::new();
        typed(&file.heads, &mut heads);
        let mut leads = HashMap::new();
        typed(&file.leads, &mut leads);
        let max_head_words = heads
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);
        let set = |v: &[String]| v.iter().map(|w| fold(w)).collect::<HashSet<_>>();
        Ok(Lexicon {
            heads,
            max_head_words,
            leads,
            force_words: set(&file.state_force_words.words),
            force_bodies: set(&file.state_force_words.bodies),
            state_words: set(&file.state_force_words.state_words),
            titles: set(&file.people.titles),
            person_cues_before: file.people.cues_before.iter().map(|w| fold(w)).collect(),
            person_cues_after: set(&file.people.cues_after),
            kunya: set(&file.people.kunya),
            given_names: lines(GIVEN_NAMES),
            stopwords: lines(STOPWORDS),
            metonymy_verbs: file
                .metonymy
                .verbs
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            english_place_words: lines(ENGLISH_PLACE_WORDS),
            not_first: set(&file.general.not_first),
            not_names: set(&file.general.not_names),
        })
    }

    /// Whether a single word is a stopword.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(&fold(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_fold() {
        let l = Lexicon::embedded().unwrap();
        assert_eq!(l.heads.get("brigade"), Some(&EntityType::ArmedGroup));
        assert_eq!(l.leads.get("kataib"), Some(&EntityType::ArmedGroup));
        assert!(l.given_names.contains("suleiman"));
        assert!(l.is_stopword("The"));
        assert!(l.force_words.contains("air force"));
    }
}
