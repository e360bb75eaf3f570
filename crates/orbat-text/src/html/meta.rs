//! Page metadata: title, publication date, canonical URL and site name from
//! `<meta>`, `<link rel=canonical>`, JSON-LD, microdata and `<time>`.

use super::attr;
use crate::date::parse_date;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};
use serde_json::Value;

/// `<meta>` keys (property, name or itemprop, lower-cased) that carry the
/// publication date, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "originalpublicationdate",
    "date",
];

#[derive(Default, Debug)]
pub(crate) struct Meta {
    pub og_title: Option<String>,
    pub html_title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub site_name: Option<String>,
    /// `<time datetime>` elements in document order, for the fallback date
    /// inside the article.
    pub times: Vec<(NodeId, String)>,
}

pub(crate) fn read(doc: &Html) -> Meta {
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut canonical = None;
    let mut json_ld: Vec<Value> = Vec::new();
    let mut itemprop_date = None;
    let mut m = Meta::default();
    let mut titles_seen = 0;
    for node in doc.tree.root().descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        match el.name() {
            "meta" => {
                let key = attr(el, "property")
                    .or_else(|| attr(el, "name"))
                    .or_else(|| attr(el, "itemprop"));
                if let (Some(k), Some(v)) = (key, attr(el, "content")) {
                    metas.push((k.trim().to_ascii_lowercase(), clean(v)));
                }
            }
            "link" => {
                let rel = attr(el, "rel").unwrap_or_default();
                if canonical.is_none()
                    && rel
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    canonical = attr(el, "href").map(clean).filter(|h| !h.is_empty());
                }
            }
            "script" => {
                let ld = attr(el, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if ld {
                    if let Ok(v) = serde_json::from_str::<Value>(text_of(node).trim()) {
                        json_ld.push(v);
                    }
                }
            }
            "title" if m.html_title.is_none() && titles_seen < 4 => {
                titles_seen += 1;
                if inside(node, &["svg", "body"]) {
                    continue;
                }
                m.html_title = Some(clean(&text_of(node))).filter(|t| !t.is_empty());
            }
            "time" => {
                if let Some(dt) = attr(el, "datetime") {
                    m.times.push((node.id(), dt.to_string()));
                    if itemprop_date.is_none()
                        && (attr(el, "pubdate").is_some()
                            || attr(el, "itemprop") == Some("datePublished")
                            || el.has_class(
                                "published",
                                scraper::CaseSensitivity::AsciiCaseInsensitive,
                            ))
                    {
                        itemprop_date = parse_date(dt);
                    }
                }
            }
            _ => {
                if itemprop_date.is_none() && attr(el, "itemprop") == Some("datePublished") {
                    let v = attr(el, "content")
                        .or_else(|| attr(el, "datetime"))
                        .map(str::to_string)
                        .unwrap_or_else(|| text_of(node));
                    itemprop_date = parse_date(&v);
                }
            }
        }
    }
    let meta = |key: &str| {
        metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    let ld = LdFacts::collect(&json_ld);
    m.og_title = meta("og:title").or_else(|| meta("twitter:title"));
    m.published = DATE_KEYS
        .iter()
        .find_map(|k| meta(k).and_then(|v| parse_date(&v)))
        .or_else(|| ld.date_published.as_deref().and_then(parse_date))
        .or(itemprop_date);
    m.url = canonical.or_else(|| meta("og:url")).or(ld.url);
    m.site_name = meta("og:site_name")
        .or(ld.publisher)
        .or_else(|| meta("application-name"));
    m
}

/// The facts read from JSON-LD, preferring objects whose `@type` is an article.
#[derive(Default)]
struct LdFacts {
    date_published: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
}

impl LdFacts {
    fn collect(values: &[Value]) -> LdFacts {
        let mut objects: Vec<&serde_json::Map<String, Value>> = Vec::new();
        let mut stack: Vec<&Value> = values.iter().collect();
        while let Some(v) = stack.pop() {
            match v {
                Value::Object(o) => {
                    objects.push(o);
                    stack.extend(o.values());
                }
                Value::Array(a) => stack.extend(a.iter()),
                _ => {}
            }
        }
        let is_article = |o: &serde_json::Map<String, Value>| {
            let t = match o.get("@type") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            };
            t.contains("Article") || t.contains("Posting") || t.contains("Report")
        };
        let mut facts = LdFacts::default();
        // articles first, then anything else
        for pass in [true, false] {
            for o in objects.iter().filter(|o| is_article(o) == pass) {
                let s = |k: &str| o.get(k).and_then(Value::as_str).map(clean);
                if facts.date_published.is_none() {
                    facts.date_published = s("datePublished").or_else(|| s("dateCreated"));
                }
                if facts.url.is_none() && pass {
                    facts.url = s("url").or_else(|| match o.get("mainEntityOfPage") {
                        Some(Value::String(u)) => Some(clean(u)),
                        Some(Value::Object(p)) => p
                            .get("@id")
                            .or(p.get("url"))
                            .and_then(Value::as_str)
                            .map(clean),
                        _ => None,
                    });
                }
                if facts.publisher.is_none() && pass {
                    facts.publisher = match o.get("publisher") {
                        Some(Value::Object(p)) => p.get("name").and_then(Value::as_str).map(clean),
                        Some(Value::String(p)) => Some(clean(p)),
                        _ => None,
                    };
                }
            }
        }
        facts
    }
}

/// All text under `node`, concatenated.
pub(crate) fn text_of(node: NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| &**t))
        .collect()
}

fn inside(node: NodeRef<'_, Node>, names: &[&str]) -> bool {
    node.ancestors()
        .filter_map(|a| a.value().as_element())
        .any(|e| names.contains(&e.name()))
}

/// Collapse whitespace and trim.
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Drop a " | Site Name" (or " – Site", " - Site") suffix, or a "Site | "
/// prefix. With a known site name only that name is dropped; without one,
/// only a short part after a pipe is.
pub(crate) fn strip_site_name(title: &str, site: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - ", " :: ", " · ", " • "];
    let norm = |s: &str| clean(s).to_lowercase();
    for sep in SEPARATORS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let drop_tail = match site {
                Some(site) => norm(tail) == norm(site),
                None => *sep == " | " && tail.split_whitespace().count() <= 4,
            };
            if drop_tail && !head.trim().is_empty() {
                return clean(head);
            }
        }
        if let (Some(site), Some(pos)) = (site, title.find(sep)) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            if norm(head) == norm(site) && !tail.trim().is_empty() {
                return clean(tail);
            }
        }
    }
    clean(title)
}

#[cfg(test)]
mod tests {
    use super::strip_site_name;

    #[test]
    fn site_suffix() {
        assert_eq!(
            strip_site_name("Drone hits base – The Ledger", Some("The Ledger")),
            "Drone hits base"
        );
        assert_eq!(
            strip_site_name("Drone hits base | Ledger", None),
            "Drone hits base"
        );
        assert_eq!(
            strip_site_name("Ledger | Drone hits base", Some("Ledger")),
            "Drone hits base"
        );
        assert_eq!(
            strip_site_name("Attack on Sirte - Three killed", None),
            "Attack on Sirte - Three killed"
        );
        assert_eq!(
            strip_site_name("Attack on Sirte - Three killed", Some("Ledger")),
            "Attack on Sirte - Three killed"
        );
    }
}
