//! No input makes `parse` panic, and every document it returns is
//! consistent. A fixed-seed generator makes the runs reproducible.

use orbat_text::{parse, Document, InputFormat, Limits};

/// SplitMix64: small, fast, good enough to make test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that exercise the tricky paths: markup, abbreviations, numbers,
/// quotes, odd spaces and line breaks, non-Latin scripts, combining marks.
const PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<div class=\"related\">",
    "</div>",
    "<article>",
    "</article>",
    "<h1>",
    "</h1>",
    "<br>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<a href=x>",
    "</a>",
    "&amp;",
    "&#8212;",
    "&nbsp;",
    "<meta property=\"article:published_time\" content=\"2024-02-30\">",
    "<time datetime=\"2024-01-05\">",
    "<footer>",
    "<blockquote>",
    "<table><tr><td>",
    "<pre>",
    "# ",
    "## ",
    "**",
    "*",
    "_",
    "`",
    "```",
    "[t](u)",
    "![i](j)",
    "- ",
    "1. ",
    "> ",
    "---\n",
    "|",
    "Gen. ",
    "U.S. ",
    "a.m. ",
    "No. ",
    "e.g. ",
    "M. ",
    "1.2",
    "15,000",
    "$",
    "45th",
    "10-12",
    "al-",
    "Kata'ib",
    "’s ",
    "“",
    "”",
    "\"",
    "(",
    ")",
    "...",
    ". ",
    "? ",
    "! ",
    ".",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{a0}",
    "\u{200b}",
    "\u{2029}",
    "\u{feff}",
    "e\u{301}",
    "\u{301}",
    "قوات ",
    "الحشد",
    "Привет ",
    "漢字",
    "🙂",
    "\u{fffd}",
    "The ",
    "army ",
    "said ",
    "Summary\n",
    "Source » x\n",
    "A",
    "z",
    "0",
    "9",
];

fn check(doc: &Document) {
    let text = &doc.text;
    assert!(!text.is_empty());
    assert!(!text.starts_with([' ', '\n']) && !text.ends_with([' ', '\n']));
    assert!(!text.contains("\n\n\n") && !text.contains("  ") && !text.contains('\r'));
    let mut last_end = 0;
    for (i, t) in doc.tokens.iter().enumerate() {
        assert!(t.start < t.end && t.end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(t.start >= last_end, "overlapping tokens");
        last_end = t.end;
        assert!(!doc.token_text(i).trim().is_empty());
    }
    let mut last = 0;
    for (k, s) in doc.sentences.iter().enumerate() {
        assert!(s.start < s.end && s.end <= text.len() && s.start >= last);
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(s.tokens.start <= s.tokens.end && s.tokens.end <= doc.tokens.len());
        for t in &doc.tokens[s.tokens.clone()] {
            assert!(t.start >= s.start && t.start < s.end);
        }
        assert_eq!(doc.sentence_of(s.start), Some(k));
        last = s.end;
    }
    let chars = text.chars().count();
    assert_eq!(doc.char_offset(text.len()), chars);
    assert_eq!(doc.char_offset(usize::MAX), chars);
    for (n, (b, _)) in text.char_indices().enumerate().step_by(7) {
        assert_eq!(doc.char_offset(b), n);
    }
    assert_eq!(doc.sha256().len(), 64);
    if let Some(p) = &doc.published {
        assert_eq!(p.len(), 10);
    }
}

/// Parse in every format; returns how many parses succeeded.
fn run(bytes: &[u8]) -> usize {
    let mut ok = 0;
    for format in [
        InputFormat::Auto,
        InputFormat::Text,
        InputFormat::Markdown,
        InputFormat::Html,
    ] {
        if let Ok(doc) = parse(bytes, format, &Limits::default()) {
            check(&doc);
            ok += 1;
        }
    }
    ok
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x0bad_5eed);
    let mut ok = 0;
    for _ in 0..200 {
        let len = rng.below(3000);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        run(&bytes);
        // mostly printable ASCII with a little binary
        let bytes: Vec<u8> = (0..len)
            .map(|_| match rng.below(100) {
                0 => rng.next() as u8,
                1..=8 => b'\n',
                _ => b' ' + rng.below(95) as u8,
            })
            .collect();
        ok += run(&bytes);
    }
    assert!(ok > 100, "only {ok} parses succeeded");
}

#[test]
fn random_pieces_never_panic() {
    let mut rng = Rng(42);
    let mut ok = 0;
    for _ in 0..1000 {
        let n = rng.below(120);
        let s: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        ok += run(s.as_bytes());
        // cut at a random byte, which may split a UTF-8 sequence
        if !s.is_empty() {
            let cut = rng.below(s.len());
            ok += run(&s.as_bytes()[..cut]);
        }
    }
    // the inputs are mostly text: most parses must succeed, or this tests nothing
    assert!(ok > 4000, "only {ok} parses succeeded");
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 20_000;
    let mut html = String::from("<html><body>");
    for _ in 0..depth {
        html.push_str("<div>");
    }
    html.push_str(
        "<p>A deeply nested paragraph about the brigade and its three bases in the north.</p>",
    );
    for _ in 0..depth {
        html.push_str("</div>");
    }
    html.push_str("</body></html>");
    let doc = parse(html.as_bytes(), InputFormat::Html, &Limits::default()).unwrap();
    assert!(doc.text.contains("deeply nested paragraph"));
    check(&doc);

    let md = format!("{}deep quote", "> ".repeat(5_000));
    if let Ok(doc) = parse(md.as_bytes(), InputFormat::Markdown, &Limits::default()) {
        check(&doc);
    }
}

#[test]
fn long_lines_and_many_paragraphs_stay_linear() {
    let line = "The brigade moved 40 trucks to the base. ".repeat(20_000);
    let started = std::time::Instant::now();
    let doc = parse(line.as_bytes(), InputFormat::Text, &Limits::default()).unwrap();
    assert_eq!(doc.sentences.len(), 20_000);
    let paras = "Short line\n\n".repeat(50_000);
    let doc2 = parse(paras.as_bytes(), InputFormat::Text, &Limits::default()).unwrap();
    assert_eq!(doc2.sentences.len(), 50_000);
    assert!(
        started.elapsed().as_secs() < 20,
        "too slow: {:?}",
        started.elapsed()
    );
}
