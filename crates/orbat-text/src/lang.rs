//! Language identification on the first ~2000 characters: English by a count
//! of its function words when that count is decisive, else with `whatlang`.

use crate::bytescan::continuation_bytes;
use std::sync::OnceLock;
use whatlang::Lang;

/// How many characters of the text the detector reads.
const SAMPLE_CHARS: usize = 2000;

/// Common English function words (`data/english_function_words.txt`).
const ENGLISH_FUNCTION_WORDS: &str = include_str!("../data/english_function_words.txt");
/// Function words of other Latin-script languages (`data/other_function_words.txt`).
const OTHER_FUNCTION_WORDS: &str = include_str!("../data/other_function_words.txt");

// Whatlang costs about a million instructions per sample (trigram counts, then
// a distance to each of some thirty Latin-script profiles); counting function
// words costs about a tenth of that. So a sample that is English beyond doubt
// is answered from the counts, and only the others go to whatlang. "Beyond
// doubt" means all of: at least `DECISIVE_MIN_WORDS` words; at least one in
// `ENGLISH_FUNCTION_WORD_ONE_IN` an English function word (the `looks_english`
// bar; English news scores about one in four, other languages under one in
// ten); at most one in `DECISIVE_OTHER_ONE_IN` a function word of another
// language (a sentence or two of French or Afrikaans exceeds it, and whatlang
// can answer the other language for text that is two-thirds English); and at
// most one letter in `DECISIVE_NON_ASCII_ONE_IN` outside ASCII (other
// scripts, which whatlang picks once they hold most letters, and the
// diacritics of most Latin-script languages). The tests check that whatlang
// answers English wherever these decide, on English, on seventeen other
// languages and on mixtures with English in every proportion (they decide
// only from nine parts English in ten).
const DECISIVE_MIN_WORDS: usize = 20;
const ENGLISH_FUNCTION_WORD_ONE_IN: usize = 6;
const DECISIVE_OTHER_ONE_IN: usize = 100;
const DECISIVE_NON_ASCII_ONE_IN: usize = 10;

/// Languages the extractor handles. Only English for now.
pub fn is_supported(lang: &str) -> bool {
    lang == "en"
}

/// ISO 639-1 code of the text's language, or `"und"` when unsure.
pub(crate) fn detect(text: &str) -> String {
    let sample = sample(text);
    let counts = FunctionWordCount::of(sample);
    if counts.is_decisively_english() {
        return "en".to_string();
    }
    detect_with_whatlang(sample, counts)
}

/// The first [`SAMPLE_CHARS`] characters of `text`, found by counting the
/// chars that start in each eight bytes (all eight in ASCII text).
fn sample(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut chars = 0; // chars starting in bytes[..i]
    let mut i = 0;
    while let Some(word) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let starts = 8 - continuation_bytes(u64::from_le_bytes(*word)) as usize;
        if chars + starts > SAMPLE_CHARS {
            break;
        }
        chars += starts;
        i += 8;
    }
    for (at, &b) in bytes.iter().enumerate().skip(i) {
        if b & 0xc0 != 0x80 {
            if chars == SAMPLE_CHARS {
                return &text[..at];
            }
            chars += 1;
        }
    }
    text
}

/// Whatlang's answer when it is sure, else the function-word fallback.
fn detect_with_whatlang(sample: &str, counts: FunctionWordCount) -> String {
    let code = match whatlang::detect(sample) {
        Some(info) if info.is_reliable() || info.confidence() >= 0.5 => iso639_1(info.lang()),
        _ => None,
    };
    match code {
        Some(c) => c.to_string(),
        // short or mixed text: fall back to counting English function words
        None if counts.looks_english() => "en".to_string(),
        None => "und".to_string(),
    }
}

/// Words (runs of alphabetic characters) of a sample, how many of them are
/// English function words and how many are other languages' function words,
/// and how many of their letters are outside ASCII.
#[derive(Debug, Clone, Copy, Default)]
struct FunctionWordCount {
    words: usize,
    english: usize,
    other: usize,
    letters: usize,
    non_ascii_letters: usize,
}

impl FunctionWordCount {
    /// One pass over the characters; each word is looked up as its lower-case
    /// bytes packed into a `u64` (every listed word fits in eight bytes).
    /// Runs of ASCII letters are taken whole; only non-ASCII chars are decoded.
    fn of(sample: &str) -> Self {
        let lists = function_words();
        let mut count = FunctionWordCount::default();
        let mut word = PackedWord::default();
        let bytes = sample.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_alphabetic() {
                // a run of ASCII letters joins the word at once
                let run = bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count();
                word.push_ascii_letters(bytes, i, i + run);
                count.letters += run;
                i += run;
                continue;
            }
            let is_letter = if b.is_ascii() {
                i += 1;
                false
            } else {
                // `i` is a char boundary: it advances by whole chars
                let Some(c) = sample[i..].chars().next() else {
                    break;
                };
                i += c.len_utf8();
                let letter = c.is_alphabetic();
                if letter {
                    count.non_ascii_letters += 1;
                    word.ascii = false;
                    c.to_lowercase().for_each(|l| word.push(l));
                }
                letter
            };
            if is_letter {
                count.letters += 1;
            } else if word.len > 0 {
                count.add_word(&word, lists);
                word = PackedWord::default();
            }
        }
        if word.len > 0 {
            count.add_word(&word, lists);
        }
        count
    }

    fn add_word(&mut self, word: &PackedWord, lists: &FunctionWords) {
        self.words += 1;
        if word.len <= 8 {
            let lists_holding = lists.lookup(word.key);
            // the English list is ASCII, matched ASCII-case-insensitively
            if word.ascii && lists_holding & ENGLISH != 0 {
                self.english += 1;
            }
            if lists_holding & OTHER != 0 {
                self.other += 1;
            }
        }
    }

    /// English beyond doubt: see [`DECISIVE_MIN_WORDS`] and the constants after it.
    fn is_decisively_english(self) -> bool {
        self.words >= DECISIVE_MIN_WORDS
            && self.english * ENGLISH_FUNCTION_WORD_ONE_IN >= self.words
            && self.other * DECISIVE_OTHER_ONE_IN <= self.words
            && self.non_ascii_letters * DECISIVE_NON_ASCII_ONE_IN <= self.letters
    }

    /// At least a sixth of the words are common English function words.
    fn looks_english(self) -> bool {
        self.words >= 3 && self.english * ENGLISH_FUNCTION_WORD_ONE_IN >= self.words
    }
}

/// A word's first eight bytes (lower case), packed for lookup, and its length.
#[derive(Debug, Clone, Copy)]
struct PackedWord {
    key: u64,
    len: usize,
    ascii: bool,
}

impl Default for PackedWord {
    fn default() -> Self {
        PackedWord {
            key: 0,
            len: 0,
            ascii: true,
        }
    }
}

impl PackedWord {
    fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            self.push_byte(b);
        }
    }

    /// Append the ASCII letters `bytes[start..end]` in lower case, packing
    /// the ones that fit with one load rather than byte by byte.
    #[inline]
    fn push_ascii_letters(&mut self, bytes: &[u8], start: usize, end: usize) {
        let take = (end - start).min(8usize.saturating_sub(self.len));
        if take > 0 {
            let chunk = match bytes.get(start..).and_then(<[u8]>::first_chunk::<8>) {
                Some(chunk) => u64::from_le_bytes(*chunk),
                None => {
                    let mut buf = [0u8; 8];
                    buf[..take].copy_from_slice(&bytes[start..start + take]);
                    u64::from_le_bytes(buf)
                }
            };
            let mask = u64::MAX >> (64 - 8 * take);
            // setting bit 5 of an ASCII letter lower-cases it
            let lower = (chunk | 0x2020_2020_2020_2020) & mask;
            self.key |= lower << (8 * self.len);
        }
        self.len += end - start;
    }

    #[inline]
    fn push_byte(&mut self, b: u8) {
        if self.len < 8 {
            self.key |= u64::from(b) << (8 * self.len);
        }
        self.len += 1;
    }

    fn of(word: &str) -> Self {
        let mut packed = PackedWord::default();
        word.chars().for_each(|c| packed.push(c));
        packed
    }
}

/// Bit flags for the lists a word is on.
const ENGLISH: u8 = 1;
const OTHER: u8 = 2;

/// The two function-word lists as one table of packed words, each with the
/// lists (`ENGLISH`, `OTHER`) holding it: one lookup per word of a sample,
/// where a binary search of each sorted list cost several times that.
struct FunctionWords(foldhash::HashMap<u64, u8>);

impl FunctionWords {
    /// The lists holding the word packed as `key` (0 when on none).
    #[inline]
    fn lookup(&self, key: u64) -> u8 {
        self.0.get(&key).copied().unwrap_or(0)
    }
}

fn function_words() -> &'static FunctionWords {
    static LISTS: OnceLock<FunctionWords> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut table = foldhash::HashMap::default();
        for (data, list) in [
            (ENGLISH_FUNCTION_WORDS, ENGLISH),
            (OTHER_FUNCTION_WORDS, OTHER),
        ] {
            let words = data
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'));
            for w in words {
                assert!(w.len() <= 8, "function words fit in eight bytes: {w}");
                *table.entry(PackedWord::of(w).key).or_insert(0) |= list;
            }
        }
        FunctionWords(table)
    })
}

fn iso639_1(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Eng => "en",
        Lang::Ara => "ar",
        Lang::Pes => "fa",
        Lang::Urd => "ur",
        Lang::Heb => "he",
        Lang::Tur => "tr",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Hin => "hi",
        Lang::Ben => "bn",
        Lang::Epo => "eo",
        Lang::Kat => "ka",
        Lang::Yid => "yi",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_arabic_and_unsure() {
        assert_eq!(
            detect(
                "Israeli jets struck the crossing on Friday, killing four people, the agency said."
            ),
            "en"
        );
        assert_eq!(
            detect("قصفت طائرات حربية معبر جوسية الحدودي بين لبنان وسوريا صباح الجمعة وقتل أربعة أشخاص"),
            "ar"
        );
        assert_eq!(detect("12345 678"), "und");
        assert_eq!(detect("The army left."), "en");
        assert!(is_supported("en") && !is_supported("ar") && !is_supported("und"));
    }

    /// What `detect` answered before the function-word shortcut.
    fn whatlang_route(text: &str) -> String {
        let sample = sample(text);
        detect_with_whatlang(sample, FunctionWordCount::of(sample))
    }

    const SAMPLES: &[(&str, &str)] = &[
        ("en", include_str!("../tests/fixtures/languages/en.txt")),
        ("fr", include_str!("../tests/fixtures/languages/fr.txt")),
        ("de", include_str!("../tests/fixtures/languages/de.txt")),
        ("es", include_str!("../tests/fixtures/languages/es.txt")),
        ("it", include_str!("../tests/fixtures/languages/it.txt")),
        ("pt", include_str!("../tests/fixtures/languages/pt.txt")),
        ("nl", include_str!("../tests/fixtures/languages/nl.txt")),
        ("af", include_str!("../tests/fixtures/languages/af.txt")),
        ("id", include_str!("../tests/fixtures/languages/id.txt")),
        ("tr", include_str!("../tests/fixtures/languages/tr.txt")),
        ("sv", include_str!("../tests/fixtures/languages/sv.txt")),
        ("ru", include_str!("../tests/fixtures/languages/ru.txt")),
        ("ar", include_str!("../tests/fixtures/languages/ar.txt")),
        ("pl", include_str!("../tests/fixtures/languages/pl.txt")),
        ("fi", include_str!("../tests/fixtures/languages/fi.txt")),
        ("hu", include_str!("../tests/fixtures/languages/hu.txt")),
        ("tl", include_str!("../tests/fixtures/languages/tl.txt")),
        ("ro", include_str!("../tests/fixtures/languages/ro.txt")),
    ];

    fn sentences(text: &str) -> Vec<&str> {
        text.split_inclusive(". ").map(str::trim).collect()
    }

    #[test]
    fn function_word_lists_load() {
        let lists = function_words();
        let on = |list| lists.0.values().filter(|&&l| l & list != 0).count();
        assert_eq!(on(ENGLISH), 24);
        assert!(on(OTHER) > 100);
        assert_eq!(lists.lookup(PackedWord::of("the").key), ENGLISH);
        assert_eq!(lists.lookup(PackedWord::of("der").key), OTHER);
        assert_eq!(lists.lookup(PackedWord::of("army").key), 0);
        let count = FunctionWordCount::of("The army, à Paris, said ÉTÉ was Über-hot; die Einheit");
        assert_eq!((count.words, count.english, count.other), (11, 3, 1)); // "été"
    }

    #[test]
    fn each_language_sample_is_recognised_by_both_routes() {
        for &(code, text) in SAMPLES {
            let counts = FunctionWordCount::of(text);
            assert_eq!(
                counts.is_decisively_english(),
                code == "en",
                "{code}: {counts:?}"
            );
            assert_eq!(detect(text), code);
            assert_eq!(whatlang_route(text), code);
        }
    }

    /// The hash table answers as membership of the sorted word lists does,
    /// for every listed word and for the words of the language samples.
    #[test]
    fn table_agrees_with_sorted_lists() {
        let sorted = |data: &str| {
            let mut list: Vec<u64> = data
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|w| PackedWord::of(w).key)
                .collect();
            list.sort_unstable();
            list
        };
        let (english, other) = (sorted(ENGLISH_FUNCTION_WORDS), sorted(OTHER_FUNCTION_WORDS));
        let lists = function_words();
        let samples = SAMPLES
            .iter()
            .flat_map(|(_, t)| t.split(|c: char| !c.is_alphabetic()));
        let listed = ENGLISH_FUNCTION_WORDS
            .lines()
            .chain(OTHER_FUNCTION_WORDS.lines());
        for word in samples.chain(listed).filter(|w| !w.is_empty()) {
            let key = PackedWord::of(&word.to_lowercase()).key;
            let on = |list: &[u64], flag: u8| {
                if list.binary_search(&key).is_ok() {
                    flag
                } else {
                    0
                }
            };
            let want = on(&english, ENGLISH) | on(&other, OTHER);
            assert_eq!(lists.lookup(key), want, "{word}");
        }
    }

    /// English sentences mixed with another language's in every proportion
    /// from none to all, a sentence at a time, and the text repeated past
    /// the sample length: wherever the function-word count decides, whatlang
    /// answers English too.
    #[test]
    fn shortcut_agrees_with_whatlang_on_mixed_text() {
        let english = sentences(SAMPLES[0].1);
        let mut decided = 0;
        for &(code, text) in &SAMPLES[1..] {
            let other = sentences(text);
            for english_in_ten in 0..=10usize {
                for offset in 0..10usize {
                    let mut mixed = String::new();
                    let mut i = offset;
                    while mixed.chars().count() < SAMPLE_CHARS + 200 {
                        let from_english = (i % 10) < english_in_ten;
                        let pool = if from_english { &english } else { &other };
                        mixed.push_str(pool[i % pool.len()]);
                        mixed.push(' ');
                        i += 1;
                    }
                    if FunctionWordCount::of(sample(&mixed)).is_decisively_english() {
                        decided += 1;
                        assert_eq!(
                            whatlang_route(&mixed),
                            "en",
                            "{code}, {english_in_ten}/10 English: {mixed}"
                        );
                    }
                    assert_eq!(detect(&mixed), whatlang_route(&mixed), "{code}: {mixed}");
                }
            }
        }
        assert!(decided > 0);
    }

    /// The char-by-char count the byte-level `FunctionWordCount::of` replaced.
    fn reference_count(sample: &str) -> FunctionWordCount {
        let lists = function_words();
        let mut count = FunctionWordCount::default();
        let mut word = PackedWord::default();
        for c in sample.chars().chain(std::iter::once(' ')) {
            let ascii = c.is_ascii();
            if c.is_ascii_alphabetic() || (!ascii && c.is_alphabetic()) {
                count.letters += 1;
                if ascii {
                    word.push(c.to_ascii_lowercase());
                } else {
                    count.non_ascii_letters += 1;
                    word.ascii = false;
                    c.to_lowercase().for_each(|l| word.push(l));
                }
            } else if word.len > 0 {
                count.add_word(&word, lists);
                word = PackedWord::default();
            }
        }
        count
    }

    /// The byte-level count and sample agree with char-by-char ones on
    /// pseudo-random text and on the language samples.
    #[test]
    fn byte_scans_agree_with_char_scans() {
        const ALPHABET: &[&str] = &[
            "the",
            "The",
            "THE",
            "and",
            "de",
            "la",
            "été",
            "ÉTÉ",
            "über",
            "İ",
            "ß",
            "a",
            " ",
            ",",
            "-",
            "7",
            "é",
            "中",
            "ع",
            "\u{301}",
            "\n",
            "strongholds",
            "x",
        ];
        let texts = crate::random_text::random_texts(ALPHABET, 0x2545_f491_4f6c_dd1d, 24, 20_000);
        for text in texts.chain(SAMPLES.iter().map(|(_, t)| t.to_string())) {
            let got = FunctionWordCount::of(&text);
            let want = reference_count(&text);
            assert_eq!(
                (
                    got.words,
                    got.english,
                    got.other,
                    got.letters,
                    got.non_ascii_letters
                ),
                (
                    want.words,
                    want.english,
                    want.other,
                    want.letters,
                    want.non_ascii_letters
                ),
                "{text:?}"
            );
            let long = text.repeat(SAMPLE_CHARS / text.len().max(1) + 2);
            let end = long
                .char_indices()
                .nth(SAMPLE_CHARS)
                .map_or(long.len(), |(i, _)| i);
            assert_eq!(sample(&long), &long[..end]);
            assert_eq!(
                sample(&text).len(),
                text.chars()
                    .take(SAMPLE_CHARS)
                    .map(char::len_utf8)
                    .sum::<usize>()
            );
        }
    }

    /// Short texts and fragments of the samples, cut at every sentence.
    #[test]
    fn shortcut_agrees_with_whatlang_on_fragments() {
        for &(code, text) in SAMPLES {
            let parts = sentences(text);
            for start in 0..parts.len() {
                for end in start + 1..=parts.len() {
                    let fragment = parts[start..end].join(" ");
                    assert_eq!(
                        detect(&fragment),
                        whatlang_route(&fragment),
                        "{code}: {fragment}"
                    );
                }
            }
        }
    }
}
