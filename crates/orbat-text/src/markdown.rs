//! Markdown to plain text with `pulldown-cmark`: syntax goes, words stay.
//!
//! Headings, paragraphs, list items, block quotes, table rows and code blocks
//! each become a paragraph; links keep their text, images are dropped,
//! inline HTML tags are dropped. A YAML front matter block supplies `title`
//! and `date` when present.

use crate::date::parse_date;
use crate::Extracted;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub(crate) fn extract(src: &str) -> Extracted {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = String::with_capacity(src.len());
    let mut image_depth = 0usize;
    let mut in_metadata = false;
    let mut metadata = String::new();
    let mut heading: Option<(HeadingLevel, usize)> = None;
    let mut first_heading: Option<(HeadingLevel, String)> = None;
    let mut cells_in_row = 0usize;
    for event in Parser::new_ext(src, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) if in_metadata => metadata.push_str(&t),
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                paragraph_break(&mut out);
                heading = Some((level, out.len()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start)) = heading.take() {
                    let text = out[start..].trim();
                    let better = first_heading
                        .as_ref()
                        .is_none_or(|(l, _)| level < *l && level == HeadingLevel::H1);
                    if better && !text.is_empty() {
                        first_heading = Some((level, text.to_string()));
                    }
                }
                paragraph_break(&mut out);
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => {
                paragraph_break(&mut out);
                cells_in_row = 0;
            }
            Event::Start(Tag::TableCell) => {
                if cells_in_row > 0 {
                    out.push_str(" | ");
                }
                cells_in_row += 1;
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::FootnoteDefinition(_)
                | Tag::HtmlBlock,
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            )
            | Event::Rule => paragraph_break(&mut out),
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::Html(h) => out.push_str(&strip_tags(&h)),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            _ => {}
        }
    }
    let (meta_title, meta_date) = front_matter(&metadata);
    Extracted {
        text: out,
        title: meta_title.or(first_heading.map(|(_, t)| t)),
        published: meta_date,
        ..Extracted::default()
    }
}

fn paragraph_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push_str("\n\n");
    }
}

/// Text outside `<...>` tags and `<!-- -->` comments in a raw HTML block.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let close = if tail.starts_with("<!--") {
            tail.find("-->").map(|p| p + 3)
        } else {
            tail.find('>').map(|p| p + 1)
        };
        match close {
            Some(c) => rest = &tail[c..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `title:` and `date:` from YAML front matter (simple `key: value` lines).
fn front_matter(yaml: &str) -> (Option<String>, Option<String>) {
    let mut title = None;
    let mut date = None;
    for line in yaml.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" if !value.is_empty() => title = Some(value.to_string()),
            "date" | "published" | "pubdate" => date = date.or(parse_date(value)),
            _ => {}
        }
    }
    (title, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_is_stripped() {
        let md = "# The *Headline*\n\nSome **bold** and [a link](http://x.org) here,\nwrapped.\n\n![alt text](img.png)\n\n- item one\n- item `two`\n\n```\ncode words\n```\n\n> quoted\n\n<div>raw <b>html</b></div>\n";
        let e = extract(md);
        assert_eq!(
            crate::normalize::normalize(&e.text),
            "The Headline\n\nSome bold and a link here, wrapped.\n\nitem one\n\nitem two\n\ncode words\n\nquoted\n\nraw html"
        );
        assert_eq!(e.title.as_deref(), Some("The Headline"));
    }

    #[test]
    fn front_matter_and_tables() {
        let md = "---\ntitle: \"Strikes on Sanaa\"\ndate: 2024-01-12\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let e = extract(md);
        assert_eq!(e.title.as_deref(), Some("Strikes on Sanaa"));
        assert_eq!(e.published.as_deref(), Some("2024-01-12"));
        assert_eq!(e.text.trim(), "a | b\n\n1 | 2");
    }
}
