//! Mentions that only the whole document reveals: acronyms defined in
//! parentheses ("Islamic Revolutionary Guards (IRG)"), names given after
//! "known as" / "nicknamed", and later surname-only mentions of people.

use super::names::{capitalised_run, kept_word_key, without_leading_al};
use super::words::Word;
use super::{Mention, MentionKind};
use crate::fold::{article_free, fold, is_acronym, without_the};
use crate::lexicon::Lexicon;
use foldhash::{HashMap, HashMapExt};
use orbat_report::EntityType;

/// ", known as", ", better known as", ", nicknamed" right after a name.
static KNOWN_AS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^,?\s+(?:(?:better|also|more commonly|widely|locally)\s+)?(?:known as|referred to as|called|nicknamed|dubbed)\s+")
        .expect("known-as pattern compiles")
});

/// A link from a mention to the mention it refers back to.
pub type Link = (usize, usize);

/// Adds acronym, alias and surname mentions; returns links (later, earlier) between mentions.
pub fn resolve(
    text: &str,
    sentences: &[Vec<Word>],
    mentions: &mut Vec<Mention>,
    lexicon: &Lexicon,
) -> Vec<Link> {
    let mut links = Vec::new();
    // 1. Definitions: "NAME (ACR)" and "NAME, known as ALIAS".
    let mut defined: HashMap<String, usize> = HashMap::new();
    for (s, words) in sentences.iter().enumerate() {
        for k in 1..words.len().saturating_sub(2) {
            if words[k].text != "(" || words[k + 2].text != ")" {
                continue;
            }
            let acr = &words[k + 1];
            if !(is_acronym(acr.text) || acr.is_capitalised()) {
                continue;
            }
            let before = words[k - 1].end;
            // The name right before the parentheses owns them (a place too: "Al-Mayadeen (الميادين)").
            let owner = match mentions.iter().position(|m| m.end == before) {
                Some(o) => o,
                None => {
                    let Some(start) = run_start(words, k) else {
                        continue;
                    };
                    let surface = &text[words[start].start..before];
                    if start + 1 == k && !is_acronym(surface)
                        || lexicon.not_names.contains(&fold(surface))
                    {
                        continue;
                    }
                    let etype = guess_type(surface, lexicon);
                    mentions.push(Mention::new(
                        words[start].start,
                        before,
                        s,
                        MentionKind::NewActor(etype),
                        surface,
                    ));
                    mentions.len() - 1
                }
            };
            mentions[owner].acronym = Some(acr.text.to_string());
            match mentions
                .iter()
                .position(|x| x.start == acr.start && x.end == acr.end)
            {
                // "the Quds Force of Iran's IRGC (IRGC-QF)": an acronym that names another
                // known actor defines the whole phrase, not its last name.
                Some(a)
                    if matches!((&mentions[a].kind, &mentions[owner].kind),
                    (MentionKind::Actor(x), MentionKind::Actor(y)) if x != y) => {}
                Some(a) => links.push((a, owner)),
                None => {
                    let m = Mention::new(
                        acr.start,
                        acr.end,
                        s,
                        mentions[owner].kind.clone(),
                        acr.text,
                    );
                    mentions.push(m);
                    links.push((mentions.len() - 1, owner));
                }
            }
            defined.insert(acr.text.to_string(), owner);
        }
    }
    // 1b. "X, known as Y" (Y is X) and "X, nicknamed Y" (a nickname).
    let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
    for (i, m) in mentions.iter().enumerate() {
        if m.is_actor() {
            if let Some(list) = by_sentence.get_mut(m.sentence) {
                list.push(i);
            }
        }
    }
    for (s, words) in sentences.iter().enumerate() {
        let Some(first) = words.first() else {
            continue;
        };
        let sentence_end = words.last().map(|w| w.end).unwrap_or(first.start);
        let owners: Vec<usize> = by_sentence.get(s).cloned().unwrap_or_default();
        for owner in owners {
            let after = &text[mentions[owner].end..sentence_end];
            let Some(cue) = KNOWN_AS.find(after) else {
                continue;
            };
            let start = mentions[owner].end + cue.end();
            let nickname = cue.as_str().contains("nicknamed") || cue.as_str().contains("dubbed");
            let Some(mut k) = words.iter().position(|w| w.start == start) else {
                continue;
            };
            if nickname {
                let end = words[k..]
                    .iter()
                    .take_while(|w| !w.punct)
                    .last()
                    .map(|w| w.end)
                    .unwrap_or(start);
                let nick = text[start..end].trim().to_string();
                if !nick.is_empty() && nick.split_whitespace().count() <= 4 {
                    mentions[owner].nickname = Some(nick);
                }
                continue;
            }
            // "known as the Iranian": the name starts after the article.
            if words[k].text.eq_ignore_ascii_case("the") && k + 1 < words.len() {
                k += 1;
            }
            let start = words[k].start;
            if let Some(n) = mentions.iter().position(|m| m.start == start) {
                links.push((n, owner));
            } else {
                let run = capitalised_run(words, k);
                if run > 0 {
                    let end = words[k + run - 1].end;
                    let m = Mention::new(
                        start,
                        end,
                        s,
                        mentions[owner].kind.clone(),
                        &text[start..end],
                    );
                    mentions.push(m);
                    links.push((mentions.len() - 1, owner));
                }
            }
        }
    }
    // 2. Later uses of defined acronyms and surnames of people.
    let mut surnames: HashMap<String, usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if is_person(m) && m.surface.split_whitespace().count() >= 2 {
            if let Some(last) = m.surface.split_whitespace().last() {
                let key = fold(last);
                let key = without_leading_al(article_free(&key).unwrap_or(&key)).to_string();
                surnames.entry(key).or_insert(i);
            }
        }
    }
    // Nothing defined and no person named in full: no word can refer back.
    if defined.is_empty() && surnames.is_empty() {
        return links;
    }
    let coverage = Coverage::new(mentions);
    let places_at: HashMap<(usize, usize), usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| matches!(m.kind, MentionKind::Place { .. }))
        .map(|(i, m)| ((m.start, m.end), i))
        .collect();
    for (s, words) in sentences.iter().enumerate() {
        for w in words {
            if w.punct || !w.is_capitalised() {
                continue;
            }
            // A surname the gazetteer also knows ("Amiri") is the person here.
            if let Some(&p) = places_at.get(&(w.start, w.end)) {
                let key = kept_word_key(w.text);
                if let Some(&t) = surnames.get(without_leading_al(without_the(&key))) {
                    mentions[p].kind = mentions[t].kind.clone();
                    links.push((p, t));
                }
                continue;
            }
            if coverage.covers(w) {
                continue;
            }
            let target = defined.get(w.text).copied().or_else(|| {
                if lexicon.is_stopword(w.text) {
                    return None;
                }
                let key = kept_word_key(w.text);
                surnames.get(without_leading_al(without_the(&key))).copied()
            });
            if let Some(t) = target {
                if mentions[t].start == w.start {
                    continue;
                }
                let m = Mention::new(w.start, w.end, s, mentions[t].kind.clone(), w.text);
                mentions.push(m);
                links.push((mentions.len() - 1, t));
            }
        }
    }
    links
}

fn is_person(m: &Mention) -> bool {
    matches!(m.kind, MentionKind::NewActor(EntityType::Person))
}

/// Sorted mention ranges for a fast "is this word inside a mention" test.
struct Coverage {
    ranges: Vec<(usize, usize)>,
    longest: usize,
}

impl Coverage {
    fn new(mentions: &[Mention]) -> Self {
        let mut ranges: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
        ranges.sort_unstable();
        let longest = ranges.iter().map(|(s, e)| e - s).max().unwrap_or(0);
        Coverage { ranges, longest }
    }

    fn covers(&self, w: &Word) -> bool {
        // Only ranges starting at most `longest` bytes before the word can cover it.
        let from = self
            .ranges
            .partition_point(|r| r.0 + self.longest < w.start);
        self.ranges[from..]
            .iter()
            .take_while(|r| r.0 <= w.start)
            .any(|r| r.1 >= w.end)
    }
}

/// Start of the capitalised run that ends right before word `k`.
fn run_start(words: &[Word], k: usize) -> Option<usize> {
    (k.saturating_sub(10)..k).find(|&s| capitalised_run(words, s) == k - s)
}

/// The type a general name suggests: its head word, else an organisation.
fn guess_type(surface: &str, lexicon: &Lexicon) -> EntityType {
    let key = fold(surface);
    let words: Vec<&str> = key.split(' ').collect();
    for h in (1..=lexicon.max_head_words.min(words.len())).rev() {
        if let Some(&t) = lexicon.heads.get(&words[words.len() - h..].join(" ")) {
            return t;
        }
    }
    if let Some(&t) = words.first().and_then(|f| lexicon.leads.get(*f)) {
        return t;
    }
    EntityType::Organization
}
