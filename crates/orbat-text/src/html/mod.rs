//! HTML to article text and metadata (`scraper`, i.e. html5ever, plus our own
//! boilerplate removal: see [`body`]).
//!
//! Cost: html5ever builds the whole DOM, so an HTML page costs roughly ten
//! times as much as plain text of the same size and holds the tree in memory
//! (about 10× the page); both passes over the tree are linear and iterative,
//! so deep nesting cannot overflow the stack.

mod body;
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

    let title = meta
        .og_title
        .as_deref()
        .or(body.page_h1.as_deref())
        .or(meta.html_title.as_deref())
        .map(|t| meta::strip_site_name(t, site))
        .filter(|t| !t.is_empty());

    // The headline opens the text: the article's own <h1>, else the page's, else the title.
    let mut blocks = body.blocks;
    let headline = match blocks.iter().position(|b| b.tag == "h1") {
        Some(i) => Some(blocks.remove(i).text),
        None => body.page_h1.clone().or_else(|| title.clone()),
    };
    if let Some(h) = &headline {
        blocks.retain(|b| b.text != *h);
    }
    let words = |s: &str| s.split_whitespace().count();
    let has_article = blocks.iter().any(|b| {
        !matches!(b.tag.as_str(), "h2" | "h3" | "h4" | "h5" | "h6")
            && words(&b.text) >= MIN_BLOCK_WORDS
    }) || blocks.iter().map(|b| words(&b.text)).sum::<usize>()
        >= 3 * MIN_BLOCK_WORDS;
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
