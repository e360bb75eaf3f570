//! Name folding: the keys under which a place name is indexed and looked up.
//!
//! This file is also compiled into `build.rs` (via `#[path]`), so the keys in the
//! compiled-in index and the keys of a query are made by the very same code.
//!
//! Two tiers of key:
//! * the **exact** key ([`fold`]): NFKD with marks stripped, lower case, quote marks
//!   and ayn/hamza signs dropped, separators dropped, every article token
//!   (`al-`, `el-`, `ash-`, `ez-` ...) written `al`, and a few transliteration
//!   variants collapsed in each Latin word: `q`→`k`, `ee`→`i`, `oo`/`ou`→`u`, non-initial `o`→`u`,
//!   `ei`/`ey`/`ai`→`ay`, doubled letters single, word-final `-ah`/`-eh`→`-a` and
//!   `-ia`/`-iye`→`-iya` (nisba: "Nabatieh" = "Nabatiye" = "Nabatiyah").
//!   Arabic script: alef, yeh, kaf, ta marbuta variants unified, tatweel dropped.
//! * the **loose** key ([`loose_key`]): a consonant skeleton of the exact key with
//!   every article dropped, `q`→`k`, `sh`/`ch`→`s`, `kh`→`h`, `gh`→`g`, `dh`→`d`,
//!   `th`→`t`, vowels (and non-initial `w`/`y`) dropped, so that
//!   "Almohsen" ~ "Al Muhasan" and "Qamishlo" ~ "Qamişlo". It is only consulted
//!   when no exact key matches, because it collides far more.

use std::sync::LazyLock;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Article tokens that are written `al` in keys (and dropped in stripped/loose keys).
const ARTICLES: &[&str] = &[
    "al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "adh", "ath", "ed", "er", "es",
    "esh", "et", "ez", "en", "ech",
];

/// Letters that assimilate the article ("az-Zawr", glued "Ezzor", "Assafira").
const SUN_LETTERS: &[u8] = b"tdrzsn";

/// A name split into normalised words, with its leading-article flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// Normalised words; article tokens already written `al` (Latin) or `ال` glued (Arabic).
    pub words: Vec<String>,
    /// The same words before transliteration collapsing (lower case, marks stripped).
    pub raw: Vec<String>,
    /// Whether the first word is (or starts with) an article.
    pub leading_article: bool,
}

/// Map one character after NFKD; `None` drops it, `Some(' ')` separates words.
fn map_char(c: char, out: &mut String) {
    if c.is_ascii() {
        // The common case, the same as the arms below give for ASCII.
        match c {
            '\'' | '`' | '"' => {}
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            _ => out.push(' '),
        }
        return;
    }
    match c {
        // quote marks, ayn and hamza signs: dropped ("Sana'a" = "Sanaa", "Ta‘izz" = "Taizz")
        '\'' | '‘' | '’' | 'ʿ' | 'ʾ' | '`' | '´' | 'ʼ' | 'ʻ' | '"' | '′' | 'ʹ' => {}
        // Arabic: tatweel, hamza on its own, zero-width joiners dropped
        'ـ' | 'ء' | '\u{200c}' | '\u{200d}' | '\u{200e}' | '\u{200f}' => {}
        'ٱ' | 'أ' | 'إ' | 'آ' => out.push('ا'),
        'ة' => out.push('ه'),
        'ى' | 'ی' | 'ې' | 'ۍ' => out.push('ي'),
        'ک' | 'ڪ' => out.push('ك'),
        'ه' | 'ھ' | 'ہ' | 'ۀ' => out.push('ه'),
        // Latin letters NFKD leaves alone
        'ı' => out.push('i'),
        'ß' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
        'ł' | 'Ł' => out.push('l'),
        'ħ' | 'Ħ' => out.push('h'),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'þ' | 'Þ' => out.push_str("th"),
        c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
        _ => out.push(' '),
    }
}

fn is_latin_word(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `word` with each pair's `from` replaced by its `to`, in order. Most words
/// hold none of them: each is tested before a copy is made.
fn replace_each<'w>(word: &'w str, pairs: &[(&str, &str)]) -> std::borrow::Cow<'w, str> {
    let mut s = std::borrow::Cow::Borrowed(word);
    for (from, to) in pairs {
        // A plain scan, first byte first: the patterns are one to three
        // letters, the words short.
        let holds = |s: &str| {
            let (first, rest) = from
                .as_bytes()
                .split_first()
                .expect("patterns are not empty");
            let b = s.as_bytes();
            (0..b.len()).any(|i| b[i] == *first && b[i + 1..].starts_with(rest))
        };
        if holds(&s) {
            s = std::borrow::Cow::Owned(s.replace(from, to));
        }
    }
    s
}

/// Collapse transliteration variants inside one lower-case ASCII word.
fn normalise_latin_word(w: &str) -> String {
    // ee = i, oo = ou = u, q = k ("Qusayr" = "Kusayr", "Iraq" = "Irak"), ei = ey = ai = ay
    let s = replace_each(
        w,
        &[
            ("ee", "i"),
            ("oo", "u"),
            ("ou", "u"),
            ("q", "k"),
            ("ei", "ay"),
            ("ey", "ay"),
            ("ai", "ay"),
        ],
    );
    let mut out = String::with_capacity(s.len() + 1);
    for (i, c) in s.chars().enumerate() {
        // Arabic has no o: "Zor" = "Zur", "Homs" = "Hums"; a word-initial o stays ("Oman" != "Uman")
        let c = if i > 0 && c == 'o' { 'u' } else { c };
        // doubled letters single ("Raqqa" = "Raqa", "Hassake" = "Hasake", "Dubayy" = "Dubay")
        if out.ends_with(c) && c.is_ascii_alphabetic() {
            continue;
        }
        out.push(c);
    }
    // word-final ta marbuta: "Hasakah" = "Hasakeh" = "Hasaka"
    if out.len() > 3 && (out.ends_with("ah") || out.ends_with("eh")) {
        out.truncate(out.len() - 2);
        out.push('a');
    }
    // nisba ending -iyya: "Nabatieh" = "Nabatiye" = "Nabatiyah", "Dahieh" = "Dahiya"
    if out.len() > 4 && (out.ends_with("ia") || out.ends_with("iye")) {
        let cut = if out.ends_with("ia") { 1 } else { 2 };
        out.truncate(out.len() - cut);
        out.push_str("ya");
    }
    out
}

/// Split a name into normalised words (see the module docs).
pub fn words(name: &str) -> Words {
    let mut flat = String::with_capacity(name.len());
    if name.is_ascii() {
        // ASCII is its own NFKD and has no marks.
        for c in name.chars() {
            map_char(c, &mut flat);
        }
    } else {
        for c in name.nfkd() {
            if is_combining_mark(c) {
                continue;
            }
            map_char(c, &mut flat);
        }
    }
    let raw: Vec<&str> = flat.split_whitespace().collect();
    let mut words = Vec::with_capacity(raw.len());
    let mut raw_words = Vec::with_capacity(raw.len());
    let mut leading_article = false;
    for (i, w) in raw.iter().enumerate() {
        let is_last = i + 1 == raw.len();
        raw_words.push((*w).to_string());
        if is_latin_word(w) {
            if !is_last && ARTICLES.contains(w) {
                words.push("al".to_string());
                if i == 0 {
                    leading_article = true;
                }
                continue;
            }
            words.push(normalise_latin_word(w));
        } else {
            if i == 0 && w.starts_with("ال") && w.chars().count() > 3 {
                leading_article = true;
            }
            words.push((*w).to_string());
        }
    }
    Words {
        words,
        raw: raw_words,
        leading_article,
    }
}

/// The [`Words`] of a name from the [`Words`] of its parts, folded one at a
/// time: what [`words`] gives for the parts written one after another with white
/// space between. Names that recur in many candidate spans are then folded once
/// per word instead of once per span. Only an article token that ends a part
/// needs a second look: written `al` unless it ends the whole name.
pub fn join_words(parts: &[&Words]) -> Words {
    let total: usize = parts.iter().map(|p| p.raw.len()).sum();
    let mut words = Vec::with_capacity(total);
    let mut raw = Vec::with_capacity(total);
    for part in parts {
        for (w, r) in part.words.iter().zip(&part.raw) {
            let is_last = raw.len() + 1 == total;
            let article = !is_last && is_latin_word(r) && ARTICLES.contains(&r.as_str());
            words.push(if article { "al".to_string() } else { w.clone() });
            raw.push(r.clone());
        }
    }
    let leading_article = match raw.first() {
        Some(first) if is_latin_word(first) => total > 1 && ARTICLES.contains(&first.as_str()),
        Some(_) => parts
            .iter()
            .find(|p| !p.raw.is_empty())
            .is_some_and(|p| p.leading_article),
        None => false,
    };
    Words {
        words,
        raw,
        leading_article,
    }
}

/// The exact key of a name: its normalised words joined with nothing between.
pub fn fold(name: &str) -> String {
    words(name).words.concat()
}

/// The exact key without its leading article, if the name has one.
pub fn strip_article(w: &Words) -> Option<String> {
    if !w.leading_article {
        return None;
    }
    let mut rest = w.words.clone();
    if rest[0] == "al" {
        rest.remove(0);
        if rest.is_empty() {
            return None;
        }
    } else if let Some(tail) = rest[0].strip_prefix("ال") {
        rest[0] = tail.to_string();
    }
    let key = rest.concat();
    (!key.is_empty()).then_some(key)
}

/// Query-side guesses for an article glued to a word ("Ezzor", "Albukamal",
/// "Assafira"): the words with that article split off, when the word could carry one.
pub fn glued_article_variants(w: &Words) -> Vec<Words> {
    let mut out = Vec::new();
    for (i, word) in w.raw.iter().enumerate() {
        if let Some(at) = glued_article_end(word) {
            let mut words = w.words.clone();
            let mut raw = w.raw.clone();
            words[i] = normalise_latin_word(&word[at..]);
            words.insert(i, "al".to_string());
            raw[i] = word[at..].to_string();
            raw.insert(i, "al".to_string());
            out.push(Words {
                words,
                raw,
                leading_article: i == 0 || w.leading_article,
            });
        }
    }
    out
}

/// Where the article ends in a raw word that may carry one glued to it
/// ("Ezzor", "Albukamal", "Assafira").
fn glued_article_end(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    if !is_latin_word(word) || b.len() < 5 {
        return None;
    }
    if (b[0] == b'a' || b[0] == b'e') && b[1] == b'l' && !is_vowel(b[2]) {
        Some(2)
    } else if (b[0] == b'a' || b[0] == b'e') && SUN_LETTERS.contains(&b[1]) && b[1] == b[2] {
        Some(1)
    } else if (b[0] == b'a' || b[0] == b'e') && b[1] == b's' && b[2] == b'h' {
        // "Ashsharqat" style
        (b.len() > 5 && b[3] == b's' && b[4] == b'h').then_some(3)
    } else {
        None
    }
}

/// Whether [`glued_article_variants`] makes a variant of a name with this raw word.
pub fn may_carry_glued_article(raw_word: &str) -> bool {
    glued_article_end(raw_word).is_some()
}

/// Whether a raw word is Latin letters and digits only.
pub fn is_latin(raw_word: &str) -> bool {
    is_latin_word(raw_word)
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether a lower-case word is an article token ("al", "ash", "ez" ...).
pub fn is_article(word: &str) -> bool {
    ARTICLES.contains(&word)
}

/// The loose key of normalised words: consonant skeleton, articles dropped.
/// `None` when the skeleton is shorter than 4 letters: shorter ones matched ordinary
/// words ("Mosque" ~ "msk" ~ a Turkish village's alternate).
pub fn loose_key(w: &Words) -> Option<String> {
    let key = skeleton(w);
    (key.chars().count() >= 4).then_some(key)
}

/// The consonant skeleton of [`loose_key`], whatever its length. The skeleton of
/// a name's first word is a prefix of the whole name's.
pub fn skeleton(w: &Words) -> String {
    let mut key = String::new();
    for word in &w.words {
        push_skeleton(&mut key, word);
    }
    key
}

/// Spelling variants a skeleton folds together, in order ("sch" before "ch").
/// Every pattern holds an h, j, q or c: `push_skeleton` relies on that.
const SKELETON_REPLACEMENTS: &[(&str, &str)] = &[
    ("sch", "s"),
    ("sh", "s"),
    ("ch", "s"),
    ("kh", "h"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("dj", "j"),
    ("q", "k"),
    ("c", "k"),
];

/// Adds one normalised word to a [`skeleton`] made of the words before it
/// (nothing for an article token, written `al`).
pub fn push_skeleton(key: &mut String, word: &str) {
    if word == "al" {
        return;
    }
    if !is_latin_word(word) {
        let word = word
            .strip_prefix("ال")
            .filter(|t| t.chars().count() >= 2)
            .unwrap_or(word);
        key.push_str(word);
        return;
    }
    // Every pattern below holds an h, j, q or c: a word with none of them
    // (most words) is its own replacement, spared eleven scans.
    let s = if !word.bytes().any(|b| matches!(b, b'h' | b'j' | b'q' | b'c')) {
        std::borrow::Cow::Borrowed(word)
    } else {
        replace_each(word, SKELETON_REPLACEMENTS)
    };
    push_consonants(key, &s);
}

/// Adds a word's consonants to `key`: vowels dropped (w and y kept first),
/// doubled letters once.
fn push_consonants(key: &mut String, word: &str) {
    for (i, c) in word.chars().enumerate() {
        let keep = match c {
            'a' | 'e' | 'i' | 'o' | 'u' => false,
            'w' | 'y' => i == 0,
            _ => true,
        };
        if keep && !key.ends_with(c) {
            key.push(c);
        }
    }
}

/// Words that say what sort of place follows or precedes a name ("Conoco plant",
/// "Deir ez-Zor city", "port of Tobruk", "southern Baghdad"): dropped by
/// [`strip_generic`] when the whole surface matches nothing.
const GENERIC_SUFFIXES: &[&str] = &[
    "military base",
    "air base",
    "airbase",
    "base",
    "airport",
    "international airport",
    "border crossing",
    "crossing",
    "refugee camp",
    "camp",
    "prison",
    "gas facility",
    "facility",
    "plant",
    "gas field",
    "oil field",
    "field",
    "port",
    "city",
    "town",
    "village",
    "district",
    "province",
    "governorate",
    "region",
    "area",
    "countryside",
    "outskirts",
    "suburb",
    "suburbs",
    "neighbourhood",
    "neighborhood",
    "quarter",
    "countryside of",
];
const GENERIC_PREFIXES: &[&str] = &[
    "the",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "greater",
    "rural",
    "downtown",
    "port of",
    "city of",
    "town of",
    "village of",
    "province of",
    "governorate of",
    "outskirts of",
    "countryside of",
    "suburbs of",
];

/// A generic list split into words, and the word counts to try in the order
/// they first occur in the list (longer forms are listed first where it matters).
type GenericWords = (Vec<Vec<&'static str>>, Vec<usize>);

fn generic_words(list: &[&'static str]) -> GenericWords {
    let split: Vec<Vec<&str>> = list.iter().map(|g| g.split(' ').collect()).collect();
    let mut lengths = Vec::new();
    for g in &split {
        if !lengths.contains(&g.len()) {
            lengths.push(g.len());
        }
    }
    (split, lengths)
}

static GENERIC_SUFFIX_WORDS: LazyLock<GenericWords> =
    LazyLock::new(|| generic_words(GENERIC_SUFFIXES));
static GENERIC_PREFIX_WORDS: LazyLock<GenericWords> =
    LazyLock::new(|| generic_words(GENERIC_PREFIXES));

/// The first words of the generic prefixes and the last words of the generic
/// suffixes, indexed by their length: a word is compared only with the listed
/// words as long as it is (asked once or twice per candidate span).
static GENERIC_ENDS_BY_LENGTH: LazyLock<[Vec<Vec<&'static str>>; 2]> = LazyLock::new(|| {
    let by_length = |ends: Vec<&'static str>| {
        let mut table: Vec<Vec<&str>> = Vec::new();
        for end in ends {
            if table.len() <= end.len() {
                table.resize(end.len() + 1, Vec::new());
            }
            // "base" ends three suffixes: compared once.
            if !table[end.len()].contains(&end) {
                table[end.len()].push(end);
            }
        }
        table
    };
    [
        by_length(GENERIC_PREFIX_WORDS.0.iter().map(|g| g[0]).collect()),
        by_length(
            GENERIC_SUFFIX_WORDS
                .0
                .iter()
                .map(|g| g[g.len() - 1])
                .collect(),
        ),
    ]
});

/// Whether `word` is, ASCII case aside, one of the words `by_length` lists.
fn is_listed_ignoring_ascii_case(by_length: &[Vec<&str>], word: &str) -> bool {
    by_length
        .get(word.len())
        .is_some_and(|listed| listed.iter().any(|w| w.eq_ignore_ascii_case(word)))
}

/// Whether `word` (any case) is the first word of a generic prefix that
/// [`strip_generic`] drops ("the", "northern", "port" of "port of").
pub fn is_generic_prefix_start(word: &str) -> bool {
    is_listed_ignoring_ascii_case(&GENERIC_ENDS_BY_LENGTH[0], word)
}

/// Whether `word` (any case) is the last word of a generic suffix that
/// [`strip_generic`] drops ("base" of "air base", "of" of "countryside of").
fn is_generic_suffix_end(word: &str) -> bool {
    is_listed_ignoring_ascii_case(&GENERIC_ENDS_BY_LENGTH[1], word)
}

/// Whether [`strip_generic`] may find generic words in `surface`: `false` only
/// when it returns `None`.
pub fn may_strip_generic(surface: &str) -> bool {
    if surface.contains('(') {
        return true;
    }
    let mut ends = surface.split_whitespace();
    let Some(first) = ends.next() else {
        return false;
    };
    let last = ends.next_back().unwrap_or(first);
    is_generic_prefix_start(first) || is_generic_suffix_end(last)
}

/// [`may_strip_generic`] of surfaces that mostly share their first token, as
/// the spans at one word do ("Deir", "Deir Ezzor", "Deir Ezzor airport"): the
/// first token's answer is kept and reused while a surface begins with it.
#[derive(Default)]
pub struct MayStripGeneric<'s> {
    /// The last first token looked up, and whether it may begin a generic prefix.
    first: Option<(&'s str, bool)>,
}

impl<'s> MayStripGeneric<'s> {
    /// [`may_strip_generic`] of `surface`.
    pub fn may_strip(&mut self, surface: &'s str) -> bool {
        if surface.contains('(') {
            return true;
        }
        let first_generic = match self.first {
            // A surface that starts with the token and has white space or its
            // end right after it has that token first ("Deir-Ezzor" does not).
            Some((token, generic))
                if surface.starts_with(token)
                    && surface[token.len()..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace) =>
            {
                generic
            }
            _ => {
                let Some(token) = surface.split_whitespace().next() else {
                    return false;
                };
                let generic = is_generic_prefix_start(token);
                // Only a token that starts the surface can be matched as above.
                if surface.starts_with(token) {
                    self.first = Some((token, generic));
                }
                generic
            }
        };
        first_generic
            || surface
                .split_whitespace()
                .next_back()
                .is_some_and(is_generic_suffix_end)
    }
}

/// The name inside a surface with generic words around it, e.g. "Conoco" for
/// "Conoco gas facility", "Baghdad" for "southern Baghdad", "T4" for "T4 (Tiyas) air
/// base"; `None` when nothing generic surrounds it.
pub fn strip_generic(surface: &str) -> Option<String> {
    // Most surfaces have no generic word at either end: say so before allocating.
    if !may_strip_generic(surface) {
        return None;
    }
    // drop parenthesised asides
    let mut plain = String::with_capacity(surface.len());
    let mut depth = 0usize;
    for c in surface.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let mut words: Vec<&str> = plain.split_whitespace().collect();
    let before = words.len();
    // Lower-cased once; `lo..hi` is what is left of the surface.
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let (mut lo, mut hi) = (0, words.len());
    let listed = |list: &[Vec<&str>], span: &[String]| {
        list.iter()
            .any(|g| g.len() == span.len() && g.iter().zip(span).all(|(a, b)| a == b))
    };
    let (suffixes, suffix_lengths) = &*GENERIC_SUFFIX_WORDS;
    let (prefixes, prefix_lengths) = &*GENERIC_PREFIX_WORDS;
    loop {
        let n = hi - lo;
        let suffix = suffix_lengths
            .iter()
            .copied()
            .filter(|&k| k < n)
            .find(|&k| listed(suffixes, &lower[hi - k..hi]));
        if let Some(k) = suffix {
            hi -= k;
            continue;
        }
        let prefix = prefix_lengths
            .iter()
            .copied()
            .filter(|&k| k < n)
            .find(|&k| listed(prefixes, &lower[lo..lo + k]));
        if let Some(k) = prefix {
            lo += k;
            continue;
        }
        break;
    }
    words.truncate(hi);
    words.drain(..lo);
    let changed = words.len() != before || plain.trim() != surface.trim();
    (changed && !words.is_empty()).then(|| words.join(" "))
}

/// Number of words of a name as written (for bounding n-gram lookups).
pub fn token_count(name: &str) -> usize {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|t| !t.is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_strip_keeping_the_first_token_agrees_with_may_strip_generic() {
        // Generic ends, names, and what may glue or split tokens: hyphens,
        // slashes, brackets, non-breaking and other Unicode spaces.
        let pieces = [
            "Deir",
            "Ezzor",
            "northern",
            "Northern",
            "port",
            "of",
            "base",
            "air",
            "the",
            "Port-of",
            "Masyāf",
            "al-Qusayr",
            "(Tiyas)",
            "T4",
            "/",
            "&",
            "-",
            "Base",
        ];
        let gaps = [
            " ", "  ", "-", "/", "", "\u{a0}", "\u{2009}", "\t", "\u{b}", " (",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            // xorshift: deterministic, no dependency.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..20_000 {
            // The spans at one word: each surface extends the one before.
            let mut text = String::new();
            if next(8) == 0 {
                text.push_str(gaps[next(gaps.len())]);
            }
            let mut ends = Vec::new();
            for _ in 0..1 + next(5) {
                if !text.is_empty() {
                    text.push_str(gaps[next(gaps.len())]);
                }
                text.push_str(pieces[next(pieces.len())]);
                ends.push(text.len());
            }
            let mut surfaces: Vec<&str> = ends.iter().map(|&e| &text[..e]).collect();
            // Now and then a surface unlike the others.
            if next(6) == 0 {
                let at = next(surfaces.len());
                surfaces.insert(at, pieces[next(pieces.len())]);
            }
            let mut kept = MayStripGeneric::default();
            for surface in surfaces {
                assert_eq!(
                    kept.may_strip(surface),
                    may_strip_generic(surface),
                    "{surface:?}"
                );
            }
        }
    }

    #[test]
    fn every_skeleton_pattern_holds_h_j_q_or_c() {
        for (from, _) in SKELETON_REPLACEMENTS {
            assert!(
                from.bytes().any(|b| matches!(b, b'h' | b'j' | b'q' | b'c')),
                "{from}"
            );
        }
    }

    #[test]
    fn skeletons_of_words_without_h_j_q_c_skip_no_replacement() {
        // The slow path: every replacement tried, whatever the word holds.
        let replaced_in_full = |word: &str| {
            let mut key = String::new();
            push_consonants(&mut key, &replace_each(word, SKELETON_REPLACEMENTS));
            key
        };
        let letters = [
            "a", "s", "c", "h", "k", "q", "d", "j", "t", "p", "g", "w", "y", "z",
        ];
        let mut words: Vec<String> = letters.iter().map(|l| l.to_string()).collect();
        for _ in 0..3 {
            let longer: Vec<String> = words
                .iter()
                .flat_map(|w| letters.iter().map(move |l| format!("{w}{l}")))
                .collect();
            words.extend(longer);
        }
        for word in words
            .iter()
            .map(String::as_str)
            .chain(["zawiya", "schaddadi", "qamishli"])
        {
            let mut key = String::new();
            push_skeleton(&mut key, word);
            assert_eq!(key, replaced_in_full(word), "{word:?}");
        }
    }

    #[test]
    fn generic_ends_are_found_as_a_scan_of_the_lists_finds_them() {
        let scan = |list: &[Vec<&str>], last: bool, word: &str| {
            list.iter()
                .any(|g| (if last { g[g.len() - 1] } else { g[0] }).eq_ignore_ascii_case(word))
        };
        for word in [
            "the",
            "The",
            "NORTHERN",
            "port",
            "Port",
            "of",
            "OF",
            "base",
            "Base",
            "camp",
            "town",
            "Baghdad",
            "",
            "neighbourhood",
            "neighbourhoods",
            "countrysideandmore",
            "Ça",
            "baſe",
        ] {
            assert_eq!(
                is_generic_prefix_start(word),
                scan(&GENERIC_PREFIX_WORDS.0, false, word),
                "{word:?}"
            );
            assert_eq!(
                is_generic_suffix_end(word),
                scan(&GENERIC_SUFFIX_WORDS.0, true, word),
                "{word:?}"
            );
        }
    }

    /// Any key the lookup would try for a surface: exact, stripped, glued splits.
    fn exact_keys(s: &str) -> Vec<String> {
        let w = words(s);
        let mut v = vec![w.words.concat()];
        v.extend(strip_article(&w));
        for g in glued_article_variants(&w) {
            v.push(g.words.concat());
            v.extend(strip_article(&g));
        }
        v
    }

    fn loose_keys(s: &str) -> Vec<String> {
        let w = words(s);
        let mut v: Vec<String> = loose_key(&w).into_iter().collect();
        for g in glued_article_variants(&w) {
            v.extend(loose_key(&g));
        }
        v
    }

    /// Spellings that must give the same exact key.
    const SAME_FOLD: &[(&str, &str)] = &[
        ("Mayadeen", "Mayadin"),
        ("Al-Mayadeen", "Al Mayadin"),
        ("Al-Mayādīn", "al mayadin"),
        ("Deir ez-Zor", "Deir al-Zor"),
        ("Deir ez-Zor", "Dayr az-Zor"),
        ("Deir el-Zour", "Deir ez Zor"),
        ("Qusair", "Qusayr"),
        ("Qoussair", "Qusayr"),
        ("Hasakah", "Hasakeh"),
        ("Hasakah", "Hasaka"),
        ("Al-Hasakah", "al Hassakeh"),
        ("Sanaa", "Sana'a"),
        ("Sana‘a", "Sanaa"),
        ("Ta'izz", "Taiz"),
        ("Raqqa", "Raqqah"),
        ("Albukamal", "Al Bukamal"),
        ("Albu Kamal", "Albukamal"),
        ("Dubai", "Dubayy"),
        ("Sheikh Maqsoud", "Shaykh Maqsud"),
        ("Beirut", "Beyrut"),
        ("Ḩimş", "Hims"),
        ("Aş Şanamayn", "As-Sanamayn"),
        ("Jisr al-Shughur", "Jisr ash-Shughur"),
        ("Tell Abyad", "Tel Abyad"),
        ("T-4", "T4"),
        ("Kusayr", "Qusair"),
        ("Iraq", "Irak"),
        ("Raqqa", "Rakka"),
        ("Mosul", "Musul"),
        ("Homs", "Hums"),
        ("Deir ez-Zor", "Deir ez-Zour"),
        ("Nabatieh", "Nabatiye"),
        ("Nabatiyah", "Nabatiye"),
        ("Dahieh", "Dahiyeh"),
        ("Jousieh", "Jusiyah"),
        ("الحسكة", "الحسكه"),
        ("أبو كمال", "ابو كمال"),
        ("إدلب", "ادلب"),
        ("القامشلي", "القامشلى"),
    ];

    /// Spellings that meet only after an article is split off or dropped.
    const SAME_AFTER_ARTICLE: &[(&str, &str)] = &[
        ("Al-Mayadeen", "Mayadin"),
        ("Deir Ezzor", "Deir ez-Zor"),
        ("Assafira", "As-Safira"),
        ("Elhasakeh", "Hasakah"),
        ("البوكمال", "بوكمال"),
    ];

    /// Spellings that meet only in the loose (consonant skeleton) tier.
    const SAME_LOOSE: &[(&str, &str)] = &[
        ("Almohsen", "Al Muhasan"),
        ("Qamishlo", "Qamişlo"),
        ("Deir Ezzor", "Dayr az Zawr"),
        ("Khan Sheikhoun", "Han Şeyhun"),
    ];

    /// Names that must stay apart in the exact tier (a wrong merge would turn one into the other).
    const DIFFERENT: &[(&str, &str)] = &[
        ("Oman", "Amman"),
        ("Iran", "Iraq"),
        ("Homs", "Hama"),
        ("Sanaa", "Sinai"),
        ("Niger", "Nigeria"),
        ("Lebanon", "Libya"),
        ("Aleppo", "Alep"),
        ("Daraa", "Daraya"),
        ("Uman", "Oman"),
        ("Syria", "Sur"),
        ("Hit", "Hat"),
    ];

    #[test]
    fn same_fold() {
        for (a, b) in SAME_FOLD {
            assert_eq!(fold(a), fold(b), "{a} vs {b}");
        }
    }

    #[test]
    fn same_after_article() {
        for (a, b) in SAME_AFTER_ARTICLE {
            let (ka, kb) = (exact_keys(a), exact_keys(b));
            assert!(
                ka.iter().any(|k| kb.contains(k)),
                "{a} {ka:?} vs {b} {kb:?}"
            );
            assert_ne!(
                fold(a),
                fold(b),
                "{a} and {b} already meet in fold(); move the pair"
            );
        }
    }

    #[test]
    fn same_loose() {
        for (a, b) in SAME_LOOSE {
            let (la, lb) = (loose_keys(a), loose_keys(b));
            assert!(
                la.iter().any(|k| lb.contains(k)),
                "{a} {la:?} vs {b} {lb:?}"
            );
        }
    }

    #[test]
    fn different_stay_apart() {
        for (a, b) in DIFFERENT {
            let (ka, kb) = (exact_keys(a), exact_keys(b));
            assert!(
                !ka.iter().any(|k| kb.contains(k)),
                "{a} {ka:?} vs {b} {kb:?}"
            );
        }
    }

    #[test]
    fn articles_are_tokens_not_prefixes() {
        // "Aleppo" and "Alma" start with "al" but carry no article
        assert_eq!(strip_article(&words("Aleppo")), None);
        assert_eq!(strip_article(&words("Al-Bab")).as_deref(), Some("bab"));
        assert!(glued_article_variants(&words("Aleppo")).is_empty());
        assert_eq!(strip_article(&words("Al")), None);
    }

    #[test]
    fn short_skeletons_are_not_indexed() {
        assert_eq!(loose_key(&words("Sanaa")), None);
        assert_eq!(loose_key(&words("Homs")), None);
        assert_eq!(loose_key(&words("Muhasan")).as_deref(), Some("mhsn"));
    }

    #[test]
    fn generic_words_are_stripped() {
        assert_eq!(
            strip_generic("Conoco gas facility").as_deref(),
            Some("Conoco")
        );
        assert_eq!(
            strip_generic("Deir ez-Zor city").as_deref(),
            Some("Deir ez-Zor")
        );
        assert_eq!(strip_generic("port of Tobruk").as_deref(), Some("Tobruk"));
        assert_eq!(
            strip_generic("southern Baghdad").as_deref(),
            Some("Baghdad")
        );
        assert_eq!(strip_generic("T4 (Tiyas) air base").as_deref(), Some("T4"));
        assert_eq!(
            strip_generic("al-Jufra military base").as_deref(),
            Some("al-Jufra")
        );
        assert_eq!(strip_generic("Homs"), None);
        assert_eq!(strip_generic("city"), None);
    }

    /// Names as a sentence splits them into words (white space between), with
    /// articles inside, ending a word, ending the name, and Arabic script.
    const JOINED: &[&str] = &[
        "Deir ez-Zor",
        "Al Bukamal",
        "Al",
        "Abu al Duhur",
        "Tell el Abyad",
        "Jisr ash-Shughur city",
        "Sheikh Maqsoud",
        "As Safira",
        "Ezzor Albukamal",
        "Qoussair Hasakah Nabatieh",
        "T-4 air base",
        "Masyāf al",
        "البو كمال",
        "دير الزور",
        "U.S. Embassy",
        "Tower 22",
    ];

    #[test]
    fn joined_words_fold_like_the_whole_name() {
        for name in JOINED {
            let parts: Vec<Words> = name.split(' ').map(words).collect();
            let refs: Vec<&Words> = parts.iter().collect();
            assert_eq!(join_words(&refs), words(name), "{name}");
        }
    }

    #[test]
    fn token_count_counts_words() {
        assert_eq!(token_count("Deir ez-Zor"), 3);
        assert_eq!(token_count("Homs"), 1);
        assert_eq!(token_count(""), 0);
    }
}
