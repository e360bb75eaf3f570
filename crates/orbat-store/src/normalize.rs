//! Name keys for resolution: two surface forms that differ only in case,
//! diacritics, apostrophes, hyphens or a leading article get the same key
//! ("Kata'ib Ḥezbollah" and "kataib hezbollah"; "Al-Mayadeen" and "Mayadeen").
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The resolution key of a name. Empty when nothing is left.
pub fn normalize(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            // Transliteration marks vanish: Kata'ib = Kataib, Ba'ath = Baath.
            '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '´' => {}
            c if c.is_alphanumeric() => folded.extend(c.to_lowercase()),
            _ => folded.push(' '),
        }
    }
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    // A leading article does not tell two actors apart.
    while words.len() > 1 && matches!(words[0], "the" | "al" | "el") {
        words.remove(0);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_spelling_noise() {
        assert_eq!(normalize("Kata'ib Ḥezbollah"), "kataib hezbollah");
        assert_eq!(normalize("  KATAIB  hezbollah "), "kataib hezbollah");
        assert_eq!(normalize("Al-Mayadeen"), "mayadeen");
        assert_eq!(
            normalize("the Syrian Democratic Forces"),
            "syrian democratic forces"
        );
        assert_eq!(normalize("Deir ez-Zor"), "deir ez zor");
        assert_eq!(normalize("Al"), "al");
        assert_eq!(normalize("—"), "");
    }
}
