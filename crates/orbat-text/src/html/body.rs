//! Finding the article in an HTML page and turning it into paragraphs.
//!
//! 1. One pass over `<body>` measures, for every element, how much text it
//!    holds and how much of that sits in `<p>` elements, not counting
//!    scripts and sure furniture (menus, cookie banners, related links).
//! 2. The article root is the `<article>` (else `[itemprop=articleBody]`,
//!    else `<main>`) holding the most paragraph text, if it holds at least
//!    40% of the page's; else the element with the most text in its own `<p>`
//!    children (Readability's idea); else `<body>`. When the page's `<h1>`
//!    lies outside that root, the root widens to the nearest element holding
//!    both, if that adds little paragraph text (the headline and standfirst
//!    often sit in a header beside the article body).
//! 3. A second pass walks the root and emits blocks (paragraphs, headings,
//!    list items, captions, quotes, table rows), skipping furniture as
//!    [`super::furniture`] classifies it: sure furniture always, likely
//!    furniture (forms, hidden elements, `sidebar`/`menu`/`meta` names) only
//!    when it holds less than half of the root's text. "Read more: <link>"
//!    paragraphs are dropped.

use super::attr;
use super::furniture::{classify, Furniture, NEVER_TEXT};
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use foldhash::HashMap;
use scraper::node::Element;
use scraper::{Html, Node};

/// Elements that start and end a block of text.
#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "caption",
];

/// How a paragraph that is mostly a link starts when it points elsewhere.
#[rustfmt::skip]
const LINK_CUES: &[&str] = &[
    "read more", "read also", "also read", "see also", "related", "more:", "recommended",
    "watch:", "listen:", "click here", "sign up", "subscribe",
];

#[derive(Default, Clone, Copy, Debug)]
struct Weight {
    /// Non-space characters of text.
    text: usize,
    /// Of which inside `<p>`.
    p: usize,
    /// Paragraph text in `<p>` children of this element.
    direct_p: usize,
}

#[derive(Debug)]
pub(crate) struct Block {
    pub text: String,
    pub tag: String,
    /// Nine tenths or more of the text is link text.
    pub links: bool,
}

#[derive(Debug)]
pub(crate) struct Body {
    pub root: Option<NodeId>,
    pub blocks: Vec<Block>,
    /// Text of the first `<h1>` in the body outside sure furniture.
    pub page_h1: Option<String>,
}

pub(crate) fn extract(doc: &Html) -> Body {
    let top = doc.tree.root();
    let body = top
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
        .unwrap_or(top);
    let measured = measure(body);
    let root = with_headline(choose_root(body, &measured), &measured);
    let blocks = Walker::new(&measured.weights, root).run(root);
    Body {
        root: Some(root.id()),
        blocks,
        page_h1: measured.first_h1,
    }
}

struct Measured {
    weights: HashMap<NodeId, Weight>,
    articles: Vec<NodeId>,
    article_bodies: Vec<NodeId>,
    mains: Vec<NodeId>,
    first_h1: Option<String>,
    first_h1_id: Option<NodeId>,
}

/// An element open during pass 1.
struct OpenElement {
    id: NodeId,
    weight: Weight,
    is_p: bool,
    /// Opens an `<article>`/`<main>` or a quote/figure context.
    article: bool,
    quote: bool,
}

/// Pass 1: text weights of every element (iterative, linear). Text in
/// scripts and in certain furniture (menus, cookie banners, related links)
/// does not count.
fn measure(body: NodeRef<'_, Node>) -> Measured {
    let mut m = Measured {
        weights: HashMap::default(),
        articles: Vec::new(),
        article_bodies: Vec::new(),
        mains: Vec::new(),
        first_h1: None,
        first_h1_id: None,
    };
    let mut stack: Vec<OpenElement> = Vec::new();
    let mut skip = 0usize;
    let mut p_depth = 0usize;
    let mut in_article = 0usize;
    let mut in_quote = 0usize;
    let mut h1: Option<(NodeId, String)> = None;
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if skip > 0
                        || NEVER_TEXT.contains(&name)
                        || classify(e, in_article > 0, in_quote > 0) == Furniture::Strong
                    {
                        skip += 1;
                        continue;
                    }
                    let is_p = name == "p";
                    p_depth += usize::from(is_p);
                    let article = matches!(name, "article" | "main");
                    let quote = matches!(name, "blockquote" | "figure");
                    in_article += usize::from(article);
                    in_quote += usize::from(quote);
                    match name {
                        "article" => m.articles.push(n.id()),
                        "main" => m.mains.push(n.id()),
                        "h1" if m.first_h1.is_none() && h1.is_none() => {
                            h1 = Some((n.id(), String::new()))
                        }
                        _ => {}
                    }
                    if attr(e, "role") == Some("main") {
                        m.mains.push(n.id());
                    }
                    if attr(e, "itemprop") == Some("articleBody") {
                        m.article_bodies.push(n.id());
                    }
                    stack.push(OpenElement {
                        id: n.id(),
                        weight: Weight::default(),
                        is_p,
                        article,
                        quote,
                    });
                }
                Node::Text(t) if skip == 0 => {
                    let chars = visible_chars(t);
                    if let Some(top) = stack.last_mut() {
                        top.weight.text += chars;
                        if p_depth > 0 {
                            top.weight.p += chars;
                        }
                    }
                    if let Some((_, s)) = h1.as_mut() {
                        s.push_str(t);
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if !n.value().is_element() {
                    continue;
                }
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let Some(el) = stack.pop() else {
                    continue;
                };
                p_depth -= usize::from(el.is_p);
                in_article -= usize::from(el.article);
                in_quote -= usize::from(el.quote);
                let w = el.weight;
                if let Some(parent) = stack.last_mut() {
                    parent.weight.text += w.text;
                    parent.weight.p += w.p;
                    if el.is_p {
                        parent.weight.direct_p += w.p;
                    }
                }
                if h1.as_ref().is_some_and(|(h, _)| *h == el.id) {
                    let text = super::meta::clean(&h1.take().map(|(_, s)| s).unwrap_or_default());
                    if !text.is_empty() {
                        m.first_h1 = Some(text);
                        m.first_h1_id = Some(el.id);
                    }
                }
                m.weights.insert(el.id, w);
            }
        }
    }
    m
}

fn choose_root<'a>(body: NodeRef<'a, Node>, m: &Measured) -> NodeRef<'a, Node> {
    let w = |id: &NodeId| m.weights.get(id).copied().unwrap_or_default();
    let total = w(&body.id()).p;
    if total < 100 {
        return body;
    }
    let tree = body.tree();
    for group in [&m.articles, &m.article_bodies, &m.mains] {
        if let Some(best) = group.iter().max_by_key(|id| w(id).p) {
            if w(best).p * 10 >= total * 4 {
                return tree.get(*best).unwrap_or(body);
            }
        }
    }
    // Readability's idea: the element with the most paragraph text in its
    // own <p> children, unless it (or an ancestor) is page furniture.
    let mut ranked: Vec<(NodeId, Weight)> = m.weights.iter().map(|(id, w)| (*id, *w)).collect();
    ranked.sort_by_key(|(id, w)| (std::cmp::Reverse(w.direct_p), *id));
    ranked
        .into_iter()
        .take(5)
        .take_while(|(_, w)| w.direct_p * 10 >= total * 3)
        .filter_map(|(id, _)| tree.get(id))
        .find(|n| {
            n.ancestors()
                .chain(std::iter::once(*n))
                .filter_map(|a| a.value().as_element())
                .all(|e| classify(e, false, false) == Furniture::No)
        })
        .unwrap_or(body)
}

/// Widen the root to take in the page's `<h1>` (and the standfirst that
/// usually sits beside it) when the headline is outside the chosen element,
/// as long as that adds little other paragraph text (at most 400 characters
/// or 30% more).
fn with_headline<'a>(root: NodeRef<'a, Node>, m: &Measured) -> NodeRef<'a, Node> {
    let Some(h1) = m.first_h1_id.and_then(|id| root.tree().get(id)) else {
        return root;
    };
    if h1.ancestors().any(|a| a.id() == root.id()) {
        return root;
    }
    let p = |n: NodeRef<'_, Node>| m.weights.get(&n.id()).map_or(0, |w| w.p);
    let h1_ancestors: std::collections::HashSet<NodeId> = h1.ancestors().map(|a| a.id()).collect();
    let Some(common) = root.ancestors().find(|a| h1_ancestors.contains(&a.id())) else {
        return root;
    };
    // a standfirst or a caption may come along, but not another article
    let extra = p(common).saturating_sub(p(root));
    if extra <= (p(root) * 3 / 10).max(400) {
        common
    } else {
        root
    }
}

/// Characters of `t` that are not whitespace; ASCII text is counted by its
/// bytes.
fn visible_chars(t: &str) -> usize {
    if t.is_ascii() {
        // the ASCII chars `char::is_whitespace` accepts
        t.len()
            - t.bytes()
                .filter(|b| matches!(b, b' ' | b'\t'..=b'\r'))
                .count()
    } else {
        t.chars().filter(|c| !c.is_whitespace()).count()
    }
}

/// Append text outside `<pre>` to `buf`: each ASCII whitespace char becomes
/// a space unless one (or a line break) is already there; the runs between
/// are copied whole.
fn append_text(buf: &mut String, t: &str) {
    let mut rest = t;
    loop {
        let run = rest
            .bytes()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        buf.push_str(&rest[..run]);
        if run == rest.len() {
            return;
        }
        if !buf.is_empty() && !buf.ends_with([' ', '\n']) {
            buf.push(' ');
        }
        rest = &rest[run + 1..];
    }
}

/// A block's text: its lines trimmed, leading and trailing blank lines
/// dropped (a blank line from `<br><br>` inside stays a paragraph break).
fn block_text(buf: &str) -> String {
    if !buf.contains('\n') {
        // one line: what the general case gives, without its two copies
        return buf.trim().to_string();
    }
    buf.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

/// Pass 2: walk the root and collect blocks.
struct Walker<'w> {
    weights: &'w HashMap<NodeId, Weight>,
    root_weight: Weight,
    blocks: Vec<Block>,
    buf: String,
    chars: usize,
    link_chars: usize,
    block_stack: Vec<String>,
    cells_in_row: usize,
    in_article: usize,
    in_quote: usize,
    in_pre: usize,
    in_link: usize,
}

impl<'w> Walker<'w> {
    fn new(weights: &'w HashMap<NodeId, Weight>, root: NodeRef<'_, Node>) -> Self {
        let root_in_article = root
            .ancestors()
            .chain(std::iter::once(root))
            .filter_map(|a| a.value().as_element())
            .any(|e| matches!(e.name(), "article" | "main"));
        Walker {
            weights,
            root_weight: weights.get(&root.id()).copied().unwrap_or_default(),
            blocks: Vec::new(),
            buf: String::new(),
            chars: 0,
            link_chars: 0,
            block_stack: Vec::new(),
            cells_in_row: 0,
            in_article: usize::from(root_in_article),
            in_quote: 0,
            in_pre: 0,
            in_link: 0,
        }
    }

    fn run(mut self, root: NodeRef<'_, Node>) -> Vec<Block> {
        let mut skip_until: Option<NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(n) => {
                    if skip_until.is_some() {
                        continue;
                    }
                    match n.value() {
                        Node::Element(e) => {
                            if n.id() != root.id() && self.skip(n.id(), e) {
                                skip_until = Some(n.id());
                                // a skipped block still separates its neighbours
                                if BLOCKS.contains(&e.name()) {
                                    self.flush();
                                }
                                continue;
                            }
                            self.open(e);
                        }
                        Node::Text(t) => self.text(t),
                        _ => {}
                    }
                }
                Edge::Close(n) => {
                    if let Some(id) = skip_until {
                        if id == n.id() {
                            skip_until = None;
                        }
                        continue;
                    }
                    if let Node::Element(e) = n.value() {
                        self.close(e);
                    }
                }
            }
        }
        self.flush();
        self.blocks
    }

    fn skip(&self, id: NodeId, e: &Element) -> bool {
        let name = e.name();
        if NEVER_TEXT.contains(&name) {
            return true;
        }
        match classify(e, self.in_article > 0, self.in_quote > 0) {
            Furniture::Strong => true,
            Furniture::Weak => self.minor(id),
            Furniture::No => false,
        }
    }

    /// Holds less than half of the root's text (paragraph text when the page has some).
    fn minor(&self, id: NodeId) -> bool {
        let w = self.weights.get(&id).copied().unwrap_or_default();
        if self.root_weight.p >= 100 {
            w.p * 2 < self.root_weight.p
        } else {
            w.text * 2 < self.root_weight.text
        }
    }

    fn open(&mut self, e: &Element) {
        let name = e.name();
        if BLOCKS.contains(&name) {
            self.flush();
            self.block_stack.push(name.to_string());
        }
        match name {
            "article" | "main" => self.in_article += 1,
            "blockquote" | "figure" => self.in_quote += 1,
            "pre" => self.in_pre += 1,
            "a" => self.in_link += 1,
            "br" => self.buf.push('\n'),
            "tr" => self.cells_in_row = 0,
            "td" | "th" => {
                if self.cells_in_row > 0 {
                    self.buf.push_str(" | ");
                }
                self.cells_in_row += 1;
            }
            _ => {}
        }
    }

    fn close(&mut self, e: &Element) {
        let name = e.name();
        match name {
            "article" | "main" => self.in_article = self.in_article.saturating_sub(1),
            "blockquote" | "figure" => self.in_quote = self.in_quote.saturating_sub(1),
            "pre" => self.in_pre = self.in_pre.saturating_sub(1),
            "a" => self.in_link = self.in_link.saturating_sub(1),
            "td" | "th" => self.buf.push(' '),
            _ => {}
        }
        if BLOCKS.contains(&name) {
            self.flush();
            self.block_stack.pop();
        }
    }

    fn text(&mut self, t: &str) {
        let visible = visible_chars(t);
        self.chars += visible;
        if self.in_link > 0 {
            self.link_chars += visible;
        }
        if self.in_pre > 0 {
            self.buf.push_str(t);
            return;
        }
        append_text(&mut self.buf, t);
    }

    fn flush(&mut self) {
        // lines trimmed; a blank line (from <br><br>) stays a paragraph break
        let text = block_text(&self.buf);
        let link_heavy = self.link_chars * 2 >= self.chars.max(1);
        let read_more = link_heavy && {
            let lower = text.to_lowercase();
            LINK_CUES.iter().any(|c| lower.starts_with(c))
        };
        if !text.is_empty() && !read_more {
            self.blocks.push(Block {
                text,
                tag: self.block_stack.last().cloned().unwrap_or_default(),
                links: self.link_chars * 10 >= self.chars * 9,
            });
        }
        self.buf.clear();
        self.chars = 0;
        self.link_chars = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-level text helpers agree with the char-by-char code they
    /// replaced, on pseudo-random text.
    #[test]
    fn text_helpers_agree_with_char_loops() {
        const ALPHABET: &[&str] = &[
            "a", "Z", " ", "  ", "\n", "\t", "\r", "\r\n", "\x0b", "\x0c", "\u{a0}", "\u{2003}",
            "é", "中", "word", ".",
        ];
        for text in crate::random_text::random_texts(ALPHABET, 0x2545_f491_4f6c_dd1d, 16, 20_000) {
            assert_eq!(
                visible_chars(&text),
                text.chars().filter(|c| !c.is_whitespace()).count(),
                "{text:?}"
            );
            for start in ["", "x", "x ", "x\n"] {
                let mut fast = start.to_string();
                append_text(&mut fast, &text);
                let mut slow = start.to_string();
                for c in text.chars() {
                    if c.is_ascii_whitespace() {
                        if !slow.is_empty() && !slow.ends_with([' ', '\n']) {
                            slow.push(' ');
                        }
                    } else {
                        slow.push(c);
                    }
                }
                assert_eq!(fast, slow, "{start:?} + {text:?}");
            }
            let general = text
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join("\n")
                .trim_matches('\n')
                .to_string();
            assert_eq!(block_text(&text), general, "{text:?}");
        }
    }
}
