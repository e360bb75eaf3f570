//! HTML pages: article text without boilerplate, and the metadata.

use orbat_text::{parse, InputFormat, Limits};

fn html(bytes: &[u8]) -> orbat_text::Document {
    parse(bytes, InputFormat::Auto, &Limits::default()).unwrap()
}

#[test]
fn news_page_keeps_article_and_drops_furniture() {
    let doc = html(include_bytes!("fixtures/article.html"));
    assert_eq!(
        doc.title.as_deref(),
        Some("Militia convoy hit near Tal Hamra & two bases shelled")
    );
    // the page's own timezone, not the UTC date in JSON-LD
    assert_eq!(doc.published.as_deref(), Some("2023-03-05"));
    assert_eq!(
        doc.url.as_deref(),
        Some("https://dune-courier.example/news/convoy-tal-hamra")
    );
    assert_eq!(doc.source.as_deref(), Some("The Dune Courier"));
    assert_eq!(doc.language, "en");
    let paragraphs: Vec<&str> = doc.text.split("\n\n").collect();
    assert_eq!(
        paragraphs,
        [
            "Militia convoy hit near Tal Hamra",
            "Two bases of the Crescent Guard were shelled overnight, a monitor says.",
            "TAL HAMRA — A convoy of the Crescent Guard militia was struck by drones on the road north of Tal Hamra late on Sunday, killing at least six fighters, the Valley Monitor said.",
            "Burnt trucks of the Crescent Guard convoy near Tal Hamra.",
            "The group, led by Col. Hamid B. Rostami, has held the two bases since Jan. 2021. It did not comment.",
            "“We will answer this attack,” a spokesman wrote.",
            "— Crescent Guard statement",
            "The monitor said the convoy carried about 40 men and 12 pick-up trucks.",
        ]
    );
    for junk in [
        "cookies",
        "Skip",
        "World",
        "Home",
        "Conflict",
        "Nadia",
        "March 5",
        "Read more",
        "Floods",
        "ADVERTISEMENT",
        "Tags",
        "Share",
        "Harvest",
        "Border market",
        "rights",
        "tracking",
        "color",
    ] {
        assert!(!doc.text.contains(junk), "leaked: {junk}");
    }
    let sentences: Vec<&str> = doc
        .sentences
        .iter()
        .map(|s| &doc.text[s.start..s.end])
        .collect();
    assert!(sentences.contains(
        &"The group, led by Col. Hamid B. Rostami, has held the two bases since Jan. 2021."
    ));
    assert_eq!(doc.sentences[0].paragraph, 0);
}

#[test]
fn page_without_article_element_uses_divs_and_json_ld() {
    let doc = html(include_bytes!("fixtures/divs.html"));
    assert_eq!(
        doc.title.as_deref(),
        Some("Shelling reported in Qasr al-Nour")
    );
    assert_eq!(doc.published.as_deref(), Some("2022-12-01"));
    assert_eq!(doc.url.as_deref(), Some("https://bulletin.example/q"));
    assert_eq!(doc.source, None);
    assert_eq!(
        doc.text,
        "Shelling reported in Qasr al-Nour\n\n\
         Artillery of the 9th Division shelled the outskirts of Qasr al-Nour on Tuesday morning.\n\
         Residents said three houses were damaged and one man was wounded.\n\n\
         The division has not commented. Local sources say it moved 15 guns into the area in November.\n\n\
         Place | Wounded\n\nQasr al-Nour | 1"
    );
}

#[test]
fn title_falls_back_to_h1_then_title_without_site() {
    let page = b"<html><head><title>Ceasefire holds in the east | Wire</title></head>\
        <body><h1>Ceasefire holds in the east</h1><p>The truce agreed on Monday held for a third day, officials said.</p></body></html>";
    let doc = html(page);
    assert_eq!(doc.title.as_deref(), Some("Ceasefire holds in the east"));
    assert!(doc
        .text
        .starts_with("Ceasefire holds in the east\n\nThe truce"));

    let page = b"<html><head><title>Ceasefire holds | Wire Service</title></head>\
        <body><p>The truce agreed on Monday held for a third day, officials said.</p></body></html>";
    let doc = html(page);
    assert_eq!(doc.title.as_deref(), Some("Ceasefire holds"));
    assert_eq!(
        doc.text,
        "Ceasefire holds\n\nThe truce agreed on Monday held for a third day, officials said."
    );
}

#[test]
fn dates_from_time_and_itemprop() {
    let page = br#"<html><body><article><h1>Clashes in the valley</h1>
        <div class="meta"><time datetime="2021-07-14T21:05:00+04:30">14 July</time></div>
        <p>Fighting broke out between two factions in the valley on Tuesday night.</p></article></body></html>"#;
    assert_eq!(html(page).published.as_deref(), Some("2021-07-14"));
    let page = br#"<html><body><div><span itemprop="datePublished" content="2020-02-29">Feb 29</span>
        <p>Fighting broke out between two factions in the valley on Tuesday night.</p></div></body></html>"#;
    assert_eq!(html(page).published.as_deref(), Some("2020-02-29"));
    let page = br#"<html><head><meta name="dc.date" content="March 3, 2019"></head><body>
        <p>Fighting broke out between two factions in the valley on Tuesday night.</p></body></html>"#;
    assert_eq!(html(page).published.as_deref(), Some("2019-03-03"));
}

#[test]
fn entities_hidden_text_and_lists() {
    let page = br#"<html><body><article><h1>Units &amp; commanders</h1>
        <p style="display: none">Hidden teaser text that must not show up anywhere.</p>
        <p>The front is made up of four units&#8201;&mdash;&#8201;each with its own commander:</p>
        <ul><li>The 1st Battalion, led by Abu Karim.</li><li>The Desert Falcons.</li></ul>
        <p class="inline-related"><a href="/x">Related: the story of the Desert Falcons</a></p>
        </article></body></html>"#;
    let doc = html(page);
    assert_eq!(
        doc.text,
        "Units & commanders\n\n\
         The front is made up of four units — each with its own commander:\n\n\
         The 1st Battalion, led by Abu Karim.\n\nThe Desert Falcons."
    );
}

#[test]
fn declared_legacy_charset() {
    let mut page = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9 attack</title></head><body><p>A bomb hit a caf\xe9 in the old town, police said on Friday morning.</p></body></html>".to_vec();
    let doc = html(&page);
    assert!(doc.text.contains("hit a café in"), "{}", doc.text);
    assert_eq!(doc.title.as_deref(), Some("Café attack"));
    // the same page saved as UTF-8 despite the old declaration
    page = String::from_utf8_lossy(&page)
        .replace('\u{fffd}', "é")
        .into_bytes();
    assert!(html(&page).text.contains("café"));
}

#[test]
fn headline_and_standfirst_outside_the_article_body() {
    let page = br#"<html><body>
        <header class="site-header"><nav><a href="/">Home</a></nav><p>Independent news since 1999, every day of the week.</p></header>
        <main>
          <header class="story-header"><h1>Port closed after mine blast</h1>
            <p class="standfirst">Shipping halted for a second day as divers search the harbour.</p></header>
          <div itemprop="articleBody">
            <p>A sea mine exploded near the northern pier on Monday, damaging a cargo ship and injuring two crew members.</p>
            <p>The coastguard said the mine had probably drifted from a minefield laid last year.</p>
          </div>
          <section class="related"><p>Other stories from the coast you may have missed this week.</p></section>
        </main>
        <footer><p>All rights reserved by the publisher of this site.</p></footer></body></html>"#;
    let doc = html(page);
    assert_eq!(
        doc.text,
        "Port closed after mine blast\n\n\
         Shipping halted for a second day as divers search the harbour.\n\n\
         A sea mine exploded near the northern pier on Monday, damaging a cargo ship and injuring two crew members.\n\n\
         The coastguard said the mine had probably drifted from a minefield laid last year."
    );
}

#[test]
fn double_line_breaks_separate_paragraphs() {
    let page = b"<html><body><div id=\"story\">Rockets hit the airport late on Sunday, officials said.<br><br>\n\
        No group claimed the attack.<br>\nThe runway was closed.</div></body></html>";
    let doc = html(page);
    assert_eq!(
        doc.text,
        "Rockets hit the airport late on Sunday, officials said.\n\nNo group claimed the attack.\nThe runway was closed."
    );
    assert_eq!(doc.sentences.len(), 3);
    assert_eq!(doc.sentences[2].paragraph, 1);
}
