//! How sure the writer was of a claim, and who said it
//! (`data/lexicons/certainty.toml`).

use crate::ExtractError;
use orbat_report::Certainty;
use regex::bytes::Regex;
use serde::Deserialize;

const CERTAINTY_FILE: &str = "data/lexicons/certainty.toml";
const CERTAINTY_TOML: &str = include_str!("../../../../data/lexicons/certainty.toml");

#[derive(Deserialize)]
struct CertaintyFile {
    hedges: Vec<String>,
    attribution_before: Vec<String>,
    attribution_after: Vec<String>,
    generic_sources: Vec<String>,
    negations: Vec<String>,
}

/// Compiled certainty cues.
pub struct CertaintyCues {
    hedges: Regex,
    before: Regex,
    after: Regex,
    /// The attribution words alone: a cheap test before the capturing patterns run.
    any_attribution: Regex,
    /// The words `before` starts with, alone: where it can match at all.
    any_before: Regex,
    /// The words `after` ends with, alone.
    any_after: Regex,
    /// Every word `after` ends with is one word of ASCII letters: then the source is
    /// the match without its last word, spaces and comma, and no capture search is needed.
    after_words_plain: bool,
    generic: Regex,
    negations: Regex,
}

/// The patterns run over bytes with ASCII classes and case folding (`(?i-u)`): cue
/// words are English, and Unicode's `\w` inside repeated groups made the automata
/// that find and capture a source cost more than the rest of the sentence's claims.
fn alternation(words: &[String]) -> String {
    let mut sorted: Vec<&String> = words.iter().collect();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let alts: Vec<String> = sorted.iter().map(|w| regex::escape(w)).collect();
    format!(r"(?i-u)\b(?:{})\b", alts.join("|"))
}

/// A character of a source's name: ASCII word characters, apostrophes, dots and
/// hyphens, and the accented Latin letters of transliterated names ("Ḥasan", "Şam").
const NAME_CHAR: &str = r"(?:[\w'.\-]|’|(?u:[À-ɏḀ-ỿ]))";
/// The first letter of a name's next word (case folding is on: any letter).
const NAME_START: &str = r"(?:[A-Z]|(?u:[À-ɏḀ-ỿ]))";
/// A name character without the dot.
const NAME_CHAR_NO_DOT: &str = r"(?:[\w'\-]|’|(?u:[À-ɏḀ-ỿ]))";

/// What `\s` matches in the ASCII patterns (`char::is_ascii_whitespace` leaves out
/// the vertical tab).
const REGEX_SPACE: [char; 6] = [' ', '\t', '\n', '\x0B', '\x0C', '\r'];

fn compile(pattern: &str) -> Result<Regex, ExtractError> {
    Regex::new(pattern).map_err(|e| ExtractError::data(CERTAINTY_FILE, e))
}

impl CertaintyCues {
    /// Loads the embedded cue lists.
    pub fn embedded() -> Result<Self, ExtractError> {
        let f: CertaintyFile = crate::parse_data_file(CERTAINTY_FILE, CERTAINTY_TOML)?;
        Ok(CertaintyCues {
            hedges: compile(&alternation(&f.hedges))?,
            before: compile(&format!(
                r"{}\s+((?:the |a |an |our |local |state |official )?{NAME_CHAR}+(?: {NAME_START}{NAME_CHAR}+| for {NAME_START}{NAME_CHAR_NO_DOT}+| of {NAME_START}{NAME_CHAR_NO_DOT}+)*)",
                alternation(&f.attribution_before)
            ))?,
            after: compile(&format!(
                r"(?i-u)((?:[Tt]he |[Aa]n? |[Oo]ur |[Ll]ocal |[Ss]tate )?(?:{NAME_CHAR}+ ){{0,3}}{NAME_CHAR}+),?\s+{}",
                alternation(&f.attribution_after)
            ))?,
            any_attribution: compile(&alternation(
                &f.attribution_before
                    .iter()
                    .chain(&f.attribution_after)
                    .cloned()
                    .collect::<Vec<_>>(),
            ))?,
            any_before: compile(&alternation(&f.attribution_before))?,
            any_after: compile(&alternation(&f.attribution_after))?,
            after_words_plain: f
                .attribution_after
                .iter()
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphabetic())),
            generic: compile(&alternation(&f.generic_sources))?,
            negations: compile(&alternation(&f.negations))?,
        })
    }

    /// Certainty and source of a claim stated in `sentence`.
    pub fn assess(&self, sentence: &str) -> (Certainty, Option<String>) {
        let source = self.source(sentence);
        if self.hedges.is_match(sentence.as_bytes()) {
            return (Certainty::Hedged, source);
        }
        match source {
            Some(s) => (Certainty::Reported, Some(s)),
            None => (Certainty::Asserted, None),
        }
    }

    /// Who the sentence attributes its content to.
    pub fn source(&self, sentence: &str) -> Option<String> {
        if let Some(phrase) = self
            .generic
            .find(sentence.as_bytes())
            .and_then(|m| sentence.get(m.range()))
        {
            let phrase = phrase.to_string();
            let words: Vec<&str> = phrase.split_whitespace().collect();
            let src = match words.as_slice() {
                [w, "say" | "said" | "told"] => (*w).to_string(),
                _ => phrase.clone(),
            };
            return Some(src);
        }
        // Captures cost a backtracking search: only where an attribution word is.
        let word = self.any_attribution.find(sentence.as_bytes())?;
        let window_start = sentence[..word.start()]
            .char_indices()
            .rev()
            .nth(60)
            .map(|(i, _)| i)
            .unwrap_or(0);
        let sentence = &sentence[window_start..];
        let bytes = sentence.as_bytes();
        // Byte offsets of a match fall between characters (it starts and ends at
        // ASCII or at whole accented letters); `get` keeps that an invariant, not a panic.
        let group = |c: regex::bytes::Captures<'_>| c.get(1).and_then(|g| sentence.get(g.range()));
        // Each capturing pattern holds its words: where they are not, it cannot match,
        // and its leftmost match starts at one of them (the search from there still
        // sees the byte before, for `\b`).
        let before = self
            .any_before
            .find(bytes)
            .and_then(|first| self.before.captures_at(bytes, first.start()));
        if let Some(who) = before.and_then(group) {
            return Some(who.trim_end_matches(['.', ',']).to_string());
        }
        let after = || {
            if !self.any_after.is_match(bytes) {
                return None;
            }
            if !self.after_words_plain {
                return self.after.captures(bytes).and_then(group);
            }
            // "NAME[,] said": the name ends with a name character, never a space or comma.
            let m = self.after.find(bytes)?;
            let who = sentence.get(m.range())?;
            let who = who.trim_end_matches(|c: char| !REGEX_SPACE.contains(&c));
            let who = who.trim_end_matches(REGEX_SPACE);
            Some(who.strip_suffix(',').unwrap_or(who))
        };
        if let Some(who) = after() {
            let who = who.trim();
            let first = who.split_whitespace().next().unwrap_or("");
            // "It did not say" / "which it said" are not sources.
            if !matches!(
                first.to_lowercase().as_str(),
                "it" | "which" | "that" | "he" | "she" | "they" | "who"
            ) {
                return Some(who.to_string());
            }
        }
        None
    }

    /// Whether a negation occurs in `window`.
    pub fn negated(&self, window: &str) -> bool {
        self.negations.is_match(window.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedges_reports_and_assertions() {
        let c = CertaintyCues::embedded().unwrap();
        assert_eq!(
            c.assess("The depots were most likely hit by drones.").0,
            Certainty::Hedged
        );
        let (cert, src) = c.assess("According to our sources, the group has 900 men.");
        assert_eq!(cert, Certainty::Reported);
        assert_eq!(src.as_deref(), Some("our sources"));
        let (cert, src) = c.assess("The brigade holds the bridge, the monitor said.");
        assert_eq!(cert, Certainty::Reported);
        assert_eq!(src.as_deref(), Some("the monitor"));
        assert_eq!(
            c.assess("The brigade holds the bridge.").0,
            Certainty::Asserted
        );
    }

    #[test]
    fn sources_with_accented_names_are_whole() {
        let c = CertaintyCues::embedded().unwrap();
        let (_, src) = c.assess("The convoy was hit, Ḥasan Nūri told reporters.");
        assert_eq!(src.as_deref(), Some("Ḥasan Nūri"));
        let (_, src) = c.assess("Three were killed, according to Şeyma Özdemir.");
        assert_eq!(src.as_deref(), Some("Şeyma Özdemir"));
    }

    /// `source` as it read before it looked for each pattern's words first: both
    /// capturing patterns over the whole window.
    fn source_without_word_tests(c: &CertaintyCues, sentence: &str) -> Option<String> {
        if let Some(m) = c.generic.find(sentence.as_bytes()) {
            let phrase = &sentence[m.range()];
            let words: Vec<&str> = phrase.split_whitespace().collect();
            return Some(match words.as_slice() {
                [w, "say" | "said" | "told"] => (*w).to_string(),
                _ => phrase.to_string(),
            });
        }
        let word = c.any_attribution.find(sentence.as_bytes())?;
        let window_start = sentence[..word.start()]
            .char_indices()
            .rev()
            .nth(60)
            .map(|(i, _)| i)
            .unwrap_or(0);
        let sentence = &sentence[window_start..];
        let group = |c: regex::bytes::Captures<'_>| c.get(1).and_then(|g| sentence.get(g.range()));
        if let Some(who) = c.before.captures(sentence.as_bytes()).and_then(group) {
            return Some(who.trim_end_matches(['.', ',']).to_string());
        }
        let who = c
            .after
            .captures(sentence.as_bytes())
            .and_then(group)?
            .trim();
        let first = who.split_whitespace().next().unwrap_or("");
        (!matches!(
            first.to_lowercase().as_str(),
            "it" | "which" | "that" | "he" | "she" | "they" | "who"
        ))
        .then(|| who.to_string())
    }

    #[test]
    fn sources_agree_with_both_patterns_run_over_the_whole_window() {
        let c = CertaintyCues::embedded().unwrap();
        let pieces = [
            "According to ",
            "according to",
            "citing ",
            "Reuters",
            " said",
            " said.",
            "the monitor",
            " told ",
            "reported by ",
            "AFP",
            ", ",
            "Ḥasan Nūri",
            " the brigade holds the bridge",
            " it said",
            "sources close to ",
            "xciting ",
            " as reported by",
            "The ministry",
            " of Defence",
            " for Human Rights",
            "a",
            ".",
            " states",
            " \x0Bsaid",
            "\tadded",
        ];
        let mut sentences: Vec<String> = Vec::new();
        let mut seed: u64 = 11;
        for _ in 0..20_000 {
            let mut t = String::new();
            for _ in 0..1 + (seed >> 60) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            sentences.push(t);
        }
        for example in [
            include_str!("../../../../data/examples/01-albukamal-deployments.txt"),
            include_str!("../../../../data/examples/04-hezbollah-south-lebanon.txt"),
            include_str!("../../../../data/examples/05-houthi-red-sea.txt"),
        ] {
            sentences.extend(example.split(". ").map(str::to_string));
        }
        for s in &sentences {
            assert_eq!(c.source(s), source_without_word_tests(&c, s), "{s:?}");
        }
    }

    #[test]
    fn negations_are_seen() {
        let c = CertaintyCues::embedded().unwrap();
        assert!(c.negated("has repeatedly denied that"));
        assert!(!c.negated("has repeatedly said that"));
    }
}
