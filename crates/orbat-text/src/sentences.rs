//! Sentence splitter tuned for news reports.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or
//! brackets) when whitespace and then an upper-case letter, a digit, an
//! opening quote or bracket, or a letter of a caseless script follows. A full
//! stop does not end a sentence after an abbreviation (`data/abbreviations.txt`),
//! an initial (`Abu M. al-X`), an initialism (`U.S.`) or a list number at the
//! start of a line (`1. Kata'ib Hezbollah`). A paragraph break always ends a
//! sentence, and so does a single line break after a heading-like line or
//! before a list item; line breaks inside hard-wrapped paragraphs do not.

use crate::tokens::Tokenized;
use crate::Sentence;
use foldhash::HashMap;
use std::sync::OnceLock;

const ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");

/// Abbreviations, and whether each one is an abbreviation only before a number.
fn abbreviations() -> &'static HashMap<&'static str, bool> {
    static MAP: OnceLock<HashMap<&'static str, bool>> = OnceLock::new();
    MAP.get_or_init(|| {
        ABBREVIATIONS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| match l.strip_suffix('#') {
                Some(a) => (a.trim(), true),
                None => (l, false),
            })
            .collect()
    })
}

/// Lines of a paragraph at most this long (in chars) may be hard-wrapped prose.
const WRAP_WIDTH: usize = 120;

pub(crate) fn split(text: &str, tokenized: &Tokenized) -> Vec<Sentence> {
    let mut terminals = TerminalCursor {
        starts: &tokenized.terminals,
        next: 0,
    };
    split_with(text, tokenized, &mut |seg, offset, mut from| loop {
        let at = terminals.next_in(seg, offset, from)?;
        match terminal_run_at(seg, at) {
            Some(run) => return Some(run),
            // The tokenizer lists only terminals; were one listed that is
            // not, the breaks after it must still be found.
            None => {
                debug_assert!(false, "listed offset {} is no terminal", offset + at);
                from = at + 1;
            }
        }
    })
}

/// [`split`], finding terminal runs with `next_run(seg, offset, from)`: the
/// first run in segment `seg` (which starts at text byte `offset`) at or
/// after byte `from` of the segment. It is called in text order.
fn split_with(
    text: &str,
    tokenized: &Tokenized,
    next_run: &mut impl FnMut(&str, usize, usize) -> Option<TerminalRun>,
) -> Vec<Sentence> {
    let mut spans: Vec<(usize, usize, usize)> = Vec::new(); // start, end, paragraph
    let mut para_start = 0;
    let mut scratch = SegmentScratch::default();
    let paras = paragraphs(text, &tokenized.newlines);
    for (paragraph, (para, has_line_break)) in paras.enumerate() {
        segments(para, has_line_break, &mut scratch);
        for &(seg_start, seg_end) in &scratch.segments {
            let seg = &para[seg_start..seg_end];
            let offset = para_start + seg_start;
            split_segment(seg, offset, next_run, &mut |s, e| {
                spans.push((offset + s, offset + e, paragraph))
            });
        }
        para_start += para.len() + 2;
    }
    // attach token ranges; both lists are sorted by offset
    let mut sentences = Vec::with_capacity(spans.len());
    let tokens = tokenized.tokens.as_slice();
    let mut t = 0;
    for (start, end, paragraph) in spans {
        while t < tokens.len() && tokens[t].start < start {
            t += 1;
        }
        let first = t;
        while t < tokens.len() && tokens[t].start < end {
            t += 1;
        }
        sentences.push(Sentence {
            start,
            end,
            tokens: first..t,
            paragraph,
        });
    }
    sentences
}

/// `text.split("\n\n")` from the offsets of its line breaks, each paragraph
/// with whether it holds a line break.
fn paragraphs<'a>(
    text: &'a str,
    newlines: &'a [usize],
) -> impl Iterator<Item = (&'a str, bool)> + 'a {
    let mut start = Some(0);
    let mut k = 0;
    std::iter::from_fn(move || {
        let from = start?;
        let mut has_line_break = false;
        while let Some(&at) = newlines.get(k) {
            k += 1;
            if newlines.get(k) == Some(&(at + 1)) {
                k += 1;
                start = Some(at + 2);
                return Some((&text[from..at], has_line_break));
            }
            has_line_break = true;
        }
        start = None;
        Some((&text[from..], has_line_break))
    })
}

/// Buffers for [`segments`], reused from one paragraph to the next.
#[derive(Default)]
struct SegmentScratch {
    /// Start byte, text and width in chars of each line.
    lines: Vec<(usize, usize, usize)>,
    /// The segments found: byte ranges within the paragraph.
    segments: Vec<(usize, usize)>,
}

/// Split one paragraph into segments at hard line breaks (into `scratch.segments`).
fn segments(para: &str, has_line_break: bool, scratch: &mut SegmentScratch) {
    if !has_line_break {
        // one line, one segment (the usual paragraph): no widths to measure
        scratch.segments.clear();
        scratch.segments.push((0, para.len()));
        return;
    }
    let lines = &mut scratch.lines;
    lines.clear();
    let mut pos = 0;
    for line in para.split('\n') {
        lines.push((pos, line.len(), line.chars().count()));
        pos += line.len() + 1;
    }
    let max = lines.iter().map(|&(_, _, width)| width).max().unwrap_or(0);
    let out = &mut scratch.segments;
    out.clear();
    let mut seg_start = 0;
    for k in 0..lines.len() {
        let (start, len, width) = lines[k];
        let line = &para[start..start + len];
        let end = start + len;
        let last = k + 1 == lines.len();
        let hard = last || {
            let (next_start, next_len, _) = lines[k + 1];
            let next = &para[next_start..next_start + next_len];
            let wrapped = max <= WRAP_WIDTH
                && width * 10 >= max * 6
                && !line.ends_with(':')
                && !starts_list_item(next);
            !wrapped
        };
        if hard {
            out.push((seg_start, end));
            seg_start = end + 1;
        }
    }
}

/// `- x`, `* x`, `• x`, `1. x`, `1) x`, `(a) x`, `a) x`.
fn starts_list_item(line: &str) -> bool {
    let l = line.trim_start();
    if l.starts_with("- ") || l.starts_with("* ") || l.starts_with("• ") || l.starts_with("– ")
    {
        return true;
    }
    let l = l.strip_prefix('(').unwrap_or(l);
    let marker: String = l.chars().take_while(|c| c.is_alphanumeric()).collect();
    let n = marker.chars().count();
    let ok_marker = (1..=3).contains(&n)
        && (marker.chars().all(|c| c.is_ascii_digit()) || n == 1 || is_roman(&marker));
    ok_marker && (l[marker.len()..].starts_with(". ") || l[marker.len()..].starts_with(") "))
}

fn is_roman(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X'))
}

pub(crate) fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '؟' | '。' | '！' | '？')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›' | '}')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹' | '„')
}

/// The text offsets where a terminal run may start (see
/// [`Tokenized::terminals`]), read in order as the segments are split.
struct TerminalCursor<'a> {
    starts: &'a [usize],
    /// The first start not yet passed.
    next: usize,
}

impl TerminalCursor<'_> {
    /// The first start in `seg` at or after byte `from` of the segment, as a
    /// segment offset. Starts before it are passed for good: the segments
    /// and the searches within each come in text order.
    fn next_in(&mut self, seg: &str, offset: usize, from: usize) -> Option<usize> {
        while self
            .starts
            .get(self.next)
            .is_some_and(|&s| s < offset + from)
        {
            self.next += 1;
        }
        let at = self.starts.get(self.next)?.checked_sub(offset)?;
        (at < seg.len()).then_some(at)
    }
}

/// Emit the sentences of `seg`, which starts at text byte `offset` (trimmed,
/// non-empty; as offsets into `seg`).
fn split_segment(
    seg: &str,
    offset: usize,
    next_run: &mut impl FnMut(&str, usize, usize) -> Option<TerminalRun>,
    emit: &mut impl FnMut(usize, usize),
) {
    let mut sent_start = 0;
    let mut pos = 0;
    while let Some(run) = next_run(seg, offset, pos) {
        let TerminalRun {
            start: i,
            end: j,
            only_dot,
        } = run;
        pos = j;
        let rest = &seg[j..];
        let after = rest.trim_start_matches([' ', '\n']);
        if after.len() == rest.len() {
            continue; // no whitespace after: "1.2", "U.S.-backed", "end.Next"
        }
        let Some(next) = after.chars().next() else {
            continue; // end of segment
        };
        let starts_sentence = next.is_uppercase()
            || next.is_numeric()
            || is_opening(next)
            || (next.is_alphabetic() && !next.is_lowercase());
        if !starts_sentence {
            continue;
        }
        if only_dot && !dot_ends_sentence(seg, sent_start, i, next) {
            continue;
        }
        emit_trimmed(seg, sent_start, j, emit);
        sent_start = seg.len() - after.len();
    }
    emit_trimmed(seg, sent_start, seg.len(), emit);
}

/// A run of sentence terminals and closing quotes or brackets, starting with
/// a terminal: `.`, `?!`, `."`, `…)`.
#[derive(Debug, PartialEq, Eq)]
struct TerminalRun {
    start: usize,
    end: usize,
    /// The only terminal in the run is its first char, a full stop.
    only_dot: bool,
}

/// The terminal run starting at byte `i` of `seg`, if a terminal starts there.
fn terminal_run_at(seg: &str, i: usize) -> Option<TerminalRun> {
    let c = seg[i..].chars().next().filter(|&c| is_terminal(c))?;
    let mut end = i + c.len_utf8();
    let mut only_dot = c == '.';
    while let Some(d) = seg[end..]
        .chars()
        .next()
        .filter(|&d| is_terminal(d) || is_closing(d))
    {
        only_dot &= !is_terminal(d);
        end += d.len_utf8();
    }
    Some(TerminalRun {
        start: i,
        end,
        only_dot,
    })
}

fn emit_trimmed(seg: &str, s: usize, e: usize, emit: &mut impl FnMut(usize, usize)) {
    let piece = &seg[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        emit(s + lead, e - trail);
    }
}

/// Does the full stop at `dot` end a sentence, given the word before it?
fn dot_ends_sentence(seg: &str, sent_start: usize, dot: usize, next: char) -> bool {
    let before = &seg[..dot];
    let word_start = before.rfind(|c: char| c.is_whitespace()).map_or(0, |p| {
        p + before[p..].chars().next().map_or(1, char::len_utf8)
    });
    let raw_word = &before[word_start..];
    let word = raw_word.trim_start_matches(is_opening);
    if word.is_empty() {
        return true;
    }
    let with_dot = &seg[word_start + (raw_word.len() - word.len())..dot + 1];
    // "Lt.-Col." is looked up as "Col."
    let with_dot = with_dot.rsplit(['-', '/']).next().unwrap_or(with_dot);
    let found = find_abbreviation(with_dot);
    if let Some(before_number) = found {
        if !before_number || next.is_numeric() {
            return false;
        }
    }
    let mut chars = word.chars();
    let first = chars.next();
    // an initial: "M." in "Abu M. al-X", "John F. Kennedy"
    if chars.next().is_none() && first.is_some_and(char::is_uppercase) {
        return false;
    }
    // an initialism: "U.A.E." (the word before the final dot is "U.A.E")
    if is_initialism(word) {
        return false;
    }
    // a list number at the start of the line: "1. Kata'ib Hezbollah"
    if word_starts_line(seg, sent_start, word_start) && starts_list_item(&seg[word_start..]) {
        return false;
    }
    true
}

/// Does the word at `word_start` (just after the last whitespace before a
/// full stop) start a line of the sentence starting at `sent_start`? It does
/// when it starts the sentence or follows a line break: no line break lies
/// between the word and the dot, so there is no need to search back for one.
fn word_starts_line(seg: &str, sent_start: usize, word_start: usize) -> bool {
    word_start == sent_start || (word_start > sent_start && seg.as_bytes()[word_start - 1] == b'\n')
}

/// The abbreviation entry for `with_dot` (a word with its full stop): an
/// exact match, else a lower-case entry matching the word with its first
/// letter capitalised ("Approx." for "approx.").
fn find_abbreviation(with_dot: &str) -> Option<bool> {
    let abbr = abbreviations();
    if let Some(&found) = abbr.get(with_dot) {
        return Some(found);
    }
    if with_dot.is_ascii() {
        // as below without allocating: only the first letter may change case
        let (&first, rest) = with_dot.as_bytes().split_first()?;
        if !first.is_ascii_uppercase() || rest.iter().any(u8::is_ascii_uppercase) {
            return None;
        }
        let mut buf = [0u8; MAX_ABBREVIATION_LEN];
        let lower = buf.get_mut(..with_dot.len())?;
        lower.copy_from_slice(with_dot.as_bytes());
        lower[0] = first.to_ascii_lowercase();
        return std::str::from_utf8(lower)
            .ok()
            .and_then(|l| abbr.get(l))
            .copied();
    }
    let lower = with_dot.to_lowercase();
    abbr.get(lower.as_str())
        .filter(|_| lower.chars().skip(1).eq(with_dot.chars().skip(1)))
        .copied()
}

/// No abbreviation in the list is longer than this (bytes).
const MAX_ABBREVIATION_LEN: usize = 16;

fn is_initialism(word: &str) -> bool {
    // at least two parts, each a single letter
    word.contains('.')
        && word.split('.').all(|part| {
            let mut chars = part.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn sents(text: &str) -> Vec<&str> {
        split(text, &tokenize(text))
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn basic_and_abbreviations() {
        assert_eq!(
            sents("Gen. Qaani met Mr. Smith at 10 a.m. on Jan. 5. The U.S. said no. \"Never,\" he said! Was it 1.2 km? Yes. No. 5 Squadron, etc. The end."),
            vec![
                "Gen. Qaani met Mr. Smith at 10 a.m. on Jan. 5.",
                "The U.S. said no.",
                "\"Never,\" he said!",
                "Was it 1.2 km?",
                "Yes.",
                "No. 5 Squadron, etc.",
                "The end."
            ]
        );
    }

    #[test]
    fn initials_and_lowercase_after_dot() {
        assert_eq!(
            sents(
                "Abu M. al-Tamimi and John F. Kennedy met approx. ten men. Then e.g. Rezaei left. Lt.-Col. Haddad came."
            ),
            vec![
                "Abu M. al-Tamimi and John F. Kennedy met approx. ten men.",
                "Then e.g. Rezaei left.",
                "Lt.-Col. Haddad came."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        assert_eq!(
            sents("He said “we will stay.” The army left. (It did.) 2019 was hard."),
            vec![
                "He said “we will stay.”",
                "The army left.",
                "(It did.)",
                "2019 was hard."
            ]
        );
    }

    #[test]
    fn headings_lists_and_paragraphs() {
        let text = "Summary\nThe force is large. It grew.\n\n1. Kata'ib Hezbollah (KH). Leader: X.\n2. Badr Organization.\n\nSource » zamanalwsl";
        assert_eq!(
            sents(text),
            vec![
                "Summary",
                "The force is large.",
                "It grew.",
                "1. Kata'ib Hezbollah (KH).",
                "Leader: X.",
                "2. Badr Organization.",
                "Source » zamanalwsl"
            ]
        );
        let s = split(text, &tokenize(text));
        assert_eq!(s[0].paragraph, 0);
        assert_eq!(s[3].paragraph, 1);
        assert_eq!(s[6].paragraph, 2);
    }

    #[test]
    fn source_line_after_paragraph_without_blank() {
        let text = "It controls Al-Mayadeen, Al-Qurya and Ain Ali, with its headquarters in the city of Albukamal as well as the airport which it uses often.\nSource » zamanalwsl";
        assert_eq!(sents(text).len(), 2);
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let text = "The brigade, which is led by Ahmad al-Awda and has reportedly\nanswered to Military Intelligence since 2021, said its men\nreturned fire. The attackers fled.";
        assert_eq!(
            sents(text),
            vec![
                "The brigade, which is led by Ahmad al-Awda and has reportedly\nanswered to Military Intelligence since 2021, said its men\nreturned fire.",
                "The attackers fled."
            ]
        );
    }

    /// `word_starts_line` agrees with searching back for the line start, for
    /// every dot and sentence start of pseudo-random segments.
    #[test]
    fn line_start_test_agrees_with_search() {
        const ALPHABET: &[&str] = &["a", "1", " ", "\n", ".", "\u{3000}", "é", "(", "\n1"];
        for seg in crate::random_text::random_texts(ALPHABET, 0x9e37_79b9_7f4a_7c15, 14, 5_000) {
            for (dot, _) in seg.match_indices('.') {
                let before = &seg[..dot];
                let word_start = before.rfind(|c: char| c.is_whitespace()).map_or(0, |p| {
                    p + before[p..].chars().next().map_or(1, char::len_utf8)
                });
                for sent_start in (0..=dot).filter(|&i| seg.is_char_boundary(i)) {
                    let line_start = seg[sent_start..dot]
                        .rfind('\n')
                        .map_or(sent_start, |p| sent_start + p + 1);
                    assert_eq!(
                        word_starts_line(&seg, sent_start, word_start),
                        word_start == line_start,
                        "{seg:?} {sent_start} {dot}"
                    );
                }
            }
        }
    }

    #[test]
    fn abbreviations_fit_the_lookup_buffer() {
        assert!(abbreviations()
            .keys()
            .all(|a| a.len() <= MAX_ABBREVIATION_LEN));
    }

    /// The allocation-free lookup agrees with lower-casing the whole word.
    #[test]
    fn abbreviation_lookup_agrees_with_to_lowercase() {
        fn reference(with_dot: &str) -> Option<bool> {
            let abbr = abbreviations();
            let lower = with_dot.to_lowercase();
            abbr.get(with_dot)
                .or_else(|| {
                    abbr.get(lower.as_str())
                        .filter(|_| lower.chars().skip(1).eq(with_dot.chars().skip(1)))
                })
                .copied()
        }
        let mut words: Vec<String> = abbreviations().keys().map(|a| a.to_string()).collect();
        for a in abbreviations().keys() {
            words.push(a.to_uppercase());
            let mut chars = a.chars();
            let first = chars.next().unwrap().to_uppercase().collect::<String>();
            words.push(first + chars.as_str());
            words.push(format!("x{a}"));
        }
        words.extend(
            [
                "Approx.",
                "APPROX.",
                "ApProx.",
                "İ.",
                "K.",
                "\u{212a}m.",
                "É.",
                "x.",
                ".",
            ]
            .map(String::from),
        );
        for w in &words {
            assert_eq!(find_abbreviation(w), reference(w), "{w:?}");
        }
    }

    #[test]
    fn token_ranges() {
        let text = "One two. Three four five.";
        let toks = tokenize(text);
        let s = split(text, &toks);
        assert_eq!(s[0].tokens, 0..3);
        assert_eq!(s[1].tokens, 3..7);
    }

    /// The char-by-char scan `next_terminal_run` replaced.
    fn reference_terminal_runs(seg: &str) -> Vec<TerminalRun> {
        let mut runs = Vec::new();
        let mut iter = seg.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !is_terminal(c) {
                continue;
            }
            let mut j = i + c.len_utf8();
            let mut only_dot = c == '.';
            while let Some(&(k, d)) = iter.peek() {
                if is_terminal(d) || is_closing(d) {
                    only_dot &= !is_terminal(d);
                    j = k + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            runs.push(TerminalRun {
                start: i,
                end: j,
                only_dot,
            });
        }
        runs
    }

    /// The first terminal run at or after byte `from` of `seg`, char by char:
    /// the scan that finding runs from the tokens replaced.
    fn reference_next_run(seg: &str, from: usize) -> Option<TerminalRun> {
        reference_terminal_runs(&seg[from..])
            .into_iter()
            .next()
            .map(|run| TerminalRun {
                start: from + run.start,
                end: from + run.end,
                only_dot: run.only_dot,
            })
    }

    /// Splitting with the terminal runs noted by the tokenizer agrees with
    /// scanning every char for them, and `paragraphs` from the noted line
    /// breaks with `str::split("\n\n")`, on pseudo-random text rich in
    /// terminals, closers, initialisms, numbers and line breaks.
    #[test]
    fn token_terminals_agree_with_char_scan() {
        const ALPHABET: &[&str] = &[
            "a", "Z", "7", " ", " ", "\n", "\n\n", ".", ". ", "!", "?", "\"", "'", ")", "]", "…",
            "؟", "。", "！", "？", "”", "’", "»", "“", "(", "é", "ق", "中", "😀", "U.S.", "a.m.",
            "É.", "1.2", "1,5", "No", "Gen", "-", "٣", "x.y",
        ];
        for text in crate::random_text::random_texts(ALPHABET, 0x2545_f491_4f6c_dd1d, 24, 30_000) {
            let tokens = tokenize(&text);
            let by_chars = split_with(&text, &tokens, &mut |seg, _, from| {
                reference_next_run(seg, from)
            });
            assert_eq!(split(&text, &tokens), by_chars, "{text:?}");
            let paras: Vec<(&str, bool)> =
                text.split("\n\n").map(|p| (p, p.contains('\n'))).collect();
            assert_eq!(
                paragraphs(&text, &tokens.newlines).collect::<Vec<_>>(),
                paras,
                "{text:?}"
            );
        }
    }
}
