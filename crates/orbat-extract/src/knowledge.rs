//! What the extractor knows about real actors: `data/actors.toml` and
//! `data/demonyms.toml`, compiled once into alias indexes.

use crate::fold::{article_free, fold, is_acronym, is_article};
use crate::ExtractError;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use orbat_report::{EntityType, Predicate};
use serde::Deserialize;

const ACTORS_TOML: &str = include_str!("../../../data/actors.toml");
const DEMONYMS_TOML: &str = include_str!("../../../data/demonyms.toml");

/// One actor of the knowledge file.
#[derive(Debug, Clone, Deserialize)]
pub struct KnownActor {
    /// Stable id, e.g. `irgc`.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Contract type spelling.
    #[serde(rename = "type")]
    pub actor_type: String,
    /// ISO country of origin.
    #[serde(default)]
    pub origin: Option<String>,
    /// Id of the actor it belongs to.
    #[serde(default)]
    pub parent: Option<String>,
    /// How it relates to its parent.
    #[serde(default)]
    pub parent_predicate: Option<String>,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Aliases to trust only when written exactly so.
    #[serde(default)]
    pub ambiguous: Vec<String>,
    /// A person's role.
    #[serde(default)]
    pub role: Option<String>,
}

impl KnownActor {
    /// The contract type; unknown spellings read as armed groups.
    pub fn entity_type(&self) -> EntityType {
        EntityType::parse(&self.actor_type).unwrap_or(EntityType::ArmedGroup)
    }

    /// The predicate linking it to its parent.
    pub fn parent_predicate(&self) -> Predicate {
        self.parent_predicate
            .as_deref()
            .and_then(Predicate::parse)
            .unwrap_or(Predicate::MemberOf)
    }
}

#[derive(Deserialize)]
struct ActorsFile {
    #[serde(default)]
    actor: Vec<KnownActor>,
}

/// A country and the words for its people.
#[derive(Debug, Clone, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    /// English name.
    pub name: String,
    /// "Afghan", "Afghani" ...
    #[serde(default)]
    pub demonyms: Vec<String>,
}

#[derive(Deserialize)]
struct DemonymsFile {
    #[serde(default)]
    country: Vec<Country>,
}

/// How an alias must be written to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasCase {
    /// Any case, as long as the text capitalises it.
    Folded,
    /// Exactly as listed (acronyms, ambiguous short forms).
    Exact,
}

/// The compiled knowledge.
pub struct Knowledge {
    /// Every known actor, in file order.
    pub actors: Vec<KnownActor>,
    by_id: HashMap<String, usize>,
    /// folded alias key -> (actor index, how it must be written, the alias)
    aliases: HashMap<String, Vec<(usize, AliasCase, String)>>,
    /// Countries by code.
    pub countries: Vec<Country>,
    demonyms: HashMap<String, usize>,
    /// Longest alias, in words.
    pub max_alias_words: usize,
    /// Every word-prefix of every alias key (whole keys too), for
    /// [`Knowledge::may_begin_alias_key`]; its one-word members are the first
    /// words [`Knowledge::may_begin_alias`] asks about.
    key_prefixes: HashSet<String>,
    /// The `state` actor of each country code that has one, for [`Knowledge::state_of`].
    states: HashMap<String, usize>,
    /// Distinct for every `Knowledge` built in this process: caches of lookups
    /// keep it to know whose answers they hold.
    pub instance: u64,
}

static INSTANCES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Knowledge {
    /// Loads the embedded data files.
    pub fn embedded() -> Result<Self, ExtractError> {
        Self::from_sources(ACTORS_TOML, DEMONYMS_TOML)
    }

    /// Loads from the text of the two files.
    pub fn from_sources(actors_toml: &str, demonyms_toml: &str) -> Result<Self, ExtractError> {
        let actors: ActorsFile = crate::parse_data_file("data/actors.toml", actors_toml)?;
        let demonyms: DemonymsFile = crate::parse_data_file("data/demonyms.toml", demonyms_toml)?;
        let mut k = Knowledge {
            actors: actors.actor,
            by_id: HashMap::new(),
            aliases: HashMap::new(),
            countries: demonyms.country,
            demonyms: HashMap::new(),
            max_alias_words: 1,
            key_prefixes: HashSet::new(),
            states: HashMap::new(),
            instance: INSTANCES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        for (i, a) in k.actors.iter().enumerate() {
            k.by_id.insert(a.id.clone(), i);
        }
        let mut entries = Vec::new();
        for (i, a) in k.actors.iter().enumerate() {
            for alias in std::iter::once(&a.name).chain(&a.aliases) {
                let exact = a.ambiguous.contains(alias) || is_acronym(alias);
                let case = if exact {
                    AliasCase::Exact
                } else {
                    AliasCase::Folded
                };
                entries.push((fold(alias), i, case, alias.clone()));
            }
        }
        for (key, i, case, alias) in entries {
            if key.is_empty() {
                continue;
            }
            k.max_alias_words = k.max_alias_words.max(key.split(' ').count());
            let free = article_free(&key).map(str::to_string);
            k.add_alias(key, i, case, alias.clone());
            if let Some(free) = free {
                k.add_alias(free, i, case, alias);
            }
        }
        k.key_prefixes = k
            .aliases
            .keys()
            .flat_map(|key| {
                key.match_indices(' ')
                    .map(|(end, _)| &key[..end])
                    .chain(std::iter::once(key.as_str()))
            })
            .map(str::to_string)
            .collect();
        // The first state actor of a country wins, as the scan in file order found it.
        for (i, a) in k.actors.iter().enumerate().rev() {
            if let (true, Some(code)) = (a.actor_type == "state", &a.origin) {
                k.states.insert(code.clone(), i);
            }
        }
        for (i, c) in k.countries.iter().enumerate() {
            for d in &c.demonyms {
                k.demonyms.insert(fold(d), i);
            }
        }
        Ok(k)
    }

    fn add_alias(&mut self, key: String, actor: usize, case: AliasCase, alias: String) {
        let list = self.aliases.entry(key).or_default();
        if !list.iter().any(|(a, _, _)| *a == actor) {
            list.push((actor, case, alias));
        }
    }

    /// Whether an alias may begin with the word `word`: a necessary condition
    /// for [`Knowledge::lookup`] to find a name starting with it, one fold and
    /// one set lookup. "The" and articles always pass (lookup drops them).
    pub fn may_begin_alias(&self, word: &str) -> bool {
        let key = fold(word);
        let first = key.split(' ').next().unwrap_or("");
        // `first` has no space, so it is in the prefix set exactly when some key starts with it.
        first.is_empty() || first == "the" || is_article(first) || self.key_prefixes.contains(first)
    }

    /// Whether the folded key of a span may begin (or be) an alias that
    /// [`Knowledge::lookup_folded`] finds, one or two set lookups: when not, no
    /// span that continues it with more words can match either. An empty key,
    /// "the" and articles always pass (the lookup drops them from longer keys),
    /// which keeps the answer true for every shorter span of a passing one.
    pub fn may_begin_alias_key(&self, key: &str) -> bool {
        key.is_empty()
            || key == "the"
            || is_article(key)
            || self.key_prefixes.contains(key)
            || article_free(key).is_some_and(|free| self.key_prefixes.contains(free))
    }

    /// Actors whose alias matches `surface` (already checked for case rules).
    pub fn lookup(&self, surface: &str) -> Vec<usize> {
        self.lookup_folded(surface, fold(surface))
    }

    /// [`Knowledge::lookup`] of a surface whose [`fold`] the caller already has.
    pub fn lookup_folded(&self, surface: &str, key: String) -> Vec<usize> {
        let mut out = Vec::new();
        for k in std::iter::once(key.as_str()).chain(article_free(&key)) {
            if let Some(list) = self.aliases.get(k) {
                for (actor, case, alias) in list {
                    let ok = match case {
                        AliasCase::Folded => true,
                        AliasCase::Exact => exact_match(surface, alias),
                    };
                    if ok && !out.contains(actor) {
                        out.push(*actor);
                    }
                }
            }
        }
        out
    }

    /// An actor by id.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The country whose demonym this word is ("Afghani" -> AF).
    pub fn demonym(&self, word: &str) -> Option<&Country> {
        self.demonym_folded(&fold(word))
    }

    /// [`Knowledge::demonym`] of a word whose [`fold`] the caller already has.
    pub fn demonym_folded(&self, key: &str) -> Option<&Country> {
        self.demonyms.get(key).map(|&i| &self.countries[i])
    }

    /// A country by ISO code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// The `state` actor of a country, when the knowledge file has one.
    pub fn state_of(&self, code: &str) -> Option<usize> {
        self.states.get(code).copied()
    }
}

/// Exact aliases compare without dots and case-sensitively ("U.S." = "US").
fn exact_match(surface: &str, alias: &str) -> bool {
    let surface = surface
        .strip_prefix("The ")
        .or_else(|| surface.strip_prefix("the "))
        .unwrap_or(surface);
    let strip = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    strip(surface) == strip(alias)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTORS: &str = r#"
[[actor]]
id = "irgc"
name = "Islamic Revolutionary Guard Corps"
type = "state_force"
origin = "IR"
aliases = ["IRGC", "Revolutionary Guards"]

[[actor]]
id = "nujaba"
name = "Harakat Hezbollah al-Nujaba"
type = "armed_group"
aliases = ["al-Nujaba"]
"#;
    const DEMONYMS: &str = r#"
[[country]]
code = "AF"
name = "Afghanistan"
demonyms = ["Afghan", "Afghani"]
"#;

    #[test]
    fn finds_aliases_across_case_and_article() {
        let k = Knowledge::from_sources(ACTORS, DEMONYMS).unwrap();
        assert_eq!(k.lookup("revolutionary guards"), vec![0]);
        assert_eq!(k.lookup("Nujaba"), vec![1]);
        assert_eq!(k.lookup("IRGC"), vec![0]);
        assert!(k.lookup("Irgc").is_empty(), "acronyms are case-sensitive");
        assert_eq!(k.demonym("Afghani").unwrap().code, "AF");
    }

    #[test]
    fn prefilter_passes_the_first_word_of_every_alias() {
        let k = Knowledge::embedded().unwrap();
        for a in &k.actors {
            for alias in std::iter::once(&a.name).chain(&a.aliases) {
                let first = alias.split_whitespace().next().unwrap();
                assert!(k.may_begin_alias(first), "{alias}");
            }
        }
        assert!(!k.may_begin_alias("Yesterday"));
        assert!(k.may_begin_alias("The"));
    }

    #[test]
    fn every_alias_key_and_its_word_prefixes_may_begin_an_alias() {
        let k = Knowledge::embedded().unwrap();
        let mut keys: Vec<String> = k.aliases.keys().cloned().collect();
        for a in &k.actors {
            for alias in std::iter::once(&a.name).chain(&a.aliases) {
                keys.push(fold(alias));
                keys.push(fold(&format!("the {alias}")));
                keys.push(fold(&format!("al-{alias}")));
            }
        }
        // The keys a lookup finds something under, as it or without its article.
        let found = |key: &str| {
            k.aliases.contains_key(key)
                || article_free(key).is_some_and(|f| k.aliases.contains_key(f))
        };
        for key in keys.into_iter().filter(|key| found(key)) {
            let words: Vec<&str> = key.split(' ').collect();
            for n in 1..=words.len() {
                let prefix = words[..n].join(" ");
                assert!(k.may_begin_alias_key(&prefix), "{prefix:?} of {key:?}");
            }
        }
        assert!(!k.may_begin_alias_key("yesterday"));
        assert!(!k.may_begin_alias_key("islamic revolutionary yesterday"));
    }

    #[test]
    fn state_of_is_the_first_state_actor_of_the_country() {
        let k = Knowledge::embedded().unwrap();
        let mut codes: Vec<&str> = k.countries.iter().map(|c| c.code.as_str()).collect();
        codes.extend(k.actors.iter().filter_map(|a| a.origin.as_deref()));
        codes.push("XX");
        for code in codes {
            let scanned = k
                .actors
                .iter()
                .position(|a| a.actor_type == "state" && a.origin.as_deref() == Some(code));
            assert_eq!(k.state_of(code), scanned, "{code}");
        }
    }

    #[test]
    fn embedded_files_load() {
        let k = Knowledge::embedded().unwrap();
        assert!(k.actors.len() >= 150, "{} actors", k.actors.len());
    }
}
