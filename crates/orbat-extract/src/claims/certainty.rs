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
    before: Regex,
    after: Regex,
    /// Every hedge, attribution word and generic source, as literals (ASCII case
    /// folded), for [`Self::assess`] and [`Self::source`], which search a sentence
    /// on their own. The claims stage instead finds these words with the phrase
    /// search it runs anyway and calls [`Self::assess_found`]. The word
    /// boundaries the lists' patterns ask for are tested on each occurrence.
    cue_words: aho_corasick::AhoCorasick,
    /// The literals of `cue_words`, ASCII lower case, in the automaton's order.
    cue_literals: Vec<Vec<u8>>,
    /// For each of `cue_words`, the lists it is in (bits of [`HEDGE`] ... [`GENERIC`]):
    /// "alleged" is a hedge and an attribution word.
    cue_lists: Vec<u8>,
    /// Every word `after` ends with is one word of ASCII letters: then the source is
    /// the match without its last word, spaces and comma, and no capture search is needed.
    after_words_plain: bool,
    negations: Regex,
}

/// The lists a cue word belongs to.
const HEDGE: u8 = 1;
const BEFORE: u8 = 2;
const AFTER: u8 = 4;
const GENERIC: u8 = 8;

/// One occurrence of a cue word in a sentence (byte offsets), with its lists.
#[derive(Debug, Clone, Copy)]
struct CueWord {
    start: usize,
    end: usize,
    lists: u8,
}

/// The cue words' automaton, its literals (ASCII lower case) and each one's lists.
type CueWordSet = (aho_corasick::AhoCorasick, Vec<Vec<u8>>, Vec<u8>);

/// The cue words as one automaton, each with the lists it is in. An empty word (it
/// would match at every word boundary) is a data error.
fn cue_words(lists: [(&[String], u8); 4]) -> Result<CueWordSet, ExtractError> {
    let mut words: Vec<Vec<u8>> = Vec::new();
    let mut memberships: Vec<u8> = Vec::new();
    for (list, bit) in lists {
        for word in list {
            if word.is_empty() {
                return Err(ExtractError::data(CERTAINTY_FILE, "an empty cue word"));
            }
            // Words that differ only in ASCII case are one literal to the automaton.
            let folded = word.to_ascii_lowercase().into_bytes();
            match words.iter().position(|w| *w == folded) {
                Some(k) => memberships[k] |= bit,
                None => {
                    words.push(folded);
                    memberships.push(bit);
                }
            }
        }
    }
    // A full DFA: a few dozen short words make a small one, and it reads a sentence
    // with one table look-up a byte.
    let automaton = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&words)
        .map_err(|e| ExtractError::data(CERTAINTY_FILE, e))?;
    Ok((automaton, words, memberships))
}

/// An ASCII word byte, as `\b` sees it in the `(?-u)` patterns.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `bytes[start..end]` has an ASCII word boundary at both ends when the
/// search starts at `from` (the pattern sees nothing before `from`), as
/// `\b(?:...)\b` asks. `start < end`.
fn bounded(bytes: &[u8], from: usize, start: usize, end: usize) -> bool {
    let word_before = start > from && is_word_byte(bytes[start - 1]);
    let word_after = end < bytes.len() && is_word_byte(bytes[end]);
    word_before != is_word_byte(bytes[start]) && is_word_byte(bytes[end - 1]) != word_after
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
        let (cue_words, cue_literals, cue_lists) = cue_words([
            (&f.hedges, HEDGE),
            (&f.attribution_before, BEFORE),
            (&f.attribution_after, AFTER),
            (&f.generic_sources, GENERIC),
        ])?;
        Ok(CertaintyCues {
            before: compile(&format!(
                r"{}\s+((?:the |a |an |our |local |state |official )?{NAME_CHAR}+(?: {NAME_START}{NAME_CHAR}+| for {NAME_START}{NAME_CHAR_NO_DOT}+| of {NAME_START}{NAME_CHAR_NO_DOT}+)*)",
                alternation(&f.attribution_before)
            ))?,
            after: compile(&format!(
                r"(?i-u)((?:[Tt]he |[Aa]n? |[Oo]ur |[Ll]ocal |[Ss]tate )?(?:{NAME_CHAR}+ ){{0,3}}{NAME_CHAR}+),?\s+{}",
                alternation(&f.attribution_after)
            ))?,
            cue_words,
            cue_literals,
            cue_lists,
            after_words_plain: f
                .attribution_after
                .iter()
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphabetic())),
            negations: compile(&alternation(&f.negations))?,
        })
    }

    /// Every occurrence of a cue word in `sentence`, boundaries not yet tested.
    fn cue_words_in(&self, sentence: &[u8]) -> Vec<CueWord> {
        self.cue_words
            .find_overlapping_iter(sentence)
            .map(|m| CueWord {
                start: m.start(),
                end: m.end(),
                lists: self.cue_lists[m.pattern().as_usize()],
            })
            .collect()
    }

    /// The cue words, ASCII lower case, numbered as [`Self::assess_found`] reads them.
    pub fn cue_word_list(&self) -> &[Vec<u8>] {
        &self.cue_literals
    }

    /// Certainty and source of a claim stated in `sentence`, searching it for the
    /// cue words (the reference [`Self::assess_found`] is tested against).
    pub fn assess(&self, sentence: &str) -> (Certainty, Option<String>) {
        self.assess_given(sentence, &self.cue_words_in(sentence.as_bytes()))
    }

    /// [`Self::assess`], given where the cue words ([`Self::cue_word_list`]) occur in
    /// the ASCII-lower-cased sentence as (start, end, word): at least every occurrence
    /// that begins at a word start (others fail the boundary test anyway), as the
    /// claims' phrase search reports them. That search reads the sentence anyway;
    /// a search of its own cost `assess` about a third of its instructions.
    /// `word` must index [`Self::cue_word_list`] of these cues.
    pub fn assess_found(
        &self,
        sentence: &str,
        found: &[(usize, usize, usize)],
    ) -> (Certainty, Option<String>) {
        debug_assert!(found
            .iter()
            .all(|&(_, _, word)| word < self.cue_lists.len()));
        let words: Vec<CueWord> = found
            .iter()
            .map(|&(start, end, word)| CueWord {
                start,
                end,
                lists: self.cue_lists[word],
            })
            .collect();
        self.assess_given(sentence, &words)
    }

    /// [`Self::assess`], given the sentence's cue words.
    fn assess_given(&self, sentence: &str, words: &[CueWord]) -> (Certainty, Option<String>) {
        let source = self.source_given(sentence, words);
        let bytes = sentence.as_bytes();
        if words
            .iter()
            .any(|w| w.lists & HEDGE != 0 && bounded(bytes, 0, w.start, w.end))
        {
            return (Certainty::Hedged, source);
        }
        match source {
            Some(s) => (Certainty::Reported, Some(s)),
            None => (Certainty::Asserted, None),
        }
    }

    /// Who the sentence attributes its content to.
    pub fn source(&self, sentence: &str) -> Option<String> {
        self.source_given(sentence, &self.cue_words_in(sentence.as_bytes()))
    }

    /// Whether a cue word of `lists` begins at `at` and is whole to a pattern that
    /// searches from `at`: the case a list of the words at word starts leaves out is
    /// one that begins inside a word, where the attribution window cuts it.
    fn cue_begins_at(&self, bytes: &[u8], at: usize, lists: u8) -> bool {
        let tail = &bytes[at..];
        self.cue_literals
            .iter()
            .zip(&self.cue_lists)
            .any(|(word, &of)| {
                of & lists != 0
                    && tail.len() >= word.len()
                    && tail[..word.len()].eq_ignore_ascii_case(word)
                    && bounded(bytes, at, at, at + word.len())
            })
    }

    /// [`Self::source`], given the sentence's cue words (every one that begins at a
    /// word start, at least).
    fn source_given(&self, sentence: &str, words: &[CueWord]) -> Option<String> {
        let full = sentence.as_bytes();
        // The words of `lists` that a pattern searching from `from` would see whole.
        let found = |lists: u8, from: usize| {
            words.iter().filter(move |w| {
                w.lists & lists != 0 && w.start >= from && bounded(full, from, w.start, w.end)
            })
        };
        // The leftmost generic source, the longest at that start (the alternation
        // tries its longest phrases first).
        let generic = found(GENERIC, 0).min_by_key(|w| (w.start, std::cmp::Reverse(w.end)));
        if let Some(phrase) = generic.and_then(|w| sentence.get(w.start..w.end)) {
            let phrase = phrase.to_string();
            let words: Vec<&str> = phrase.split_whitespace().collect();
            let src = match words.as_slice() {
                [w, "say" | "said" | "told"] => (*w).to_string(),
                _ => phrase.clone(),
            };
            return Some(src);
        }
        // Captures cost a backtracking search: only where an attribution word is.
        let word_start = found(BEFORE | AFTER, 0).map(|w| w.start).min()?;
        let window_start = sentence[..word_start]
            .char_indices()
            .rev()
            .nth(60)
            .map(|(i, _)| i)
            .unwrap_or(0);
        // A word that the window cuts is whole to the patterns, which see nothing before it.
        let cut = window_start > 0
            && is_word_byte(full[window_start - 1])
            && is_word_byte(full[window_start]);
        let cut_before = cut && self.cue_begins_at(full, window_start, BEFORE);
        let cut_after = cut && self.cue_begins_at(full, window_start, AFTER);
        let sentence = &sentence[window_start..];
        let bytes = sentence.as_bytes();
        // Byte offsets of a match fall between characters (it starts and ends at
        // ASCII or at whole accented letters); `get` keeps that an invariant, not a panic.
        let group = |c: regex::bytes::Captures<'_>| c.get(1).and_then(|g| sentence.get(g.range()));
        // Each capturing pattern holds its words: where they are not, it cannot match,
        // and its leftmost match starts at one of them (the search from there still
        // sees the byte before, for `\b`).
        let before = cut_before
            .then_some(window_start)
            .or_else(|| found(BEFORE, window_start).map(|w| w.start).min())
            .and_then(|first| self.before.captures_at(bytes, first - window_start));
        if let Some(who) = before.and_then(group) {
            return Some(who.trim_end_matches(['.', ',']).to_string());
        }
        let after = || {
            // Where no word of `after` is, it cannot match.
            if !cut_after {
                found(AFTER, window_start).next()?;
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

    /// The lists' patterns as regexes, as `assess` searched them before it found all
    /// the cue words in one pass: the reference the one-pass reading must agree with.
    struct RegexCues {
        hedges: Regex,
        generic: Regex,
        any_attribution: Regex,
    }

    impl RegexCues {
        fn embedded() -> Self {
            let f: CertaintyFile = crate::parse_data_file(CERTAINTY_FILE, CERTAINTY_TOML).unwrap();
            let both: Vec<String> = f
                .attribution_before
                .iter()
                .chain(&f.attribution_after)
                .cloned()
                .collect();
            RegexCues {
                hedges: compile(&alternation(&f.hedges)).unwrap(),
                generic: compile(&alternation(&f.generic_sources)).unwrap(),
                any_attribution: compile(&alternation(&both)).unwrap(),
            }
        }

        fn assess(&self, c: &CertaintyCues, sentence: &str) -> (Certainty, Option<String>) {
            let source = self.source(c, sentence);
            if self.hedges.is_match(sentence.as_bytes()) {
                return (Certainty::Hedged, source);
            }
            match source {
                Some(s) => (Certainty::Reported, Some(s)),
                None => (Certainty::Asserted, None),
            }
        }

        /// Both capturing patterns over the whole window.
        fn source(&self, c: &CertaintyCues, sentence: &str) -> Option<String> {
            if let Some(m) = self.generic.find(sentence.as_bytes()) {
                let phrase = &sentence[m.range()];
                let words: Vec<&str> = phrase.split_whitespace().collect();
                return Some(match words.as_slice() {
                    [w, "say" | "said" | "told"] => (*w).to_string(),
                    _ => phrase.to_string(),
                });
            }
            let word = self.any_attribution.find(sentence.as_bytes())?;
            let window_start = sentence[..word.start()]
                .char_indices()
                .rev()
                .nth(60)
                .map(|(i, _)| i)
                .unwrap_or(0);
            let sentence = &sentence[window_start..];
            let group =
                |c: regex::bytes::Captures<'_>| c.get(1).and_then(|g| sentence.get(g.range()));
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
    }

    #[test]
    fn one_pass_agrees_with_a_regex_per_list() {
        let c = CertaintyCues::embedded().unwrap();
        let reference = RegexCues::embedded();
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
            // Hedges, generic sources, case and word edges.
            " most likely",
            "Likely",
            "unlikely ",
            " REPORTEDLY",
            " an estimated ",
            "estimates",
            "alleged ",
            " allegedly",
            "reports said",
            " Local Sources ",
            "sources said ",
            "_said",
            "said_",
            "9 said",
            "-said-",
            "Ḥ",
            "according",
            " to",
        ];
        let mut sentences: Vec<String> = Vec::new();
        let mut rng = crate::test_rng::Lcg(11);
        for _ in 0..20_000 {
            let t: String = (0..1 + rng.top_bits(4))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect();
            sentences.push(t);
        }
        for example in [
            include_str!("../../../../data/examples/01-albukamal-deployments.txt"),
            include_str!("../../../../data/examples/04-hezbollah-south-lebanon.txt"),
            include_str!("../../../../data/examples/05-houthi-red-sea.txt"),
        ] {
            sentences.extend(example.split(". ").map(str::to_string));
        }
        // The attribution window (60 characters before the first attribution word)
        // starting inside a word, at a cue word or near one.
        for filler in 30..70 {
            for (head, tail) in [("xciting ", " said."), ("Zaccording to ", ", Reuters said")] {
                let pad = "the brigade holds the bridge and more of ".repeat(2);
                sentences.push(format!("{head}Reuters {}{tail}", &pad[..filler]));
                sentences.push(format!("{head}{}{tail}", &pad[..filler]));
                sentences.push(format!("Ḥ{head}{}{tail}", &pad[..filler]));
            }
        }
        // The fast path: the cue words as the claims' phrase search finds them.
        let claim_cues = crate::claims::ClaimCues::embedded().unwrap();
        let mut scratch = crate::claims::phrases::PhraseScratch::default();
        for s in &sentences {
            let expected = reference.assess(&c, s);
            assert_eq!(c.assess(s), expected, "{s:?}");
            assert_eq!(c.source(s), reference.source(&c, s), "{s:?}");
            let lower = s.to_ascii_lowercase();
            claim_cues.phrases.find_with(lower.as_bytes(), &mut scratch);
            assert_eq!(
                claim_cues.certainty.assess_found(s, scratch.words()),
                expected,
                "{s:?}"
            );
        }
    }

    #[test]
    fn negations_are_seen() {
        let c = CertaintyCues::embedded().unwrap();
        assert!(c.negated("has repeatedly denied that"));
        assert!(!c.negated("has repeatedly said that"));
    }
}
