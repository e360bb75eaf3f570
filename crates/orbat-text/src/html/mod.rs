//! HTML to article text and metadata (`scraper`, i.e. html5ever, plus our own
//! boilerplate removal: see [`body`]).
//!
//! Cost: html5ever builds the whole DOM, so an HTML page costs roughly ten
//! times as much as plain text of the same size and holds the tree in memory
//! (about 10× the page); both passes over the tree are linear and iterative,
//! so deep nesting cannot overflow the stack.

mod body;
mod furniture;
mod meta;

use crate::date::parse_date;
use crate::{Extracted, TextError};
use scraper::Html;

/// A page needs a block of at least this many words (or this many in all,
/// times three) besides the headline to count as an article.
const MIN_BLOCK_WORDS: usize = 6;

pub(crate) fn extract(src: &str) -> Result<Extracted, TextError> {
    let doc = Html::parse_document(src);
    let meta = meta::read(&doc);
    let body = body::extract(&doc);
    let site = meta.site_name.as_deref();

    let mut title = meta
        .og_title
        .as_deref()
        .or(body.page_h1.as_deref())
        .or(meta.html_title.as_deref())
        .map(|t| meta::strip_site_name(t, site))
        .filter(|t| !t.is_empty());

    // The headline opens the text: the article's own <h1>, else the page's,
    // else a leading block that the title starts with, else the title.
    let mut blocks = body.blocks;
    let headline = if let Some(i) = blocks.iter().position(|b| b.tag == "h1") {
        Some(blocks.remove(i).text)
    } else if body.page_h1.is_some() {
        body.page_h1.clone()
    } else if let Some(i) = title.as_deref().and_then(|t| title_block(&blocks, t)) {
        let head = blocks.remove(i).text;
        if meta.og_title.is_none() {
            title = Some(head.clone());
        }
        Some(head)
    } else {
        title.clone()
    };
    if let Some(h) = &headline {
        blocks.retain(|b| b.text != *h);
    }
    let words = |s: &str| s.split_whitespace().count();
    // Link lists, headings and captions-only pages are not articles.
    let prose = blocks
        .iter()
        .filter(|b| !b.links && !matches!(b.tag.as_str(), "h2" | "h3" | "h4" | "h5" | "h6"));
    let has_article = prose.clone().any(|b| words(&b.text) >= MIN_BLOCK_WORDS)
        || prose.map(|b| words(&b.text)).sum::<usize>() >= 3 * MIN_BLOCK_WORDS;
    if !has_article {
        return Err(TextError::NoArticle);
    }

    let mut text = String::new();
    for piece in headline.iter().chain(blocks.iter().map(|b| &b.text)) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(piece);
    }

    let published = meta.published.or_else(|| {
        // first <time datetime> inside the article
        let root = body.root?;
        meta.times.iter().take(50).find_map(|(id, dt)| {
            let node = doc.tree.get(*id)?;
            node.ancestors()
                .any(|a| a.id() == root)
                .then(|| parse_date(dt))
                .flatten()
        })
    });

    Ok(Extracted {
        text,
        title,
        published,
        url: meta.url,
        source: meta.site_name,
    })
}

/// `e.attr(name)` without its cost: scraper makes an interned atom of
/// `name` for every call (a hash and a table lookup), where a scan of the
/// element's few attributes for a plain one (no namespace) of that name
/// finds the same value.
pub(crate) fn attr<'a>(e: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    e.attrs
        .iter()
        .find(|(key, _)| key.prefix.is_none() && key.ns.is_empty() && &*key.local == name)
        .map(|(_, value)| &**value)
}

/// Index of one of the first blocks that the title starts with (the page's
/// own headline when the `<title>` adds a site name we could not recognise).
fn title_block(blocks: &[body::Block], title: &str) -> Option<usize> {
    blocks
        .iter()
        .take(3)
        .position(|b| b.text.len() * 2 >= title.len() && title.starts_with(b.text.as_str()))
}

#[cfg(test)]
mod tests {
    use super::attr;
    use scraper::Html;

    /// `attr` finds what scraper's `Element::attr` finds, for every element
    /// of the fixture pages and of foreign (SVG) content with namespaced
    /// attributes, and for every attribute name on the page plus a few.
    #[test]
    fn attr_agrees_with_scraper() {
        let pages = [
            include_str!("../../tests/fixtures/article.html"),
            include_str!("../../tests/fixtures/divs.html"),
            include_str!("../../tests/fixtures/no-article.html"),
            r##"<html><body><div class="a" id="b" role="main" hidden aria-hidden="true" style="x">
               <svg><use xlink:href="#i" href="h" xml:lang="en"/></svg>
               <math><mi xlink:href="m">x</mi></math><p CLASS="up">t</p></div></body></html>"##,
        ];
        for page in pages {
            let doc = Html::parse_document(page);
            for node in doc.tree.nodes() {
                let Some(e) = node.value().as_element() else {
                    continue;
                };
                let names = e.attrs().map(|(name, _)| name);
                let others = [
                    "class",
                    "id",
                    "role",
                    "href",
                    "lang",
                    "xlink:href",
                    "style",
                    "nope",
                ];
                for name in names.chain(others) {
                    assert_eq!(attr(e, name), e.attr(name), "<{}> {name}", e.name());
                }
            }
        }
    }
}
