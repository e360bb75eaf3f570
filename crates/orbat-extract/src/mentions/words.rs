//! Words as name finders see them: possessives split off ("Iran's" -> "Iran"),
//! hyphenated compounds split at a known suffix ("Iranian-backed" -> "Iranian"
//! + "backed"), acronyms with dots kept whole ("U.S.").

use regex_automata::{meta, Anchored, Input};
use std::sync::LazyLock;

/// One word of a sentence, with byte offsets into the document text.
/// Its text borrows from the document (`text == &doc[start..end]`): a sentence's
/// words cost no allocation each.
#[derive(Debug, Clone, PartialEq)]
pub struct Word<'t> {
    /// First byte.
    pub start: usize,
    /// One past the last byte (possessive excluded).
    pub end: usize,
    /// The text (possessive excluded).
    pub text: &'t str,
    /// Punctuation or a symbol rather than a word.
    pub punct: bool,
    /// The suffix of a hyphenated compound this word heads ("backed" in "Iranian-backed").
    pub compound: Option<String>,
    /// Followed by a possessive 's.
    pub possessive: bool,
    /// [`capitalised`] of `text`, worked out once: name finders ask it of
    /// each word several times (every span and run that reaches the word).
    capitalised: bool,
}

impl Word<'_> {
    /// Whether the word starts with a capital (or is Arabic script, or "al-X" with a capital X).
    pub fn is_capitalised(&self) -> bool {
        self.capitalised
    }

    /// Whether the word is a number or an ordinal ("313", "45th").
    pub fn is_numeric(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

/// Whether a word's text starts with a capital (or is Arabic script, or "al-X"
/// with a capital X): [`Word::is_capitalised`].
fn capitalised(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if first.is_uppercase() || ('\u{0600}'..='\u{06FF}').contains(&first) {
        return true;
    }
    if first.is_ascii_digit() {
        return false;
    }
    // al-Mayadeen, el-Sisi, ash-Sham: a lowercase article before a capitalised
    // name. An article has three letters at most, so the hyphen that ends it
    // is among the first four bytes.
    let Some(dash) = text.bytes().take(4).position(|b| b == b'-') else {
        return false;
    };
    let (art, rest) = (&text[..dash], &text[dash + 1..]);
    art.chars().all(|c| c.is_ascii_lowercase())
        && rest.chars().next().is_some_and(char::is_uppercase)
}

static WORD: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::new(
        r"(?x)
        (?:\p{Lu}\.){2,}                                  # U.S. U.K.
      | [\p{L}\p{M}\p{N}]+(?:['’ʿʾ`\-][\p{L}\p{M}\p{N}]+)*   # words, al-Mayadeen, Kata'ib, Iranian-backed
      | -[\p{L}]+                                          # -led after U.S.
      | [^\s\p{L}\p{M}\p{N}]                               # punctuation and symbols
    ",
    )
    .expect("word pattern compiles")
});

/// The words of `slice`, as `WORD` would find them one after another, each
/// with whether it may hold a hyphen (`false` only when it holds none). Every
/// character but white space begins a word, so each search is anchored where
/// the white space ends: the forward automaton alone finds the word's end,
/// with no backward pass to find where it began.
fn word_spans(slice: &str) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        // ASCII white space (what `char::is_whitespace` says of ASCII) byte by
        // byte; any other character is decoded and asked.
        while slice
            .as_bytes()
            .get(at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        {
            at += 1;
        }
        if slice.as_bytes().get(at).is_some_and(|b| !b.is_ascii()) {
            at += slice[at..]
                .char_indices()
                .find(|&(_, c)| !c.is_whitespace())
                .map_or(slice.len() - at, |(i, _)| i);
        }
        if at >= slice.len() {
            return None;
        }
        let start = at;
        let hyphen;
        (at, hyphen) = match ascii_word_end(slice.as_bytes(), at) {
            Some(found) => found,
            None => {
                let input = Input::new(slice).range(at..).anchored(Anchored::Yes);
                (WORD.search(&input)?.end(), true)
            }
        };
        Some((start, at, hyphen))
    })
}

/// Where the `WORD` match anchored at `at` ends, worked out byte by byte when
/// everything that decides it is ASCII (most words of most reports), and
/// whether the word holds a hyphen; `None` when a non-ASCII character could
/// take part, which the regex then decides.
fn ascii_word_end(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
    let byte = |k: usize| bytes.get(k).copied();
    let first = byte(at)?;
    if !first.is_ascii() {
        return None;
    }
    // U.S. U.K.: two or more capital-dot pairs.
    if first.is_ascii_uppercase() && byte(at + 1) == Some(b'.') {
        let mut end = at;
        loop {
            match byte(end) {
                Some(b) if b.is_ascii_uppercase() && byte(end + 1) == Some(b'.') => end += 2,
                Some(b) if !b.is_ascii() => return None,
                _ => break,
            }
        }
        if end - at >= 4 {
            return Some((end, false));
        }
    }
    if first.is_ascii_alphanumeric() {
        // Runs of letters and digits joined by an apostrophe, backtick or hyphen.
        let mut end = at;
        let mut hyphen = false;
        loop {
            match byte(end) {
                Some(b) if b.is_ascii_alphanumeric() => end += 1,
                Some(joiner @ (b'\'' | b'`' | b'-')) => match byte(end + 1) {
                    Some(b) if b.is_ascii_alphanumeric() => {
                        hyphen |= joiner == b'-';
                        end += 1;
                    }
                    Some(b) if !b.is_ascii() => return None,
                    _ => return Some((end, hyphen)),
                },
                Some(b) if !b.is_ascii() => return None,
                _ => return Some((end, hyphen)),
            }
        }
    }
    if first == b'-' {
        // "-led" after "U.S.".
        match byte(at + 1) {
            Some(b) if b.is_ascii_alphabetic() => {
                let mut end = at + 1;
                loop {
                    match byte(end) {
                        Some(b) if b.is_ascii_alphabetic() => end += 1,
                        Some(b) if !b.is_ascii() => return None,
                        _ => return Some((end, true)),
                    }
                }
            }
            Some(b) if !b.is_ascii() => return None,
            _ => {}
        }
    }
    // Punctuation or a symbol, one character.
    Some((at + 1, first == b'-'))
}

/// Suffixes that make a hyphenated word a relation cue rather than a name.
pub const COMPOUND_SUFFIXES: [&str; 22] = [
    "backed",
    "led",
    "aligned",
    "affiliated",
    "allied",
    "funded",
    "supported",
    "sponsored",
    "controlled",
    "held",
    "run",
    "linked",
    "based",
    "trained",
    "armed",
    "dominated",
    "loyal",
    "friendly",
    "commanded",
    "organised",
    "organized",
    "equipped",
];

/// Splits `text[range]` into words.
pub fn words(text: &str, start: usize, end: usize) -> Vec<Word<'_>> {
    let slice = &text[start..end];
    // About one word per five bytes of prose: most sentences never regrow.
    let mut out: Vec<Word> = Vec::with_capacity(slice.len() / 5 + 1);
    for (ms, me, hyphen) in word_spans(slice) {
        let (s, e) = (start + ms, start + me);
        let t = &slice[ms..me];
        if let Some(suffix) = t.strip_prefix('-') {
            // "-led" after "U.S.": mark the previous word as a compound head.
            let lower = suffix.to_lowercase();
            if let Some(prev) = out.last_mut() {
                if prev.end == s && COMPOUND_SUFFIXES.contains(&lower.as_str()) {
                    prev.compound = Some(lower);
                    continue;
                }
            }
            out.push(word(s + 1, e, suffix, false));
            continue;
        }
        // A missing space after a short function word ("ofJerusalem"): split it.
        if let Some(cut) = glued_function_word(t) {
            out.push(word(s, s + cut, &t[..cut], false));
            out.push(word(s + cut, e, &t[cut..], false));
            continue;
        }
        let punct = !t.chars().next().is_some_and(char::is_alphanumeric);
        let mut w = word(s, e, t, punct);
        // Possessive 's / ’s: "'" or "’" (whose last byte is 0x99) ends the word
        // or comes before its final "s".
        let may_be_possessive =
            matches!(t.as_bytes(), [.., b'\'' | 0x99, b's'] | [.., b'\'' | 0x99]);
        for poss in ["'s", "’s", "'", "’"]
            .into_iter()
            .filter(|_| may_be_possessive)
        {
            if w.text.len() > poss.len() + 1 && w.text.ends_with(poss) && !punct {
                if poss.len() <= 1 && !w.text.ends_with("s'") {
                    continue;
                }
                w.end -= poss.len();
                w.text = &w.text[..w.text.len() - poss.len()];
                w.capitalised = capitalised(w.text);
                w.possessive = true;
                break;
            }
        }
        // Hyphenated compound with a relation suffix.
        // The scanner says which words hold none: most are spared the search.
        let last_hyphen = hyphen
            .then(|| w.text.bytes().rposition(|b| b == b'-'))
            .flatten();
        if let Some((head, suffix)) = last_hyphen.map(|k| (&w.text[..k], &w.text[k + 1..])) {
            let lower = suffix.to_lowercase();
            if COMPOUND_SUFFIXES.contains(&lower.as_str()) && !head.is_empty() {
                w.end = w.start + head.len();
                w.text = head;
                w.capitalised = capitalised(w.text);
                w.compound = Some(lower);
            }
        }
        out.push(w);
    }
    out
}

/// Where a lowercase function word runs into a capitalised name without a space.
fn glued_function_word(t: &str) -> Option<usize> {
    const GLUED: [&str; 8] = ["of", "in", "and", "the", "by", "from", "to", "with"];
    // Each of them starts with one of these letters: most words try none.
    if !matches!(
        t.as_bytes().first(),
        Some(b'o' | b'i' | b'a' | b't' | b'b' | b'f' | b'w')
    ) {
        return None;
    }
    // The name's capital follows the function word (two to four letters): a
    // word with no capital or non-ASCII byte there is glued to nothing.
    let after_function_word = t.as_bytes().get(2..5.min(t.len())).unwrap_or_default();
    if after_function_word
        .iter()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return None;
    }
    GLUED.into_iter().find_map(|f| {
        // The name must start with a capital: an ASCII one or a non-ASCII byte.
        let after = *t.as_bytes().get(f.len())?;
        if after.is_ascii() && !after.is_ascii_uppercase() {
            return None;
        }
        let rest = t.strip_prefix(f)?;
        let next = rest.chars().next()?;
        (next.is_uppercase() && rest.chars().nth(1).is_some_and(char::is_lowercase))
            .then_some(f.len())
    })
}

fn word(start: usize, end: usize, text: &str, punct: bool) -> Word<'_> {
    Word {
        start,
        end,
        text,
        punct,
        compound: None,
        possessive: false,
        capitalised: capitalised(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        words(s, 0, s.len())
            .into_iter()
            .map(|w| w.text.to_string())
            .collect()
    }

    #[test]
    fn splits_possessives_and_compounds() {
        let s = "Iran's Revolutionary Guards and Iranian-backed groups, U.S.-led forces";
        let ws = words(s, 0, s.len());
        assert_eq!(ws[0].text, "Iran");
        assert!(ws[0].possessive);
        assert_eq!(ws[4].text, "Iranian");
        assert_eq!(ws[4].compound.as_deref(), Some("backed"));
        let us = ws.iter().find(|w| w.text == "U.S.").unwrap();
        assert_eq!(us.compound.as_deref(), Some("led"));
    }

    #[test]
    fn splits_a_function_word_glued_to_a_name() {
        assert_eq!(
            texts("comprised ofJerusalem Corp"),
            vec!["comprised", "of", "Jerusalem", "Corp"]
        );
        assert_eq!(texts("offensive"), vec!["offensive"]);
    }

    #[test]
    fn capitalisation_kept_with_a_word_is_that_of_its_final_text() {
        let samples = [
            "Iran's al-Qusayr-backed al-Backed el-Sisi's ash-Sham al-qaeda U.S.-led",
            "Deir ez-Zor's Forces' ÉTAT état 45th-run ofJerusalem الحشد -Led x-Y-backed",
            "al-Mayadeen-led a-B's abcd-E Ab-c' 'S’s Kata'ib-affiliated ĀL-Zor",
        ];
        for s in samples {
            for w in words(s, 0, s.len()) {
                assert_eq!(w.is_capitalised(), capitalised(w.text), "{w:?} in {s:?}");
            }
        }
    }

    #[test]
    fn keeps_transliterations_whole() {
        assert_eq!(texts("Kata'ib al-Mayadeen"), vec!["Kata'ib", "al-Mayadeen"]);
        assert!(words("al-Qusayr", 0, 9)[0].is_capitalised());
        assert!(!words("al-qaeda", 0, 8)[0].is_capitalised());
    }

    #[test]
    fn white_space_is_skipped_as_char_is_whitespace_says() {
        for b in 0u8..128 {
            // Two words around white space; one or three otherwise.
            let text = format!("a{}b", b as char);
            let spans = word_spans(&text).count();
            assert_eq!(spans == 2, (b as char).is_whitespace(), "byte {b:#x}");
        }
        let text = "a\u{a0}\u{2009} \u{85}b \u{3000}";
        let spans: Vec<(usize, usize)> = word_spans(text).map(|(s, e, _)| (s, e)).collect();
        assert_eq!(spans, vec![(0, 1), (text.len() - 5, text.len() - 4)]);
    }

    #[test]
    fn ascii_scan_ends_words_where_the_pattern_does() {
        let samples = [
            "U.S.-led U.K. U.S U.SÉ. U.É. A.B.C.D. A. B.c",
            "Kata'ib al-Mayadeen Iran's rock'n'roll a`b x- -y -led- --a -1 -É",
            "ʿAbd Kata’ib café-x x-é 45th 3.5 12,000 $5 (a) «b» … –c—d",
            "Iran’s Forces' ofJerusalem don't'' a''b a'-b x-'y \u{1}\u{7f}",
            "Aʾ a-ʾb Zé Z\u{301} ①b 2nd-run",
        ];
        for text in samples {
            for at in (0..text.len()).filter(|&k| {
                text.is_char_boundary(k) && !text[k..].starts_with(char::is_whitespace)
            }) {
                let Some((end, hyphen)) = ascii_word_end(text.as_bytes(), at) else {
                    continue;
                };
                let input = Input::new(text).range(at..).anchored(Anchored::Yes);
                let m = WORD.search(&input).expect("every character starts a word");
                assert_eq!(end, m.end(), "{text:?} at {at}");
                assert_eq!(hyphen, text[at..end].contains('-'), "{text:?} at {at}");
            }
        }
    }
}
