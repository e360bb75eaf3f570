//! Relations from cue phrases (`data/lexicons/relations.toml`) with argument
//! slots on either side, coordinated lists distributed, pronouns and shell
//! nouns resolved, and hyphenated compounds ("Iranian-backed") read as cues.

use super::context::{SentenceView, Slot};
use super::phrases::{self, phrase_pattern};
use crate::ExtractError;
use orbat_report::Predicate;
use regex::Regex;
use serde::Deserialize;

const RELATIONS_TOML: &str = include_str!("../../../../data/lexicons/relations.toml");

#[derive(Deserialize)]
struct CueEntry {
    predicate: String,
    subject: String,
    object: String,
    #[serde(default)]
    reach: Option<usize>,
    #[serde(default)]
    object_in_cue: bool,
    #[serde(default)]
    subject_person: bool,
    #[serde(default)]
    subject_in_cue: bool,
    #[serde(default)]
    object_named: bool,
    phrases: Vec<String>,
}

#[derive(Deserialize)]
struct FrameEntry {
    predicate: String,
    cue: String,
    /// A word every match contains: the pattern runs only in sentences that have it.
    #[serde(default)]
    requires: Option<String>,
    subject_types: Vec<String>,
    object_types: Vec<String>,
}

#[derive(Deserialize)]
struct AppositionEntry {
    predicate: String,
    head: String,
    nouns: Vec<String>,
}

#[derive(Deserialize)]
struct BlockingEntry {
    phrases: Vec<String>,
}

#[derive(Deserialize)]
struct RelationsFile {
    cue: Vec<CueEntry>,
    #[serde(default)]
    frame: Vec<FrameEntry>,
    #[serde(default)]
    apposition: Vec<AppositionEntry>,
    #[serde(default)]
    blocking: Option<BlockingEntry>,
}

/// One compiled cue.
pub struct Cue {
    /// The predicate it states.
    pub predicate: Predicate,
    /// Whether the subject is before the cue.
    pub subject_left: bool,
    /// What the object slot takes.
    pub object: Slot,
    /// How far (in words) the argument after the cue may be.
    pub reach: usize,
    /// The object is the referent of a pronoun inside the cue.
    pub object_in_cue: bool,
    /// Only a person can be the subject ("LNA spokesman X").
    pub subject_person: bool,
    /// The subject is what a pronoun or shell noun inside the cue refers to
    /// ("Naqoura, where the mission is headquartered").
    pub subject_in_cue: bool,
    /// The object must be named before the cue in the sentence, not a pronoun's referent.
    pub object_named: bool,
}

/// A sentence-level frame.
pub struct Frame {
    /// The predicate it states.
    pub predicate: Predicate,
    /// Over bytes, ASCII classes: a gap like ".{0,80}" over Unicode characters made the
    /// automaton that finds where a match starts slow to build (1.5 M instructions a
    /// match); it starts and ends at ASCII words, so the byte offsets are character ones.
    regex: regex::bytes::Regex,
    /// The frame's required word, lower-cased (it is sought in the lower-cased
    /// sentence, so in any case). A frame's bounded gap (".{0,80}") makes its automaton
    /// large and slow to build; this search is cheap and rarely passes.
    requires: Option<String>,
    /// Types of subjects.
    pub subject_types: Vec<String>,
    /// Types of objects.
    pub object_types: Vec<String>,
}

/// One role noun of a group apposition ("X, an SDF component").
#[derive(Debug, Clone)]
pub struct AppositionRole {
    /// The noun, lowercase, words separated by single spaces.
    pub noun: String,
    /// The predicate it states.
    pub predicate: Predicate,
    /// The apposition's head is a place and the owner its subject ("X, a US outpost");
    /// otherwise the head is the subject and the owner the object.
    pub head_place: bool,
}

/// The group appositions: their role nouns and one pattern over all of them.
pub struct Appositions {
    /// Role nouns with what they state.
    pub roles: Vec<AppositionRole>,
    /// ", (det) (modifiers) NOUN (follower)": groups `det`, `mods`, `noun`, `of`.
    pub regex: Regex,
    /// The role nouns alone: a cheap test before the full pattern runs. (In the
    /// cue set the full pattern, with its Unicode classes, made every sentence's
    /// pass 20 times slower.)
    nouns: Regex,
}

impl Appositions {
    /// Whether `text` holds a group apposition. One begins at a comma: both searches
    /// start at the first (what comes before it is still read for the word boundary).
    fn occur_in(&self, text: &str) -> bool {
        text.find(',').is_some_and(|comma| {
            self.nouns.is_match_at(text, comma) && self.regex.is_match_at(text, comma)
        })
    }
}

/// All compiled cues and frames.
pub struct RelationCues {
    /// Cues, in file order.
    pub cues: Vec<Cue>,
    /// Frames.
    pub frames: Vec<Frame>,
    /// Group appositions.
    pub appositions: Appositions,
    /// Phrases that cancel a shorter cue they overlap ("take up arms against"), as one
    /// pattern (see [`phrase_pattern`]); the claim stage searches it with the cues.
    pub blocking: Option<String>,
    /// Each cue's phrases as one pattern (see [`phrase_pattern`]), in the order of
    /// `cues`; the claim stage searches them together with the event triggers.
    pub patterns: Vec<String>,
}

fn data_error(message: String) -> ExtractError {
    ExtractError::data(RELATIONS_FILE, message)
}

const RELATIONS_FILE: &str = "data/lexicons/relations.toml";

/// Words that may follow the role noun of a group apposition: punctuation, "of" (the
/// owner follows), a preposition, relative word or participle ("an SDF unit based in"),
/// not another noun ("an SDF unit commander" is a person).
const APPOSITION_FOLLOWERS: &str = "in|at|near|on|along|across|inside|outside|around|that|which|who|whose|where|with|and|since|for|from|known|set|made|run|now|also|until|responsible|active|[a-z]+ed|[a-z]+ing";

/// ", an SDF component", ", the IRGC's external operations arm", ", a unit of":
/// a determiner (or a possessive name), up to five modifiers, a role noun and what may follow it.
pub fn apposition_pattern(roles: &[AppositionRole]) -> String {
    format!(
        r"(?i),\s+(?:(?P<det>an?|the|its|their)\s+)?(?P<mods>(?:[^\s,;:]+\s+){{0,5}}?)(?P<noun>{})(?-u:\b)(?:\s*(?:[,.;:()]|$)|\s+(?P<of>of)\s|\s+(?:{APPOSITION_FOLLOWERS})(?-u:\b))",
        role_nouns(roles)
    )
}

/// The role nouns as one alternation, longest first, words joined by any space.
fn role_nouns(roles: &[AppositionRole]) -> String {
    let mut nouns: Vec<String> = roles
        .iter()
        .map(|r| {
            r.noun
                .split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    nouns.sort_by_key(|n| std::cmp::Reverse(n.len()));
    nouns.dedup();
    nouns.join("|")
}

impl RelationCues {
    /// Loads the embedded cue file.
    pub fn embedded() -> Result<Self, ExtractError> {
        Self::from_source(RELATIONS_TOML)
    }

    /// Loads cues from TOML text.
    pub fn from_source(source: &str) -> Result<Self, ExtractError> {
        let file: RelationsFile = crate::parse_data_file(RELATIONS_FILE, source)?;
        let mut cues = Vec::new();
        let mut cue_patterns = Vec::new();
        for c in file.cue {
            let predicate = Predicate::parse(&c.predicate)
                .ok_or_else(|| data_error(format!("unknown predicate '{}'", c.predicate)))?;
            cues.push(Cue {
                predicate,
                subject_left: c.subject == "left",
                object: if c.object == "place" {
                    Slot::Place
                } else {
                    Slot::Actor
                },
                reach: c.reach.unwrap_or(8),
                object_in_cue: c.object_in_cue,
                subject_person: c.subject_person,
                subject_in_cue: c.subject_in_cue,
                object_named: c.object_named,
            });
            let pattern = phrase_pattern(&c.phrases);
            phrases::check(&pattern).map_err(data_error)?;
            cue_patterns.push(pattern);
        }
        let mut frames = Vec::new();
        for f in file.frame {
            frames.push(Frame {
                predicate: Predicate::parse(&f.predicate)
                    .ok_or_else(|| data_error(format!("unknown predicate '{}'", f.predicate)))?,
                regex: regex::bytes::Regex::new(&format!("(?i-u){}", f.cue))
                    .map_err(|e| data_error(e.to_string()))?,
                requires: f.requires.map(|word| word.to_ascii_lowercase()),
                subject_types: f.subject_types,
                object_types: f.object_types,
            });
        }
        let mut roles = Vec::new();
        for a in file.apposition {
            let predicate = Predicate::parse(&a.predicate)
                .ok_or_else(|| data_error(format!("unknown predicate '{}'", a.predicate)))?;
            let head_place = match a.head.as_str() {
                "place" => true,
                "actor" => false,
                other => return Err(data_error(format!("unknown apposition head '{other}'"))),
            };
            for noun in a.nouns {
                roles.push(AppositionRole {
                    noun: noun.split_whitespace().collect::<Vec<_>>().join(" "),
                    predicate,
                    head_place,
                });
            }
        }
        let appositions = Appositions {
            regex: Regex::new(&apposition_pattern(&roles))
                .map_err(|e| data_error(e.to_string()))?,
            nouns: Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", role_nouns(&roles)))
                .map_err(|e| data_error(e.to_string()))?,
            roles,
        };
        let blocking = file
            .blocking
            .filter(|b| !b.phrases.is_empty())
            .map(|b| phrase_pattern(&b.phrases));
        if let Some(pattern) = &blocking {
            phrases::check(pattern).map_err(data_error)?;
        }
        Ok(RelationCues {
            cues,
            frames,
            appositions,
            blocking,
            patterns: cue_patterns,
        })
    }
}

/// A relation found in a sentence: entity (draft) indices and the cue's byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Subject entity.
    pub subject: usize,
    /// Predicate.
    pub predicate: Predicate,
    /// Object entity.
    pub object: usize,
    /// Byte span of the cue.
    pub cue: (usize, usize),
}

/// Relations stated in one sentence, given where its cues matched
/// ((start, end, cue) in the sentence's bytes; see [`RelationCues::patterns`]) and
/// where its blocking phrases did ((start, end); see [`RelationCues::blocking`]).
pub fn find(
    cues: &RelationCues,
    view: &SentenceView,
    cue_matches: &[(usize, usize, usize)],
    blocking_matches: &[(usize, usize)],
    negated: &dyn Fn(&str) -> bool,
) -> Vec<Found> {
    let mut out = Vec::new();
    let text = view.text();
    // Every cue match, longest first; a match overlapping a longer one is not a cue
    // ("led" inside "led by").
    let mut matches: Vec<(usize, usize, &Cue)> = Vec::new();
    for &(s, e, k) in cue_matches {
        matches.push((view.start + s, view.start + e, &cues.cues[k]));
    }
    let apposition = cues.appositions.occur_in(text);
    let blocked: Vec<(usize, usize)> = blocking_matches
        .iter()
        .map(|&(s, e)| (view.start + s, view.start + e))
        .collect();
    matches.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for (cs, ce, cue) in matches {
        if taken.iter().any(|&(s, e)| cs < e && s < ce) {
            continue;
        }
        // A blocking phrase cancels a shorter cue it overlaps ("take up arms against").
        if blocked
            .iter()
            .any(|&(s, e)| cs < e && s < ce && ce - cs < e - s)
        {
            continue;
        }
        taken.push((cs, ce));
        {
            // A cue inside or across a name ("forces in" after "U.S.") is no cue.
            if view.overlaps_mention(cs, ce) {
                continue;
            }
            // People do not hold ground: the subject of a place relation is a group, force or state.
            let subject_slot = if cue.object == Slot::Place {
                Slot::Holder
            } else {
                Slot::Actor
            };
            let (left_slot, right_slot) = if cue.subject_left {
                (subject_slot, cue.object)
            } else {
                (cue.object, subject_slot)
            };
            let mut left = if cue.object_in_cue {
                view.shell_in(cs, ce, left_slot)
            } else {
                view.left_args(cs, left_slot, cue.reach)
            };
            // "a depot used by KH near the town of Al-Qaim": the place may follow its users.
            if left.is_empty() && !cue.subject_left && cue.object == Slot::Place {
                left = view.place_after_arguments(ce, cue.reach);
            }
            // Without an argument before the cue it states nothing (but for the colon
            // case below, which finds both sides itself): the one after is not sought.
            let mut right = if left.is_empty() {
                Vec::new()
            } else if cue.subject_in_cue {
                view.referent_in(cs, ce, right_slot)
            } else {
                view.right_args(ce, right_slot, cue.reach)
            };
            // "Two militias work alongside it: A and B": with nothing named before the cue,
            // the list after the colon is the subject and the pronoun the object.
            if left.is_empty() && cue.subject_left {
                if let Some((pronoun, after)) = view.pronoun_then_colon(ce) {
                    left = view.right_args(after, left_slot, 3);
                    right = pronoun;
                }
            }
            if cue.object_named && !left.iter().all(|&e| view.named_before(e, cs)) {
                continue;
            }
            if left.is_empty() || right.is_empty() {
                continue;
            }
            // The negation scope: from a few words before the left argument to the cue
            // ("has denied that Badr takes orders from ...").
            if negated(view.doc_text(view.negation_scope_start(cs), ce)) {
                continue;
            }
            let (subjects, objects) = if cue.subject_left {
                (left, right)
            } else {
                (right, left)
            };
            // "based in Iraq, Syria and Yemen": one headquarters, several positions;
            // "three positions around X, held by Y": positions, not control of X.
            let countries = objects
                .iter()
                .filter(|&&o| view.entity(o).etype == orbat_report::EntityType::State)
                .count();
            let predicate = if cue.predicate == Predicate::HeadquarteredIn && countries > 1
                || cue.predicate == Predicate::Controls && view.sites_before(&objects)
            {
                Predicate::PositionedAt
            } else {
                cue.predicate
            };
            for &s in &subjects {
                if cue.subject_person && view.entity(s).etype != orbat_report::EntityType::Person {
                    continue;
                }
                for &o in &objects {
                    if s != o {
                        out.push(Found {
                            subject: s,
                            predicate,
                            object: o,
                            cue: (cs, ce),
                        });
                    }
                }
            }
        }
    }
    for frame in &cues.frames {
        if frame
            .requires
            .as_ref()
            .is_some_and(|w| !view.lower().contains(w.as_str()))
        {
            continue;
        }
        let Some(m) = frame.regex.find(text.as_bytes()) else {
            continue;
        };
        let (cs, ce) = (view.start + m.start(), view.start + m.end());
        let passive = text[m.end()..]
            .split_whitespace()
            .take(8)
            .any(|w| w == "by");
        let typed = |ids: Vec<usize>, types: &[String]| -> Vec<usize> {
            ids.into_iter()
                .filter(|&e| types.iter().any(|t| t == view.entity(e).etype.as_str()))
                .collect()
        };
        // Passive ("designated ... by the U.S."): subject before, states after. Active ("the
        // U.S. listed the IRGC as ...", "the PKK, which Turkey lists as ..."): the states
        // are around the cue and the subject is the relative antecedent or what follows.
        let left_subjects = typed(view.left_args(cs, Slot::Actor, 8), &frame.subject_types);
        let (mut subjects, mut objects) = if passive {
            (
                left_subjects,
                typed(view.right_args(ce, Slot::Actor, 12), &frame.object_types),
            )
        } else {
            let antecedent = || typed(view.relative_antecedent(cs), &frame.subject_types);
            let subjects = if !left_subjects.is_empty() {
                left_subjects
            } else if !antecedent().is_empty() {
                antecedent()
            } else {
                typed(
                    view.right_args(view.start + m.start() + 1, Slot::Actor, 6),
                    &frame.subject_types,
                )
            };
            (
                subjects,
                typed(view.left_args(cs, Slot::Actor, 8), &frame.object_types),
            )
        };
        // "Placed on the U.S. terrorism list": the sides may sit anywhere in the sentence.
        if objects.is_empty() {
            objects = typed(
                view.entities_of_types(&frame.object_types),
                &frame.object_types,
            );
        }
        if subjects.is_empty() {
            subjects = typed(
                view.entities_of_types(&frame.subject_types),
                &frame.subject_types,
            );
        }
        for &s in &subjects {
            for &o in &objects {
                if s != o {
                    out.push(Found {
                        subject: s,
                        predicate: frame.predicate,
                        object: o,
                        cue: (cs, ce),
                    });
                }
            }
        }
    }
    if apposition {
        out.extend(view.group_appositions(&cues.appositions.regex, &cues.appositions.roles));
    }
    out.extend(view.possessive_pronoun_parts());
    out.extend(view.compounds());
    out.extend(view.possessives());
    out.extend(view.appositive_roles());
    out.extend(view.possessive_roles());
    out.extend(view.role_of_then_person());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_cue_pattern_is_reported_when_the_file_loads() {
        let source = r#"
[[cue]]
predicate = "commands"
subject = "left"
object = "actor"
phrases = ["leads (unclosed"]
"#;
        let err = RelationCues::from_source(source)
            .err()
            .expect("a load error");
        assert!(err.to_string().contains("relations.toml"), "{err}");
    }

    /// The search from the first comma agrees with the whole-sentence search it
    /// replaced, over every sentence (and comma-led tail) of the example reports.
    #[test]
    fn appositions_found_from_the_first_comma_as_from_the_start() {
        let cues = RelationCues::embedded().unwrap();
        let a = &cues.appositions;
        let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/examples");
        let (mut sentences, mut found) = (0, 0);
        for entry in std::fs::read_dir(examples).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for sentence in text.split(['.', '\n']) {
                for (at, _) in sentence.match_indices([',', ' ']).chain([(0, "")]) {
                    let tail = &sentence[at..];
                    let whole =
                        tail.contains(',') && a.nouns.is_match(tail) && a.regex.is_match(tail);
                    assert_eq!(a.occur_in(tail), whole, "{tail:?}");
                    sentences += 1;
                    found += usize::from(whole);
                }
            }
        }
        // And random sentences of commas, determiners, role nouns and their followers.
        let mut pieces: Vec<&str> = vec![
            ",",
            ", ",
            " ",
            "an ",
            "the ",
            "its ",
            "Hezbollah",
            "Badr's ",
            "of ",
            "based ",
            "in ",
            "which ",
            "; ",
            ".",
            "(",
            ")",
            "É",
            "units",
            "x",
        ];
        pieces.extend(a.roles.iter().map(|r| r.noun.as_str()));
        let mut rng = crate::test_rng::Lcg(3);
        for _ in 0..20_000 {
            let tail: String = (0..rng.below(12))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect();
            let whole = tail.contains(',') && a.nouns.is_match(&tail) && a.regex.is_match(&tail);
            assert_eq!(a.occur_in(&tail), whole, "{tail:?}");
            found += usize::from(whole);
        }
        assert!(sentences > 500 && found > 300, "{sentences} {found}");
    }

    #[test]
    fn there_is_one_pattern_per_cue() {
        let cues = RelationCues::embedded().unwrap();
        assert_eq!(cues.patterns.len(), cues.cues.len());
    }
}
