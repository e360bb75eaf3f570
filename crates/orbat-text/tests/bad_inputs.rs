//! Every kind of bad input gives its own clear, one-line error.

use orbat_text::{parse, parse_path, InputFormat, Limits, TextError};
use std::path::{Path, PathBuf};

fn parse_auto(bytes: &[u8]) -> Result<orbat_text::Document, TextError> {
    parse(bytes, InputFormat::Auto, &Limits::default())
}

/// A file in the temp dir, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> Self {
        TempFile(std::env::temp_dir().join(format!("orbat-text-{}-{name}", std::process::id())))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn one_line(e: &TextError) -> String {
    let msg = e.to_string();
    assert!(!msg.contains('\n'), "multi-line message: {msg}");
    msg
}

#[test]
fn empty_input() {
    for format in [
        InputFormat::Auto,
        InputFormat::Text,
        InputFormat::Markdown,
        InputFormat::Html,
    ] {
        let err = parse(b"", format, &Limits::default()).unwrap_err();
        assert!(matches!(err, TextError::Empty), "{format:?}: {err:?}");
    }
    assert!(one_line(&TextError::Empty).contains("empty"));
}

#[test]
fn whitespace_only() {
    for input in [
        &b"   \n\t\r\n  "[..],
        "\u{a0}\u{2003}\u{200b}\n".as_bytes(),
        b"\xef\xbb\xbf \n",
    ] {
        assert!(
            matches!(parse_auto(input), Err(TextError::Empty)),
            "{input:?}"
        );
    }
}

#[test]
fn binary_data() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    let err = parse_auto(&png).unwrap_err();
    assert!(matches!(err, TextError::NotText), "{err:?}");
    assert!(one_line(&err).contains("binary"));
    // control characters without NUL
    let ctl: Vec<u8> = (0..400)
        .map(|i| if i % 3 == 0 { 0x02 } else { b'a' })
        .collect();
    assert!(matches!(parse_auto(&ctl), Err(TextError::NotText)));
}

#[test]
fn invalid_utf8() {
    // Windows-1251 Cyrillic: far too many invalid bytes to read as Windows-1252
    let bytes = b"\xc2\xee\xe9\xf1\xea\xe0 \xe2\xee\xf8\xeb\xe8 \xe2 \xe3\xee\xf0\xee\xe4 \xf1\xe5\xe3\xee\xe4\xed\xff.";
    let err = parse_auto(bytes).unwrap_err();
    assert!(
        matches!(err, TextError::InvalidUtf8 { valid_up_to: 0 }),
        "{err:?}"
    );
    assert!(one_line(&err).contains("UTF-8"));
}

#[test]
fn mostly_utf8_with_windows_1252_quotes_is_read() {
    let bytes = b"The brigade\x92s commander said the \x93operation\x94 was over \x96 for now.";
    let doc = parse_auto(bytes).unwrap();
    assert_eq!(
        doc.text,
        "The brigade’s commander said the “operation” was over – for now."
    );
}

#[test]
fn too_large_in_memory_and_on_disk() {
    let limits = Limits::default();
    assert_eq!(limits.max_bytes, 10_485_760);
    let big = vec![b'a'; 11 * 1024 * 1024];
    let err = parse(&big, InputFormat::Text, &limits).unwrap_err();
    assert!(matches!(
        err,
        TextError::TooLarge {
            bytes: 11_534_336,
            max: 10_485_760
        }
    ));
    assert_eq!(
        one_line(&err),
        "input is 11534336 bytes, over the 10485760-byte limit (--max-bytes)"
    );

    let file = TempFile::new("big.txt");
    std::fs::File::create(&file.0)
        .unwrap()
        .set_len(11 * 1024 * 1024)
        .unwrap();
    let err = parse_path(&file.0, &limits).unwrap_err();
    assert!(
        matches!(
            err,
            TextError::TooLarge {
                bytes: 11_534_336,
                ..
            }
        ),
        "{err:?}"
    );

    // a smaller limit applies too
    let small = Limits { max_bytes: 10 };
    assert!(matches!(
        parse(b"more than ten bytes", InputFormat::Text, &small),
        Err(TextError::TooLarge { bytes: 19, max: 10 })
    ));
}

#[test]
fn html_without_article() {
    let page = include_bytes!("fixtures/no-article.html");
    let err = parse(page, InputFormat::Auto, &Limits::default()).unwrap_err();
    assert!(matches!(err, TextError::NoArticle), "{err:?}");
    assert!(one_line(&err).contains("no article text"));
    let scripts_only = b"<html><head><script>var a = 'lots of words in a script tag here';</script></head><body><nav>Home</nav></body></html>";
    assert!(matches!(
        parse(scripts_only, InputFormat::Html, &Limits::default()),
        Err(TextError::NoArticle)
    ));
}

#[test]
fn missing_path_and_directory() {
    let path = Path::new("/nonexistent/orbat/report.txt");
    let err = parse_path(path, &Limits::default()).unwrap_err();
    assert!(matches!(err, TextError::Io { .. }), "{err:?}");
    let msg = one_line(&err);
    assert!(
        msg.starts_with("cannot read /nonexistent/orbat/report.txt: "),
        "{msg}"
    );

    let err = parse_path(&std::env::temp_dir(), &Limits::default()).unwrap_err();
    assert!(matches!(err, TextError::Io { .. }), "{err:?}");
}

#[test]
fn unsupported_language_message() {
    let err = TextError::UnsupportedLanguage("ar".into());
    assert_eq!(one_line(&err), "language 'ar' is not supported yet");
}

#[test]
fn format_follows_extension() {
    let file = TempFile::new("note.md");
    std::fs::write(
        &file.0,
        "# Heading\n\nSome *text* with [a link](http://x).\n",
    )
    .unwrap();
    let doc = parse_path(&file.0, &Limits::default()).unwrap();
    assert_eq!(doc.text, "Heading\n\nSome text with a link.");
    assert_eq!(doc.title.as_deref(), Some("Heading"));

    // the same bytes as .txt stay as they are
    let txt = TempFile::new("note.txt");
    std::fs::write(&txt.0, "# Heading\n\nSome *text*.\n").unwrap();
    let doc = parse_path(&txt.0, &Limits::default()).unwrap();
    assert_eq!(doc.text, "# Heading\n\nSome *text*.");
}
