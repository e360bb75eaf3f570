//! Telling page furniture (menus, banners, share bars, related links, ...)
//! from article content, by tag, ARIA role, and class, id or aria-label names.

use super::attr;
use scraper::node::Element;

/// How sure we are that an element is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Furniture {
    /// Content, as far as we can tell.
    No,
    /// Usually furniture, but pages sometimes wrap the whole article in it
    /// (a `<form>`, a `sidebar-layout` div): skipped only when small.
    Weak,
    /// Never article text.
    Strong,
}

/// Never text: skipped wherever they are.
#[rustfmt::skip]
pub(crate) const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "img", "picture", "source", "video", "audio", "map", "area", "button", "input",
    "select", "textarea", "option", "head", "link", "meta", "title", "base",
];

#[rustfmt::skip]
const STRONG_TAGS: &[&str] = &["nav", "aside", "dialog", "menu", "label"];

/// ARIA roles of page furniture.
#[rustfmt::skip]
const FURNITURE_ROLES: &[&str] = &[
    "navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search",
    "menu", "menubar", "toolbar", "tablist",
];

/// Parts of class and id names (split at `-`, `_` and camelCase) that are
/// never article text.
#[rustfmt::skip]
const STRONG_PARTS: &[&str] = &[
    "ad", "ads", "adslot", "advert", "adverts", "advertisement", "breadcrumb", "breadcrumbs",
    "byline", "comment", "comments", "consent", "cookie", "cookies", "credit", "credits",
    "disqus", "eyebrow", "gdpr", "kicker", "newsletter", "outbrain", "paywall", "popular",
    "popup", "print", "promo", "recommended", "related", "share", "sharing", "signup", "skip",
    "social", "sponsor", "sponsored", "subscribe", "subscription", "taboola", "tags",
    "timestamp", "trending",
];

/// Parts of class and id names that usually mark furniture.
#[rustfmt::skip]
const WEAK_PARTS: &[&str] = &[
    "author", "banner", "dropdown", "footer", "hidden", "masthead", "menu", "meta", "modal",
    "nav", "navbar", "navigation", "pager", "pagination", "sidebar", "toolbar", "widget",
];

/// Whole class names of furniture.
#[rustfmt::skip]
const STRONG_NAMES: &[&str] = &[
    "top-bar", "topbar", "site-header", "global-header", "read-more", "readmore",
    "more-stories", "most-read", "mostread", "see-also", "sr-only", "visually-hidden",
    "visuallyhidden", "screen-reader-text", "d-none", "no-print",
];

/// Classify element `e`; `in_article` and `in_quote` say whether it sits in
/// an `<article>` or `<main>` (whose `<header>` holds the headline) or in a
/// quote or figure (whose `<footer>` holds the attribution).
pub(crate) fn classify(e: &Element, in_article: bool, in_quote: bool) -> Furniture {
    let name = e.name();
    let strong = STRONG_TAGS.contains(&name)
        || (name == "header" && !in_article)
        || (name == "footer" && !in_quote)
        || attr(e, "role")
            .is_some_and(|r| FURNITURE_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()));
    if strong {
        return Furniture::Strong;
    }
    let by_name = named(e);
    if by_name != Furniture::No {
        return by_name;
    }
    let weak = name == "form"
        || attr(e, "hidden").is_some()
        || attr(e, "aria-hidden") == Some("true")
        || attr(e, "style").is_some_and(hidden_style);
    if weak {
        Furniture::Weak
    } else {
        Furniture::No
    }
}

fn hidden_style(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// Furniture by class, id or aria-label.
fn named(e: &Element) -> Furniture {
    let mut result = Furniture::No;
    let mut judge = |part: &str| {
        if STRONG_PARTS.contains(&part) {
            result = Furniture::Strong;
        } else if WEAK_PARTS.contains(&part) && result == Furniture::No {
            result = Furniture::Weak;
        }
    };
    let names = attr(e, "class")
        .into_iter()
        .chain(attr(e, "id"))
        .flat_map(str::split_whitespace);
    for name in names {
        if STRONG_NAMES.contains(&name.to_ascii_lowercase().as_str()) {
            return Furniture::Strong;
        }
        for part in name_parts(name) {
            judge(&part);
        }
    }
    if let Some(label) = attr(e, "aria-label") {
        let lower = label.to_lowercase();
        if lower.contains("most read") || lower.contains("most popular") {
            return Furniture::Strong;
        }
        for word in lower.split(|c: char| !c.is_alphanumeric()) {
            judge(word);
        }
    }
    result
}

/// "relatedStories_box-2" -> related, stories, box, 2 (lower case).
fn name_parts(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c == '-' || c == '_' {
            parts.push(std::mem::take(&mut cur));
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            parts.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    parts.push(cur);
    parts.retain(|p| !p.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn class_of(html: &str) -> Furniture {
        let doc = Html::parse_fragment(html);
        let sel = Selector::parse("div, nav, footer, header, form").unwrap();
        let el = doc.select(&sel).next().unwrap();
        classify(el.value(), false, false)
    }

    #[test]
    fn names() {
        assert_eq!(
            name_parts("relatedStories_box-2"),
            ["related", "stories", "box", "2"]
        );
        assert_eq!(
            class_of(r#"<div class="gdpr__inner">x</div>"#),
            Furniture::Strong
        );
        assert_eq!(
            class_of(r#"<div class="inline-related">x</div>"#),
            Furniture::Strong
        );
        assert_eq!(
            class_of(r#"<div class="has-sidebar">x</div>"#),
            Furniture::Weak
        );
        assert_eq!(
            class_of(r#"<div class="entry-content">x</div>"#),
            Furniture::No
        );
        assert_eq!(
            class_of(r#"<div class="post tag-border">x</div>"#),
            Furniture::No
        );
        assert_eq!(
            class_of(r#"<div aria-label="Related stories">x</div>"#),
            Furniture::Strong
        );
        assert_eq!(class_of(r#"<nav>x</nav>"#), Furniture::Strong);
        assert_eq!(class_of(r#"<form>x</form>"#), Furniture::Weak);
    }
}
