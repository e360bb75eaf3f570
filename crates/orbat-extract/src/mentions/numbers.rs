//! Figures in running text: "15,000", "$10-12 billion", "a dozen", "between 3
//! and 5", "does not exceed 15,000", "$400 per month".
//!
//! [`find_numbers`] returns only real figures, with their bounds read as in
//! the contract's Quantities table (`docs/report-format.md`): "up to", "at
//! most", "does not exceed", "nearly" give a maximum; "more than", "at least",
//! "over" give a minimum; "about", "some", "an estimated" give a value marked
//! `approx`. Vague plurals ("dozens", "hundreds of thousands") give a minimum
//! and are flagged `vague`.
//!
//! Numbers that are not figures are left out: years and dates ("in 2019",
//! "3 January 2020", "the 1980s"), times ("1:30 a.m.", "2230 GMT"), unit names
//! and ordinals ("313 Battalion", "Brigade 46", "45th", "Tower 22", "T4",
//! "F-16"), measures ("20 km", "40 percent", "40%"), durations and ages ("three
//! days", "eight-year-old"), list markers ("1. Kata'ib Hezbollah"), ratios,
//! scores and phone numbers, and "one" used as a pronoun ("one of the"). "One"
//! is kept only before a word that can be a noun ("one soldier", "one Israeli
//! drone"), a casualty word ("one killed") or a place in a list ("one in
//! Ashara"). "a"/"an" is a number only in "a dozen", "a hundred", "a thousand",
//! "a million", "half a million" and the like.
//!
//! All words live in `data/lexicons/numbers.toml`. Offsets are byte offsets
//! into the string given.

use foldhash::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

use super::dates;

/// A figure found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    /// First byte of the figure, its bound words and currency.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The figure when it is a single value ("15,000", "about 2,000").
    pub value: Option<f64>,
    /// Lower bound ("more than 40", the low end of "7,000-10,000", "dozens").
    pub min: Option<f64>,
    /// Upper bound ("up to 3,000", the high end of a range, "nearly 2,500").
    pub max: Option<f64>,
    /// The writer signals an estimate ("about", "some", "an estimated").
    pub approx: bool,
    /// ISO 4217 code of the currency ("USD", "IQD", "SYP", ...).
    pub currency: Option<String>,
    /// Period of a rate: "month", "year", "week" or "day".
    pub per: Option<String>,
    /// A vague plural or phrase ("dozens", "hundreds of thousands",
    /// "several hundred"): only a lower bound is known.
    pub vague: bool,
}

/// Finds every figure in `s`. Offsets are bytes into `s`.
pub fn find_numbers(s: &str) -> Vec<NumberMention> {
    let toks = tokenize(s);
    let date_spans = dates::date_spans(s, &toks);
    find_numbers_in(s, &toks, &date_spans)
}

/// [`find_numbers`] over tokens already made by [`tokenize`] and the byte
/// spans of the dates of `s` (numbers inside a date are no figures).
pub(crate) fn find_numbers_in(
    s: &str,
    toks: &[Tok],
    date_spans: &[(usize, usize)],
) -> Vec<NumberMention> {
    let lex = &*LEX;
    let mut out: Vec<NumberMention> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // Most tokens cannot begin a number: one set lookup instead of the parser.
        if !may_begin_number(&toks[i], lex) {
            i += 1;
            continue;
        }
        match parse_expression(s, toks, i, lex) {
            Some(c) => {
                let mut next = c.last.max(i + 1);
                if !excluded(s, toks, &c, date_spans, lex) {
                    out.push(to_mention(toks, &c));
                } else if c.cores.len() > 1 && !c.lo.is_nan() && c.cores[1].first > i {
                    // "from 2020 to $3.5 billion": the second number may stand alone.
                    next = c.cores[1].first;
                }
                i = next;
            }
            None => i += 1,
        }
    }
    propagate_per(s, &mut out);
    out
}

// ------------------------------------------------------------------ lexicon

#[derive(Deserialize)]
struct RawLexicon {
    units: HashMap<String, f64>,
    tens: HashMap<String, f64>,
    scales: HashMap<String, f64>,
    currency_scales: HashMap<String, f64>,
    dozen: RawDozen,
    fractions: HashMap<String, f64>,
    vague: HashMap<String, f64>,
    vague_multipliers: HashMap<String, f64>,
    bounds: RawBounds,
    bound_guards: RawGuards,
    post_bounds: RawBounds,
    per: HashMap<String, Vec<String>>,
    per_before: HashMap<String, Vec<String>>,
    currency: RawCurrency,
    exclude: RawExclude,
}

#[derive(Deserialize)]
struct RawDozen {
    words: Vec<String>,
    value: f64,
}

#[derive(Deserialize)]
struct RawBounds {
    max: Vec<String>,
    min: Vec<String>,
    approx: Vec<String>,
}

#[derive(Deserialize)]
struct RawGuards {
    conditional: Vec<String>,
    allowed_before: Vec<String>,
    over_not_after: Vec<String>,
}

#[derive(Deserialize)]
struct RawCurrency {
    symbols: HashMap<String, String>,
    codes: RawCodes,
    words: HashMap<String, String>,
    qualified: HashMap<String, String>,
}

#[derive(Deserialize)]
struct RawCodes {
    codes: Vec<String>,
}

#[derive(Deserialize)]
struct RawExclude {
    measure_after: Vec<String>,
    time_after: Vec<String>,
    hyphen_keep: Vec<String>,
    designator_before: Vec<String>,
    designator_after: Vec<String>,
    not_designator: Vec<String>,
    one_not_after: Vec<String>,
    one_not_before: Vec<String>,
    age_before: Vec<String>,
    change_verbs: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Min,
    Max,
    Approx,
}

struct Lexicon {
    units: HashMap<String, f64>,
    tens: HashMap<String, f64>,
    scales: HashMap<String, f64>,
    currency_scales: HashMap<String, f64>,
    dozen: WordSet,
    dozen_value: f64,
    fractions: HashMap<String, f64>,
    vague: HashMap<String, f64>,
    vague_multipliers: PhraseList<f64>,
    /// Pre-figure bounds, longest first.
    bounds: PhraseList<Bound>,
    conditional: WordSet,
    allowed_before: WordSet,
    over_not_after: WordSet,
    post_bounds: PhraseList<Bound>,
    per: PhraseList<String>,
    per_before: HashMap<String, String>,
    symbols: HashMap<String, String>,
    codes: HashSet<String>,
    currency_words: HashMap<String, String>,
    qualified: HashMap<String, String>,
    /// First words of the `qualified` names ("iraqi", "syrian").
    qualified_firsts: HashSet<String>,
    measure_after: PhraseList<()>,
    time_after: WordSet,
    hyphen_keep: WordSet,
    designator_before: WordSet,
    designator_after: WordSet,
    not_designator: WordSet,
    one_not_after: WordSet,
    one_not_before: WordSet,
    age_before: WordSet,
    change_verbs: WordSet,
    /// Every word that can open a number ([`parse_core`]'s first token):
    /// units, tens, vague words, fractions, vague multipliers, "a"/"an".
    number_starts: WordSet,
}

/// Whether [`parse_core`] can succeed at this token; a necessary condition only.
fn may_begin_number(t: &Tok, lex: &Lexicon) -> bool {
    t.kind == TokKind::Num
        || t.kind == TokKind::Word && lex.number_starts.contains(t.lower.as_str())
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let raw: RawLexicon = toml::from_str(include_str!("../../../../data/lexicons/numbers.toml"))
        .expect("data/lexicons/numbers.toml is valid");
    build_lexicon(raw)
});

fn lower_set(v: Vec<String>) -> WordSet {
    v.into_iter().map(|w| w.to_lowercase()).collect()
}

fn lower_map<V>(m: HashMap<String, V>) -> HashMap<String, V> {
    m.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect()
}

fn phrases(v: &[String], b: Bound) -> Vec<(Vec<String>, Bound)> {
    v.iter().map(|p| (phrase_tokens(p), b)).collect()
}

fn build_lexicon(raw: RawLexicon) -> Lexicon {
    let mut bounds = phrases(&raw.bounds.max, Bound::Max);
    bounds.extend(phrases(&raw.bounds.min, Bound::Min));
    bounds.extend(phrases(&raw.bounds.approx, Bound::Approx));
    bounds.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let mut post_bounds = phrases(&raw.post_bounds.max, Bound::Max);
    post_bounds.extend(phrases(&raw.post_bounds.min, Bound::Min));
    post_bounds.extend(phrases(&raw.post_bounds.approx, Bound::Approx));
    post_bounds.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let mut per: Vec<(Vec<String>, String)> = raw
        .per
        .iter()
        .flat_map(|(period, list)| list.iter().map(move |p| (phrase_tokens(p), period.clone())))
        .collect();
    per.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let per_before = raw
        .per_before
        .iter()
        .flat_map(|(period, list)| list.iter().map(move |w| (w.to_lowercase(), period.clone())))
        .collect();
    let mut vague_multipliers: Vec<(Vec<String>, f64)> = raw
        .vague_multipliers
        .iter()
        .map(|(p, v)| (phrase_tokens(p), *v))
        .collect();
    vague_multipliers.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let mut measure_after: Vec<Vec<String>> = raw
        .exclude
        .measure_after
        .iter()
        .map(|p| phrase_tokens(p))
        .collect();
    measure_after.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let units = lower_map(raw.units);
    let tens = lower_map(raw.tens);
    let fractions = lower_map(raw.fractions);
    let vague = lower_map(raw.vague);
    let qualified = lower_map(raw.currency.qualified);
    let qualified_firsts = qualified
        .keys()
        .filter_map(|k| k.split(' ').next())
        .map(str::to_string)
        .collect();
    let number_starts = units
        .keys()
        .chain(tens.keys())
        .chain(fractions.keys())
        .chain(vague.keys())
        .chain(vague_multipliers.iter().filter_map(|(p, _)| p.first()))
        .cloned()
        .chain(["a".to_string(), "an".to_string()])
        .collect();
    Lexicon {
        units,
        tens,
        scales: lower_map(raw.scales),
        currency_scales: lower_map(raw.currency_scales),
        dozen: lower_set(raw.dozen.words),
        dozen_value: raw.dozen.value,
        fractions,
        vague,
        vague_multipliers: PhraseList::new(vague_multipliers),
        bounds: PhraseList::new(bounds),
        conditional: lower_set(raw.bound_guards.conditional),
        allowed_before: lower_set(raw.bound_guards.allowed_before),
        over_not_after: lower_set(raw.bound_guards.over_not_after),
        post_bounds: PhraseList::new(post_bounds),
        per: PhraseList::new(per),
        per_before,
        symbols: raw.currency.symbols,
        codes: raw.currency.codes.codes.into_iter().collect(),
        currency_words: lower_map(raw.currency.words),
        qualified,
        qualified_firsts,
        measure_after: PhraseList::plain(measure_after),
        time_after: lower_set(raw.exclude.time_after),
        hyphen_keep: lower_set(raw.exclude.hyphen_keep),
        designator_before: lower_set(raw.exclude.designator_before),
        designator_after: lower_set(raw.exclude.designator_after),
        not_designator: lower_set(raw.exclude.not_designator),
        one_not_after: lower_set(raw.exclude.one_not_after),
        one_not_before: lower_set(raw.exclude.one_not_before),
        age_before: lower_set(raw.exclude.age_before),
        change_verbs: lower_set(raw.exclude.change_verbs),
        number_starts,
    }
}

/// Value of a single number word below one hundred ("seven", "twenty"), for
/// the date finder's "two days later".
pub(crate) fn small_word_value(word: &str) -> Option<f64> {
    let lower;
    let w = if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
        lower = word.to_lowercase();
        lower.as_str()
    } else {
        word
    };
    LEX.units.get(w).or_else(|| LEX.tens.get(w)).copied()
}

/// The number words [`small_word_value`] knows, lower case.
pub(crate) fn small_number_words() -> impl Iterator<Item = String> {
    LEX.units.keys().chain(LEX.tens.keys()).cloned()
}

// ---------------------------------------------------------------- tokenizer

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Digits with inner separators: "15,000", "1.2".
    Num,
    /// Letters, with inner apostrophes and abbreviation dots: "Kata'ib", "U.S.".
    Word,
    /// Any other single character.
    Punct,
}

/// Lower-cased text of a token. Short texts (nearly every token) are kept
/// inline, so tokenizing does not allocate a string per token.
#[derive(Clone)]
pub(crate) struct Lower(LowerRepr);

/// Never derive `PartialEq` or `Hash` here: bytes past `len` are leftovers of
/// an eight-byte chunk (possibly parts of a multi-byte character) and must not
/// be read.
#[derive(Clone)]
enum LowerRepr {
    /// Invariant: `bytes[..len]` is valid UTF-8 (a whole `&str`, or an ASCII
    /// word lower-cased chunk by chunk); the bytes after it mean nothing.
    Inline {
        len: u8,
        bytes: [u8; Lower::INLINE],
    },
    Heap(Box<str>),
}

impl Lower {
    const INLINE: usize = 22;

    /// The lower case of `text`, as `str::to_lowercase` gives it.
    fn of(text: &str) -> Lower {
        if text.is_ascii() && text.len() <= Self::INLINE {
            let mut bytes = [0u8; Self::INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            bytes[..text.len()].make_ascii_lowercase();
            return Lower(LowerRepr::Inline {
                len: text.len() as u8,
                bytes,
            });
        }
        let lower = text.to_lowercase();
        if lower.len() <= Self::INLINE {
            let mut bytes = [0u8; Self::INLINE];
            bytes[..lower.len()].copy_from_slice(lower.as_bytes());
            Lower(LowerRepr::Inline {
                len: lower.len() as u8,
                bytes,
            })
        } else {
            Lower(LowerRepr::Heap(lower.into_boxed_str()))
        }
    }

    /// [`Lower::of`] for ASCII text without letters (digits, punctuation),
    /// its own lower case; `None` when longer than [`Lower::INLINE`] bytes.
    #[inline]
    fn caseless_ascii(text: &[u8]) -> Option<Lower> {
        debug_assert!(text
            .iter()
            .all(|b| b.is_ascii() && !b.is_ascii_alphabetic()));
        let mut bytes = [0u8; Self::INLINE];
        bytes.get_mut(..text.len())?.copy_from_slice(text);
        Some(Lower(LowerRepr::Inline {
            len: text.len() as u8,
            bytes,
        }))
    }

    /// [`Lower::of`] for ASCII text of at most [`Lower::INLINE`] bytes, with
    /// its case read in the same pass: whether it starts with a capital, and
    /// whether it is an acronym (two or more letters, all capitals; see [`case_of`]).
    fn of_short_ascii(text: &str) -> (Lower, bool, bool) {
        debug_assert!(text.is_ascii() && text.len() <= Self::INLINE);
        let mut bytes = [0u8; Self::INLINE];
        let (mut letters, mut capitals) = (0u32, 0u32);
        for (lower, &b) in bytes.iter_mut().zip(text.as_bytes()) {
            letters += u32::from(b.is_ascii_alphabetic());
            capitals += u32::from(b.is_ascii_uppercase());
            *lower = b.to_ascii_lowercase();
        }
        let cap = text.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
        let lower = Lower(LowerRepr::Inline {
            len: text.len() as u8,
            bytes,
        });
        (lower, cap, letters > 1 && capitals == letters)
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            LowerRepr::Inline { len, bytes } => {
                // SAFETY: `bytes[..len]` is a whole `&str` or an ASCII word
                // (ASCII lower-casing keeps it UTF-8), see `Lower::of` and
                // `plain_ascii_word`; nothing past `len` is read.
                unsafe { std::str::from_utf8_unchecked(&bytes[..*len as usize]) }
            }
            LowerRepr::Heap(s) => s,
        }
    }
}

impl std::ops::Deref for Lower {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Lower {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl std::fmt::Display for Lower {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Lower {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Lower {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Lower {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

/// A token of [`tokenize`].
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is.
    pub kind: TokKind,
    /// Lower-cased text.
    pub lower: Lower,
    /// Whitespace comes right before it.
    pub space_before: bool,
    /// A line break comes right before it (or it starts the text).
    pub line_start: bool,
    /// It starts with an upper-case letter.
    pub cap: bool,
    /// Two or more letters, all upper case: "ISIS", "SDF".
    pub acronym: bool,
}

impl Tok {
    /// Lower-cased text without a possessive "'s".
    pub fn base(&self) -> &str {
        let l = self.lower.as_str();
        l.strip_suffix("'s")
            .or_else(|| l.strip_suffix("’s"))
            .unwrap_or(l)
    }
}

/// Splits `s` into number, word and punctuation tokens.
///
/// Runs over bytes: ASCII (nearly all of the text) never decodes a char;
/// other characters are decoded where they stand.
pub(crate) fn tokenize(s: &str) -> Vec<Tok> {
    let bytes = s.as_bytes();
    let n = bytes.len();
    // About one token per five bytes of prose; reserving avoids most regrowth.
    let mut toks = Vec::with_capacity(n / 4 + 1);
    let mut k = 0;
    let mut space = false;
    let mut newline = true;
    'scan: while k < n {
        let b = bytes[k];
        // ASCII whitespace (the bulk of it) and plain ASCII words (the bulk
        // of the tokens) take a path of their own; the rest decodes a char.
        if matches!(b, b' ' | b'\t'..=b'\r') {
            space = true;
            newline |= b == b'\n';
            k += 1;
            continue;
        }
        let (end, kind, lower, cap, acronym) = 'token: {
            if let Some((end, lower, cap, acronym)) = plain_ascii_word(bytes, k) {
                break 'token (end, TokKind::Word, lower, cap, acronym);
            }
            // ASCII digits and punctuation have no case: their text is their lower case.
            if b.is_ascii() && !b.is_ascii_alphabetic() {
                let (kind, end) = if b.is_ascii_digit() {
                    (TokKind::Num, number_end(bytes, k))
                } else {
                    (TokKind::Punct, k + 1)
                };
                if let Some(lower) = Lower::caseless_ascii(&bytes[k..end]) {
                    break 'token (end, kind, lower, false, false);
                }
            }
            let Some(c) = char_at(s, k) else {
                break 'scan;
            };
            if c.is_whitespace() {
                space = true;
                if c == '\n' {
                    newline = true;
                }
                k += c.len_utf8();
                continue 'scan;
            }
            let (kind, end) = if b.is_ascii_digit() {
                (TokKind::Num, number_end(bytes, k))
            } else if is_alphabetic(c) {
                (TokKind::Word, word_end(s, k))
            } else {
                (TokKind::Punct, k + c.len_utf8())
            };
            let text = &s[k..end];
            let (lower, cap, acronym) = if text.len() <= Lower::INLINE && text.is_ascii() {
                Lower::of_short_ascii(text)
            } else {
                let (cap, acronym) = case_of(text);
                (Lower::of(text), cap, acronym)
            };
            (end, kind, lower, cap, acronym)
        };
        toks.push(Tok {
            start: k,
            end,
            kind,
            cap,
            acronym,
            lower,
            space_before: space,
            line_start: newline,
        });
        k = end;
        space = false;
        newline = false;
    }
    toks
}

/// The word starting at byte `k` when it is a plain run of ASCII letters
/// that fits inline ("forces", "ISIS"): its end, lower case, whether it
/// starts with a capital and whether it is an acronym.
/// `None` for anything [`word_end`] might carry on ("Kata'ib", "U.S.",
/// "Élysée", "naïve") or that is no word: the general path takes those.
#[inline]
fn plain_ascii_word(bytes: &[u8], k: usize) -> Option<(usize, Lower, bool, bool)> {
    // Eight bytes at a time where eight remain (most words end within the
    // first chunk), then byte by byte; `lower` has room for a whole last chunk.
    let mut lower = [0u8; Lower::INLINE + 8];
    let mut len = 0;
    let mut small_letter = false;
    while let Some(chunk) = bytes.get(k + len..k + len + 8) {
        let chunk = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let letters = ascii_letters(chunk);
        // The top bits of the bytes that are no letter; the run of letters ends
        // at the first (8 bytes long when there is none).
        let others = !letters & HIGH_BITS;
        let run = others.trailing_zeros() as usize / 8;
        // The bits below the first such byte's top bit (all when there is none).
        let in_run = (others & others.wrapping_neg()).wrapping_sub(1);
        // Setting the 0x20 bit lower-cases an ASCII letter; small letters have
        // it already (bit 5 of each byte shifted up to bit 7).
        lower[len..len + 8].copy_from_slice(&(chunk | (letters >> 2)).to_le_bytes());
        small_letter |= letters & (chunk << 2) & in_run != 0;
        len += run;
        if run < 8 || len > Lower::INLINE {
            break;
        }
    }
    if len % 8 == 0 && len <= Lower::INLINE {
        // Fewer than eight bytes were left: the rest one by one.
        while let Some(&b) = bytes.get(k + len).filter(|b| b.is_ascii_alphabetic()) {
            if len == Lower::INLINE {
                return None;
            }
            lower[len] = b | 0x20;
            small_letter |= b & 0x20 != 0;
            len += 1;
        }
    }
    let end = k + len;
    // An apostrophe or a non-ASCII byte may continue the word, and so may a
    // dot after a single letter ("U.S."): leave those to `word_end`.
    let carries_on = match bytes.get(end) {
        Some(b'\'') => true,
        Some(b'.') => len == 1,
        Some(b) => !b.is_ascii(),
        None => false,
    };
    if len == 0 || len > Lower::INLINE || carries_on {
        return None;
    }
    // The bytes past `len` are never read (see `Lower::as_str`).
    let lower = Lower(LowerRepr::Inline {
        len: len as u8,
        bytes: lower[..Lower::INLINE].try_into().expect("inline length"),
    });
    Some((
        end,
        lower,
        bytes[k].is_ascii_uppercase(),
        len > 1 && !small_letter,
    ))
}

/// The top bit of each byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `chunk` that are ASCII letters, as the top bit of each
/// byte. With the 0x20 bit set, a letter is a byte from `a` to `z` (no other
/// byte lands there); sums of the low seven bits with a constant carry into
/// the top bit exactly where a byte is at least `a`, or past `z`, and never
/// into the next byte.
fn ascii_letters(chunk: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let folded = chunk | (ONES * 0x20);
    let low = folded & !HIGH_BITS;
    let at_least_a = low + ONES * (0x80 - u64::from(b'a'));
    let past_z = low + ONES * (0x80 - u64::from(b'z') - 1);
    at_least_a & !past_z & !chunk & HIGH_BITS
}

/// `char::is_alphabetic`, answered at once for the accented Latin letters and
/// the typographic punctuation (quotes, dashes, the ellipsis) that running text
/// is full of: the standard library looks every non-ASCII char up in a table,
/// at a few hundred instructions each.
fn is_alphabetic(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        // Latin-1 letters and Latin Extended-A and -B: all letters but two signs.
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        // General Punctuation: no letters.
        '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphabetic(),
    }
}

/// The char starting at byte `k` (a char boundary), if any.
fn char_at(s: &str, k: usize) -> Option<char> {
    match s.as_bytes().get(k) {
        Some(&b) if b.is_ascii() => Some(b as char),
        Some(_) => s.get(k..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// Whether a letter starts at byte `k`.
fn is_alpha_at(s: &str, k: usize) -> bool {
    match s.as_bytes().get(k) {
        Some(&b) if b.is_ascii() => b.is_ascii_alphabetic(),
        Some(_) => char_at(s, k).is_some_and(is_alphabetic),
        None => false,
    }
}

/// The byte after the char at `k` (`k + 1` past the end).
fn after(s: &str, k: usize) -> usize {
    k + char_at(s, k).map_or(1, char::len_utf8)
}

/// The end of the run of letters starting at `k`.
#[inline]
fn letters_end(s: &str, mut k: usize) -> usize {
    let bytes = s.as_bytes();
    loop {
        while bytes.get(k).is_some_and(u8::is_ascii_alphabetic) {
            k += 1;
        }
        if bytes.get(k).is_some_and(|b| !b.is_ascii()) && is_alpha_at(s, k) {
            k = after(s, k);
        } else {
            return k;
        }
    }
}

/// The end of a number starting at `k`: digits with inner "." and "," ("15,000", "1.2").
fn number_end(bytes: &[u8], mut k: usize) -> usize {
    let digits_end = |mut k: usize| {
        while bytes.get(k).is_some_and(u8::is_ascii_digit) {
            k += 1;
        }
        k
    };
    k = digits_end(k);
    while matches!(bytes.get(k), Some(b'.' | b','))
        && bytes.get(k + 1).is_some_and(u8::is_ascii_digit)
    {
        k = digits_end(k + 1);
    }
    k
}

/// The end of a word starting at `k`: letters, with inner apostrophes
/// ("Kata'ib") and abbreviation dots ("U.S.", "a.m.").
fn word_end(s: &str, k: usize) -> usize {
    let bytes = s.as_bytes();
    let mut seg_start = k;
    let mut k = letters_end(s, k);
    let mut dotted = false;
    loop {
        let apostrophe = match bytes.get(k) {
            Some(b'\'') => 1,
            Some(0xE2) if s[k..].starts_with('’') => '’'.len_utf8(),
            _ => 0,
        };
        if apostrophe > 0 && is_alpha_at(s, k + apostrophe) {
            seg_start = k + apostrophe;
            k = letters_end(s, seg_start);
            continue;
        }
        // "U.S.", "a.m.": single letters joined by dots.
        let single = k > seg_start && after(s, seg_start) == k;
        if single
            && bytes.get(k) == Some(&b'.')
            && is_alpha_at(s, k + 1)
            && !is_alpha_at(s, after(s, k + 1))
        {
            seg_start = k + 1;
            k = after(s, seg_start);
            dotted = true;
            continue;
        }
        break;
    }
    if dotted && bytes.get(k) == Some(&b'.') {
        k += 1;
    }
    k
}

/// Whether a token starts with a capital, and whether it is an acronym (two
/// or more letters, all capitals).
fn case_of(text: &str) -> (bool, bool) {
    if text.is_ascii() {
        // The same tests on bytes: ASCII letters are the only ASCII alphabetic chars.
        let mut letters = 0;
        let mut all_upper = true;
        for b in text.bytes().filter(u8::is_ascii_alphabetic) {
            letters += 1;
            all_upper &= b.is_ascii_uppercase();
        }
        let cap = text.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
        (cap, letters > 1 && all_upper)
    } else {
        let mut letters = text.chars().filter(|&c| is_alphabetic(c));
        (
            text.chars().next().is_some_and(|c| c.is_uppercase()),
            letters.clone().count() > 1 && letters.all(|c| c.is_uppercase()),
        )
    }
}

/// The tokens [`tokenize`] makes of `text[a..b]`, copied from `doc`, the
/// tokens of the whole `text` (offsets become bytes into the piece), so a
/// sentence need not be tokenized again. `None` when the piece does not
/// start between tokens or is not followed by whitespace (or the end): the
/// tokenizer looks ahead, so only then are the two tokenizations the same.
pub(crate) fn tokens_of_piece(text: &str, doc: &[Tok], a: usize, b: usize) -> Option<Vec<Tok>> {
    let ends_clean = text
        .get(b..)
        .is_some_and(|rest| rest.chars().next().is_none_or(char::is_whitespace));
    let first = doc.partition_point(|t| t.end <= a);
    if !ends_clean || a > b || doc.get(first).is_some_and(|t| t.start < a) {
        return None;
    }
    // Whitespace at `b`: no token runs past it.
    let last = doc.partition_point(|t| t.start < b).max(first);
    // One pass: clone and shift each token.
    let mut toks: Vec<Tok> = doc[first..last]
        .iter()
        .map(|t| Tok {
            start: t.start - a,
            end: t.end - a,
            ..t.clone()
        })
        .collect();
    // Only whitespace can stand between `a` and the first token; the piece
    // alone starts a line.
    if let Some(t) = toks.first_mut() {
        t.space_before = t.start > 0;
        t.line_start = true;
    }
    Some(toks)
}

/// Tokens of a lexicon phrase, lower-cased.
pub(crate) fn phrase_tokens(p: &str) -> Vec<String> {
    tokenize(p)
        .into_iter()
        .map(|t| t.lower.as_str().to_string())
        .collect()
}

/// Whether the phrase matches the tokens starting at `i`.
pub(crate) fn matches_at(toks: &[Tok], i: usize, phrase: &[String]) -> bool {
    // Callers try long lists of phrases at every candidate: reject on the first word.
    let Some(first) = phrase.first() else {
        return false;
    };
    if i + phrase.len() > toks.len() || toks[i].lower != *first {
        return false;
    }
    phrase.iter().enumerate().skip(1).all(|(k, w)| {
        let t = &toks[i + k];
        // Punctuation inside a phrase ("-plus", "/month") must be glued.
        if k > 0
            && (t.kind == TokKind::Punct || toks[i + k - 1].kind == TokKind::Punct)
            && t.space_before
        {
            return false;
        }
        t.lower == *w
    })
}

/// A set of words, asked about nearly every word of running text: answers
/// "no" for most words without hashing, by looking first at their length and
/// their first and last bytes. Answers exactly as a `HashSet` would.
pub(crate) struct WordSet {
    words: HashSet<String>,
    /// Bit `min(len, 31)` of `by_first[b]`: some word of that length in bytes starts with `b`.
    by_first: [u32; 256],
    /// The same for the last byte.
    by_last: [u32; 256],
}

impl WordSet {
    fn length_bit(word: &str) -> u32 {
        1 << word.len().min(31)
    }

    /// Whether `word` is in the set.
    pub fn contains(&self, word: &str) -> bool {
        let b = word.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return self.words.contains(word);
        };
        let bit = Self::length_bit(word);
        self.by_first[usize::from(first)] & bit != 0
            && self.by_last[usize::from(last)] & bit != 0
            && self.words.contains(word)
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(words: I) -> Self {
        let mut set = WordSet {
            words: HashSet::default(),
            by_first: [0; 256],
            by_last: [0; 256],
        };
        for w in words {
            if let (Some(&first), Some(&last)) = (w.as_bytes().first(), w.as_bytes().last()) {
                set.by_first[usize::from(first)] |= Self::length_bit(&w);
                set.by_last[usize::from(last)] |= Self::length_bit(&w);
            }
            set.words.insert(w);
        }
        set
    }
}

/// A lexicon list of phrases (lower-cased tokens, see [`phrase_tokens`]) with
/// a value each, kept in list order and indexed by first and last word:
/// "which phrases match at token k" looks up the candidates that begin (or
/// end) with that token instead of trying the whole list.
pub(crate) struct PhraseList<T> {
    entries: Vec<(Vec<String>, T)>,
    by_first: HashMap<String, Vec<usize>>,
    by_last: HashMap<String, Vec<usize>>,
}

impl<T> PhraseList<T> {
    /// Keeps the order of `entries` (callers sort longest first where it matters).
    pub fn new(entries: Vec<(Vec<String>, T)>) -> Self {
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::default();
        let mut by_last: HashMap<String, Vec<usize>> = HashMap::default();
        for (k, (p, _)) in entries.iter().enumerate() {
            if let (Some(first), Some(last)) = (p.first(), p.last()) {
                by_first.entry(first.clone()).or_default().push(k);
                by_last.entry(last.clone()).or_default().push(k);
            }
        }
        PhraseList {
            entries,
            by_first,
            by_last,
        }
    }

    /// Every phrase and its value, in list order.
    pub fn iter(&self) -> std::slice::Iter<'_, (Vec<String>, T)> {
        self.entries.iter()
    }

    /// The phrases that match the tokens starting at `i`, in list order.
    pub fn matching_at<'a>(
        &'a self,
        toks: &'a [Tok],
        i: usize,
    ) -> impl Iterator<Item = &'a (Vec<String>, T)> + 'a {
        let candidates = toks
            .get(i)
            .and_then(|t| self.by_first.get(t.lower.as_str()))
            .map_or(&[][..], |v| v.as_slice());
        // A common first word ("the") opens many phrases: the second word
        // rejects most of them before the full comparison.
        let second = toks.get(i + 1).map(|t| t.lower.as_str());
        candidates
            .iter()
            .map(|&k| &self.entries[k])
            .filter(move |(p, _)| p.get(1).is_none_or(|w| second == Some(w.as_str())))
            .filter(move |(p, _)| matches_at(toks, i, p))
    }

    /// The phrases that end right before token `j`, in list order, each with
    /// its first token.
    pub fn matching_before<'a>(
        &'a self,
        toks: &'a [Tok],
        j: usize,
    ) -> impl Iterator<Item = (&'a (Vec<String>, T), usize)> + 'a {
        let candidates = j
            .checked_sub(1)
            .and_then(|last| toks.get(last))
            .and_then(|t| self.by_last.get(t.lower.as_str()))
            .map_or(&[][..], |v| v.as_slice());
        // The word before the last rejects most candidates cheaply.
        let before_last = j
            .checked_sub(2)
            .and_then(|k| toks.get(k))
            .map(|t| t.lower.as_str());
        candidates.iter().filter_map(move |&k| {
            let e = &self.entries[k];
            let p = &e.0;
            if p.len() >= 2 && before_last != Some(p[p.len() - 2].as_str()) {
                return None;
            }
            matches_before(toks, j, p).map(|s| (e, s))
        })
    }

    /// Whether some phrase matches at token `i`.
    pub fn any_at(&self, toks: &[Tok], i: usize) -> bool {
        self.matching_at(toks, i).next().is_some()
    }

    /// First token of the first phrase (in list order) ending right before `j`.
    pub fn first_before(&self, toks: &[Tok], j: usize) -> Option<usize> {
        self.matching_before(toks, j).next().map(|(_, s)| s)
    }
}

impl PhraseList<()> {
    /// A list of phrases without values.
    pub fn plain(phrases: Vec<Vec<String>>) -> Self {
        Self::new(phrases.into_iter().map(|p| (p, ())).collect())
    }
}

/// Whether the phrase ends right before token `j` (exclusive); returns its first token.
pub(crate) fn matches_before(toks: &[Tok], j: usize, phrase: &[String]) -> Option<usize> {
    if phrase.len() > j {
        return None;
    }
    let i = j - phrase.len();
    matches_at(toks, i, phrase).then_some(i)
}

/// Whether token `k` starts a sentence or a line (nothing but punctuation
/// that opens a sentence comes before it).
pub(crate) fn sentence_initial(toks: &[Tok], k: usize) -> bool {
    if k == 0 || toks[k].line_start {
        return true;
    }
    let p = &toks[k - 1];
    p.kind == TokKind::Punct
        && matches!(
            p.lower.as_str(),
            "." | "!"
                | "?"
                | ":"
                | ";"
                | "("
                | "\""
                | "“"
                | "‘"
                | "—"
                | "–"
                | "-"
                | "•"
                | "*"
                | "["
        )
}

// ------------------------------------------------------------------- parser

/// A number written with digits or words, before any range.
#[derive(Debug, Clone)]
struct Core {
    first: usize,
    /// One past the last token.
    last: usize,
    value: f64,
    /// Raw digits before a scale ("10" in "10 billion").
    raw: f64,
    scaled: bool,
    words: bool,
    vague: bool,
}

impl Core {
    /// A number written in words with a scale ("several hundred", "dozens", "half a
    /// million"): its value is its raw value.
    fn scaled_words(first: usize, last: usize, value: f64, vague: bool) -> Core {
        Core {
            first,
            last,
            value,
            raw: value,
            scaled: true,
            words: true,
            vague,
        }
    }
}

/// A whole figure: bounds, currency, one or two cores, period.
#[derive(Debug, Clone)]
struct Cand {
    first: usize,
    last: usize,
    cores: Vec<Core>,
    lo: f64,
    hi: Option<f64>,
    vague: bool,
    bound: Option<Bound>,
    approx: bool,
    currency: Option<String>,
    per: Option<String>,
    /// Hyphen compound kept ("3,000-strong").
    compound: bool,
}

fn tok_is_number_word(t: &Tok, lex: &Lexicon) -> bool {
    t.kind == TokKind::Word
        && (lex.units.contains_key(t.lower.as_str()) || lex.tens.contains_key(t.lower.as_str()))
}

fn parse_digits(t: &Tok) -> Option<f64> {
    if !t.lower.contains(',') {
        return t.lower.parse::<f64>().ok();
    }
    let clean: String = t.lower.chars().filter(|c| *c != ',').collect();
    clean.parse::<f64>().ok()
}

fn glued(toks: &[Tok], k: usize) -> bool {
    k < toks.len() && !toks[k].space_before
}

/// Reads a number starting at token `i`.
fn parse_core(toks: &[Tok], i: usize, money: bool, lex: &Lexicon) -> Option<Core> {
    let t = toks.get(i)?;
    if t.kind == TokKind::Num {
        let raw = parse_digits(t)?;
        let mut value = raw;
        let mut j = i + 1;
        let mut scaled = false;
        if let Some(n) = toks.get(j) {
            if n.kind == TokKind::Word {
                if let Some(sc) = lex.scales.get(n.lower.as_str()) {
                    value *= sc;
                    scaled = true;
                    j += 1;
                } else if money && !n.space_before {
                    if let Some(sc) = lex.currency_scales.get(n.lower.as_str()) {
                        value *= sc;
                        scaled = true;
                        j += 1;
                    }
                } else if lex.dozen.contains(n.lower.as_str()) {
                    value *= lex.dozen_value;
                    j += 1;
                }
            }
        }
        // "1.5 million" may be followed by another scale word rarely; ignore.
        return Some(Core {
            first: i,
            last: j,
            value,
            raw,
            scaled,
            words: false,
            vague: false,
        });
    }
    if t.kind != TokKind::Word {
        return None;
    }
    // "several hundred", "a few thousand": vague.
    for (p, mult) in lex.vague_multipliers.matching_at(toks, i) {
        let j = i + p.len();
        if let Some(sc) = toks.get(j).and_then(|n| lex.scales.get(n.lower.as_str())) {
            let v = mult * sc;
            return Some(Core::scaled_words(i, j + 1, v, true));
        }
    }
    // "dozens", "hundreds of thousands", "tens of millions".
    if let Some(v0) = lex.vague.get(t.lower.as_str()) {
        let mut v = *v0;
        let mut j = i + 1;
        let mut combined = false;
        while toks.get(j).is_some_and(|n| n.lower == "of") {
            match toks
                .get(j + 1)
                .and_then(|n| lex.vague.get(n.lower.as_str()))
            {
                Some(v2) if t.lower != "dozens" && t.lower != "scores" => {
                    v *= v2;
                    j += 2;
                    combined = true;
                }
                _ => break,
            }
        }
        if t.lower == "tens" && !combined {
            return None;
        }
        return Some(Core::scaled_words(i, j, v, true));
    }
    // "half a million", "a quarter of a million".
    if let Some(fr) = lex.fractions.get(t.lower.as_str()) {
        let mut j = i + 1;
        if toks.get(j).is_some_and(|n| n.lower == "of") {
            j += 1;
        }
        if toks
            .get(j)
            .is_some_and(|n| n.lower == "a" || n.lower == "an")
        {
            if let Some(n) = toks.get(j + 1) {
                let sc = lex.scales.get(n.lower.as_str()).copied().or_else(|| {
                    lex.dozen
                        .contains(n.lower.as_str())
                        .then_some(lex.dozen_value)
                });
                if let Some(sc) = sc {
                    let v = fr * sc;
                    return Some(Core::scaled_words(i, j + 2, v, false));
                }
            }
        }
        return None;
    }
    // Word numbers: "twenty-five", "one hundred and fifty", "a dozen", "two thousand".
    let mut total = 0.0;
    let mut current = 0.0;
    let mut j = i;
    let mut any = false;
    let mut last_was_tens = false;
    let mut last_was_unit = false;
    let mut last_was_scale = false;
    while let Some(n) = toks.get(j) {
        if n.kind != TokKind::Word {
            // "twenty-five"
            if n.lower == "-" && last_was_tens && !n.space_before && glued(toks, j + 1) {
                if let Some(u) = toks
                    .get(j + 1)
                    .and_then(|u| lex.units.get(u.lower.as_str()))
                {
                    if *u < 10.0 && *u > 0.0 {
                        current += u;
                        j += 2;
                        last_was_tens = false;
                        last_was_unit = true;
                        continue;
                    }
                }
            }
            break;
        }
        let w = n.lower.as_str();
        if (w == "a" || w == "an") && !any {
            // Only "a dozen", "a hundred", "a thousand", "a million".
            let next = toks.get(j + 1).map(|x| x.lower.as_str()).unwrap_or("");
            if lex.scales.contains_key(next) || lex.dozen.contains(next) {
                current = 1.0;
                any = true;
                j += 1;
                continue;
            }
            return None;
        }
        if let Some(u) = lex.units.get(w) {
            if last_was_unit || (last_was_tens && *u >= 10.0) {
                break;
            }
            if last_was_tens {
                current += u;
                last_was_tens = false;
                last_was_unit = true;
            } else {
                current += u;
                last_was_unit = true;
            }
            any = true;
            last_was_scale = false;
            j += 1;
            continue;
        }
        if let Some(tn) = lex.tens.get(w) {
            if last_was_unit || last_was_tens {
                break;
            }
            current += tn;
            last_was_tens = true;
            any = true;
            last_was_scale = false;
            j += 1;
            continue;
        }
        if any && lex.dozen.contains(w) {
            current = current.max(1.0) * lex.dozen_value;
            last_was_unit = false;
            last_was_tens = false;
            last_was_scale = true;
            j += 1;
            continue;
        }
        if let Some(sc) = lex.scales.get(w) {
            if !any || last_was_scale && *sc <= 100.0 {
                break;
            }
            if *sc == 100.0 {
                current = current.max(1.0) * 100.0;
            } else {
                total += current.max(1.0) * sc;
                current = 0.0;
            }
            last_was_unit = false;
            last_was_tens = false;
            last_was_scale = true;
            j += 1;
            continue;
        }
        if w == "and"
            && last_was_scale
            && toks.get(j + 1).is_some_and(|x| tok_is_number_word(x, lex))
        {
            j += 1;
            last_was_scale = false;
            continue;
        }
        break;
    }
    if !any {
        return None;
    }
    // A dangling "and" is not part of the number.
    while j > i && toks[j - 1].lower == "and" {
        j -= 1;
    }
    let v = total + current;
    Some(Core {
        first: i,
        last: j,
        value: v,
        raw: v,
        scaled: false,
        words: true,
        vague: false,
    })
}

/// A currency written before a number: "$", "US$", "€", "USD".
fn currency_prefix(toks: &[Tok], i: usize, lex: &Lexicon) -> Option<(usize, String)> {
    if i == 0 {
        return None;
    }
    let p = &toks[i - 1];
    if p.kind == TokKind::Punct {
        if let Some(code) = lex.symbols.get(p.lower.as_str()) {
            if i >= 2 && !p.space_before && toks[i - 2].kind == TokKind::Word {
                let us = format!("{}{}", toks[i - 2].lower.to_uppercase(), p.lower);
                if let Some(code) = lex.symbols.get(&us) {
                    return Some((i - 2, code.clone()));
                }
            }
            return Some((i - 1, code.clone()));
        }
        return None;
    }
    // Codes are three capitals: test that before upper-casing anything.
    if p.kind == TokKind::Word && p.cap && p.lower.len() == 3 {
        let up = p.lower.to_uppercase();
        if lex.codes.contains(&up) {
            return Some((i - 1, up));
        }
    }
    None
}

fn singular(w: &str) -> &str {
    w.strip_suffix('s').unwrap_or(w)
}

/// A currency written after a number: "dollars", "Iraqi dinars", "USD",
/// "of dollars". Returns one past its last token.
fn currency_suffix(
    toks: &[Tok],
    j: usize,
    allow_of: bool,
    lex: &Lexicon,
) -> Option<(usize, String)> {
    let mut k = j;
    if allow_of && toks.get(k).is_some_and(|t| t.lower == "of") {
        k += 1;
    }
    let a = toks.get(k)?;
    if a.kind != TokKind::Word {
        return None;
    }
    // Few words open a qualified name ("Iraqi dinars"): look the pair up only after one.
    if let Some(b) = toks
        .get(k + 1)
        .filter(|_| lex.qualified_firsts.contains(a.lower.as_str()))
    {
        if b.kind == TokKind::Word {
            let key = format!("{} {}", a.lower, singular(&b.lower));
            let key2 = format!("{} {}", a.lower, b.lower);
            if let Some(code) = lex.qualified.get(&key).or_else(|| lex.qualified.get(&key2)) {
                return Some((k + 2, code.clone()));
            }
        }
    }
    if let Some(code) = lex.currency_words.get(a.lower.as_str()) {
        // "500 pounds of explosives" is a weight.
        if singular(&a.lower) == "pound" && toks.get(k + 1).is_some_and(|t| t.lower == "of") {
            return None;
        }
        return Some((k + 1, code.clone()));
    }
    if a.lower.len() == 3 && a.cap && k == j {
        let up = a.lower.to_uppercase();
        if lex.codes.contains(&up) {
            return Some((k + 1, up));
        }
    }
    None
}

/// Bound phrases that end right before token `j`: (first token, bound).
fn bounds_before(toks: &[Tok], j: usize, lex: &Lexicon) -> Vec<(usize, Bound)> {
    let mut found = Vec::new();
    let mut end = j;
    // Quotes and brackets may stand between the bound and the figure.
    for _ in 0..2 {
        let mut hit = None;
        for ((p, b), s) in lex.bounds.matching_before(toks, end) {
            if p.len() == 1 && lex.conditional.contains(&p[0]) {
                let ok = s == 0 || lex.allowed_before.contains(toks[s - 1].lower.as_str());
                if !ok {
                    continue;
                }
            }
            if p.len() == 1
                && p[0] == "over"
                && s > 0
                && lex.over_not_after.contains(toks[s - 1].lower.as_str())
            {
                continue;
            }
            hit = Some((s, *b));
            break;
        }
        match hit {
            Some(h) => {
                found.push(h);
                end = h.0;
            }
            None => break,
        }
    }
    found
}

fn post_bound(toks: &[Tok], j: usize, lex: &Lexicon) -> Option<(usize, Bound)> {
    for (p, b) in lex.post_bounds.matching_at(toks, j) {
        // "+" and "-plus" must be glued to the figure.
        if toks[j].kind == TokKind::Punct && toks[j].space_before {
            continue;
        }
        return Some((j + p.len(), *b));
    }
    None
}

fn per_at(toks: &[Tok], j: usize, lex: &Lexicon) -> Option<(usize, String)> {
    if let Some((p, period)) = lex.per.matching_at(toks, j).next() {
        let end = j + p.len();
        // "a year ago", "a month later": not a rate.
        if toks.get(end).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "ago" | "later" | "earlier" | "after" | "before" | "since"
            )
        }) {
            return None;
        }
        return Some((end, period.clone()));
    }
    None
}

/// Reads a whole figure whose first number is at or after token `i`.
fn parse_expression(_s: &str, toks: &[Tok], i: usize, lex: &Lexicon) -> Option<Cand> {
    let t = &toks[i];
    if !(t.kind == TokKind::Num || t.kind == TokKind::Word) {
        return None;
    }
    let mut cur_prefix = currency_prefix(toks, i, lex);
    let first_core = parse_core(toks, i, cur_prefix.is_some(), lex)?;
    let mut start_tok = cur_prefix.as_ref().map(|c| c.0).unwrap_or(i);
    let mut currency = cur_prefix.take().map(|c| c.1);
    let mut cores = vec![first_core.clone()];
    let mut j = first_core.last;

    // "between X and Y", "from X to Y".
    let mut between = false;
    let mut from = false;
    if start_tok > 0 {
        let p = &toks[start_tok - 1].lower;
        if p == "between" {
            between = true;
        } else if p == "from" {
            from = true;
            let lo = start_tok.saturating_sub(4);
            if toks[lo..start_tok - 1]
                .iter()
                .any(|x| lex.change_verbs.contains(x.lower.as_str()))
            {
                from = false;
            }
        }
    }
    // Currency written after the first number of a range ("$1.5 billion and $2 billion").
    let mut suffix_done = false;
    if let Some((e, code)) = currency_suffix(
        toks,
        j,
        first_core.vague || first_core.words && first_core.scaled,
        lex,
    ) {
        if currency.is_none() {
            currency = Some(code);
        }
        j = e;
        suffix_done = true;
    }
    // Range.
    let mut range_ok = false;
    if let Some(conn) = toks.get(j) {
        let c = conn.lower.as_str();
        let is_dash = conn.kind == TokKind::Punct && matches!(c, "-" | "–" | "—");
        let change = toks[start_tok.saturating_sub(4)..start_tok]
            .iter()
            .any(|x| lex.change_verbs.contains(x.lower.as_str()));
        let allowed = is_dash || (c == "and" && between) || (c == "to" && !change) || c == "or";
        if allowed && !first_core.vague {
            // The second number may carry its own currency: "$200 and $500", "US$5-US$7".
            let mut second = None;
            for k in j + 1..(j + 4).min(toks.len()) {
                if k > j + 1 {
                    match currency_prefix(toks, k, lex) {
                        Some((ps, code)) if ps == j + 1 => {
                            if currency.is_none() {
                                currency = Some(code);
                            }
                        }
                        _ => continue,
                    }
                }
                second = parse_core(toks, k, currency.is_some(), lex);
                if second.is_some() || k > j + 1 {
                    break;
                }
            }
            if let Some(b) = second {
                if !b.vague && b.words == first_core.words {
                    let mut a = first_core.clone();
                    if !a.scaled && b.scaled && a.raw <= b.raw {
                        a.value = a.raw * (b.value / b.raw);
                    }
                    if b.value > a.value {
                        j = b.last;
                        cores = vec![a, b];
                        range_ok = true;
                        suffix_done = false;
                    } else if is_dash && !first_core.words {
                        // "2-1": a score or a code, not a range; swallow it.
                        return Some(Cand {
                            first: start_tok,
                            last: b.last,
                            cores: vec![first_core, b],
                            lo: f64::NAN,
                            hi: None,
                            vague: false,
                            bound: None,
                            approx: false,
                            currency: None,
                            per: None,
                            compound: false,
                        });
                    }
                }
            }
        }
    }
    if (between || from) && range_ok {
        start_tok -= 1;
    }
    if !suffix_done {
        let last_core = cores.last().unwrap();
        if let Some((e, code)) = currency_suffix(toks, j, last_core.vague || last_core.scaled, lex)
        {
            currency = Some(code);
            j = e;
        }
    }
    // Bounds before.
    let mut bound = None;
    let mut approx = false;
    for (s, b) in bounds_before(toks, start_tok, lex) {
        start_tok = s;
        match b {
            Bound::Approx => approx = true,
            other => {
                if bound.is_none() {
                    bound = Some(other);
                }
            }
        }
    }
    // Bounds after.
    if let Some((e, b)) = post_bound(toks, j, lex) {
        j = e;
        match b {
            Bound::Approx => approx = true,
            other => bound = Some(other),
        }
    }
    // Hyphen compounds: "3,000-strong" is kept, "eight-year-old" is not.
    let mut compound = false;
    if toks
        .get(j)
        .is_some_and(|x| x.lower == "-" && !x.space_before)
        && glued(toks, j + 1)
    {
        if let Some(w) = toks.get(j + 1).filter(|w| w.kind == TokKind::Word) {
            if lex.hyphen_keep.contains(w.lower.as_str()) {
                compound = true;
                j += 2;
            }
        }
    }
    // Period.
    let mut per = None;
    if let Some((e, p)) = per_at(toks, j, lex) {
        per = Some(p);
        j = e;
    } else {
        // Up to four words in between for money ("$10 billion in Syria annually"),
        // one for counts ("15 attacks a month").
        let reach = if currency.is_some() { 5 } else { 2 };
        let mut k = j;
        while k < toks.len() && k < j + reach {
            let x = &toks[k];
            if x.kind == TokKind::Num
                || (x.kind == TokKind::Punct && !matches!(x.lower.as_str(), "," | ")"))
            {
                break;
            }
            if x.kind == TokKind::Punct && x.lower == "," && currency.is_none() {
                break;
            }
            if lex.symbols.contains_key(x.lower.as_str()) {
                break;
            }
            if currency.is_none()
                && matches!(
                    x.lower.as_str(),
                    "in" | "within" | "for" | "over" | "during" | "than"
                )
            {
                break;
            }
            if let Some((_, p)) = per_at(toks, k, lex) {
                per = Some(p);
                break;
            }
            k += 1;
        }
    }
    if per.is_none() && currency.is_some() {
        // "a monthly salary of $300", "an annual budget of $5 billion".
        let lo = start_tok.saturating_sub(5);
        for x in toks[lo..start_tok].iter().rev() {
            if x.kind == TokKind::Num {
                break;
            }
            if let Some(p) = lex.per_before.get(x.lower.as_str()) {
                per = Some(p.clone());
                break;
            }
        }
    }
    let vague = cores.iter().any(|c| c.vague);
    let lo = cores[0].value;
    let hi = (cores.len() == 2).then(|| cores[1].value);
    Some(Cand {
        first: start_tok,
        last: j,
        cores,
        lo,
        hi,
        vague,
        bound,
        approx,
        currency,
        per,
        compound,
    })
}

// --------------------------------------------------------------- exclusions

fn is_year_like(t: &Tok) -> bool {
    t.kind == TokKind::Num
        && t.lower.len() == 4
        && t.lower.chars().all(|c| c.is_ascii_digit())
        && matches!(t.lower.parse::<u32>(), Ok(1900..=2100))
}

fn measure_after(toks: &[Tok], j: usize, lex: &Lexicon) -> bool {
    if let Some(t) = toks.get(j) {
        if t.lower == "%" {
            return true;
        }
        // "a 30-year-old", "a three-year budget", "375-kilometre": glued unit word.
        if t.lower == "-" && !t.space_before && glued(toks, j + 1) {
            if let Some(w) = toks.get(j + 1).filter(|w| w.kind == TokKind::Word) {
                return !lex.hyphen_keep.contains(w.lower.as_str());
            }
        }
        if t.kind == TokKind::Word && lex.time_after.contains(t.lower.as_str()) {
            return true;
        }
    }
    lex.measure_after.any_at(toks, j)
}

fn excluded(
    _s: &str,
    toks: &[Tok],
    c: &Cand,
    date_spans: &[(usize, usize)],
    lex: &Lexicon,
) -> bool {
    if c.lo.is_nan() {
        return true;
    }
    let first = &c.cores[0];
    let last = c.cores.last().unwrap();
    let ft = &toks[first.first];
    // Inside a date.
    for core in &c.cores {
        let (a, b) = (toks[core.first].start, toks[core.last - 1].end);
        if date_spans.iter().any(|&(s, e)| a < e && s < b) {
            return true;
        }
    }
    // Digits glued to letters: "T4", "F-16", "Su-24", "45th", "1980s", "15km".
    for core in &c.cores {
        let t0 = &toks[core.first];
        if t0.kind == TokKind::Num {
            if core.first > 0 && !t0.space_before {
                let p = &toks[core.first - 1];
                if p.kind == TokKind::Word || p.kind == TokKind::Num {
                    return true;
                }
                if matches!(p.lower.as_str(), "-" | "–")
                    && core.first > 1
                    && !p.space_before
                    && toks[core.first - 2].kind == TokKind::Word
                {
                    return true;
                }
                if matches!(p.lower.as_str(), ":" | "/" | "#" | "+" | "." | "№") {
                    return true;
                }
            }
            if core.first > 0 && matches!(toks[core.first - 1].lower.as_str(), "+" | "#" | "№") {
                return true;
            }
            let after = core.first + 1;
            if let Some(n) = toks.get(after) {
                if !n.space_before && n.kind == TokKind::Word && after >= core.last {
                    return true;
                }
                if !n.space_before
                    && matches!(n.lower.as_str(), ":" | "/")
                    && glued(toks, after + 1)
                    && toks.get(after + 1).is_some_and(|x| x.kind == TokKind::Num)
                {
                    return true;
                }
            }
        }
    }
    // Two bare numbers in a row: phone numbers, codes.
    if c.cores.len() == 1 && ft.kind == TokKind::Num {
        if toks.get(first.last).is_some_and(|n| n.kind == TokKind::Num) {
            return true;
        }
        if first.first > 0 && toks[first.first - 1].kind == TokKind::Num {
            return true;
        }
    }
    // Ratios: "one in five".
    let in_date = |t: &Tok| date_spans.iter().any(|&(s, e)| t.start < e && s < t.end);
    let numberish = |k: usize| {
        toks.get(k).is_some_and(|t| {
            (t.kind == TokKind::Num || tok_is_number_word(t, lex))
                && !in_date(t)
                && !is_year_like(t)
        })
    };
    if toks.get(c.last).is_some_and(|t| t.lower == "in") && numberish(c.last + 1) {
        return true;
    }
    if c.first >= 2 && toks[c.first - 1].lower == "in" && numberish(c.first - 2) {
        return true;
    }
    // Ages set off after a name: "its leader, 45, was", "Ahmed Saleh (52)".
    if c.cores.len() == 1
        && c.first == first.first
        && c.currency.is_none()
        && c.lo < 120.0
        && first.first >= 2
    {
        let (p, n) = (&toks[first.first - 1], toks.get(c.last));
        let set_off = (p.lower == "," && n.is_some_and(|n| n.lower == ","))
            || (p.lower == "(" && n.is_some_and(|n| n.lower == ")"));
        if set_off && toks[first.first - 2].kind == TokKind::Word {
            return true;
        }
    }
    // Measures, durations, ages after the figure.
    if measure_after(toks, c.last, lex) || (!c.compound && measure_after(toks, last.last, lex)) {
        return true;
    }
    if first.first > 0 {
        let p = &toks[first.first - 1];
        if lex.age_before.contains(p.lower.as_str()) {
            return true;
        }
        if p.lower == "of"
            && first.first > 1
            && lex
                .age_before
                .contains(toks[first.first - 2].lower.as_str())
        {
            return true;
        }
    }
    // Years are found by the date finder; a bare one it did not take is
    // still a year when nothing counts it ("2019 was a hard year").
    if c.cores.len() == 1
        && is_year_like(ft)
        && !first.scaled
        && c.currency.is_none()
        && c.bound.is_none()
        && !c.approx
        && toks
            .get(c.last)
            .is_none_or(|n| n.kind != TokKind::Word || n.cap || !n.lower.ends_with('s'))
    {
        return true;
    }
    // List markers: "1. Kata'ib Hezbollah", "2) ...".
    if ft.kind == TokKind::Num && ft.line_start && c.cores.len() == 1 {
        if let Some(n) = toks.get(first.first + 1) {
            if matches!(n.lower.as_str(), "." | ")") && !n.space_before {
                return true;
            }
        }
    }
    if first.first > 0
        && toks[first.first - 1].lower == "("
        && toks[first.first - 1].line_start
        && toks.get(first.first + 1).is_some_and(|n| n.lower == ")")
    {
        return true;
    }
    // Designators before: "Battalion 313", "Tower 22", "No. 14", "Unit 4400".
    if c.currency.is_none()
        && c.bound.is_none()
        && !c.approx
        && c.first == first.first
        && first.first > 0
    {
        let k = first.first - 1;
        let p = &toks[k];
        if p.kind == TokKind::Word && p.cap && lex.designator_before.contains(p.base()) {
            return true;
        }
        if p.lower == "."
            && k > 0
            && !p.space_before
            && lex
                .designator_before
                .contains(&format!("{}.", toks[k - 1].lower))
        {
            return true;
        }
        if p.kind == TokKind::Word
            && p.cap
            && !sentence_initial(toks, k)
            && !lex.not_designator.contains(p.base())
            && ft.kind == TokKind::Num
        {
            // A capitalised word right before: "Resolution 1701", "Route 4". Keep
            // it when a noun follows ("Kills 2 SDF commanders").
            let nxt = toks.get(c.last);
            let noun_follows =
                nxt.is_some_and(|n| n.kind == TokKind::Word && n.lower != "and" && n.lower != "or");
            if !noun_follows {
                return true;
            }
        }
    }
    // Designators after: "the 313 Battalion", "3 Commando Brigade".
    if ft.kind == TokKind::Num && c.currency.is_none() {
        if let Some(n) = toks.get(c.last) {
            if n.kind == TokKind::Word && n.cap && lex.designator_after.contains(n.lower.as_str()) {
                return true;
            }
        }
    }
    // "one" as a pronoun.
    if c.cores.len() == 1
        && ft.kind == TokKind::Word
        && first.last == first.first + 1
        && ft.lower == "one"
    {
        if first.first > 0
            && lex
                .one_not_after
                .contains(toks[first.first - 1].lower.as_str())
        {
            return true;
        }
        let Some(n) = toks.get(c.last) else {
            return true;
        };
        if n.kind != TokKind::Word || lex.one_not_before.contains(n.lower.as_str()) {
            return true;
        }
        if matches!(
            n.lower.as_str(),
            "in" | "at" | "near" | "on" | "outside" | "inside" | "around"
        ) {
            // "one in Ashara" (a list of places) but not "one in five".
            let place = toks
                .get(c.last + 1)
                .is_some_and(|p| p.kind == TokKind::Word && p.cap);
            if !place {
                return true;
            }
        } else if is_function_word(&n.lower) {
            return true;
        }
    }
    false
}

fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "and"
            | "or"
            | "but"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "with"
            | "from"
            | "as"
            | "is"
            | "was"
            | "are"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "it"
            | "its"
            | "their"
            | "his"
            | "her"
            | "them"
            | "they"
            | "he"
            | "she"
            | "that"
            | "this"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "if"
            | "than"
            | "then"
            | "so"
            | "not"
            | "no"
            | "into"
            | "onto"
            | "over"
            | "under"
            | "per"
            | "each"
            | "every"
            | "all"
            | "both"
            | "either"
            | "neither"
            | "such"
    )
}

fn to_mention(toks: &[Tok], c: &Cand) -> NumberMention {
    let start = toks[c.first].start;
    let end = toks[c.last - 1].end;
    let (mut value, mut min, mut max) = (None, None, None);
    let mut approx = c.approx;
    if let Some(hi) = c.hi {
        min = Some(c.lo);
        max = Some(hi);
    } else if c.vague {
        min = Some(c.lo);
        approx = true;
    } else {
        match c.bound {
            Some(Bound::Max) => max = Some(c.lo),
            Some(Bound::Min) => min = Some(c.lo),
            _ => value = Some(c.lo),
        }
    }
    NumberMention {
        start,
        end,
        value,
        min,
        max,
        approx,
        currency: c.currency.clone(),
        per: c.per.clone(),
        vague: c.vague,
    }
}

/// "3.4 trillion Iraqi dinars, or roughly $2.6 billion, per year": the period
/// of a figure also holds for the figure it restates.
fn propagate_per(s: &str, out: &mut [NumberMention]) {
    for k in 0..out.len().saturating_sub(1) {
        let (a, b) = (&out[k], &out[k + 1]);
        if a.currency.is_none() || b.currency.is_none() || a.end > b.start {
            continue;
        }
        let gap = s[a.end..b.start].to_lowercase();
        let linked = gap.len() < 40
            && gap
                .split(|c: char| !c.is_alphanumeric() && c != '.')
                .filter(|w| !w.is_empty())
                .all(|w| {
                    matches!(
                        w,
                        "or" | "about"
                            | "roughly"
                            | "approximately"
                            | "around"
                            | "some"
                            | "i.e."
                            | "equivalent"
                            | "to"
                            | "nearly"
                            | "almost"
                            | "just"
                            | "under"
                            | "over"
                    )
                });
        if !linked {
            continue;
        }
        if a.per.is_none() && b.per.is_some() {
            out[k].per = out[k + 1].per.clone();
        } else if b.per.is_none() && a.per.is_some() {
            out[k + 1].per = out[k].per.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> NumberMention {
        let v = find_numbers(s);
        assert_eq!(v.len(), 1, "{s:?} -> {v:?}");
        v.into_iter().next().unwrap()
    }

    fn values(s: &str) -> Vec<(Option<f64>, Option<f64>, Option<f64>)> {
        find_numbers(s)
            .into_iter()
            .map(|m| (m.value, m.min, m.max))
            .collect()
    }

    fn text(s: &str, m: &NumberMention) -> String {
        s[m.start..m.end].to_string()
    }

    #[test]
    fn digits_and_separators() {
        assert_eq!(one("about 15,000 men").value, Some(15000.0));
        assert_eq!(one("a 1.2 rate of return").value, Some(1.2));
        let m = one("some 3.4 trillion in reserves");
        assert_eq!(m.value, Some(3.4e12));
        assert!(m.approx);
        assert_eq!(one("a total of 17 boats").value, Some(17.0));
    }

    #[test]
    fn currency_and_scales() {
        let s = "The ministry spends $2.6 billion.";
        let m = one(s);
        assert_eq!(m.value, Some(2.6e9));
        assert_eq!(m.currency.as_deref(), Some("USD"));
        assert_eq!(text(s, &m), "$2.6 billion");
        let m = one("The appeal seeks US$74 million.");
        assert_eq!((m.value, m.currency.as_deref()), (Some(74e6), Some("USD")));
        let m = one("a budget of €12bn");
        assert_eq!((m.value, m.currency.as_deref()), (Some(12e9), Some("EUR")));
        let m = one("it paid $5m to the tribe");
        assert_eq!(m.value, Some(5e6));
        let m = one("they were handed 500,000 Syrian pounds each");
        assert_eq!((m.value, m.currency.as_deref()), (Some(5e5), Some("SYP")));
        let m = one("fines of 2 million Lebanese pounds");
        assert_eq!(m.currency.as_deref(), Some("LBP"));
        let m = one("a grant of 900 million dinars");
        assert_eq!(m.currency.as_deref(), Some("IQD"));
        let m = one("a grant of 900 Libyan dinars");
        assert_eq!(m.currency.as_deref(), Some("LYD"));
        let m = one("a bonus of 300 Jordanian dinars");
        assert_eq!(m.currency.as_deref(), Some("JOD"));
        let m = one("he earned 80,000 Yemeni rials");
        assert_eq!(m.currency.as_deref(), Some("YER"));
        let m = one("it cost 40 million riyals");
        assert_eq!(m.currency.as_deref(), Some("SAR"));
        let m = one("it cost 9 billion rials");
        assert_eq!(m.currency.as_deref(), Some("IRR"));
        let m = one("they raised 12 million euros");
        assert_eq!(m.currency.as_deref(), Some("EUR"));
        let m = one("a fund of 50 million dollars");
        assert_eq!((m.value, m.currency.as_deref()), (Some(5e7), Some("USD")));
        let m = one("USD 3 million was pledged");
        assert_eq!((m.value, m.currency.as_deref()), (Some(3e6), Some("USD")));
        let m = one("They pass tens of millions of dollars to the group.");
        assert_eq!(
            (m.min, m.currency.as_deref(), m.vague),
            (Some(1e7), Some("USD"), true)
        );
        assert!(find_numbers("a truck carrying 500 pounds of explosives")
            .iter()
            .all(|m| m.currency.is_none()));
    }

    #[test]
    fn ranges() {
        let m = one("Tehran spends $10-12 billion a year on it.");
        assert_eq!((m.min, m.max, m.value), (Some(10e9), Some(12e9), None));
        assert_eq!(m.per.as_deref(), Some("year"));
        let m = one("a force of 7,000-10,000 men");
        assert_eq!((m.min, m.max), (Some(7000.0), Some(10000.0)));
        let m = one("it has 3,000 to 5,000 men");
        assert_eq!((m.min, m.max), (Some(3000.0), Some(5000.0)));
        let s = "a force of between 3 and 5 companies";
        let m = one(s);
        assert_eq!((m.min, m.max), (Some(3.0), Some(5.0)));
        assert_eq!(text(s, &m), "between 3 and 5");
        let m = one("between $1.5 billion and $2 billion a year");
        assert_eq!(
            (m.min, m.max, m.per.as_deref()),
            (Some(1.5e9), Some(2e9), Some("year"))
        );
        // Without "between", "and" joins two figures.
        assert_eq!(values("they are paid 30,000 and 60,000 rials").len(), 2);
        let m = one("two or three vehicles");
        assert_eq!((m.min, m.max), (Some(2.0), Some(3.0)));
        let m = one("contracts paying $1,000 to $1,500 a month");
        assert_eq!(
            (m.min, m.max, m.per.as_deref()),
            (Some(1000.0), Some(1500.0), Some("month"))
        );
        let m = one("roughly $55-110 a month");
        assert_eq!((m.min, m.max, m.approx), (Some(55.0), Some(110.0), true));
        let m = one("from 200 to 300 families");
        assert_eq!((m.min, m.max), (Some(200.0), Some(300.0)));
        // A change, not a range.
        assert_eq!(
            values("the toll rose from 20 to 35"),
            vec![(Some(20.0), None, None), (Some(35.0), None, None)]
        );
        // A score is not a figure.
        assert!(find_numbers("the vote went 2-1 against").is_empty());
    }

    #[test]
    fn words() {
        assert_eq!(one("two soldiers").value, Some(2.0));
        assert_eq!(one("Eleven rockets fell").value, Some(11.0));
        assert_eq!(one("twenty-five fighters").value, Some(25.0));
        assert_eq!(one("a dozen drones").value, Some(12.0));
        assert_eq!(one("half a dozen drones").value, Some(6.0));
        assert_eq!(one("two dozen trucks").value, Some(24.0));
        assert_eq!(one("one hundred and fifty men").value, Some(150.0));
        assert_eq!(one("four million refugees").value, Some(4e6));
        assert_eq!(one("half a million people").value, Some(5e5));
        assert_eq!(one("a million people").value, Some(1e6));
        assert_eq!(one("a hundred men").value, Some(100.0));
        assert_eq!(one("two thousand five hundred men").value, Some(2500.0));
        assert!(find_numbers("a boy was wounded").is_empty());
    }

    #[test]
    fn vague_words() {
        let m = one("dozens of rockets");
        assert_eq!((m.min, m.vague), (Some(12.0), true));
        assert_eq!(one("scores of homes").min, Some(40.0));
        assert_eq!(one("hundreds of strikes").min, Some(100.0));
        assert_eq!(one("thousands of mourners").min, Some(1000.0));
        assert_eq!(one("hundreds of thousands of people").min, Some(100000.0));
        assert_eq!(one("tens of thousands of people").min, Some(10000.0));
        assert_eq!(one("millions of people").min, Some(1e6));
        assert_eq!(one("several hundred fighters").min, Some(200.0));
        assert!(find_numbers("tens of people").is_empty());
    }

    #[test]
    fn bounds_before_and_after() {
        let max = |s: &str| one(s).max;
        let min = |s: &str| one(s).min;
        assert_eq!(
            max("their strength does not exceed 15,000 fighters"),
            Some(15000.0)
        );
        assert_eq!(max("at most 300 men"), Some(300.0));
        assert_eq!(max("up to 3,000 fighters"), Some(3000.0));
        assert_eq!(max("no more than 40 vehicles"), Some(40.0));
        assert_eq!(max("a maximum of 12 boats"), Some(12.0));
        assert_eq!(max("fewer than 100 men"), Some(100.0));
        assert_eq!(max("less than $5 million"), Some(5e6));
        assert_eq!(max("the latter gets $150 at best"), Some(150.0));
        assert_eq!(max("nearly 2,500 fighters"), Some(2500.0));
        assert_eq!(max("almost 900 men"), Some(900.0));
        assert_eq!(max("the force numbered under 500"), Some(500.0));
        assert_eq!(min("more than 40 people"), Some(40.0));
        assert_eq!(min("over 70 targets"), Some(70.0));
        assert_eq!(min("at least five people"), Some(5.0));
        assert_eq!(min("no fewer than 13 suspects"), Some(13.0));
        assert_eq!(min("in excess of 2,000 men"), Some(2000.0));
        assert_eq!(min("believed to exceed 20,000"), Some(20000.0));
        assert_eq!(min("its ranks exceed 4,000"), Some(4000.0));
        assert_eq!(min("upwards of 300 men"), Some(300.0));
        assert_eq!(min("40 or more vehicles"), Some(40.0));
        assert_eq!(min("a 40-plus convoy"), Some(40.0));
        assert_eq!(min("killed “more than 20” rebels"), Some(20.0));
        for s in [
            "approximately $8 billion",
            "about 2,500 troops",
            "around 9,000 men",
            "roughly 900 troops",
            "some 2,000 men",
            "an estimated 1,200 men",
            "estimated 1,200 men",
        ] {
            let m = one(s);
            assert!(m.approx && m.value.is_some(), "{s}: {m:?}");
        }
        let m = one("an estimated 7,000-10,000");
        assert!(m.approx);
        assert_eq!((m.min, m.max), (Some(7000.0), Some(10000.0)));
        // Phrasal verbs are not bounds.
        let m = one("they took over two bases");
        assert_eq!(m.value, Some(2.0));
        let m = one("placed under 3 commanders");
        assert_eq!(m.value, Some(3.0));
    }

    #[test]
    fn per_period() {
        let p = |s: &str| one(s).per;
        assert_eq!(p("$400 per month").as_deref(), Some("month"));
        assert_eq!(p("around $100 a month").as_deref(), Some("month"));
        assert_eq!(p("a salary of $300 monthly").as_deref(), Some("month"));
        assert_eq!(p("$8 billion annually").as_deref(), Some("year"));
        assert_eq!(p("$5 billion a year").as_deref(), Some("year"));
        assert_eq!(p("$5 billion each year").as_deref(), Some("year"));
        assert_eq!(p("$20 per day").as_deref(), Some("day"));
        assert_eq!(p("$60 a week").as_deref(), Some("week"));
        assert_eq!(p("a monthly salary of $300").as_deref(), Some("month"));
        assert_eq!(p("an annual budget of $3 billion").as_deref(), Some("year"));
        assert_eq!(p("$10 billion in Syria annually").as_deref(), Some("year"));
        assert_eq!(p("$20 a year ago"), None);
        let v =
            find_numbers("it gets 3.4 trillion Iraqi dinars, or roughly $2.6 billion, per year");
        assert_eq!(v.len(), 2);
        assert_eq!(
            (v[0].currency.as_deref(), v[0].per.as_deref()),
            (Some("IQD"), Some("year"))
        );
        assert_eq!(
            (v[1].currency.as_deref(), v[1].per.as_deref()),
            (Some("USD"), Some("year"))
        );
        let v = find_numbers("paid around 1.2 million dinars (about $915) per month");
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].per.as_deref(), Some("month"));
        assert_eq!(v[1].value, Some(915.0));
    }

    #[test]
    fn exclusions() {
        for s in [
            "in 2019 the group grew",
            "since 1982",
            "in the 1980s",
            "on 3 January 2020",
            "on 28 January 2024",
            "on 7 February",
            "shortly after 1:30 a.m.",
            "at 2230 GMT",
            "the 313 Battalion",
            "Battalion 313 moved",
            "the 45th Brigade",
            "Brigade 46 moved",
            "Unit 4400, the logistics arm",
            "Division 25 moved",
            "the 4th Division",
            "a drone hit Tower 22, an outpost",
            "the T4 air base",
            "Route 4 was cut",
            "the M4 highway",
            "Resolution 1701 says",
            "F-16 jets",
            "Su-24 bombers",
            "about 20 km away",
            "5 miles north",
            "30 kilometres south",
            "500 metres from the base",
            "40 percent of them",
            "40% of them",
            "the eight-year-old war",
            "a 30-year-old man",
            "a three-year budget",
            "the 375-kilometre frontier",
            "three days later",
            "for nearly two weeks",
            "1. Kata'ib Hezbollah (KH).",
            "call +961 1 234 567",
            "a 3:1 ratio",
            "one of the groups",
            "no one was hurt",
            "one another",
            "One was a commander.",
            "aged 30",
            "Update No. 14 (16 May 2024)",
            "Between 20 and 24 February, the sweep went on",
            "since 1 January",
            "on October 5, 2024",
            "ADEN, Nov 25 - the coalition",
        ] {
            assert!(find_numbers(s).is_empty(), "{s:?} -> {:?}", find_numbers(s));
        }
    }

    #[test]
    fn one_as_count() {
        assert_eq!(
            values("Two in Makhan, one in Ashara"),
            vec![(Some(2.0), None, None), (Some(1.0), None, None)]
        );
        let v = find_numbers("two in Makhan, one in Ashara and another");
        assert_eq!(v.len(), 2);
        assert_eq!(one("killing one soldier").value, Some(1.0));
        assert_eq!(one("one Israeli drone").value, Some(1.0));
        assert!(find_numbers("one in five").is_empty());
        assert_eq!(
            values("it rose from $2 billion in 2020 to $3.5 billion in 2023"),
            vec![(Some(2e9), None, None), (Some(3.5e9), None, None)]
        );
        assert_eq!(
            values("between 800 and 1,200 in 2020"),
            vec![(None, Some(800.0), Some(1200.0))]
        );
    }

    #[test]
    fn counts_next_to_dates() {
        assert_eq!(
            values("On 6 February, 12 people were killed"),
            vec![(Some(12.0), None, None)]
        );
        assert_eq!(
            values("since 1 January to more than 30."),
            vec![(None, Some(30.0), None)]
        );
        assert_eq!(
            values("In 2013, 2,000 fighters came"),
            vec![(Some(2000.0), None, None)]
        );
        assert_eq!(
            values("some 2000 fighters"),
            vec![(Some(2000.0), None, None)]
        );
        let s = "Three days earlier, Israel killed 14 soldiers";
        assert_eq!(values(s), vec![(Some(14.0), None, None)]);
    }

    /// The tokenizer as it was before it ran over bytes: [`tokenize`] must agree.
    fn reference_tokenize(s: &str) -> Vec<Tok> {
        // Positions are bytes, always on a character boundary.
        let at = |k: usize| -> Option<char> {
            match s.as_bytes().get(k) {
                Some(&b) if b.is_ascii() => Some(b as char),
                Some(_) => s.get(k..).and_then(|rest| rest.chars().next()),
                None => None,
            }
        };
        // The position of the character after the one at `k`.
        let after = |k: usize| -> usize { k + at(k).map_or(1, char::len_utf8) };
        let is_alpha_at = |k: usize| at(k).is_some_and(|c| c.is_alphabetic());
        let n = s.len();
        // About one token per five bytes of prose; reserving avoids most regrowth.
        let mut toks = Vec::with_capacity(n / 4 + 1);
        let mut k = 0;
        let mut space = false;
        let mut newline = true;
        while let Some(c) = at(k) {
            if c.is_whitespace() {
                space = true;
                if c == '\n' {
                    newline = true;
                }
                k += c.len_utf8();
                continue;
            }
            let start = k;
            let kind;
            if c.is_ascii_digit() {
                kind = TokKind::Num;
                let digits_from = |mut k: usize| {
                    while k < n && s.as_bytes()[k].is_ascii_digit() {
                        k += 1;
                    }
                    k
                };
                k = digits_from(k);
                // "." and "," are one byte: the digit after them is at k + 1.
                while matches!(at(k), Some('.') | Some(','))
                    && at(k + 1).is_some_and(|c| c.is_ascii_digit())
                {
                    k = digits_from(k + 1);
                }
            } else if c.is_alphabetic() {
                kind = TokKind::Word;
                let letters_from = |mut k: usize| {
                    while is_alpha_at(k) {
                        k = after(k);
                    }
                    k
                };
                let mut seg_start = k;
                k = letters_from(k);
                let mut dotted = false;
                loop {
                    let apos = matches!(at(k), Some('\'') | Some('’'));
                    if apos && is_alpha_at(after(k)) {
                        k = after(k);
                        seg_start = k;
                        k = letters_from(k);
                        continue;
                    }
                    // "U.S.", "a.m.": single letters joined by dots.
                    let single = k > seg_start && after(seg_start) == k;
                    if single
                        && at(k) == Some('.')
                        && is_alpha_at(k + 1)
                        && !is_alpha_at(after(k + 1))
                    {
                        k += 1;
                        seg_start = k;
                        k = after(k);
                        dotted = true;
                        continue;
                    }
                    break;
                }
                if dotted && at(k) == Some('.') {
                    k += 1;
                }
            } else {
                kind = TokKind::Punct;
                k += c.len_utf8();
            }
            let text = &s[start..k];
            let (cap, acronym) = if text.is_ascii() {
                // The same tests on bytes: ASCII letters are the only ASCII alphabetic chars.
                let b = text.as_bytes();
                let mut letters = b.iter().filter(|c| c.is_ascii_alphabetic());
                (
                    b[0].is_ascii_uppercase(),
                    letters.clone().count() > 1 && letters.all(|c| c.is_ascii_uppercase()),
                )
            } else {
                (
                    text.chars().next().is_some_and(|c| c.is_uppercase()),
                    text.chars().filter(|c| c.is_alphabetic()).count() > 1
                        && text
                            .chars()
                            .filter(|c| c.is_alphabetic())
                            .all(|c| c.is_uppercase()),
                )
            };
            toks.push(Tok {
                start,
                end: k,
                kind,
                cap,
                acronym,
                lower: Lower::of(text),
                space_before: space,
                line_start: newline,
            });
            space = false;
            newline = false;
        }
        toks
    }

    #[test]
    fn tokenize_agrees_with_the_reference_tokenizer() {
        let fields =
            |toks: &[Tok]| -> Vec<String> { toks.iter().map(|t| format!("{t:?}")).collect() };
        // Three alphabets, each with a bound on the length of its texts:
        // - characters that each take a different path: ASCII letters of both
        //   cases, digits and separators, apostrophes, dots, whitespace of
        //   every kind, ASCII controls, and non-ASCII letters, capitals,
        //   digits, marks and symbols;
        // - mostly letters and digits, so that words and numbers run past the
        //   inline length of [`Lower`];
        // - letters among the bytes next to them, so that words of every
        //   length end at every place of a chunk read eight bytes at a time.
        let alphabets: [(Vec<char>, usize); 3] = [
            (
                "aZuSm.,'’ \n\t-0159$%ÉéßİΣσا٣Ⅰ\u{a0}\u{2028}\u{301}—🙂\u{1c}\u{7f}\r\u{b}"
                    .chars()
                    .collect(),
                14,
            ),
            ("aaaZZZuSm.'’ -Éé1111,".chars().collect(), 60),
            ("aaaaaaZZZZ@[`{ ’é.".chars().collect(), 40),
        ];
        let mut rng = crate::test_rng::Lcg(0x9e37_79b9_7f4a_7c15);
        for (alphabet, bound) in &alphabets {
            for _ in 0..20_000 {
                let len = rng.below(*bound);
                let text: String = (0..len)
                    .map(|_| alphabet[rng.below(alphabet.len())])
                    .collect();
                assert_eq!(
                    fields(&tokenize(&text)),
                    fields(&reference_tokenize(&text)),
                    "{text:?}"
                );
            }
        }
        for text in [
            "U.S. forces and a.m. strikes; Kata'ib Hezbollah’s 1,200.5 men",
            "Counterinsurgencyoperations of abcdefghijklmnopqrstuv and abcdefghijklmnopqrstuvw",
            "ISIS, SDF and the U.N.'s 15,000-strong force at 2230 GMT.",
            "Él dijo: ÉTAT İSTANBUL, ΣΟΦΙΑ 3.4.5 x.y.z. A.B",
        ] {
            assert_eq!(
                fields(&tokenize(text)),
                fields(&reference_tokenize(text)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn ascii_letters_of_a_chunk_are_its_letters() {
        // Every byte value at every place of a chunk, among neighbours that
        // vary from letters to the bytes next to them and non-ASCII bytes.
        let neighbours = b"aZ@[`{z\xff\x80A";
        for b in 0..=255u8 {
            for place in 0..8 {
                for &n in neighbours {
                    let mut bytes = [n; 8];
                    bytes[place] = b;
                    let letters = ascii_letters(u64::from_le_bytes(bytes));
                    for (k, &x) in bytes.iter().enumerate() {
                        let marked = letters >> (8 * k) & 0xFF;
                        assert_eq!(marked, if x.is_ascii_alphabetic() { 0x80 } else { 0 });
                    }
                }
            }
        }
    }

    #[test]
    fn alphabetic_fast_path_is_char_is_alphabetic() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn phrase_list_lookups_agree_with_trying_every_phrase() {
        let phrases = [
            "the next day",
            "the",
            "the day before",
            "day",
            "next day",
            "the day",
            "a day later",
            "per day",
            "/ day",
            "-plus",
            "the next",
            "day later",
        ];
        let list = PhraseList::new(
            phrases
                .iter()
                .enumerate()
                .map(|(k, p)| (phrase_tokens(p), k))
                .collect(),
        );
        let words = [
            "the", "next", "day", "before", "a", "later", "per", "/", "-", "plus", "x",
        ];
        let mut rng = crate::test_rng::Lcg(7);
        for _ in 0..3_000 {
            let text: Vec<&str> = (0..rng.below(8))
                .map(|_| words[rng.below(words.len())])
                .collect();
            let toks = tokenize(&text.join(if rng.below(2) == 0 { " " } else { "" }));
            for i in 0..=toks.len() {
                let fast: Vec<usize> = list.matching_at(&toks, i).map(|(_, k)| *k).collect();
                let slow: Vec<usize> = list
                    .iter()
                    .filter(|(p, _)| matches_at(&toks, i, p))
                    .map(|(_, k)| *k)
                    .collect();
                assert_eq!(fast, slow, "at {i} of {text:?}");
                let fast: Vec<(usize, usize)> = list
                    .matching_before(&toks, i)
                    .map(|((_, k), s)| (*k, s))
                    .collect();
                let slow: Vec<(usize, usize)> = list
                    .iter()
                    .filter_map(|(p, k)| matches_before(&toks, i, p).map(|s| (*k, s)))
                    .collect();
                assert_eq!(fast, slow, "before {i} of {text:?}");
            }
        }
    }

    #[test]
    fn word_set_answers_as_a_hash_set() {
        let members = [
            "the", "a", "an", "one", "twenty", "dozens", "mid-", "’s", "mañana", "",
        ];
        let set: WordSet = members.iter().map(|w| w.to_string()).collect();
        let plain: HashSet<&str> = members.iter().copied().collect();
        let probes = members.iter().copied().chain([
            "then",
            "tha",
            "he",
            "at",
            "on",
            "ones",
            "twentyone",
            "dozen",
            "mid",
            "s",
            "mañanas",
            "x",
            "A",
            "THE",
            "thee",
            "t",
            "e",
        ]);
        for w in probes {
            assert_eq!(set.contains(w), plain.contains(w), "{w:?}");
        }
        // Every word of a long text, members or not.
        let text = "The two sides met on a day in the north; one of the twenty dozens came.";
        for t in tokenize(text) {
            assert_eq!(
                set.contains(&t.lower),
                plain.contains(t.lower.as_str()),
                "{t:?}"
            );
        }
    }

    #[test]
    fn tokens_of_a_piece_are_the_tokens_of_the_piece() {
        let text =
            "  Él dijo: U.S. forces killed 12.\n\nThe 1,200 men (a.m. Kata’ib) left.  Then x";
        let doc = tokenize(text);
        // Every field of every token, as Debug prints it.
        let fields =
            |toks: &[Tok]| -> Vec<String> { toks.iter().map(|t| format!("{t:?}")).collect() };
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut taken = 0;
        for &a in &bounds {
            for &b in bounds.iter().filter(|&&b| b >= a) {
                if let Some(piece) = tokens_of_piece(text, &doc, a, b) {
                    taken += 1;
                    assert_eq!(fields(&piece), fields(&tokenize(&text[a..b])), "{a}..{b}");
                }
            }
        }
        assert!(taken > 100);
        assert!(tokens_of_piece(text, &doc, 4, 10).is_none());
    }

    #[test]
    fn lower_is_to_lowercase() {
        for w in [
            "",
            "ISIS",
            "Kata'ib",
            "U.S.",
            "ÉTAT",
            "İstanbul",
            "ΟΔΟΣ",
            "Straße",
            "AVeryLongWordThatDoesNotFitInline",
            "ÀÉÎÕÜÀÉÎÕÜÀÉÎÕÜ",
        ] {
            assert_eq!(Lower::of(w).as_str(), w.to_lowercase(), "{w}");
        }
    }

    #[test]
    fn tokens_of_mixed_text() {
        let s = "Él dijo: U.S. forces, Kata’ib 1,200.5 at 1:30 a.m.\nÉ.U. x";
        let toks = tokenize(s);
        let got: Vec<(&str, TokKind, bool, bool)> = toks
            .iter()
            .map(|t| (&s[t.start..t.end], t.kind, t.space_before, t.line_start))
            .collect();
        use TokKind::*;
        let want = vec![
            ("Él", Word, false, true),
            ("dijo", Word, true, false),
            (":", Punct, false, false),
            ("U.S.", Word, true, false),
            ("forces", Word, true, false),
            (",", Punct, false, false),
            ("Kata’ib", Word, true, false),
            ("1,200.5", Num, true, false),
            ("at", Word, true, false),
            ("1", Num, true, false),
            (":", Punct, false, false),
            ("30", Num, false, false),
            ("a.m.", Word, true, false),
            ("É.U.", Word, true, true),
            ("x", Word, true, false),
        ];
        assert_eq!(got, want);
        assert_eq!(toks[0].lower, "él");
        assert!(toks[3].acronym && toks[3].cap);
    }

    #[test]
    fn phrase_index_finds_what_the_full_scan_finds() {
        let phrases: Vec<Vec<String>> = [
            "more than",
            "more",
            "no more than",
            "up to",
            "-plus",
            "a year",
            "per",
            "of them",
            "than",
        ]
        .iter()
        .map(|p| phrase_tokens(p))
        .collect();
        let list = PhraseList::new(
            phrases
                .iter()
                .cloned()
                .enumerate()
                .map(|(k, p)| (p, k))
                .collect(),
        );
        let s = "No more than 40 men, up to 3,000 more; $5 a year, 40-plus, more than half of them per day";
        let toks = tokenize(s);
        for i in 0..=toks.len() {
            let naive: Vec<usize> = (0..phrases.len())
                .filter(|&k| matches_at(&toks, i, &phrases[k]))
                .collect();
            let indexed: Vec<usize> = list.matching_at(&toks, i).map(|(_, k)| *k).collect();
            assert_eq!(indexed, naive, "at {i}");
            let naive: Vec<(usize, usize)> = (0..phrases.len())
                .filter_map(|k| matches_before(&toks, i, &phrases[k]).map(|s| (k, s)))
                .collect();
            let indexed: Vec<(usize, usize)> = list
                .matching_before(&toks, i)
                .map(|((_, k), s)| (*k, s))
                .collect();
            assert_eq!(indexed, naive, "before {i}");
        }
        assert!(list.any_at(&toks, 0));
        // List order decides: "more than" comes before "no more than".
        assert_eq!(list.first_before(&toks, 3), Some(1));
    }

    #[test]
    fn spans_are_bytes() {
        let s = "Él dijo: “more than 20” rebels";
        let m = one(s);
        assert_eq!(&s[m.start..m.end], "more than 20");
        let s = "The force does not exceed 15,000 fighters.";
        let m = one(s);
        assert_eq!(&s[m.start..m.end], "does not exceed 15,000");
    }
}
