//! Tokenizer: words, numbers, punctuation and symbols with byte offsets.
//!
//! Rules (the extractor relies on them):
//! - A **Word** starts with a letter. Hyphens join when a letter comes before
//!   and a letter or digit after (`al-Mayadeen`, `Iranian-backed`, `MiG-29`);
//!   apostrophes join between letters or digits (`Kata'ib`, `Hezbollah’s`);
//!   initialisms keep their dots (`U.S.`, `a.m.`, `e.g.`, `U.S.-backed`).
//! - A **Number** starts with a digit: `15,000`, `1.2`, `2230`. Letters glued
//!   to it stay in the token, so ordinals and decades are Numbers (`45th`,
//!   `1990s`, `155mm`). A hyphen after a digit splits: `10-12` is Number,
//!   Punct, Number, and `375-kilometre` is Number, Punct, Word.
//! - A **Symbol** is a currency, maths or other symbol sign, plus `% & # @`:
//!   `$400` is Symbol `$` then Number `400`.
//! - Everything else that is not whitespace is **Punct**; a run of the same
//!   mark (`...`, `--`) is one token.

use crate::bytescan::ascii_alphanumeric_run;
use crate::sentences::is_terminal;
use crate::{Token, TokenKind};

/// The tokens of a text, and the offsets that the sentence splitter needs,
/// noted on the way so that it need not scan the text's bytes again.
#[derive(Debug, Default)]
pub(crate) struct Tokenized {
    pub tokens: Vec<Token>,
    /// The offset of every `\n`.
    pub newlines: Vec<usize>,
    /// The offsets where a run of sentence terminals may start a sentence
    /// break, in order: the first char of every Punct token that is a
    /// terminal (a Punct token is a run of one mark), and the full stops of
    /// initialisms (`U.S.`), the only full stops inside Word tokens. The
    /// full stops inside Numbers (`1.2`) are left out: a digit follows each,
    /// so the runs they start never end a sentence nor take in a later
    /// terminal. Symbols are no terminals.
    pub terminals: Vec<usize>,
}

pub(crate) fn tokenize(text: &str) -> Tokenized {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut newlines = Vec::new();
    let mut terminals = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // fast path: an ASCII token whose end is plain to see from its bytes
        let start = i;
        let (end, kind) = match ascii_token(bytes, i, b) {
            Some(token) => token,
            None => {
                let (end, kind) = char_token(text, i);
                // only the char-level rules make words with full stops
                if kind == Some(TokenKind::Word) {
                    initialism_dots(text, start, end, &mut terminals);
                }
                (end, kind)
            }
        };
        i = end;
        let Some(kind) = kind else {
            if b == b'\n' {
                newlines.push(start);
            }
            continue;
        };
        tokens.push(Token { start, end, kind });
        if kind == TokenKind::Punct && starts_with_terminal(text, start, b) {
            terminals.push(start);
        }
        // the usual single space after a token, skipped here rather
        // than by another turn of the loop
        if bytes.get(end) == Some(&b' ') {
            i += 1;
        }
    }
    Tokenized {
        tokens,
        newlines,
        terminals,
    }
}

/// Is the char at `start` (whose first byte is `b`) a sentence terminal?
#[inline]
fn starts_with_terminal(text: &str, start: usize, b: u8) -> bool {
    match b {
        b'.' | b'!' | b'?' => true,
        0x80.. => char_at(text, start).is_some_and(is_terminal),
        _ => false,
    }
}

/// Note the full stops of the Word token `text[start..end]` if it is an
/// initialism: no other Word token has any, and an initialism has one right
/// after its first letter.
fn initialism_dots(text: &str, start: usize, end: usize, terminals: &mut Vec<usize>) {
    let second = start + char_at(text, start).map_or(1, char::len_utf8);
    let word = &text.as_bytes()[start..end];
    if word.get(second - start) == Some(&b'.') {
        let dots = word.iter().enumerate().filter(|&(_, &b)| b == b'.');
        terminals.extend(dots.map(|(i, _)| start + i));
    }
}

/// The token (or whitespace char) starting at char boundary `i` < `text.len()`,
/// by the char-level rules: `(end, Some(kind))`, or `(end, None)` for whitespace.
fn char_token(text: &str, mut i: usize) -> (usize, Option<TokenKind>) {
    let Some(c) = char_at(text, i) else {
        return (text.len(), None);
    };
    if c.is_whitespace() {
        return (i + c.len_utf8(), None);
    }
    let kind;
    if is_word_char(c) {
        kind = if c.is_numeric() {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        i = scan_word(text, i, kind);
    } else if is_symbol(c) {
        kind = TokenKind::Symbol;
        i += c.len_utf8();
    } else {
        kind = TokenKind::Punct;
        while char_at(text, i) == Some(c) {
            i += c.len_utf8();
        }
    }
    (i, Some(kind))
}

/// What an ASCII byte starts, for the tokenizer's fast path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AsciiClass {
    Space,
    Letter,
    Digit,
    Symbol,
    Punct,
}

/// The class of every ASCII byte, as the char-level rules classify it.
const ASCII_CLASSES: [AsciiClass; 128] = {
    let mut classes = [AsciiClass::Punct; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8 as char;
        classes[b] = if matches!(c, ' ' | '\t'..='\r') {
            AsciiClass::Space
        } else if c.is_ascii_alphabetic() {
            AsciiClass::Letter
        } else if c.is_ascii_digit() {
            AsciiClass::Digit
        } else if matches!(
            c,
            '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~' | '%' | '&' | '#' | '@'
        ) {
            AsciiClass::Symbol
        } else {
            AsciiClass::Punct
        };
        b += 1;
    }
    classes
};

/// The token (or whitespace) starting at ASCII byte `b` = `bytes[i]`, when
/// its end can be told from ASCII bytes alone: `(end, Some(kind))` for a
/// token, `(end, None)` for a whitespace byte. `None` when the char-level
/// rules must decide: non-ASCII bytes, and words or numbers followed by a
/// byte that may join them (`-`, `'`, `.` or `,` before a digit, `.` between
/// single letters, or a non-ASCII char).
#[inline]
fn ascii_token(bytes: &[u8], i: usize, b: u8) -> Option<(usize, Option<TokenKind>)> {
    let class = *ASCII_CLASSES.get(usize::from(b))?;
    let kind = match class {
        AsciiClass::Space => return Some((i + 1, None)),
        AsciiClass::Symbol => return Some((i + 1, Some(TokenKind::Symbol))),
        AsciiClass::Punct => {
            let run = bytes[i..].iter().take_while(|&&x| x == b).count();
            return Some((i + run, Some(TokenKind::Punct)));
        }
        AsciiClass::Letter => TokenKind::Word,
        AsciiClass::Digit => TokenKind::Number,
    };
    let run = ascii_alphanumeric_run(bytes, i);
    let end = i + run;
    let ends_here = match bytes.get(end) {
        None => true,
        Some(b'-' | b'\'') => false,
        // "1.2", "15,000": a separator joins digits when a digit follows
        Some(b'.' | b',') if kind == TokenKind::Number => bytes
            .get(end + 1)
            .is_none_or(|x| x.is_ascii() && !x.is_ascii_digit()),
        // "U.S.": an initialism needs a letter after the first dot
        Some(b'.') if run == 1 => bytes
            .get(end + 1)
            .is_none_or(|x| x.is_ascii() && !x.is_ascii_alphabetic()),
        Some(next) => next.is_ascii(),
    };
    ends_here.then_some((end, Some(kind)))
}

/// The char starting at byte `i`, if any (`None` past the end or inside a
/// character). An ASCII byte is its own char; only others are decoded.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    match *text.as_bytes().get(i)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..).and_then(|s| s.chars().next()),
    }
}

/// The char starting right after the one at byte `i`.
#[inline]
fn char_after(text: &str, i: usize) -> Option<char> {
    char_at(text, i).and_then(|c| char_at(text, i + c.len_utf8()))
}

/// Scan a Word or Number starting at byte `i`; returns the byte after it.
fn scan_word(text: &str, mut i: usize, kind: TokenKind) -> usize {
    if kind == TokenKind::Number {
        // digits with inner separators: 15,000 1.2 3.4.5
        loop {
            while let Some(c) = char_at(text, i).filter(|c| c.is_numeric()) {
                i += c.len_utf8();
            }
            match (char_at(text, i), char_after(text, i)) {
                (Some(',' | '.'), Some(d)) if d.is_numeric() => i += 1,
                _ => break,
            }
        }
    } else if let Some(end) = initialism(text, i) {
        // "U.S.-backed" stays one word, like "Iranian-backed"
        match (char_at(text, end), char_after(text, end)) {
            (Some(h @ ('-' | '\u{2010}' | '\u{2011}')), Some(next)) if next.is_alphabetic() => {
                i = end + h.len_utf8();
            }
            _ => return end,
        }
    }
    let mut prev = None;
    loop {
        i = skip_word_chars(text, i, &mut prev);
        match (char_at(text, i), char_after(text, i)) {
            (Some(h @ ('-' | '\u{2010}' | '\u{2011}')), Some(next))
                if prev.is_some_and(|p| p.is_alphabetic() || is_mark(p)) && is_word_char(next) =>
            {
                i += h.len_utf8()
            }
            (Some(a @ ('\'' | '’' | 'ʼ')), Some(next)) if is_word_char(next) => {
                i += a.len_utf8()
            }
            _ => return i,
        }
    }
}

/// Skip the word characters from byte `i`; `prev` becomes the last one
/// skipped, if any. Runs of ASCII letters and digits go byte by byte.
#[inline]
fn skip_word_chars(text: &str, mut i: usize, prev: &mut Option<char>) -> usize {
    let bytes = text.as_bytes();
    loop {
        let ascii_run = ascii_alphanumeric_run(bytes, i);
        if ascii_run > 0 {
            i += ascii_run;
            *prev = Some(char::from(bytes[i - 1]));
        }
        // the only ASCII word characters are letters and digits
        match char_at(text, i) {
            Some(c) if !c.is_ascii() && is_word_char(c) => {
                i += c.len_utf8();
                *prev = Some(c);
            }
            _ => return i,
        }
    }
}

/// `U.S.`, `a.m.`, `e.g.`: single letters each followed by a dot, at least
/// two of them. Returns the byte after the last dot.
fn initialism(text: &str, i: usize) -> Option<usize> {
    let mut k = i;
    let mut letters = 0;
    while let Some(c) = char_at(text, k).filter(|c| c.is_alphabetic()) {
        if char_after(text, k) != Some('.') {
            break;
        }
        letters += 1;
        k += c.len_utf8() + 1;
    }
    // the letter after the last dot must not continue a word ("U.Sx")
    (letters >= 2 && !char_at(text, k).is_some_and(is_word_char)).then_some(k)
}

fn is_mark(c: char) -> bool {
    !c.is_ascii() && unicode_normalization::char::is_combining_mark(c)
}

pub(crate) fn is_word_char(c: char) -> bool {
    if GENERAL_PUNCTUATION.contains(&c) {
        // curly quotes and apostrophes, dashes, odd spaces: asked about at
        // almost every word's end, and no letter, digit or mark, so the
        // Unicode tables (a search each) need not be asked
        return c == '\u{200c}' || c == '\u{200d}';
    }
    c.is_alphanumeric() || is_mark(c) || c == '\u{200c}' || c == '\u{200d}'
}

/// The General Punctuation block, which holds no letters, digits or marks:
/// only its two joiners (ZWNJ, ZWJ) are word chars.
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206f}';

/// Unicode symbol categories (Sc, Sm, Sk, So) approximated by ranges, plus
/// `% & # @`, which news text uses as symbols.
pub(crate) fn is_symbol(c: char) -> bool {
    matches!(
        c,
        '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~' | '%' | '&' | '#' | '@'
            | '¢'..='©' | '¬' | '®'..='±' | '´' | '¸' | '×' | '÷' | '‰' | '‱'
            | '\u{20a0}'..='\u{20cf}'
            | '\u{2100}'..='\u{214f}'
            | '\u{2190}'..='\u{23ff}'
            | '\u{2500}'..='\u{27bf}'
            | '\u{2900}'..='\u{2bff}'
            | '\u{1f000}'..='\u{1faff}'
    ) && !matches!(c, '§' | '¨' | 'ª' | '«')
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn toks(s: &str) -> Vec<(&str, TokenKind)> {
        tokenize(s)
            .tokens
            .into_iter()
            .map(|t| (&s[t.start..t.end], t.kind))
            .collect()
    }

    #[test]
    fn words_with_hyphens_and_apostrophes() {
        assert_eq!(
            toks("Iranian-backed Kata'ib in al-Mayadeen, Hezbollah’s MiG-29"),
            vec![
                ("Iranian-backed", Word),
                ("Kata'ib", Word),
                ("in", Word),
                ("al-Mayadeen", Word),
                (",", Punct),
                ("Hezbollah’s", Word),
                ("MiG-29", Word)
            ]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("$400 15,000 1.2 2230 45th 10-12 375-kilometre 2,600."),
            vec![
                ("$", Symbol),
                ("400", Number),
                ("15,000", Number),
                ("1.2", Number),
                ("2230", Number),
                ("45th", Number),
                ("10", Number),
                ("-", Punct),
                ("12", Number),
                ("375", Number),
                ("-", Punct),
                ("kilometre", Word),
                ("2,600", Number),
                (".", Punct)
            ]
        );
    }

    #[test]
    fn initialisms_and_punct_runs() {
        assert_eq!(
            toks("U.S. forces... at 10 a.m. (Gen. M. al-X) 40% U.S.-backed"),
            vec![
                ("U.S.", Word),
                ("forces", Word),
                ("...", Punct),
                ("at", Word),
                ("10", Number),
                ("a.m.", Word),
                ("(", Punct),
                ("Gen", Word),
                (".", Punct),
                ("M", Word),
                (".", Punct),
                ("al-X", Word),
                (")", Punct),
                ("40", Number),
                ("%", Symbol),
                ("U.S.-backed", Word)
            ]
        );
    }

    #[test]
    fn non_latin_and_marks() {
        assert_eq!(
            toks("قوات الحشد «x» €5"),
            vec![
                ("قوات", Word),
                ("الحشد", Word),
                ("«", Punct),
                ("x", Word),
                ("»", Punct),
                ("€", Symbol),
                ("5", Number)
            ]
        );
    }

    /// The General Punctuation shortcut of `is_word_char` answers as the
    /// Unicode tables do, for every char of the block.
    #[test]
    fn general_punctuation_shortcut_agrees_with_tables() {
        for c in GENERAL_PUNCTUATION {
            let by_tables = c.is_alphanumeric() || is_mark(c) || c == '\u{200c}' || c == '\u{200d}';
            assert_eq!(is_word_char(c), by_tables, "{c:?}");
        }
    }

    /// The ASCII fast path of `tokenize` gives the tokens the char-level
    /// rules alone give, on pseudo-random text rich in the bytes that
    /// decide where its tokens end.
    #[test]
    fn ascii_fast_path_agrees_with_char_rules() {
        const ALPHABET: &[&str] = &[
            "a", "Z", "7", "0", ".", ",", "-", "'", " ", "\n", "\t", "\x0b", "\x1c", "\x7f", "$",
            "%", "(", "..", "é", "’", "\u{2011}", "٣", "\u{301}", "ab", "U.S.", "1.2",
        ];
        fn char_rules_only(text: &str) -> Vec<Token> {
            let mut tokens = Vec::new();
            let mut i = 0;
            while i < text.len() {
                let (end, kind) = char_token(text, i);
                if let Some(kind) = kind {
                    tokens.push(Token {
                        start: i,
                        end,
                        kind,
                    });
                }
                i = end;
            }
            tokens
        }
        for text in crate::random_text::random_texts(ALPHABET, 0x5851_f42d_4c95_7f2d, 16, 50_000) {
            let tokenized = tokenize(&text);
            assert_eq!(tokenized.tokens, char_rules_only(&text), "{text:?}");
            let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
            assert_eq!(tokenized.newlines, newlines, "{text:?}");
        }
    }

    /// The byte-level fast paths (`char_at`, `skip_word_chars`) agree with
    /// plain char decoding at every byte of pseudo-random mixed-script text.
    #[test]
    fn fast_paths_agree_with_char_decoding() {
        const ALPHABET: &[&str] = &[
            "a", "Z", "7", "0", ".", ",", "-", "'", " ", "\n", "é", "e\u{301}", "\u{301}", "’",
            "\u{200c}", "\u{200d}", "\u{2011}", "ق", "\u{64b}", "中", "٣", "²", "€", "😀", "ß",
        ];
        fn reference_skip(text: &str, mut i: usize, prev: &mut Option<char>) -> usize {
            while let Some(c) = text
                .get(i..)
                .and_then(|s| s.chars().next())
                .filter(|&c| is_word_char(c))
            {
                i += c.len_utf8();
                *prev = Some(c);
            }
            i
        }
        for text in crate::random_text::random_texts(ALPHABET, 0x9e37_79b9_7f4a_7c15, 16, 5_000) {
            for i in 0..=text.len() + 1 {
                let decoded = text.get(i..).and_then(|s| s.chars().next());
                assert_eq!(char_at(&text, i), decoded, "{text:?} at {i}");
                if text.is_char_boundary(i) {
                    let (mut fast, mut slow) = (Some('x'), Some('x'));
                    assert_eq!(
                        (skip_word_chars(&text, i, &mut fast), fast),
                        (reference_skip(&text, i, &mut slow), slow),
                        "{text:?} at {i}"
                    );
                }
            }
        }
    }
}
