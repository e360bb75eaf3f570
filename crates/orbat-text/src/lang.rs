//! Language identification with `whatlang` on the first ~2000 characters.

use whatlang::Lang;

/// How many characters of the text the detector reads.
const SAMPLE_CHARS: usize = 2000;

/// Languages the extractor handles. Only English for now.
pub fn is_supported(lang: &str) -> bool {
    lang == "en"
}

/// ISO 639-1 code of the text's language, or `"und"` when unsure.
pub(crate) fn detect(text: &str) -> String {
    let end = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let sample = &text[..end];
    let code = match whatlang::detect(sample) {
        Some(info) if info.is_reliable() || info.confidence() >= 0.5 => iso639_1(info.lang()),
        _ => None,
    };
    match code {
        Some(c) => c.to_string(),
        // short or mixed text: fall back to counting English function words
        None if looks_english(sample) => "en".to_string(),
        None => "und".to_string(),
    }
}

/// At least a sixth of the words are common English function words.
fn looks_english(sample: &str) -> bool {
    const COMMON: &[&str] = &[
        "the", "of", "and", "in", "to", "a", "is", "was", "on", "for", "with", "by", "at", "from",
        "said", "that", "it", "as", "were", "are", "has", "have", "its", "an",
    ];
    let mut words = 0usize;
    let mut common = 0usize;
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if COMMON.iter().any(|c| c.eq_ignore_ascii_case(w)) {
            common += 1;
        }
    }
    words >= 3 && common * 6 >= words
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
}
