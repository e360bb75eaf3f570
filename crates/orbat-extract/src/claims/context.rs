//! A sentence as the claim finders see it: its entity mentions in order, the
//! stretches to skip (relative clauses, parentheses), and what pronouns and
//! shell nouns ("it", "these militias", "the town") refer to.

use crate::entities::Draft;
use crate::mentions::words::Word;
use orbat_report::{EntityType, Predicate};
use regex::Regex;
use std::sync::LazyLock;

/// What an argument slot accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// People, groups, forces, states, organisations.
    Actor,
    /// Places and facilities (and countries).
    Place,
    /// Actors that hold ground: groups, forces, states, not people (subjects of
    /// "controls", "positioned at", "headquartered in").
    Holder,
}

/// What earlier sentences make pronouns refer to.
#[derive(Debug, Default, Clone)]
pub struct References {
    /// The last sentence's leading non-person actor ("it", "the group").
    pub topic: Option<usize>,
    /// The last coordinated list of actors ("they", "these militias", "all of them").
    pub list: Vec<usize>,
    /// The last person ("he").
    pub person: Option<usize>,
    /// The last place below country level ("the town").
    pub place: Option<usize>,
    /// The paragraph's first non-person actor (for "Leader: X" lines).
    pub paragraph_topic: Option<usize>,
    /// Actors in order of their last mention, latest last ("the corps" finds the Africa Corps).
    pub recent: Vec<usize>,
}

impl References {
    /// Makes `self` a copy of `other`, reusing its lists' memory (a sentence reads the
    /// references as they were before it while updating them for the next).
    pub fn copy_from(&mut self, other: &References) {
        // Destructured, so that a new field cannot be left out.
        let References {
            topic,
            list,
            person,
            place,
            paragraph_topic,
            recent,
        } = other;
        self.topic = *topic;
        self.list.clone_from(list);
        self.person = *person;
        self.place = *place;
        self.paragraph_topic = *paragraph_topic;
        self.recent.clone_from(recent);
    }
}

/// Words after which a country is a place ("in Iraq"), not an actor.
const LOCATIVE_WORDS: [&str; 18] = [
    "in",
    "into",
    "across",
    "at",
    "near",
    "throughout",
    "of",
    "from",
    "to",
    "inside",
    "eastern",
    "western",
    "northern",
    "southern",
    "central",
    "within",
    "over",
    "on",
];

/// How far back (in words) the argument before a cue may end.
const LEFT_REACH: usize = 12;

/// Possessive determiners modify the noun after them; they stand for nothing on their own.
const POSSESSIVES: [&str; 4] = ["its", "their", "his", "her"];

const SINGULAR: [&str; 12] = [
    "it",
    "its",
    "the group",
    "the organization",
    "the organisation",
    "the movement",
    "the militia",
    "the force",
    "the faction",
    "the brigade",
    "the former",
    "the latter",
];
const PLURAL: [&str; 13] = [
    "they",
    "them",
    "their",
    "these militias",
    "those militias",
    "the militias",
    "these groups",
    "the groups",
    "all of them",
    "both of them",
    "these factions",
    "the factions",
    "these forces",
];
const PERSON: [&str; 4] = ["he", "his", "him", "she"];
const PLACE: [&str; 8] = [
    "the town",
    "the city",
    "the village",
    "the area",
    "the base",
    "the airport",
    "the site",
    "there",
];

/// Words that may follow "the former" / "the latter" used as a pronoun.
const AUXILIARIES: [&str; 13] = [
    "is", "was", "are", "were", "has", "had", "have", "remains", "also", "still", "now",
    "controls", "holds",
];

/// "all of which" after a list: the list.
const RELATIVE_LIST: [&str; 4] = [
    "all of which",
    "both of which",
    "each of which",
    "all of whom",
];
/// Shell phrases tested outside the lists above.
const OTHER_SHELLS: [&str; 1] = ["all"];

/// Which shell phrases occur in a stretch of text: one automaton pass for all of
/// them instead of one substring search per phrase.
struct ShellPhrases {
    /// Phrases found at word boundaries, with where each starts.
    bounded: Vec<(&'static str, usize)>,
    /// Whether a [`RELATIVE_LIST`] phrase occurs anywhere, even inside a word.
    relative_list_anywhere: bool,
}

static SHELL_AUTOMATON: LazyLock<(aho_corasick::AhoCorasick, Vec<&'static str>)> =
    LazyLock::new(|| {
        let phrases: Vec<&'static str> = SINGULAR
            .iter()
            .chain(&PLURAL)
            .chain(&PERSON)
            .chain(&PLACE)
            .chain(&RELATIVE_LIST)
            .chain(&OTHER_SHELLS)
            .copied()
            .collect();
        let automaton = aho_corasick::AhoCorasick::new(&phrases).expect("shell phrases compile");
        (automaton, phrases)
    });

impl ShellPhrases {
    fn find(lower: &str) -> Self {
        let (automaton, phrases) = &*SHELL_AUTOMATON;
        let mut found = ShellPhrases {
            bounded: Vec::new(),
            relative_list_anywhere: false,
        };
        for m in automaton.find_overlapping_iter(lower) {
            let phrase = phrases[m.pattern().as_usize()];
            found.relative_list_anywhere |= RELATIVE_LIST.contains(&phrase);
            if boundary(lower, m.start(), m.len()) {
                found.bounded.push((phrase, m.start()));
            }
        }
        found
    }

    /// Whether one of `phrases` occurs as whole words. (Few phrases are ever
    /// found in one stretch, so this loops over those.)
    fn has(&self, phrases: &[&str]) -> bool {
        self.bounded.iter().any(|(p, _)| phrases.contains(p))
    }

    /// Where the last of `phrases` found at word boundaries starts.
    fn last_at(&self, phrases: &[&str]) -> Option<usize> {
        self.bounded
            .iter()
            .filter(|(p, _)| phrases.contains(p))
            .map(|&(_, at)| at)
            .max()
    }
}

static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*\)?\s*(?:,\s*(?:the\s+)?(?:\p{Ll}{1,3}-)?\p{Lu}[\w'’-]*(?:\s+(?:al-)?\p{Lu}[\w'’-]*){0,3}\s*)?(?:,\s*)?(?:(?:and|or|as well as|&|plus|in addition to)\s+)?(?:both\s+|the\s+|its\s+|their\s+)?$",
    )
        .expect("list gap pattern compiles")
});
/// Between places of one list: "at Ain al-Asad and at Erbil airport", "in Iraq, most of them at X".
static PLACE_LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
    // A conjunction may bring its own preposition ("and at Erbil airport"); a bare
    // preposition is containment ("Jurf al-Sakhar in Babil province"), not a list.
    Regex::new(
        r"(?x)^\s*(?:
            ,?\s*(?:and|or|as\ well\ as|plus)\s+(?:(?:at|in|near|around)\s+)?
          | ,\s*(?:(?:most|many|some|all)\ of\ them\s+|mainly\s+|mostly\s+)(?:at|in|near|around)\s+
          | ,\s*
        )
        (?:the\s+)?(?:(?:northern|southern|eastern|western|central|nearby|border|port|coastal)\s+)*
        (?:(?:capital|city|town|village|province|governorate|district)\s+(?:of\s+)?)?$",
    )
    .expect("place list gap pattern compiles")
});

/// ", the " / ", a senior " / ", its former " between a person and an actor.
static APPOSITION_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s+(the|a|an|its|their)?\s*(?:(?:senior|top|former|veteran|local|field|deputy|overall|powerful|chief)\s+)*$")
        .expect("apposition pattern compiles")
});
/// The role noun right after the actor of an apposition.
static ROLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    // Adjectives first, so "chief negotiator" is a negotiator and "chief of staff" a chief.
    Regex::new(r"^(?:'s|’s|'|’)?\s+(?:(?:chief|senior|top|deputy|military|political|acting|former|field)\s+)*(commander|leader|chief|head|founder|secretary-general|spokesman|spokesperson|official|officer|member|fighter|operative|figure|envoy|representative|ideologue|emir|negotiator|adviser|advisor|financier|strategist)(?-u:\b)")
        .expect("role pattern compiles")
});
/// "'s long-time head, " between a group and a person.
static POSSESSIVE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:'s|’s|'|’)\s+(?:(?:long-time|longtime|former|new|current|top|senior|chief|military|overall|deputy)\s+)*(commander|leader|chief|head|founder|secretary-general|spokesman|spokesperson|official|officer|envoy|representative|negotiator)\s*,\s*$")
        .expect("possessive role pattern compiles")
});

/// "the head of the " right before a group's name.
static ROLE_OF_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:the|its|a|former|new)\s+(?:(?:top|overall|military|political|deputy|senior)\s+)*(commander|leader|head|chief|founder|secretary-general|spokesman|spokesperson|official)\s+(?:of|for|in)\s+(?:the\s+)?$")
        .expect("role-of pattern compiles")
});

/// Roles that lead what they are a role of.
const LEADER_ROLES: [&str; 6] = [
    "commander",
    "leader",
    "chief",
    "head",
    "founder",
    "secretary-general",
];

static SKIPPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ,\s+(?:which|who|whose|whom|where|(?:now\ |also\ |then\ )?[a-z]+ed|nicknamed|known|dubbed)(?-u:\b)[^,;]*  # relative and participial phrases
      | \([^)\s]*\s[^)]*\)                                   # parentheses of several words
      | ,\s+in\s+(?:the\s+)?[^,;]*(?:province|countryside|governorate|region|district|desert)(?-u:\b)  # , in the western Daraa countryside
      | ,\s+an?\s[^,;]*,                                       # , a Britain-based war monitor,
      | ,\s+the\s[^,;]*?(?:'s|’s|'|’)\s[^,;]*,                    # , the IRGC's external operations arm,
    ",
    )
    .expect("skip pattern compiles")
});

/// Between the head of a group apposition and its comma: nothing, or an acronym in parentheses.
static APPOSITION_HEAD_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\)|\([^()]{1,60}\))?\s*$").expect("apposition head gap compiles")
});

/// The last word of an entity's name, as "the corps" / "the brigades" compare it
/// (worked out once per document: shell nouns test it for every recent actor).
#[derive(Debug, Clone, Copy)]
pub struct NameTail<'a> {
    /// The name's last word ("Corps" of "Africa Corps").
    last: &'a str,
    /// That word without trailing s's ("Brigade" of "Brigades").
    singular: &'a str,
}

/// The name tails of a document's entities, with a sketch of them that tells at once
/// that most nouns after "the" ("the town", "the attack") end no name at all.
#[derive(Debug, Clone)]
pub struct NameTails<'a> {
    /// By entity.
    tails: Vec<NameTail<'a>>,
    /// The [`TailSketch::key`]s of the last words.
    lasts: TailSketch,
    /// The keys of the last words without their s's.
    singulars: TailSketch,
}

/// A set of words that may answer "perhaps" (a bit per hash of the word's length and
/// ASCII-folded first and last bytes): a word it lacks is in no way equal, ignoring
/// ASCII case, to one put in.
#[derive(Debug, Clone, Default)]
struct TailSketch([u64; 16]);

impl TailSketch {
    /// A hash of what `eq_ignore_ascii_case` keeps: equal words have equal keys.
    fn key(word: &str) -> usize {
        let bytes = word.as_bytes();
        let first = bytes.first().map_or(0, u8::to_ascii_lowercase) as usize;
        let last = bytes.last().map_or(0, u8::to_ascii_lowercase) as usize;
        (first * 31 + last * 7 + bytes.len()) % 1024
    }

    fn insert(&mut self, word: &str) {
        let k = Self::key(word);
        self.0[k / 64] |= 1 << (k % 64);
    }

    fn may_contain(&self, word: &str) -> bool {
        let k = Self::key(word);
        self.0[k / 64] & (1 << (k % 64)) != 0
    }
}

impl<'a> NameTails<'a> {
    /// The tails of `entities`' names, in the same order.
    pub fn of_all(entities: &'a [Draft]) -> NameTails<'a> {
        let mut lasts = TailSketch::default();
        let mut singulars = TailSketch::default();
        let tails = entities
            .iter()
            .map(|e| {
                let last = e.name.rsplit(' ').next().unwrap_or("");
                let singular = last.trim_end_matches(['s', 'S']);
                lasts.insert(last);
                singulars.insert(singular);
                NameTail { last, singular }
            })
            .collect();
        NameTails {
            tails,
            lasts,
            singulars,
        }
    }

    /// Whether some name may end with `noun` or, without its s's, with `singular`
    /// (false: none does).
    fn may_end_a_name(&self, noun: &str, singular: &str) -> bool {
        self.lasts.may_contain(noun) || self.singulars.may_contain(singular)
    }
}

/// One sentence with its mentions, for the claim finders.
pub struct SentenceView<'a> {
    /// First byte of the sentence.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    doc_text: &'a str,
    /// The document with ASCII letters lower-cased (same byte offsets): cue phrases,
    /// written in lower case, run over it without case folding, which keeps their
    /// automata small.
    doc_lower: &'a str,
    /// (start, end, entity) of each mention, in order.
    pub mentions: Vec<(usize, usize, usize)>,
    entities: &'a [Draft],
    /// The last word of each entity's name (see [`NameTails::of_all`]).
    name_tails: &'a NameTails<'a>,
    words: &'a [Word<'a>],
    refs: &'a References,
    skipped: Vec<(usize, usize)>,
    /// Where the sentence's hyphenated compounds ("Iran-aligned") end: most sentences
    /// have none, and every argument search asks whether a mention heads one.
    compound_ends: Vec<usize>,
}

impl<'a> SentenceView<'a> {
    /// A view of the sentence `start..end`.
    pub fn new(
        (doc_text, doc_lower): (&'a str, &'a str),
        (start, end): (usize, usize),
        mut mentions: Vec<(usize, usize, usize)>,
        (entities, name_tails): (&'a [Draft], &'a NameTails<'a>),
        words: &'a [Word<'a>],
        refs: &'a References,
    ) -> Self {
        mentions.sort();
        let skipped = SKIPPED
            .find_iter(&doc_text[start..end])
            .map(|m| (start + m.start(), start + m.end()))
            .collect();
        SentenceView {
            start,
            end,
            doc_text,
            doc_lower,
            mentions,
            entities,
            name_tails,
            words,
            refs,
            skipped,
            compound_ends: words
                .iter()
                .filter(|w| w.compound.is_some())
                .map(|w| w.end)
                .collect(),
        }
    }

    /// The sentence text.
    pub fn text(&self) -> &'a str {
        &self.doc_text[self.start..self.end]
    }

    /// The sentence with ASCII letters lower-cased, byte for byte.
    pub fn lower(&self) -> &'a str {
        &self.doc_lower[self.start..self.end]
    }

    /// Any stretch of the document.
    pub fn doc_text(&self, s: usize, e: usize) -> &'a str {
        &self.doc_text[s..e]
    }

    /// Whether `s..e` overlaps a mention at all.
    pub fn overlaps_mention(&self, s: usize, e: usize) -> bool {
        self.mentions.iter().any(|&(ms, me, _)| s < me && ms < e)
    }

    /// Whether `s..e` lies inside a mention.
    pub fn inside_mention(&self, s: usize, e: usize) -> bool {
        self.mentions.iter().any(|&(ms, me, _)| ms <= s && e <= me)
    }

    fn suits(&self, entity: usize, slot: Slot) -> bool {
        let t = self.entities[entity].etype;
        match slot {
            Slot::Actor => t.is_actor(),
            Slot::Holder => t.is_actor() && t != EntityType::Person,
            Slot::Place => {
                matches!(t, EntityType::Location | EntityType::Facility)
                    || (t == EntityType::State && self.entities[entity].geo.is_some())
            }
        }
    }

    /// Whether this mention can fill the slot: a country is a place only after a
    /// locative word ("in Iraq"), otherwise it acts ("U.S. aircraft bombed").
    fn mention_suits(&self, m: &(usize, usize, usize), slot: Slot) -> bool {
        if !self.suits(m.2, slot) {
            return false;
        }
        if self.entities[m.2].etype != EntityType::State {
            return true;
        }
        // A country after a locative word is a place ("in Iraq"); elsewhere it acts.
        let locative = self.after_locative(m.0);
        match slot {
            Slot::Place => locative,
            Slot::Actor | Slot::Holder => !locative,
        }
    }

    /// Whether the word before `pos` puts what follows in a place slot; the members of
    /// a list share its first member's ("in Iraq and Syria").
    pub fn after_locative(&self, pos: usize) -> bool {
        let mut pos = pos;
        for _ in 0..6 {
            let before = self.doc_lower[self.start..pos].trim_end();
            let last = before
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            if LOCATIVE_WORDS.contains(&last) {
                return true;
            }
            let joined = before.ends_with(',') || matches!(last, "and" | "or");
            let previous = self.mentions.iter().rev().find(|m| {
                m.1 <= pos && {
                    let gap = self.doc_text[m.1..pos].trim();
                    matches!(gap, "," | "and" | ", and" | "or" | ", or")
                }
            });
            match previous {
                Some(m) if joined => pos = m.0,
                _ => return false,
            }
        }
        false
    }

    fn skipped_between(&self, pos: usize, cue: usize) -> bool {
        self.skipped
            .iter()
            .any(|&(s, e)| s <= pos && pos < e && !(s <= cue && cue < e))
    }

    /// Arguments before the cue at `cs`: the nearest suitable mention and the list it ends, or what a pronoun refers to.
    pub fn left_args(&self, cs: usize, slot: Slot, reach: usize) -> Vec<usize> {
        // Inside "X, led by Y and deployed at Z," or "X, which ...": the phrase is about X.
        if let Some(&(rs, _)) = self
            .skipped
            .iter()
            .find(|&&(s, e)| s <= cs && cs < e && self.doc_text[s..].starts_with(','))
        {
            let inner_left = self.mentions.iter().any(|m| {
                m.0 > rs && m.1 <= cs && self.mention_suits(m, slot) && !self.is_modifier(m)
            });
            let passive_object = slot == Slot::Place || !inner_left;
            if passive_object || self.doc_text[rs..cs].contains(" and ") {
                // "X, who ...": the antecedent is right before; "X, led by Y and ...": the head before any phrase.
                let relative = self.doc_text[rs..]
                    .trim_start_matches([',', ' '])
                    .starts_with(['w', 'W']);
                let person_wanted = self.doc_text[rs..]
                    .trim_start_matches([',', ' '])
                    .starts_with("who");
                // "who" is a person ("X, who is based in Muscat": then no ground is held)
                // or a group of people ("The Houthis, who control Sanaa").
                let antecedent = self.mentions.iter().rev().find(|m| {
                    m.1 <= rs
                        && !self.is_modifier(m)
                        && !self.skipped.iter().any(|&(s, e)| s <= m.0 && m.0 < e)
                });
                // "P, the Houthis' chief negotiator, who ...": a person just before is meant.
                let person_close = self.mentions.iter().rev().any(|m| {
                    m.1 <= rs
                        && self.entities[m.2].etype == EntityType::Person
                        && self.words_between(m.1, rs) <= 6
                });
                let person_before = antecedent
                    .is_some_and(|m| self.entities[m.2].etype == EntityType::Person)
                    || person_wanted && person_close;
                if person_wanted && person_before && slot == Slot::Holder {
                    return Vec::new();
                }
                let outer = self
                    .mentions
                    .iter()
                    .enumerate()
                    .rev()
                    .filter(|(_, m)| {
                        m.1 <= rs && !self.is_modifier(m) && self.mention_suits(m, slot)
                    })
                    .filter(|(_, m)| {
                        !(person_wanted && person_before)
                            || self.entities[m.2].etype == EntityType::Person
                    })
                    .find(|(_, m)| {
                        relative || !self.skipped.iter().any(|&(s, e)| s <= m.0 && m.0 < e)
                    });
                // "the coalition, which ...": a relative clause's antecedent stands right
                // before it; a name further back is not it.
                let adjacent = |m: &(usize, usize, usize)| {
                    !relative || self.words_outside_skipped(m.1, rs) <= 1
                };
                if let Some((k, m)) = outer.filter(|(_, m)| adjacent(m)) {
                    // "A, B and C, whose armed wing is ...": "whose" is the last one's.
                    if self.doc_text[rs..]
                        .trim_start_matches([',', ' '])
                        .starts_with("whose")
                    {
                        return vec![m.2];
                    }
                    return self.list_around(k, slot, false);
                }
                // "The brigade, which is led by X and answers to Y": a shell noun heads it.
                if let Some(r) = self.shell(self.word_start_before(rs, 3), rs, slot) {
                    return r;
                }
                // A relative clause is about its antecedent or nothing named.
                if relative {
                    return Vec::new();
                }
            }
        }
        // The clause: a semicolon ends what came before ("Sponsors: X; trained by Y").
        let clause_start = self.doc_text[self.start..cs]
            .rfind(';')
            .map(|k| self.start + k + 1)
            .unwrap_or(self.start);
        let nearest = self
            .mentions
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, m)| !self.is_modifier(m) && m.0 >= clause_start)
            .find(|(_, m)| {
                m.1 <= cs && self.mention_suits(m, slot) && !self.skipped_between(m.0, cs)
            });
        // Tight cues ("Quds Force commander X") take only what touches them; others reach 12 words back.
        let max_back = if reach > 1 { LEFT_REACH } else { 0 };
        // Relative clauses and appositions in between do not count ("X, led by Y and
        // deployed at Z, now takes its orders from ...").
        let nearest =
            nearest.filter(|(_, &(_, e, _))| self.words_outside_skipped(e, cs) <= max_back);
        // A tight cue's pronoun stands right before it ("after its leader, X"); a
        // clause's pronoun does not reach back past a semicolon.
        let shell_from = match nearest {
            Some((_, &(_, e, _))) => e,
            None if max_back == 0 => self.word_start_before(cs, 3),
            None => self.start,
        }
        .max(clause_start);
        // "took Busra al-Sham: the town remains ...": a place named in the clause is
        // nearer than the last sentence's.
        let place_named = slot == Slot::Place && nearest.is_some();
        if let Some(r) = self.shell(shell_from, cs, slot).filter(|_| !place_named) {
            return r;
        }
        match nearest {
            Some((k, _)) => self.list_around(k, slot, false),
            None => {
                let colon_cue = self.doc_text[cs..]
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.ends_with(':'));
                // Only after a semicolon: "Sponsors: X; trained by Y".
                let clause_initial =
                    clause_start > self.start && self.doc_text[clause_start..cs].trim().is_empty();
                if slot != Slot::Place && (colon_cue || clause_initial) {
                    self.refs.paragraph_topic.into_iter().collect()
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// Arguments after the cue ending at `ce`, within `reach` words.
    pub fn right_args(&self, ce: usize, slot: Slot, reach: usize) -> Vec<usize> {
        // A country right after the cue is the cue's argument, even when the cue ends
        // with a preposition ("draw salaries from Iran", "answers to Tehran").
        let cue_word = self.doc_text[self.start..ce]
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let touches_cue = |m: &(usize, usize, usize)| {
            slot != Slot::Place
                && matches!(cue_word, "from" | "to" | "with" | "of" | "by")
                && self.suits(m.2, slot)
                && matches!(self.doc_lower[ce..m.0].trim(), "" | "the")
        };
        let first = self.mentions.iter().enumerate().find(|(_, m)| {
            m.0 >= ce
                && self.words_between(ce, m.0) <= reach
                && (self.mention_suits(m, slot) || touches_cue(m))
                && !self.is_modifier(m)
        });
        match first {
            Some((k, &(s, _, _))) => {
                // "answer to its secretary-general, X": "its" modifies; X is the argument.
                if let Some(r) = self.shell_without_possessives(ce, s, slot) {
                    return r;
                }
                self.list_around(k, slot, true)
            }
            None => {
                let limit = self
                    .words
                    .iter()
                    .filter(|w| w.start >= ce)
                    .nth(reach)
                    .map(|w| w.start)
                    .unwrap_or(self.end);
                self.shell(ce, limit, slot).unwrap_or_default()
            }
        }
    }

    /// A name that only modifies another: a possessive ("Lebanon's Hezbollah") or the
    /// head of a compound ("Iran-aligned militias"), which the compound rules read.
    pub fn is_modifier(&self, m: &(usize, usize, usize)) -> bool {
        self.heads_compound(m) || self.owns_next_actor(m)
    }

    /// Whether the mention is the head of a hyphenated compound ("Iran-aligned").
    fn heads_compound(&self, m: &(usize, usize, usize)) -> bool {
        self.compound_ends.contains(&m.1)
    }

    /// Whether the mention is a possessive before an actor's name ("Lebanon's Hezbollah").
    fn owns_next_actor(&self, m: &(usize, usize, usize)) -> bool {
        let after = &self.doc_text[m.1..self.end];
        let Some(rest) = after
            .strip_prefix("'s ")
            .or_else(|| after.strip_prefix("’s "))
        else {
            return false;
        };
        let next_start = m.1 + after.len() - rest.len();
        self.mentions
            .iter()
            .any(|n| n.0 == next_start && self.entities[n.2].etype.is_actor())
    }

    /// Where the `n`th word before `pos` starts (the sentence start if there are fewer).
    fn word_start_before(&self, pos: usize, n: usize) -> usize {
        self.words
            .iter()
            .rev()
            .filter(|w| w.end <= pos && !w.punct && w.start >= self.start)
            .nth(n - 1)
            .map(|w| w.start)
            .unwrap_or(self.start)
    }

    /// Words in `s..e` outside the skipped stretches that do not reach `e`.
    fn words_outside_skipped(&self, s: usize, e: usize) -> usize {
        self.words
            .iter()
            .filter(|w| w.start >= s && w.end <= e && !w.punct)
            .filter(|w| !self.skipped_between(w.start, e))
            .count()
    }

    fn words_between(&self, s: usize, e: usize) -> usize {
        self.words
            .iter()
            .filter(|w| w.start >= s && w.end <= e && !w.punct)
            .count()
    }

    /// The members of the coordinated list that mention `k` belongs to, going one way.
    /// Relative clauses and appositions between members are passed over ("A, which
    /// runs X, B and C"; "A (AA), a group led by P, and B"), and so is an acronym in
    /// parentheses after its member ("the Local Defence Forces (LDF), the ...").
    fn list_around(&self, k: usize, slot: Slot, rightwards: bool) -> Vec<usize> {
        let mut out = vec![self.mentions[k].2];
        let home = self.mentions[k].0;
        // A clause's subject right after its relative word may open a list ("X, which
        // Turkey, the US and the EU list as ...").
        let aside = |m: &(usize, usize, usize)| {
            self.skipped.iter().any(|&(s, e)| {
                s <= m.0
                    && m.1 <= e
                    && !(s <= home && home < e)
                    && !matches!(
                        self.doc_text[s..m.0].trim_matches([',', ' ']),
                        "which" | "who" | "whom"
                    )
            })
        };
        let mut i = k;
        let mut next = k;
        loop {
            next = if rightwards {
                next + 1
            } else {
                next.wrapping_sub(1)
            };
            let Some(&(ns, ne, ent)) = self.mentions.get(next) else {
                break;
            };
            if aside(&self.mentions[next]) {
                continue;
            }
            let (cur_s, cur_e, cur_ent) = self.mentions[i];
            let (gs, ge) = if rightwards { (cur_e, ns) } else { (ne, cur_s) };
            // Nested or overlapping mentions are no list.
            if gs > ge {
                break;
            }
            let gap = self.without_skipped(gs, ge);
            if ent == cur_ent && gap.trim() == "(" {
                i = next;
                continue;
            }
            // The cheap test first: the gap patterns are regexes.
            if !self.suits(ent, slot) {
                break;
            }
            let gap_ok =
                LIST_GAP.is_match(&gap) || slot == Slot::Place && PLACE_LIST_GAP.is_match(&gap);
            if !gap_ok || self.is_modifier(&self.mentions[next]) {
                break;
            }
            if !out.contains(&ent) {
                out.push(ent);
            }
            i = next;
        }
        out
    }

    /// The text of `s..e` without the skipped stretches (relative clauses, appositions) inside it.
    fn without_skipped(&self, s: usize, e: usize) -> std::borrow::Cow<'a, str> {
        let inside: Vec<(usize, usize)> = self
            .skipped
            .iter()
            .copied()
            .filter(|&(ks, ke)| s <= ks && ke <= e)
            .collect();
        if inside.is_empty() {
            return std::borrow::Cow::Borrowed(&self.doc_text[s..e]);
        }
        let mut out = String::new();
        let mut pos = s;
        for (ks, ke) in inside {
            out.push_str(&self.doc_text[pos..ks]);
            pos = ke;
        }
        out.push_str(&self.doc_text[pos..e]);
        std::borrow::Cow::Owned(out)
    }

    fn shell_without_possessives(&self, s: usize, e: usize, slot: Slot) -> Option<Vec<usize>> {
        let lower = &self.doc_lower[s..e];
        // "the city of Albukamal" names the place; "the city" is no shell there.
        if lower.trim_end().ends_with(" of") || lower.trim_end() == "of" {
            return None;
        }
        let only_possessive = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| {
                !SINGULAR.contains(&w) && !PLURAL.contains(&w) && !PERSON.contains(&w)
                    || POSSESSIVES.contains(&w)
            });
        if only_possessive && !lower.contains("the ") {
            return None;
        }
        self.shell(s, e, slot)
    }

    /// A list of two or more actors in this sentence that ends before `pos` ("..., all of which").
    fn list_before(&self, pos: usize) -> Option<Vec<usize>> {
        let last = self.mentions.iter().rposition(|m| m.1 <= pos)?;
        let list = self.list_around(last, Slot::Actor, false);
        (list.len() >= 2).then_some(list)
    }

    /// The longest list of two or more actors in this sentence before `pos`
    /// ("X, Y and Z draw salaries from Iran and all answer to ...").
    fn longest_list_before(&self, pos: usize) -> Option<Vec<usize>> {
        (0..self.mentions.len())
            .filter(|&k| self.mentions[k].1 <= pos)
            .map(|k| self.list_around(k, Slot::Actor, true))
            .filter(|l| l.len() >= 2 && l.iter().all(|&e| self.entities[e].etype.is_actor()))
            .max_by_key(|l| l.len())
    }

    /// The antecedent of a relative clause that the cue at `cs` stands in, when the
    /// clause's own subject comes first ("the PKK, which Turkey and the US list as ...").
    pub fn relative_antecedent(&self, cs: usize) -> Vec<usize> {
        let before = &self.doc_text[self.start..cs];
        let Some(k) = [", which ", ", whom "]
            .iter()
            .filter_map(|r| before.rfind(r))
            .max()
        else {
            return Vec::new();
        };
        let comma = self.start + k;
        self.mentions
            .iter()
            .rev()
            .find(|m| {
                m.1 <= comma
                    && self.doc_text[m.1..comma]
                        .trim_matches([' ', ')'])
                        .is_empty()
                    && !self.is_modifier(m)
            })
            .map(|m| vec![m.2])
            .unwrap_or_default()
    }

    /// Whether a site noun ("positions", "sites", "bases") stands within a few words before the places.
    pub fn sites_before(&self, places: &[usize]) -> bool {
        let Some(first) = self.mentions.iter().find(|m| places.contains(&m.2)) else {
            return false;
        };
        let before: Vec<&Word> = self
            .words
            .iter()
            .filter(|w| w.end <= first.0 && !w.punct)
            .collect();
        before.iter().rev().take(4).any(|w| {
            matches!(
                w.text.to_lowercase().as_str(),
                "positions"
                    | "position"
                    | "sites"
                    | "site"
                    | "bases"
                    | "base"
                    | "posts"
                    | "checkpoints"
                    | "outposts"
                    | "depots"
            )
        })
    }

    /// The referent of a pronoun or shell noun in `s..e`, if one is there.
    fn shell(&self, s: usize, e: usize, slot: Slot) -> Option<Vec<usize>> {
        if s >= e {
            return None;
        }
        let lower = &self.doc_lower[s..e];
        let found = ShellPhrases::find(lower);
        if found.relative_list_anywhere {
            if let Some(list) = self.list_before(s) {
                return Some(list);
            }
        }
        let has = |phrases: &[&str]| found.has(phrases);
        // "A and B ... The former, ...; the latter ...": the first or last of the last list.
        if slot != Slot::Place {
            for (phrase, first) in [("the former", true), ("the latter", false)] {
                let Some(at) = found.last_at(&[phrase]) else {
                    continue;
                };
                let next = lower[at + phrase.len()..].trim_start();
                let next_word = next
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("");
                // "the former commander" is an adjective, not a back reference.
                if !(next.starts_with([',', ';'])
                    || next.is_empty()
                    || AUXILIARIES.contains(&next_word))
                {
                    continue;
                }
                let list = self
                    .longest_list_before(s + at)
                    .unwrap_or_else(|| self.refs.list.clone());
                let member = if first { list.first() } else { list.last() };
                if let Some(&m) = member {
                    return Some(vec![m]);
                }
            }
        }
        // "the corps", "the brigade": the latest actor whose name ends with that word.
        if slot != Slot::Place {
            if let Some(ent) = self.head_noun_referent(lower) {
                return Some(vec![ent]);
            }
        }
        // A singular pronoun after an actor of the same sentence: "its" is the nearest
        // ("the Wagner Group after its leader"), a clause-initial "it" the sentence's subject
        // ("The Fifth Military Region ... faces X; it is commanded by ...").
        if let Some(at) = found
            .last_at(&["it", "its"])
            .filter(|_| slot != Slot::Place)
        {
            // Only what comes before the pronoun itself can be its antecedent.
            let pronoun = s + at;
            let candidate = |m: &&(usize, usize, usize)| {
                m.1 <= pronoun
                    && !self.skipped_between(m.0, pronoun)
                    && self.entities[m.2].etype.is_actor()
                    && self.entities[m.2].etype != EntityType::Person
                    && !self.is_modifier(m)
                    && !self.is_attributive(m)
            };
            let before = if has(&["its"]) {
                self.mentions.iter().rev().find(candidate)
            } else {
                self.mentions.iter().find(candidate)
            };
            if let Some(m) = before {
                return Some(vec![m.2]);
            }
        }
        match slot {
            Slot::Place => has(&PLACE).then(|| self.refs.place.into_iter().collect()),
            Slot::Actor | Slot::Holder => {
                if has(&PLURAL) || has(&["all"]) {
                    if let Some(list) = self.longest_list_before(s) {
                        return Some(list);
                    }
                }
                if has(&PLURAL) && !self.refs.list.is_empty() {
                    Some(self.refs.list.clone())
                } else if has(&[
                    "the group",
                    "the organization",
                    "the organisation",
                    "the movement",
                    "the faction",
                ]) {
                    // In a brief's entry, "the group" is the entry's subject.
                    self.refs
                        .paragraph_topic
                        .or(self.refs.topic)
                        .map(|t| vec![t])
                } else if has(&SINGULAR) || has(&PLURAL) {
                    self.refs.topic.map(|t| vec![t])
                } else if has(&PERSON) {
                    self.refs.person.map(|p| vec![p])
                } else {
                    None
                }
            }
        }
    }

    /// A name used as an adjective before a plural noun ("PMF brigades", "Hezbollah fighters").
    fn is_attributive(&self, m: &(usize, usize, usize)) -> bool {
        let next = self.words.iter().find(|w| w.start >= m.1 && !w.punct);
        next.is_some_and(|w| {
            w.start == m.1 + 1
                && w.text.chars().next().is_some_and(char::is_lowercase)
                && w.text.ends_with('s')
                && w.text.len() > 3
        })
    }

    /// "the corps" / "the brigade" / "the group": the latest actor whose name ends with the noun.
    fn head_noun_referent(&self, lower: &str) -> Option<usize> {
        for noun in nouns_after_the(lower) {
            if matches!(
                noun,
                "group"
                    | "militia"
                    | "force"
                    | "organization"
                    | "organisation"
                    | "movement"
                    | "faction"
            ) {
                continue; // generic shells: the topic rules handle them
            }
            let singular = noun
                .strip_suffix('s')
                .filter(|_| noun != "corps")
                .unwrap_or(noun);
            if !self.name_tails.may_end_a_name(noun, singular) {
                continue;
            }
            let found = self.refs.recent.iter().rev().copied().find(|&e| {
                // The name's last word, compared without lower-casing the name: the
                // noun is ASCII.
                let tail = &self.name_tails.tails[e];
                tail.last.eq_ignore_ascii_case(noun) || tail.singular.eq_ignore_ascii_case(singular)
            });
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// Where a negation before the cue at `cs` still scopes over it: three words
    /// before the nearest mention on its left (or the sentence start).
    pub fn negation_scope_start(&self, cs: usize) -> usize {
        // A negation does not reach past a colon or semicolon ("they do not control
        // X: the town remains in the hands of Y").
        let clause_start = self.doc_text[self.start..cs]
            .rfind([':', ';'])
            .map(|k| self.start + k + 1)
            .unwrap_or(self.start);
        self.negation_arg_scope(cs).max(clause_start)
    }

    fn negation_arg_scope(&self, cs: usize) -> usize {
        let Some(arg) = self
            .mentions
            .iter()
            .filter(|m| m.1 <= cs)
            .map(|m| m.0)
            .next_back()
        else {
            return self.start;
        };
        let before: Vec<&Word> = self
            .words
            .iter()
            .filter(|w| w.end <= arg && !w.punct)
            .collect();
        before
            .len()
            .checked_sub(3)
            .map(|k| before[k].start)
            .unwrap_or(self.start)
    }

    /// Entities of the given contract types mentioned in the sentence (or the paragraph topic).
    pub fn entities_of_types(&self, types: &[String]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for &(_, _, ent) in &self.mentions {
            if types.iter().any(|t| t == self.entities[ent].etype.as_str()) && !out.contains(&ent) {
                out.push(ent);
            }
        }
        if out.is_empty() && types.iter().any(|t| t == "armed_group") {
            out.extend(self.refs.paragraph_topic);
        }
        out
    }

    /// Roles in apposition to a person: "X, the PMF chief of staff" and "X, the DMC
    /// commander" (commands), "X, a senior KH commander" and "X, an LNA spokesman" (member_of).
    pub fn appositive_roles(&self) -> Vec<super::relations::Found> {
        let mut out = Vec::new();
        for (k, p) in self.mentions.iter().enumerate() {
            if self.entities[p.2].etype != EntityType::Person {
                continue;
            }
            let Some(a) = self.mentions.get(k + 1) else {
                continue;
            };
            let armed = matches!(
                self.entities[a.2].etype,
                EntityType::ArmedGroup | EntityType::StateForce | EntityType::Organization
            );
            let Some(between) = self.doc_text.get(p.1..a.0) else {
                continue;
            };
            let Some(caps) = APPOSITION_LEAD.captures(between) else {
                continue;
            };
            let after = &self.doc_text[a.1..self.end];
            let Some(role) = ROLE_AFTER.captures(after) else {
                continue;
            };
            if !armed {
                continue;
            }
            let indefinite = caps.get(1).is_some_and(|d| d.as_str().starts_with('a'));
            out.push(role_relation(p.2, &role[1], !indefinite, a.2, (p.0, a.1)));
        }
        out
    }

    /// Group appositions ("X, an SDF component", "X, the group's elite unit", "X, a unit
    /// of Y", "PLACE, a US outpost"): `regex` finds the apposition after a comma, the
    /// head is the name right before the comma, the owner is named in the phrase, after
    /// its "of", or what its possessive pronoun or shell noun refers to.
    pub fn group_appositions(
        &self,
        regex: &Regex,
        roles: &[super::relations::AppositionRole],
    ) -> Vec<super::relations::Found> {
        let mut out = Vec::new();
        let text = self.text();
        for caps in regex.captures_iter(text) {
            let (Some(whole), Some(noun)) = (caps.get(0), caps.name("noun")) else {
                continue;
            };
            let key = noun
                .as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let Some(role) = roles.iter().find(|r| r.noun == key) else {
                continue;
            };
            let comma = self.start + whole.start();
            let np_start = caps
                .name("det")
                .or(caps.name("mods"))
                .map_or(noun.start(), |m| m.start());
            let (np_start, noun_start) = (self.start + np_start, self.start + noun.start());
            let mods = caps.name("mods").map_or("", |m| m.as_str());
            // Without a determiner, the phrase opens with a possessive name ("Hezbollah's elite unit").
            if caps.name("det").is_none()
                && !mods.split_whitespace().next().is_some_and(|w| {
                    w.ends_with(['\'', '’']) || w.ends_with("'s") || w.ends_with("’s")
                })
            {
                continue;
            }
            // The head: the name right before the comma (an acronym in parentheses may follow it).
            let Some(head) = self
                .mentions
                .iter()
                .rev()
                .find(|m| m.1 <= comma)
                .filter(|m| APPOSITION_HEAD_GAP.is_match(&self.doc_text[m.1..comma]))
                .filter(|m| !self.is_modifier(m))
            else {
                continue;
            };
            let head_type = self.entities[head.2].etype;
            let head_ok = if role.head_place {
                matches!(head_type, EntityType::Location | EntityType::Facility)
            } else {
                head_type != EntityType::Person && self.mention_suits(head, Slot::Holder)
            };
            if !head_ok {
                continue;
            }
            let owner_ok = |m: &(usize, usize, usize), possessive: bool| {
                let t = self.entities[m.2].etype;
                t.is_actor()
                    && t != EntityType::Person
                    && m.2 != head.2
                    // "an Iraqi faction" says where from; "Iran's unit", "a US outpost" whose.
                    && (t != EntityType::State || possessive || role.head_place)
            };
            let possessive_at = |m: &(usize, usize, usize)| {
                let after = &self.doc_text[m.1..self.end];
                after.starts_with(['\'', '’'])
            };
            // The owner after "of" ("a unit of the PMF", "the external arm of Iran's IRGC").
            let of_owner = caps.name("of").and_then(|_| {
                let from = self.start + whole.end();
                self.mentions
                    .iter()
                    .filter(|m| m.0 >= from && self.words_between(from, m.0) <= 2)
                    .filter(|m| !self.is_modifier(m) || !possessive_at(m))
                    .find(|m| owner_ok(m, true))
                    .map(|m| vec![m.2])
            });
            // A name in the phrase ("an SDF component", "the IRGC's external operations arm"),
            // not the head of a compound ("an Iran-backed faction" says who backs it).
            let named_owner = || {
                self.mentions
                    .iter()
                    .rev()
                    .filter(|m| m.0 >= np_start && m.1 <= noun_start)
                    .filter(|m| !self.heads_compound(m))
                    .find(|m| owner_ok(m, possessive_at(m)))
                    .map(|m| vec![m.2])
            };
            // "its armed wing": the nearest group before the head, else the topic;
            // "the group's elite unit": what the shell noun refers to.
            let shell_owner = || {
                let det = caps.name("det").map(|d| d.as_str().to_lowercase());
                if matches!(det.as_deref(), Some("its" | "their")) {
                    let before = self
                        .mentions
                        .iter()
                        .rev()
                        .filter(|m| m.1 <= head.0 && !self.is_modifier(m))
                        .find(|m| owner_ok(m, true))
                        .map(|m| m.2)
                        .or(self.refs.topic.filter(|&t| t != head.2));
                    return before.map(|t| vec![t]);
                }
                let lower = &self.doc_lower[np_start..noun_start];
                if !lower.contains("'s ") && !lower.contains("’s ") && !lower.contains("s' ") {
                    return None;
                }
                let groupish = |e: usize| {
                    matches!(
                        self.entities[e].etype,
                        EntityType::ArmedGroup | EntityType::StateForce | EntityType::Organization
                    )
                };
                let resolved = self
                    .shell(np_start, noun_start, Slot::Actor)
                    .map(|v| v.into_iter().filter(|&e| e != head.2).collect::<Vec<_>>())
                    .filter(|v| !v.is_empty())?;
                // "the group's" is a group: when the topic is a country ("an Israeli drone
                // struck ..."), the latest group named is meant.
                if resolved.iter().all(|&e| groupish(e)) {
                    return Some(resolved);
                }
                self.refs
                    .recent
                    .iter()
                    .rev()
                    .copied()
                    .find(|&e| e != head.2 && self.entities[e].etype == EntityType::ArmedGroup)
                    .map(|e| vec![e])
            };
            let Some(owners) = of_owner.or_else(named_owner).or_else(shell_owner) else {
                continue;
            };
            for owner in owners {
                let (subject, object) = if role.head_place {
                    (owner, head.2)
                } else {
                    (head.2, owner)
                };
                if subject != object {
                    out.push(super::relations::Found {
                        subject,
                        predicate: role.predicate,
                        object,
                        cue: (comma, self.start + noun.end()),
                    });
                }
            }
        }
        out
    }

    /// "its Security Office", "their Quds Force": a group or force named right after a
    /// possessive pronoun is part of what the pronoun refers to (the nearest group or
    /// force before it in the sentence, else the topic). "their Hezbollah allies" names
    /// no part: a name used as an adjective is passed over.
    pub fn possessive_pronoun_parts(&self) -> Vec<super::relations::Found> {
        let mut out = Vec::new();
        let part_type = |t: EntityType| {
            matches!(
                t,
                EntityType::ArmedGroup | EntityType::StateForce | EntityType::Organization
            )
        };
        for m in &self.mentions {
            if !part_type(self.entities[m.2].etype) {
                continue;
            }
            // The pronoun first: few mentions follow one, and the modifier tests read
            // every word. (A word that lower-cases to "its" or "their" is ASCII.)
            let Some(pronoun) = self
                .words
                .iter()
                .rev()
                .find(|w| w.end <= m.0 && w.start >= self.start && !w.punct)
                .filter(|w| self.doc_text[w.end..m.0].trim().is_empty())
                .filter(|w| {
                    w.text.eq_ignore_ascii_case("its") || w.text.eq_ignore_ascii_case("their")
                })
            else {
                continue;
            };
            if self.is_modifier(m) || self.is_attributive(m) {
                continue;
            }
            let whole = self
                .mentions
                .iter()
                .rev()
                .filter(|n| n.1 <= pronoun.start && n.2 != m.2)
                .filter(|n| !self.is_modifier(n) && !self.is_attributive(n))
                .find(|n| {
                    let t = self.entities[n.2].etype;
                    (part_type(t) || t == EntityType::State) && self.mention_suits(n, Slot::Holder)
                })
                .map(|n| n.2)
                .or(self.refs.topic.filter(|&t| t != m.2));
            if let Some(whole) = whole {
                out.push(super::relations::Found {
                    subject: m.2,
                    predicate: Predicate::MemberOf,
                    object: whole,
                    cue: (pronoun.start, m.1),
                });
            }
        }
        out
    }

    /// "Unit 4400's long-time head, Mohammed Jaafar Qasir": a group's role in apposition
    /// to the person after it.
    pub fn possessive_roles(&self) -> Vec<super::relations::Found> {
        let mut out = Vec::new();
        for (k, a) in self.mentions.iter().enumerate() {
            if !matches!(
                self.entities[a.2].etype,
                EntityType::ArmedGroup | EntityType::StateForce | EntityType::Organization
            ) {
                continue;
            }
            let Some(p) = self.mentions.get(k + 1) else {
                continue;
            };
            if self.entities[p.2].etype != EntityType::Person {
                continue;
            }
            let Some(between) = self.doc_text.get(a.1..p.0) else {
                continue;
            };
            let Some(caps) = POSSESSIVE_ROLE.captures(between) else {
                continue;
            };
            out.push(role_relation(p.2, &caps[1], true, a.2, (a.0, p.1)));
        }
        out
    }

    /// "The head of the Badr Organization, Hadi al-Amiri": a role of a group, then the person.
    pub fn role_of_then_person(&self) -> Vec<super::relations::Found> {
        let mut out = Vec::new();
        for (k, a) in self.mentions.iter().enumerate() {
            let Some(p) = self.mentions.get(k + 1) else {
                continue;
            };
            if self.entities[p.2].etype != EntityType::Person
                || !self.entities[a.2].etype.is_actor()
            {
                continue;
            }
            let comma = self.doc_text.get(a.1..p.0).is_some_and(|g| g.trim() == ",");
            let before = &self.doc_lower[self.start..a.0];
            let Some(caps) = ROLE_OF_BEFORE.captures(before) else {
                continue;
            };
            if comma {
                out.push(role_relation(p.2, &caps[1], true, a.2, (a.0, p.1)));
            }
        }
        out
    }

    /// Relations stated by possessives: "Khalifa Haftar's Libyan National Army" (commands),
    /// "Hezbollah's Radwan Force" (member_of), "Iran's Revolutionary Guards" (member_of).
    pub fn possessives(&self) -> Vec<super::relations::Found> {
        let mut out = Vec::new();
        for m in &self.mentions {
            // A possessive, not the head of a compound (which `compounds` reads).
            if !self.owns_next_actor(m) || self.heads_compound(m) {
                continue;
            }
            let after = &self.doc_text[m.1..self.end];
            let skip = after.len() - after.trim_start_matches(['\'', '’', 's', ' ']).len();
            let Some(n) = self.mentions.iter().find(|n| n.0 == m.1 + skip) else {
                continue;
            };
            let (owner, owned) = (self.entities[m.2].etype, self.entities[n.2].etype);
            let armed =
                |t: EntityType| matches!(t, EntityType::ArmedGroup | EntityType::StateForce);
            let found = match (owner, owned) {
                (EntityType::Person, t) if armed(t) => Some((m.2, Predicate::Commands, n.2)),
                (o, t) if armed(o) && armed(t) => Some((n.2, Predicate::MemberOf, m.2)),
                (EntityType::State, EntityType::StateForce) => {
                    Some((n.2, Predicate::MemberOf, m.2))
                }
                _ => None,
            };
            if let Some((subject, predicate, object)) = found {
                if subject != object {
                    out.push(super::relations::Found {
                        subject,
                        predicate,
                        object,
                        cue: (m.0, n.1),
                    });
                }
            }
        }
        out
    }

    /// Relations stated by hyphenated compounds: "Iranian-backed X", "X, a Britain-based monitor".
    pub fn compounds(&self) -> Vec<super::relations::Found> {
        let mut out = Vec::new();
        // Most sentences have no compound: their words need not be read.
        if self.compound_ends.is_empty() {
            return out;
        }
        for w in self.words {
            let Some(suffix) = w.compound.as_deref() else {
                continue;
            };
            let Some(&(_, _, head)) = self
                .mentions
                .iter()
                .find(|&&(s, e, _)| s <= w.start && w.end <= e)
            else {
                continue;
            };
            let (predicate, target_slot, head_is_subject) = match suffix {
                "backed" | "supported" | "funded" | "sponsored" | "armed" | "trained"
                | "equipped" => (Predicate::SupportedBy, Slot::Actor, false),
                "led" | "commanded" | "run" => (Predicate::SubordinateTo, Slot::Actor, false),
                "affiliated" | "linked" => (Predicate::MemberOf, Slot::Actor, false),
                "aligned" | "allied" | "loyal" | "friendly" => {
                    (Predicate::AlliedWith, Slot::Actor, false)
                }
                "controlled" | "held" | "dominated" => (Predicate::Controls, Slot::Place, true),
                "based" => (Predicate::HeadquarteredIn, Slot::Actor, false),
                _ => continue,
            };
            let after = self.mentions.iter().find(|m| {
                m.0 >= w.end
                    && m.2 != head
                    && self.words_between(w.end, m.0) <= 1
                    && self.mention_suits(m, target_slot)
            });
            let before = || {
                // Only through an apposition or a copula: "X, a Britain-based monitor",
                // "X is a KH-affiliated commander".
                self.mentions.iter().rev().find(|m| {
                    m.1 <= w.start
                        && m.2 != head
                        && self.words_between(m.1, w.start) <= 6
                        && self.mention_suits(m, target_slot)
                        && !self.is_modifier(m)
                        && {
                            let gap = &self.doc_lower[m.1..w.start];
                            [
                                ", a ", ", an ", ", the ", " is a ", " is an ", " was a ", " are ",
                                " were ",
                            ]
                            .iter()
                            .any(|p| gap.contains(p))
                        }
                })
            };
            let Some(&(_, _, target)) = after.or_else(before) else {
                continue;
            };
            let (subject, object) = if head_is_subject {
                (head, target)
            } else {
                (target, head)
            };
            if subject != object {
                out.push(super::relations::Found {
                    subject,
                    predicate,
                    object,
                    cue: (w.start, w.end),
                });
            }
        }
        out
    }

    /// Updates the references with what this sentence mentions.
    pub fn update(&self, refs: &mut References, new_paragraph: bool) {
        if new_paragraph {
            refs.paragraph_topic = None;
        }
        let actor = |ent: usize| {
            let t = self.entities[ent].etype;
            t.is_actor() && t != EntityType::Person
        };
        // "It controls ..." keeps the topic that "it" refers to.
        // (The pronouns are ASCII: no other letter lower-cases to one of theirs.)
        let pronoun_led = self.words.iter().find(|w| !w.punct).is_some_and(|w| {
            ["it", "its", "they", "their", "these", "this"]
                .iter()
                .any(|p| w.text.eq_ignore_ascii_case(p))
        });
        // The topic is the sentence's leading group or force; a state only when no group is named
        // ("The United States listed the IRGC ..., an organization that ... It became ...").
        let candidates = || {
            self.mentions
                .iter()
                .filter(|m| actor(m.2) && self.entities[m.2].etype != EntityType::Organization)
                .filter(|m| self.mention_suits(m, Slot::Actor) && !self.is_modifier(m))
        };
        let topic = || {
            candidates()
                .find(|m| self.entities[m.2].etype != EntityType::State)
                .or_else(|| candidates().next())
        };
        // "The corps answers to ...": the sentence is about what "the corps" refers to.
        let first_mention = self.mentions.first().map(|m| m.0).unwrap_or(self.end);
        // Read only where it can decide the topic (not in a label-led or pronoun-led sentence).
        let led_by_shell = || {
            self.shell(self.start, first_mention, Slot::Actor)
                .and_then(|v| v.first().copied())
        };
        // "Sponsor: X" in a brief's entry names a field of the entry, not a new topic.
        let label_led = self.doc_text[self.start..first_mention]
            .trim_end()
            .strip_suffix(':')
            .is_some_and(|label| {
                let words = label.split_whitespace().count();
                (1..=3).contains(&words) && !label.contains([',', '.'])
            });
        if label_led {
        } else if let Some(ent) = (!pronoun_led).then(led_by_shell).flatten() {
            refs.topic = Some(ent);
        } else if let Some(&(_, _, ent)) = (!pronoun_led).then(topic).flatten() {
            refs.topic = Some(ent);
            if refs.paragraph_topic.is_none() {
                refs.paragraph_topic = Some(ent);
            }
        }
        for &(_, _, ent) in &self.mentions {
            if self.entities[ent].etype.is_actor() {
                refs.recent.retain(|&e| e != ent);
                refs.recent.push(ent);
            }
        }
        if refs.recent.len() > 40 {
            refs.recent.drain(..refs.recent.len() - 40);
        }
        // A list of two actors needs two of them named; a list led by anything but a
        // group, force or state is no list of actors.
        let actors_named = {
            let mut named = self.mentions.iter().map(|m| m.2).filter(|&e| actor(e));
            named.next().is_some_and(|first| named.any(|e| e != first))
        };
        let longest = (0..self.mentions.len())
            .filter(|&k| actors_named && actor(self.mentions[k].2))
            .map(|k| self.list_around(k, Slot::Actor, true))
            .filter(|l| l.iter().all(|&e| actor(e)))
            .max_by_key(|l| l.len());
        if let Some(list) = longest.filter(|l| l.len() >= 2) {
            refs.list = list;
        }
        for &(_, _, ent) in &self.mentions {
            match self.entities[ent].etype {
                EntityType::Person => refs.person = Some(ent),
                EntityType::Location | EntityType::Facility => refs.place = Some(ent),
                _ => {}
            }
        }
    }
}

/// A person's role in a group: a leader role held definitely ("the commander") commands,
/// anything else ("a commander", "spokesman") is membership.
fn role_relation(
    person: usize,
    role: &str,
    definite: bool,
    group: usize,
    cue: (usize, usize),
) -> super::relations::Found {
    let leader = LEADER_ROLES.contains(&role.to_lowercase().as_str());
    let predicate = if leader && definite {
        Predicate::Commands
    } else {
        Predicate::MemberOf
    };
    super::relations::Found {
        subject: person,
        predicate,
        object: group,
        cue,
    }
}

/// The word after each whole word "the" (words are runs of alphanumeric characters,
/// and the next word may follow any punctuation). Searching for "the" passes over
/// the other words unread.
fn nouns_after_the(lower: &str) -> impl Iterator<Item = &str> {
    // Where each "the" starts, found from its first byte (a memchr) rather than by a
    // substring searcher set up for every call (`match_indices`): "the" cannot
    // overlap itself, so these are the same places.
    let mut from = 0;
    let the_at = std::iter::from_fn(move || {
        while let Some(k) = lower[from..].find('t') {
            let at = from + k;
            from = at + 1; // after the ASCII 't': a character boundary
            if lower[at..].starts_with("the") {
                return Some(at);
            }
        }
        None
    });
    the_at
        .filter(|&at| boundary(lower, at, 3))
        .map(|at| {
            let after = lower[at + 3..].trim_start_matches(|c: char| !c.is_alphanumeric());
            let end = after
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(after.len());
            &after[..end]
        })
        .take_while(|noun| !noun.is_empty())
}

fn boundary(s: &str, i: usize, len: usize) -> bool {
    let before = s[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let after = s[i + len..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    before && after
}

impl SentenceView<'_> {
    /// What a pronoun inside `s..e` refers to.
    pub fn shell_in(&self, s: usize, e: usize, slot: Slot) -> Vec<usize> {
        self.shell(s, e, slot).unwrap_or_default()
    }

    /// "it: A and B" right after a cue ending at `ce`: what the pronoun refers to, and
    /// where the colon ends.
    pub fn pronoun_then_colon(&self, ce: usize) -> Option<(Vec<usize>, usize)> {
        let after = &self.doc_text[ce..self.end];
        let trimmed = after.trim_start();
        let word_end = trimmed.find(|c: char| !c.is_alphanumeric())?;
        let rest = trimmed[word_end..].trim_start();
        if !rest.starts_with(':') {
            return None;
        }
        let word = trimmed[..word_end].to_lowercase();
        if !matches!(word.as_str(), "it" | "them" | "him" | "her") {
            return None;
        }
        let pronoun_start = ce + after.len() - trimmed.len();
        let colon_end = self.end - rest.len() + 1;
        let referent = self.shell(pronoun_start, pronoun_start + word_end, Slot::Actor)?;
        (!referent.is_empty()).then_some((referent, colon_end))
    }

    /// Whether `ent` is named in this sentence before `pos`.
    pub fn named_before(&self, ent: usize, pos: usize) -> bool {
        self.mentions.iter().any(|m| m.2 == ent && m.1 <= pos)
    }

    /// What a pronoun or shell noun inside the cue `s..e` refers to, else the nearest
    /// actor before it in the sentence ("X, where the brigade has its headquarters").
    pub fn referent_in(&self, s: usize, e: usize, slot: Slot) -> Vec<usize> {
        if let Some(r) = self.shell(s, e, slot).filter(|r| !r.is_empty()) {
            return r;
        }
        self.mentions
            .iter()
            .rev()
            .find(|m| {
                m.1 <= s
                    && self.mention_suits(m, slot)
                    && self.entities[m.2].etype != EntityType::Person
                    && !self.is_modifier(m)
            })
            .map(|m| vec![m.2])
            .unwrap_or_default()
    }

    /// The first place after the actors that follow `ce`, in a place slot ("near the town of X").
    pub fn place_after_arguments(&self, ce: usize, reach: usize) -> Vec<usize> {
        let actors_end = self
            .mentions
            .iter()
            .filter(|m| {
                m.0 >= ce
                    && self.entities[m.2].etype.is_actor()
                    && self.words_between(ce, m.0) <= reach
            })
            .map(|m| m.1)
            .max();
        let Some(from) = actors_end else {
            return Vec::new();
        };
        self.mentions
            .iter()
            .find(|m| {
                m.0 >= from
                    && self.words_between(from, m.0) <= 6
                    && self.mention_suits(m, Slot::Place)
                    && {
                        let gap = &self.doc_lower[from..m.0];
                        [" near ", " in ", " at ", " around ", " outside "]
                            .iter()
                            .any(|p| gap.contains(p))
                    }
            })
            .map(|m| vec![m.2])
            .unwrap_or_default()
    }

    /// Whether this mention stands as a place here.
    pub fn is_place_here(&self, m: &(usize, usize, usize)) -> bool {
        self.mention_suits(m, Slot::Place)
    }

    /// The agent of a passive trigger: "(were) targeted by X", "struck by X drones".
    pub fn passive_agent(&self, ts: usize, te: usize) -> Option<usize> {
        let around = &self.doc_lower[ts..self.end];
        let by = around.find(" by ")?;
        // "by" must follow the trigger closely ("targeted by", "hit by the").
        if ts + by > te + 12 {
            return None;
        }
        let from = ts + by + 4;
        self.mentions
            .iter()
            .find(|m| {
                m.0 >= from
                    && self.words_between(from, m.0) <= 2
                    && self.mention_suits(m, Slot::Actor)
            })
            .map(|m| m.2)
    }

    /// Whether mention `k` follows "between" ("between X and Y").
    pub fn between_before(&self, k: usize) -> bool {
        self.doc_text[self.start..self.mentions[k].0]
            .trim_end()
            .to_lowercase()
            .ends_with("between")
    }

    /// The place of mention `k` and the places listed with it ("in Sanaa and in the city of Saada").
    pub fn place_list(&self, k: usize) -> Vec<usize> {
        self.list_around(k, Slot::Place, true)
    }

    /// The place a shell noun of the sentence ("the town", "the base") refers to.
    pub fn place_shell(&self) -> Option<usize> {
        self.shell(self.start, self.end, Slot::Place)
            .and_then(|v| v.first().copied())
    }

    /// An entity by index.
    pub fn entity(&self, ent: usize) -> &Draft {
        &self.entities[ent]
    }

    /// Actors mentioned before (`before`) or after a position, nearest first, without places.
    pub fn actors_around(&self, pos: usize, before: bool) -> Vec<usize> {
        let mut out = Vec::new();
        let iter: Box<dyn Iterator<Item = &(usize, usize, usize)>> = if before {
            Box::new(self.mentions.iter().rev().filter(move |m| m.1 <= pos))
        } else {
            Box::new(self.mentions.iter().filter(move |m| m.0 >= pos))
        };
        for m in iter {
            let ent = m.2;
            let t = self.entities[ent].etype;
            // "in Syria" is where, not who; "Lebanon's" only says whose.
            let is_actor =
                t.is_actor() && self.mention_suits(m, Slot::Actor) && !self.is_modifier(m);
            if is_actor && t != EntityType::Organization && !out.contains(&ent) {
                out.push(ent);
            }
            if out.len() == 2 {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words after each "the", read by splitting the text into words (the way
    /// `nouns_after_the` must agree with).
    fn nouns_after_the_by_splitting(lower: &str) -> Vec<&str> {
        let mut words = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .peekable();
        let mut out = Vec::new();
        while let Some(w) = words.next() {
            if w == "the" {
                match words.peek() {
                    Some(&noun) => out.push(noun),
                    None => break,
                }
            }
        }
        out
    }

    /// The sketch never says no to a word equal, ignoring ASCII case, to one put in;
    /// and it does say no to most others.
    #[test]
    fn the_tail_sketch_keeps_every_word_put_in() {
        let words = [
            "Corps",
            "Brigades",
            "Brigade",
            "Hezbollah",
            "Houthis",
            "",
            "s",
            "U.S",
            "Ḥasan",
            "al-Quds",
            "KH",
            "Force",
        ];
        let mut sketch = TailSketch::default();
        for w in words {
            sketch.insert(w);
        }
        for w in words {
            for variant in [
                w.to_string(),
                w.to_ascii_lowercase(),
                w.to_ascii_uppercase(),
            ] {
                assert!(sketch.may_contain(&variant), "{variant:?}");
            }
        }
        let others = [
            "town", "city", "attack", "area", "village", "group", "base", "road",
        ];
        let said_yes = others.iter().filter(|w| sketch.may_contain(w)).count();
        assert!(said_yes <= 2, "{said_yes}");
    }

    #[test]
    fn nouns_after_the_agree_with_splitting_into_words() {
        let pieces = [
            "the", "the ", " the", "corps", "theme", "bathe", "thé", "éthe", "the,", ", ", "  ",
            "(", "brigades", "é", "the-", "3", "x",
        ];
        // Every sequence of up to four pieces, and longer ones by a simple generator.
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer.into_iter().filter(|t| t.len() < 24));
            texts.sort();
            texts.dedup();
        }
        let mut rng = crate::test_rng::Lcg(7);
        for _ in 0..2000 {
            let t: String = (0..12).map(|_| pieces[rng.below(pieces.len())]).collect();
            texts.push(t);
        }
        for t in &texts {
            assert_eq!(
                nouns_after_the(t).collect::<Vec<_>>(),
                nouns_after_the_by_splitting(t),
                "{t:?}"
            );
        }
    }
}
