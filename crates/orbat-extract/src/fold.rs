//! Name keys: the one way names are compared inside the extractor.
//!
//! A key is lowercase ASCII-ish text without diacritics, apostrophes or
//! punctuation, words separated by one space, without a leading "the".
//! [`article_free`] additionally drops a leading Arabic article, so that
//! "al-Nujaba" and "Nujaba" meet.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds a surface form to its comparison key.
pub fn fold(name: &str) -> String {
    let mut key = word_key(name);
    if key.len() > 4 && key.starts_with("the ") {
        key.drain(..4);
    }
    key
}

/// [`fold`] of the words joined by spaces, from each word's [`word_key`].
pub fn fold_joined<'k>(word_keys: impl IntoIterator<Item = &'k str>) -> String {
    // Room for most names at once: no regrowth while joining.
    let mut key = String::with_capacity(64);
    for k in word_keys.into_iter().filter(|k| !k.is_empty()) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(k);
    }
    if key.len() > 4 && key.starts_with("the ") {
        key.drain(..4);
    }
    key
}

/// A key without its leading "the", as [`fold`] drops it.
pub fn without_the(key: &str) -> &str {
    if key.len() > 4 && key.starts_with("the ") {
        &key[4..]
    } else {
        key
    }
}

/// A word's key before a leading "the" is dropped: the keys of words joined by
/// spaces, without their "the", are the key of the words written with spaces
/// between ([`fold_joined`]).
pub fn word_key(name: &str) -> String {
    // ASCII is its own NFKD and has no marks: skip the decomposition.
    if name.is_ascii() {
        fold_ascii(name)
    } else {
        fold_chars(name.nfkd().filter(|&c| !is_combining_mark(c)), name.len())
    }
}

/// [`fold_chars`] of an ASCII name, byte by byte.
fn fold_ascii(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for b in name.bytes() {
        if matches!(b, b'\'' | b'`') {
            continue;
        }
        if b.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            pending_space = true;
        }
    }
    out
}

fn fold_chars(chars: impl Iterator<Item = char>, name_len: usize) -> String {
    // Keys are rarely longer than their names: one allocation, no regrowth.
    let mut out = String::with_capacity(name_len);
    let mut pending_space = false;
    for c in chars {
        if matches!(c, '\'' | '’' | '‘' | '`' | 'ʿ' | 'ʾ' | '´') {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// Arabic articles as they are transliterated.
const ARTICLES: [&str; 10] = ["al", "el", "ar", "as", "ad", "ash", "an", "az", "at", "ad"];

/// The key without a leading Arabic article, when it has one and more words follow.
pub fn article_free(key: &str) -> Option<&str> {
    let (first, rest) = key.split_once(' ')?;
    ARTICLES.contains(&first).then_some(rest)
}

/// Whether a key word is an Arabic article ("al", "ash", ...).
pub fn is_article(word: &str) -> bool {
    ARTICLES.contains(&word)
}

/// Whether a word looks like an acronym ("IRGC", "U.S.", "IRGC-QF").
pub fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_apostrophes_and_hyphens() {
        assert_eq!(fold("Kata'ib Hezbollah"), "kataib hezbollah");
        assert_eq!(fold("Asa’ib Ahl al-Haq"), "asaib ahl al haq");
        assert_eq!(fold("the 313 Battalion"), "313 battalion");
        assert_eq!(fold("Masyāf"), "masyaf");
    }

    #[test]
    fn ascii_fold_matches_the_char_fold() {
        for name in [
            "Kata'ib Hezbollah",
            "  U.S.-led `x` 313th",
            "the--Army's 5 & 6",
            "\"Quoted\" (a/b) _c_ ",
            "",
            "''",
        ] {
            assert_eq!(
                fold_ascii(name),
                fold_chars(name.chars(), name.len()),
                "{name:?}"
            );
        }
    }

    #[test]
    fn joined_word_keys_fold_like_the_joined_words() {
        for words in [
            &["The", "Syrian", "Army"][..],
            &["the-Army"],
            &["Kata'ib", "Hezbollah"],
            &["U.S.", "&", "Iraqi", "Forces"],
            &["Asa’ib", "Ahl", "al-Haq"],
            &["The", "Hague"],
            &["Masyāf", "the"],
        ] {
            let keys: Vec<String> = words.iter().map(|w| word_key(w)).collect();
            assert_eq!(
                fold_joined(keys.iter().map(String::as_str)),
                fold(&words.join(" ")),
                "{words:?}"
            );
        }
    }

    #[test]
    fn drops_a_leading_article_only() {
        assert_eq!(article_free("al nujaba"), Some("nujaba"));
        assert_eq!(article_free("harakat al nujaba"), None);
        assert_eq!(article_free("nujaba"), None);
    }

    #[test]
    fn recognises_acronyms() {
        assert!(is_acronym("IRGC"));
        assert!(is_acronym("U.S."));
        assert!(is_acronym("IRGC-QF"));
        assert!(!is_acronym("Iran"));
        assert!(!is_acronym("A"));
    }
}
