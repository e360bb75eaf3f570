//! Cue phrase patterns (relation cues, event triggers) and the cheap first pass
//! that tells which of them a sentence can match.
//!
//! Each pattern is one alternation of lower-case phrases, run as a byte regex over
//! the ASCII-lower-cased sentence ([`super::context::SentenceView::lower`]). What
//! costs what: compiling a pattern costs more than a short report's whole
//! extraction, so patterns compile the first time a sentence needs them. The
//! literal prefixes that the patterns' matches must begin with form one anchored
//! Aho-Corasick DFA; at each word boundary of a sentence it is walked byte by byte,
//! usually for one or two bytes, and a pattern is tried only where one of its
//! prefixes begins, by an anchored search that stops at the first byte that cannot
//! continue a match. (A regex set over all patterns cost about five times as much,
//! an unanchored pass of the trie over every byte about three times.)
//!
//! Plain words (the certainty cues) can ride on the same walk: their occurrences
//! at word boundaries are reported as they are, with no pattern to try.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{MatchKind, StartKind};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::sync::OnceLock;

/// One alternation over phrases, longest first, with word boundaries where they make sense.
///
/// Byte regex syntax with ASCII classes (`(?-u)`) and no case folding: phrases are
/// English words written in lower case, and the text they run over is lower-cased.
/// Over Unicode classes a gap like `.{0,40}` or `[\w ]{1,20}` built automata that
/// cost more than all the other cues together. A match starts and ends at an ASCII
/// word, so its byte offsets fall between characters.
pub fn phrase_pattern(phrases: &[String]) -> String {
    let mut sorted: Vec<&String> = phrases.iter().collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let alts: Vec<String> = sorted
        .iter()
        .map(|p| {
            // "backs?" ends a word as much as "back" does: not inside "backed".
            let word_end = p.trim_end_matches('?');
            let tail = if word_end.ends_with(|c: char| c.is_alphanumeric() || c == ')') {
                r"\b"
            } else {
                ""
            };
            format!("{p}{tail}")
        })
        .collect();
    format!(r"(?-u)\b(?:{})", alts.join("|"))
}

/// Checks the syntax of a phrase pattern (cheap: no automaton is built).
pub fn check(pattern: &str) -> Result<(), String> {
    parse(pattern).map(|_| ())
}

fn parse(pattern: &str) -> Result<regex_syntax::hir::Hir, String> {
    regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| format!("{pattern}: {e}"))
}

/// A pattern compiled the first time a sentence needs it (its syntax is checked
/// when the set it belongs to is built).
struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    fn get(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            Regex::builder()
                .syntax(regex_automata::util::syntax::Config::new().utf8(false))
                .configure(Regex::config().utf8_empty(false))
                .build(&self.pattern)
                .expect("pattern checked when its set was built")
        })
    }
}

/// The working lists of [`PhrasePatterns::find_with`], kept from sentence to sentence.
#[derive(Default)]
pub struct PhraseScratch {
    /// (pattern, byte) where a pattern's prefix begins.
    starts: Vec<(usize, usize)>,
    /// The matches found.
    found: Vec<(usize, usize, usize)>,
    /// The plain words found, as (start, end, word).
    words: Vec<(usize, usize, usize)>,
}

impl PhraseScratch {
    /// The occurrences of the set's plain words that the last search found, as
    /// (start, end, word): each that begins at a word start, or where a word ends
    /// (see [`PhrasePatterns::with_words`]).
    pub fn words(&self) -> &[(usize, usize, usize)] {
        &self.words
    }
}

/// What a literal of the prefix automaton stands for.
#[derive(Debug, Clone, Copy)]
enum Owner {
    /// A prefix of this pattern's matches.
    Pattern(usize),
    /// This plain word.
    Word(usize),
}

/// Phrase patterns, in order, with a prefilter over all of them.
pub struct PhrasePatterns {
    patterns: Vec<LazyRegex>,
    /// The literal prefixes of every pattern's matches, anchored only: the unanchored
    /// DFA took 200 M instructions, most of the start-up, to build.
    prefixes: DFA,
    /// For each literal, the pattern it is a prefix of, or the plain word it is.
    owner: Vec<Owner>,
    /// Patterns whose matches have no finite set of prefixes: always searched.
    always: Vec<usize>,
    /// Whether some prefix begins with a byte that is not a word byte, so can begin
    /// where a word ends; otherwise the prefixes are sought at word starts only.
    prefix_after_word: bool,
}

impl PhrasePatterns {
    /// Checks and indexes `patterns` (regex syntax, see [`phrase_pattern`]); the
    /// error names the pattern that does not parse.
    pub fn new(patterns: Vec<String>) -> Result<Self, String> {
        Self::with_words(patterns, &[])
    }

    /// [`new`](Self::new), and the search also reports where the plain `words`
    /// (exact bytes, not empty) begin at a word start, or where a word ends if one
    /// begins with a non-word byte: one walk of the sentence serves both.
    pub fn with_words(patterns: Vec<String>, words: &[Vec<u8>]) -> Result<Self, String> {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owner = Vec::new();
        let mut always = Vec::new();
        for (k, pattern) in patterns.iter().enumerate() {
            let hir = parse(pattern)?;
            let prefixes = Extractor::new()
                .kind(ExtractKind::Prefix)
                .limit_total(1000)
                .extract(&hir);
            match prefixes.literals() {
                Some(found) if found.iter().all(|l| !l.as_bytes().is_empty()) => {
                    for literal in found {
                        literals.push(literal.as_bytes().to_vec());
                        owner.push(Owner::Pattern(k));
                    }
                }
                _ => always.push(k),
            }
        }
        for (w, word) in words.iter().enumerate() {
            if word.is_empty() {
                return Err("an empty word".to_string());
            }
            literals.push(word.clone());
            owner.push(Owner::Word(w));
        }
        let prefixes = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .build(&literals)
            .map_err(|e| e.to_string())?;
        Ok(PhrasePatterns {
            patterns: patterns
                .into_iter()
                .map(|pattern| LazyRegex {
                    pattern,
                    compiled: OnceLock::new(),
                })
                .collect(),
            prefixes,
            owner,
            always,
            prefix_after_word: literals.iter().any(|l| !is_word_byte(l[0])),
        })
    }

    /// Every match of every pattern in `lower` as (start, end, pattern): by pattern,
    /// then by start, non-overlapping within a pattern, leftmost first, as each
    /// pattern's own `find_iter` would give them.
    #[cfg(test)]
    pub fn find(&self, lower: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut scratch = PhraseScratch::default();
        self.find_with(lower, &mut scratch).to_vec()
    }

    /// [`find`](Self::find) into `scratch`, whose lists one caller keeps for every
    /// sentence (two allocations a sentence otherwise).
    pub fn find_with<'s>(
        &self,
        lower: &[u8],
        scratch: &'s mut PhraseScratch,
    ) -> &'s [(usize, usize, usize)] {
        let PhraseScratch {
            starts,
            found: out,
            words,
        } = scratch;
        starts.clear();
        out.clear();
        words.clear();
        starts.extend(self.always.iter().map(|&k| (k, 0)));
        let trie = &self.prefixes;
        let Ok(root) = trie.start_state(aho_corasick::Anchored::Yes) else {
            return out;
        };
        // The prefixes that begin at `at`, with their patterns, into `starts`.
        let mut seek_at = |at: usize| {
            let mut state = root;
            for (read, &b) in lower[at..].iter().enumerate() {
                state = trie.next_state(aho_corasick::Anchored::Yes, state, b);
                if trie.is_dead(state) {
                    break;
                }
                if !trie.is_match(state) {
                    continue;
                }
                for i in 0..trie.match_len(state) {
                    let literal = trie.match_pattern(state, i);
                    // Only the literals that begin at `at` (a state may also list
                    // shorter ones that end here).
                    if trie.pattern_len(literal) == read + 1 {
                        match self.owner[literal.as_usize()] {
                            Owner::Pattern(k) => starts.push((k, at)),
                            Owner::Word(w) => words.push((at, at + read + 1, w)),
                        }
                    }
                }
            }
        };
        // Every pattern begins at a word boundary (see `phrase_pattern`): jump from
        // word to word rather than test every byte.
        let mut at = 0;
        while at < lower.len() {
            let Some(skip) = lower[at..].iter().position(|&b| WORD_BYTE[usize::from(b)]) else {
                break;
            };
            at += skip;
            seek_at(at);
            let word_len = lower[at..]
                .iter()
                .position(|&b| !WORD_BYTE[usize::from(b)])
                .unwrap_or(lower.len() - at);
            at += word_len;
            if self.prefix_after_word && at < lower.len() {
                seek_at(at);
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let mut last: Option<(usize, usize)> = None; // (pattern, end of its last match)
        for &(k, start) in starts.iter() {
            let from = match last {
                Some((pattern, end)) if pattern == k => end,
                _ => 0,
            };
            if start < from {
                continue;
            }
            let regex = self.patterns[k].get();
            if self.always.binary_search(&k).is_ok() {
                let found = regex.find_iter(Input::new(lower).range(start..));
                out.extend(found.map(|m| (m.start(), m.end(), k)));
                continue;
            }
            let input = Input::new(lower).range(start..).anchored(Anchored::Yes);
            if let Some(m) = regex.find(input) {
                out.push((m.start(), m.end(), k));
                last = Some((k, m.end()));
            }
        }
        out
    }

    /// The source of pattern `k`.
    #[cfg(test)]
    pub fn pattern(&self, k: usize) -> &str {
        &self.patterns[k].pattern
    }

    /// Whether pattern `k` has been compiled (for tests of the lazy compilation).
    #[cfg(test)]
    pub fn compiled(&self, k: usize) -> bool {
        self.patterns[k].compiled.get().is_some()
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// [`is_word_byte`] as a table: the scan for word starts reads one entry a byte.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(list: &[&str]) -> String {
        phrase_pattern(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn matches_are_those_of_each_pattern_alone() {
        let set = PhrasePatterns::new(vec![
            phrases(&["led by", "headed by"]),
            phrases(&["backs?", "funds"]),
            phrases(&["(?:\\w+ )?wing of"]),
            phrases(&["under the (?:direct )?command of"]),
            // A prefix that begins where a word ends.
            phrases(&[": led by", "(?:-|:) backed"]),
        ])
        .unwrap();
        assert!(set.prefix_after_word);
        for sentence in [
            &b"the brigade: led by x, the iran-backed group"[..],
            &b"the brigade, led by x, is the armed wing of y; it backs z and funds w"[..],
            b"headed by a, headed by b, and led byzantine",
            b"wing of; the wing of",
            b"under the direct command of, under the command of",
        ] {
            let mut expected = Vec::new();
            for k in 0..set.patterns.len() {
                let regex = regex::bytes::Regex::new(set.pattern(k)).unwrap();
                expected.extend(regex.find_iter(sentence).map(|m| (m.start(), m.end(), k)));
            }
            assert_eq!(set.find(sentence), expected);
        }
    }

    /// The embedded cues and triggers over every line of the example reports,
    /// lower-cased, and over each line's every word-aligned tail.
    #[test]
    fn embedded_patterns_match_as_each_alone() {
        let cues = crate::claims::ClaimCues::embedded().unwrap();
        let set = &cues.phrases;
        let regexes: Vec<regex::bytes::Regex> = (0..set.patterns.len())
            .map(|k| regex::bytes::Regex::new(set.pattern(k)).unwrap())
            .collect();
        let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/examples");
        let mut lines = 0;
        for entry in std::fs::read_dir(examples).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.to_ascii_lowercase().lines() {
                let line = line.as_bytes();
                for (at, _) in line
                    .iter()
                    .enumerate()
                    .filter(|&(at, &b)| at == 0 || b == b' ')
                {
                    let sentence = &line[at..];
                    let mut expected = Vec::new();
                    for (k, regex) in regexes.iter().enumerate() {
                        expected.extend(regex.find_iter(sentence).map(|m| (m.start(), m.end(), k)));
                    }
                    assert_eq!(
                        set.find(sentence),
                        expected,
                        "{}",
                        String::from_utf8_lossy(sentence)
                    );
                    lines += 1;
                }
            }
        }
        assert!(lines > 500, "{lines}");
    }

    #[test]
    fn a_pattern_that_does_not_parse_is_named() {
        let err = PhrasePatterns::new(vec![phrases(&["leads (unclosed"])])
            .err()
            .unwrap();
        assert!(err.contains("leads (unclosed"), "{err}");
    }

    #[test]
    fn patterns_compile_on_first_use() {
        let set = PhrasePatterns::new(vec![phrases(&["led by"])]).unwrap();
        assert!(!set.compiled(0));
        assert_eq!(set.find(b"led by"), vec![(0, 6, 0)]);
        assert!(set.compiled(0));
    }
}
