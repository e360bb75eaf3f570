//! Plain text and Markdown: normalisation, titles, sentences, tokens and the
//! offset helpers.

use orbat_text::{parse, InputFormat, Limits, TokenKind};

fn doc(s: &str, format: InputFormat) -> orbat_text::Document {
    parse(s.as_bytes(), format, &Limits::default()).unwrap()
}

#[test]
fn plain_text_is_normalised() {
    let d = doc(
        "Daily report: clashes in the east\r\n\r\n\r\nThe  army\u{a0}said\tthree soldiers died.  \r\nCafe\u{301} owners fled.\r\n",
        InputFormat::Auto,
    );
    assert_eq!(
        d.text,
        "Daily report: clashes in the east\n\nThe army said three soldiers died.\nCafé owners fled."
    );
    assert_eq!(
        d.title.as_deref(),
        Some("Daily report: clashes in the east")
    );
    assert_eq!(d.published, None);
    assert_eq!(d.url, None);
    assert_eq!(d.language, "en");
}

#[test]
fn plain_title_rule() {
    let first_is_sentence = doc(
        "The army said three soldiers died.\n\nMore text.",
        InputFormat::Text,
    );
    assert_eq!(first_is_sentence.title, None);
    let long = format!("{} end\n\nBody.", "word ".repeat(50));
    assert_eq!(doc(&long, InputFormat::Text).title, None);
    let question = doc(
        "Who runs the border crossings?\n\nBody text.",
        InputFormat::Text,
    );
    assert_eq!(
        question.title.as_deref(),
        Some("Who runs the border crossings?")
    );
}

#[test]
fn markdown_is_stripped_and_sniffed() {
    let md = "# Strikes on the *coast*\n\nThe [navy](https://navy.example) said **two** boats were hit.\n\n## Background\n\n- first item\n- second item\n";
    let d = doc(md, InputFormat::Auto);
    assert_eq!(
        d.text,
        "Strikes on the coast\n\nThe navy said two boats were hit.\n\nBackground\n\nfirst item\n\nsecond item"
    );
    assert_eq!(d.title.as_deref(), Some("Strikes on the coast"));
}

#[test]
fn sentences_and_paragraphs() {
    let text = "Research brief\n\nSummary\nThe U.S. said Gen. Qaani met Abu M. al-Tamimi at 10 p.m. on Jan. 5. Nobody confirmed it.\n\n1. Kata'ib Hezbollah (KH). Leader: Ahmed al-Hamidawi.\n2. Badr Organization.\n\nSource » example";
    let d = doc(text, InputFormat::Text);
    let got: Vec<(usize, &str)> = d
        .sentences
        .iter()
        .map(|s| (s.paragraph, &d.text[s.start..s.end]))
        .collect();
    assert_eq!(
        got,
        [
            (0, "Research brief"),
            (1, "Summary"),
            (
                1,
                "The U.S. said Gen. Qaani met Abu M. al-Tamimi at 10 p.m. on Jan. 5."
            ),
            (1, "Nobody confirmed it."),
            (2, "1. Kata'ib Hezbollah (KH)."),
            (2, "Leader: Ahmed al-Hamidawi."),
            (2, "2. Badr Organization."),
            (3, "Source » example"),
        ]
    );
}

#[test]
fn tokens_and_kinds() {
    let d = doc(
        "Iranian-backed fighters got $400, about 15,000 in all (45th brigade).",
        InputFormat::Text,
    );
    let toks: Vec<(&str, TokenKind)> = (0..d.tokens.len())
        .map(|i| (d.token_text(i), d.tokens[i].kind))
        .collect();
    use TokenKind::*;
    assert_eq!(
        toks,
        [
            ("Iranian-backed", Word),
            ("fighters", Word),
            ("got", Word),
            ("$", Symbol),
            ("400", Number),
            (",", Punct),
            ("about", Word),
            ("15,000", Number),
            ("in", Word),
            ("all", Word),
            ("(", Punct),
            ("45th", Number),
            ("brigade", Word),
            (")", Punct),
            (".", Punct),
        ]
    );
    assert_eq!(d.sentences[0].tokens, 0..d.tokens.len());
}

#[test]
fn offsets_and_hash() {
    let d = doc("Café in Ḥalab.\n\nقوات here.", InputFormat::Text);
    let t = &d.text;
    let i = t.find("in").unwrap();
    assert_eq!(d.char_offset(i), 5);
    let q = t.find("قوات").unwrap();
    assert_eq!(d.char_offset(q), t[..q].chars().count());
    assert_eq!(d.char_offset(q + 1), d.char_offset(q)); // inside a character
    assert_eq!(d.char_offset(t.len()), t.chars().count());
    assert_eq!(d.sentence_of(0), Some(0));
    assert_eq!(d.sentence_of(q), Some(1));
    assert_eq!(d.sentence_of(t.find("\n").unwrap()), None);
    assert_eq!(d.sentence_of(t.len()), None);

    let ascii = doc("Plain ASCII text.", InputFormat::Text);
    assert_eq!(ascii.char_offset(6), 6);
    // sha256 of the bytes "Plain ASCII text." (as `sha256sum` prints it)
    assert_eq!(
        ascii.sha256(),
        "f2ec7d0560c2bc42f60588dddf02d22e086f6479630c1cc7bededb25445a975b"
    );
}

#[test]
fn other_languages_are_detected_not_rejected() {
    let d = doc(
        "أعلنت القوات الحكومية السيطرة على البلدة بعد معارك عنيفة استمرت ثلاثة أيام مع الفصائل المسلحة",
        InputFormat::Text,
    );
    assert_eq!(d.language, "ar");
    assert!(!orbat_text::is_supported(&d.language));
    assert!(orbat_text::is_supported("en"));
}
