//! RSS 2.0 and Atom feeds: one document per item or entry.
use super::collect::normalise_date;
use quick_xml::events::Event;
use quick_xml::Reader;

/// A parsed feed.
pub struct Feed {
    /// Channel or feed title (used as the source).
    pub title: Option<String>,
    /// Items or entries.
    pub items: Vec<FeedItem>,
}

/// One item or entry.
#[derive(Default)]
pub struct FeedItem {
    /// Title.
    pub title: Option<String>,
    /// Link.
    pub link: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// HTML body (content, else description or summary).
    pub body: String,
    content: Option<String>,
    summary: Option<String>,
}

/// Parses an RSS or Atom document.
pub fn parse_feed(xml: &str) -> Result<Feed, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut feed = Feed {
        title: None,
        items: Vec::new(),
    };
    let mut stack: Vec<String> = Vec::new();
    let mut item: Option<FeedItem> = None;
    let mut saw_root = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).to_ascii_lowercase();
                saw_root |= matches!(name.as_str(), "rss" | "feed" | "rdf:rdf");
                if name == "item" || name == "entry" {
                    item = Some(FeedItem::default());
                }
                if name == "link" {
                    take_href(&e, &mut item);
                }
                stack.push(name);
            }
            Event::Empty(e) if e.name().as_ref().eq_ignore_ascii_case(b"link") => {
                take_href(&e, &mut item);
            }
            Event::End(_) => {
                if let Some(name) = stack.pop() {
                    if name == "item" || name == "entry" {
                        if let Some(mut it) = item.take() {
                            it.body = it.content.take().or(it.summary.take()).unwrap_or_default();
                            if !it.body.trim().is_empty() || it.title.is_some() {
                                if it.body.trim().is_empty() {
                                    it.body = it.title.clone().unwrap_or_default();
                                }
                                feed.items.push(it);
                            }
                        }
                    }
                }
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| e.to_string())?.into_owned();
                add_text(&stack, &mut item, &mut feed, text);
            }
            Event::CData(c) => {
                let text = String::from_utf8_lossy(&c.into_inner()).into_owned();
                add_text(&stack, &mut item, &mut feed, text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err("no <rss> or <feed> element".into());
    }
    Ok(feed)
}

fn take_href(e: &quick_xml::events::BytesStart<'_>, item: &mut Option<FeedItem>) {
    let Some(it) = item.as_mut() else { return };
    let mut href = None;
    let mut alternate = true;
    for a in e.attributes().flatten() {
        match a.key.as_ref() {
            b"href" => href = a.unescape_value().ok().map(|v| v.into_owned()),
            b"rel" => alternate = a.value.as_ref() == b"alternate",
            _ => {}
        }
    }
    if alternate && it.link.is_none() {
        it.link = href;
    }
}

fn add_text(stack: &[String], item: &mut Option<FeedItem>, feed: &mut Feed, text: String) {
    let Some(name) = stack.last().map(String::as_str) else {
        return;
    };
    match item.as_mut() {
        Some(it) => match name {
            "title" => it.title = Some(text),
            "link" if it.link.is_none() => it.link = Some(text.trim().to_string()),
            "content:encoded" | "content" => it.content = Some(text),
            "description" | "summary" => it.summary = Some(text),
            "pubdate" | "published" | "dc:date" => it.published = feed_date(&text),
            "updated" if it.published.is_none() => it.published = feed_date(&text),
            _ => {}
        },
        None => {
            if name == "title" && feed.title.is_none() {
                feed.title = Some(text);
            }
        }
    }
}

/// `YYYY-MM-DD` from an RFC 822 (`Tue, 17 Sep 2019 10:00:00 GMT`) or ISO date.
fn feed_date(s: &str) -> Option<String> {
    if let Some(d) = normalise_date(s) {
        return Some(d);
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let m = words
        .iter()
        .position(|w| MONTHS.iter().any(|m| w.to_ascii_lowercase().starts_with(m)))?;
    let month = MONTHS
        .iter()
        .position(|x| words[m].to_ascii_lowercase().starts_with(x))?
        + 1;
    let day: u32 = words.get(m.checked_sub(1)?)?.parse().ok()?;
    let year: u32 = words.get(m + 1)?.parse().ok()?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_and_atom() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Monitor</title>
            <item><title>Strike near Albukamal</title><link>https://example.org/1</link>
            <pubDate>Tue, 17 Sep 2019 10:00:00 GMT</pubDate>
            <description><![CDATA[<p>Drones struck &amp; burned</p>]]></description></item></channel></rss>"#;
        let f = parse_feed(rss).unwrap();
        assert_eq!(f.title.as_deref(), Some("Monitor"));
        assert_eq!(f.items.len(), 1);
        assert_eq!(f.items[0].published.as_deref(), Some("2019-09-17"));
        assert_eq!(f.items[0].link.as_deref(), Some("https://example.org/1"));
        assert!(f.items[0].body.contains("Drones"));

        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
            <entry><title>A</title><link rel="alternate" href="https://example.org/a"/>
            <published>2020-02-03T00:00:00Z</published><content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>"#;
        let f = parse_feed(atom).unwrap();
        assert_eq!(f.items[0].link.as_deref(), Some("https://example.org/a"));
        assert_eq!(f.items[0].published.as_deref(), Some("2020-02-03"));
        assert_eq!(f.items[0].body, "<p>Body</p>");
        assert!(parse_feed("<html><body>no</body></html>").is_err());
    }
}
