//! Claims: figures, relations and events, each with its evidence, certainty
//! and source.
//!
//! Sentences are read in order with one [`context::References`] carried
//! along, so "it", "these militias" and "the town" point at what earlier
//! sentences named.

pub mod certainty;
pub mod context;
pub mod events;
pub mod phrases;
pub mod quantities;
pub mod relations;

use crate::entities::Draft;
use crate::knowledge::Knowledge;
use crate::mentions::dates::{find_dates_in_tokens, DateMention};
use crate::report::entity_id;
use crate::Analysis;
use certainty::CertaintyCues;
use context::{NameTails, References, SentenceView};
use events::EventTriggers;
use foldhash::{HashSet, HashSetExt};
use orbat_report::{EntityType, Event, Quantity, Relation, Span, TimeScope};
use phrases::PhrasePatterns;
use relations::RelationCues;

/// What the claim stages found (offsets are bytes until the report stage).
#[derive(Debug, Default, Clone)]
pub struct Claims {
    /// Relations.
    pub relations: Vec<Relation>,
    /// Figures.
    pub quantities: Vec<Quantity>,
    /// Events.
    pub events: Vec<Event>,
}

/// The compiled cue files of the claim stages.
pub struct ClaimCues {
    relations: RelationCues,
    events: EventTriggers,
    certainty: CertaintyCues,
    /// The relation cues' patterns, the event triggers' and the blocking phrases' (if
    /// any), and the certainty cue words: one search per sentence finds them all.
    phrases: PhrasePatterns,
    /// Number words ("two", "dozens", "hundred"), ASCII case folded, anchored: a
    /// sentence with neither these nor a digit holds no figure, so the figure reader
    /// (the costliest stage) skips it.
    number_words: aho_corasick::dfa::DFA,
}

const NUMBERS_TOML: &str = include_str!("../../../../data/lexicons/numbers.toml");

/// The words of the number sections of `data/lexicons/numbers.toml`.
fn number_word_list() -> Result<Vec<String>, crate::ExtractError> {
    const FILE: &str = "data/lexicons/numbers.toml";
    let table: toml::Table = crate::parse_data_file(FILE, NUMBERS_TOML)?;
    let mut words: Vec<String> = Vec::new();
    for section in [
        "units",
        "tens",
        "scales",
        "dozen",
        "fractions",
        "vague",
        "vague_multipliers",
    ] {
        if let Some(toml::Value::Table(t)) = table.get(section) {
            // One word of each entry suffices for a gate that may only say "perhaps":
            // the longest ("few" of "a few"), since a short first word such as "a"
            // would let nearly every sentence through to the figure reader.
            // `[dozen]` lists its words in an array; the other sections are keyed by them.
            let entries: Vec<&str> = match t.get("words") {
                Some(toml::Value::Array(list)) => list.iter().filter_map(|v| v.as_str()).collect(),
                _ => t.keys().map(String::as_str).collect(),
            };
            words.extend(entries.into_iter().flat_map(|k| {
                k.split_whitespace()
                    .max_by_key(|w| w.len())
                    .map(str::to_string)
            }));
        }
    }
    Ok(words)
}

/// The number words as one anchored automaton, walked from each word start.
fn number_words() -> Result<aho_corasick::dfa::DFA, crate::ExtractError> {
    aho_corasick::dfa::DFA::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::Standard)
        .start_kind(aho_corasick::StartKind::Anchored)
        .build(number_word_list()?)
        .map_err(|e| crate::ExtractError::data("data/lexicons/numbers.toml", e.to_string()))
}

impl ClaimCues {
    /// Whether a sentence may hold a figure: a digit, or a number word standing alone.
    fn may_hold_figures(&self, sentence: &str) -> bool {
        if sentence.bytes().any(|b| b.is_ascii_digit()) {
            return true;
        }
        let bytes = sentence.as_bytes();
        // A number word stands alone: it begins where no letter is before it, so only
        // those places are tried (a search over every byte found "ten" in "often").
        (0..bytes.len())
            .filter(|&at| at == 0 || !bytes[at - 1].is_ascii_alphabetic())
            .any(|at| self.number_word_at(bytes, at))
    }

    /// Whether a number word begins at `at` and ends before a non-letter, the end of
    /// `bytes` or a plural "s".
    fn number_word_at(&self, bytes: &[u8], at: usize) -> bool {
        use aho_corasick::automaton::Automaton;
        let dfa = &self.number_words;
        let Ok(mut state) = dfa.start_state(aho_corasick::Anchored::Yes) else {
            return false;
        };
        for (read, &b) in bytes[at..].iter().enumerate() {
            state = dfa.next_state(aho_corasick::Anchored::Yes, state, b);
            if dfa.is_dead(state) {
                return false;
            }
            if !dfa.is_match(state) {
                continue;
            }
            // Only a word that begins at `at` (a state may also list shorter ones that
            // end here).
            let begins_here = (0..dfa.match_len(state))
                .any(|i| dfa.pattern_len(dfa.match_pattern(state, i)) == read + 1);
            if !begins_here {
                continue;
            }
            let end = at + read + 1;
            let after =
                end == bytes.len() || !bytes[end].is_ascii_alphabetic() || bytes[end] == b's';
            if after {
                return true;
            }
        }
        false
    }
}

impl ClaimCues {
    /// Loads the embedded cue files.
    pub fn embedded() -> Result<Self, crate::ExtractError> {
        let relations = RelationCues::embedded()?;
        let events = EventTriggers::embedded()?;
        let patterns = relations
            .patterns
            .iter()
            .chain(&events.patterns)
            .chain(&relations.blocking)
            .cloned();
        // The certainty cue words ride on the phrase search (see `find`).
        let certainty = CertaintyCues::embedded()?;
        let phrases = PhrasePatterns::with_words(patterns.collect(), certainty.cue_word_list())
            .map_err(|e| crate::ExtractError::data("data/lexicons", e))?;
        Ok(ClaimCues {
            relations,
            events,
            certainty,
            phrases,
            number_words: number_words()?,
        })
    }
}

/// Runs the claim stages over the analysis.
pub fn find(a: &Analysis, knowledge: &Knowledge, cues: &ClaimCues) -> Claims {
    let doc = a.doc;
    let text = doc.text.as_str();
    let published = doc
        .published
        .as_deref()
        .and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    // One tokenization of the text serves the dates and every sentence's figures.
    let tokens = crate::mentions::numbers::tokenize(text);
    let dates = find_dates_in_tokens(text, &tokens, published);
    let lower = text.to_ascii_lowercase();
    let name_tails = NameTails::of_all(&a.entities);
    let story_date = story_date(doc, &dates);
    let mut claims = Claims::default();
    let mut refs = References::default();
    // The references as they were before the sentence read now.
    let mut before = References::default();
    let mut seen_relations: HashSet<(usize, orbat_report::Predicate, usize)> = HashSet::new();
    let mut last_paragraph = usize::MAX;
    let mut last_event_date: Option<&DateMention> = None;
    // Figures carry a list of sites across sentences ("Three sites in X ... Two in Y").
    let mut figures = quantities::QuantityReader::new();
    let mut date_cursor = 0;
    // Numbered units from ordinal lists ("45th, 46th and 47th brigades"), by sentence.
    let mut units_by_sentence: Vec<Vec<usize>> = vec![Vec::new(); doc.sentences.len()];
    for (i, m) in a.mentions.iter().enumerate() {
        if m.unit_noun.is_some() {
            if let Some(list) = units_by_sentence.get_mut(m.sentence) {
                list.push(i);
            }
        }
    }
    // Mentions and dates by sentence, once (not a scan of the whole document per sentence).
    let mut by_sentence: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); doc.sentences.len()];
    for (i, m) in a.mentions.iter().enumerate() {
        if let (Some(e), Some(slot)) = (a.entity_of[i], by_sentence.get_mut(m.sentence)) {
            slot.push((m.start, m.end, e));
        }
    }
    // Per-sentence lists, emptied and refilled: their memory serves every sentence.
    let mut sentence_dates: Vec<&DateMention> = Vec::new();
    let mut cue_matches = Vec::new();
    let mut trigger_matches = Vec::new();
    let mut blocking_matches = Vec::new();
    let mut phrase_scratch = phrases::PhraseScratch::default();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let mentions = std::mem::take(&mut by_sentence[si]);
        let new_paragraph = sentence.paragraph != last_paragraph;
        last_paragraph = sentence.paragraph;
        if new_paragraph {
            refs.paragraph_topic = None;
            last_event_date = None;
        }
        before.copy_from(&refs);
        let view = SentenceView::new(
            (text, &lower),
            (sentence.start, sentence.end),
            mentions,
            (&a.entities, &name_tails),
            &a.words[si],
            &before,
        );
        let evidence = Span::new(sentence.start, sentence.end);
        // Dates are in text order: skip those before the sentence, stop after it.
        while date_cursor < dates.len() && dates[date_cursor].start < sentence.start {
            date_cursor += 1;
        }
        sentence_dates.clear();
        sentence_dates.extend(
            dates[date_cursor..]
                .iter()
                .take_while(|d| d.start < sentence.end)
                .filter(|d| d.end <= sentence.end),
        );
        // Relations.
        let negated = |w: &str| cues.certainty.negated(w);
        // Relation cues, event triggers, blocking phrases and certainty cue words,
        // found in one search.
        let (cue_count, trigger_count) =
            (cues.relations.patterns.len(), cues.events.patterns.len());
        cue_matches.clear();
        trigger_matches.clear();
        blocking_matches.clear();
        for &(s, e, k) in cues
            .phrases
            .find_with(view.lower().as_bytes(), &mut phrase_scratch)
        {
            if k < cue_count {
                cue_matches.push((s, e, k));
            } else if k < cue_count + trigger_count {
                trigger_matches.push((s, e, k - cue_count));
            } else {
                blocking_matches.push((s, e));
            }
        }
        // How sure the writer was and who said it, read only for a sentence that states
        // something (most state nothing, and finding a source costs a capture search).
        let assessed = std::cell::OnceCell::new();
        let assess = || {
            assessed.get_or_init(|| {
                cues.certainty
                    .assess_found(view.text(), phrase_scratch.words())
            })
        };
        let mut found = relations::find(
            &cues.relations,
            &view,
            &cue_matches,
            &blocking_matches,
            &negated,
        );
        found.extend(unit_parents(a, &units_by_sentence[si], &view));
        for f in found {
            if !type_fits(&a.entities, f.subject, f.predicate, f.object) {
                continue;
            }
            if !seen_relations.insert((f.subject, f.predicate, f.object)) {
                continue;
            }
            let since = sentence_dates.iter().find(|d| {
                text[sentence.start..d.start]
                    .trim_end()
                    .to_lowercase()
                    .ends_with("since")
            });
            claims.relations.push(Relation {
                subject: entity_id(f.subject),
                predicate: f.predicate,
                object: entity_id(f.object),
                evidence,
                certainty: assess().0,
                attributed_to: assess().1.clone(),
                time: since.and_then(|d| d.date.clone()).map(|start| TimeScope {
                    start: Some(start),
                    end: None,
                }),
                negated: false,
            });
        }
        // Figures.
        let figures_here = if cues.may_hold_figures(view.text()) {
            let spans: Vec<(usize, usize)> = sentence_dates
                .iter()
                .map(|d| (d.start - sentence.start, d.end - sentence.start))
                .collect();
            figures.read_in_document(text, &tokens, (sentence.start, sentence.end), &spans)
        } else {
            // Nothing to count: the reader starts afresh, as it would after reading it.
            figures = quantities::QuantityReader::new();
            Vec::new()
        };
        for q in figures_here {
            claims.quantities.push(Quantity {
                kind: q.kind,
                subject: None,
                value: q.value,
                min: q.min,
                max: q.max,
                unit: q.unit,
                per: q.per,
                text: q.text,
                evidence,
                certainty: assess().0,
                attributed_to: assess().1.clone(),
                approx: q.approx,
            });
        }
        // Events. A headline only announces what the body tells.
        let headline = si == 0
            && doc
                .title
                .as_deref()
                .is_some_and(|t| view.text().trim() == t.trim());
        let dated_day = sentence_dates.iter().any(|d| {
            d.precision == Some(crate::mentions::dates::DatePrecision::Day) && is_event_date(d)
        });
        let found_events = if headline {
            Vec::new()
        } else {
            events::find(&cues.events, &view, &trigger_matches, dated_day, &negated)
        };
        for f in found_events {
            // The acting side of violence is hostile to the side acted on (ACLED's actor 1 and 2).
            if let (Some(&actor), Some(&target)) = (f.actors.first(), f.targets.first()) {
                let armed = |e: usize| {
                    matches!(
                        a.entities[e].etype,
                        EntityType::ArmedGroup | EntityType::StateForce | EntityType::State
                    )
                };
                let violent =
                    f.event_type != "Strategic developments" && f.event_type != "Protests";
                if violent
                    && actor != target
                    && armed(actor)
                    && armed(target)
                    && seen_relations.insert((actor, orbat_report::Predicate::HostileTo, target))
                {
                    claims.relations.push(Relation {
                        subject: entity_id(actor),
                        predicate: orbat_report::Predicate::HostileTo,
                        object: entity_id(target),
                        evidence,
                        certainty: assess().0,
                        attributed_to: assess().1.clone(),
                        time: None,
                        negated: false,
                    });
                }
            }
            // Without a publication date "last Tuesday" keeps its words and no date.
            let date = sentence_dates
                .iter()
                .filter(|d| (d.date.is_some() || published.is_none()) && is_event_date(d))
                .min_by_key(|d| d.start.abs_diff(f.trigger.0))
                .copied()
                .or(last_event_date)
                .or(story_date);
            if date.is_some() {
                last_event_date = date;
            }
            let fatalities = claims
                .quantities
                .iter()
                .rev()
                .take_while(|q| q.evidence == evidence)
                .filter(|q| q.kind == orbat_report::QuantityKind::Killed)
                .filter_map(|q| q.value.or(q.min))
                .map(|v| v as u64)
                .max();
            let locations: Vec<Option<usize>> = if f.locations.is_empty() {
                vec![None]
            } else {
                f.locations.iter().copied().map(Some).collect()
            };
            for location in locations {
                let event = Event {
                    id: String::new(),
                    event_type: f.event_type.clone(),
                    sub_type: Some(f.sub_type.clone()),
                    date: date.and_then(|d| d.date.clone()),
                    date_precision: date.and_then(|d| d.precision.map(|p| p.as_str().to_string())),
                    date_text: date.map(|d| d.text.clone()),
                    location: location.map(entity_id),
                    actors: f.actors.iter().copied().map(entity_id).collect(),
                    targets: f.targets.iter().copied().map(entity_id).collect(),
                    fatalities,
                    evidence,
                    // Read below, only for an event that is kept: a repeat merges into
                    // the first telling, which keeps its own.
                    certainty: orbat_report::Certainty::default(),
                    attributed_to: None,
                };
                if let Some(mut event) = merge_event(&mut claims.events, event, &a.entities) {
                    event.certainty = assess().0;
                    event.attributed_to = assess().1.clone();
                    claims.events.push(event);
                }
            }
        }
        view.update(&mut refs, new_paragraph);
        let _ = knowledge;
    }
    for (i, e) in claims.events.iter_mut().enumerate() {
        e.id = format!("v{}", i + 1);
    }
    claims
}

/// "PMF brigades under its command: 45th, 46th": each numbered unit is a member of
/// the actor named right before its unit noun.
fn unit_parents(a: &Analysis, units: &[usize], view: &SentenceView) -> Vec<relations::Found> {
    let text = a.doc.text.as_str();
    let mut out = Vec::new();
    for &i in units {
        let m = &a.mentions[i];
        let (Some(noun), Some(unit)) = (m.unit_noun, a.entity_of[i]) else {
            continue;
        };
        // The list of ordinals this one belongs to starts at the first with the same noun.
        let list_start = units
            .iter()
            .map(|&o| &a.mentions[o])
            .filter(|o| o.unit_noun == Some(noun))
            .map(|o| o.start)
            .min()
            .unwrap_or(m.start);
        let is_unit = |p: &(usize, usize, usize)| units.iter().any(|&o| a.mentions[o].start == p.0);
        let parent = view
            .mentions
            .iter()
            .filter(|p| !is_unit(p) && view.entity(p.2).etype.is_actor())
            .find(|p| {
                (p.1 <= noun && text[p.1..noun].trim().is_empty())
                    || (p.1 <= list_start
                        && matches!(
                            text[p.1..list_start].trim(),
                            "'s" | "’s" | "'s the" | "of the" | "of"
                        ))
            });
        if let Some(&(_, _, p)) = parent {
            out.push(relations::Found {
                subject: unit,
                predicate: orbat_report::Predicate::MemberOf,
                object: p,
                cue: (m.start, m.end),
            });
        }
    }
    out
}

/// Subjects of place relations are actors; objects of actor relations are actors.
fn type_fits(entities: &[Draft], s: usize, p: orbat_report::Predicate, o: usize) -> bool {
    let (st, ot) = (entities[s].etype, entities[o].etype);
    if !st.is_actor() {
        return false;
    }
    if p.takes_place_object() {
        return matches!(
            ot,
            EntityType::Location | EntityType::Facility | EntityType::State
        );
    }
    // One commands a formation, not a person; a group commands only armed units.
    if p == orbat_report::Predicate::Commands {
        let armed = |t: EntityType| matches!(t, EntityType::ArmedGroup | EntityType::StateForce);
        return ot != EntityType::Person && (st == EntityType::Person || armed(st) && armed(ot));
    }
    if p == orbat_report::Predicate::DesignatedTerroristBy {
        return ot == EntityType::State && st != EntityType::State;
    }
    ot.is_actor()
}

/// A date that can place an event: not "since 2021" (a duration) nor "the 2018 settlement" (a name).
fn is_event_date(d: &DateMention) -> bool {
    !d.attributive
        && !matches!(
            d.preposition.as_deref(),
            Some("since" | "until" | "till" | "from" | "by")
        )
}

/// The day a report is about: the first full date of its lead ("on Tuesday"), if any.
fn story_date<'d>(doc: &orbat_text::Document, dates: &'d [DateMention]) -> Option<&'d DateMention> {
    let lead_end = doc
        .sentences
        .iter()
        .filter(|s| s.paragraph <= 1)
        .map(|s| s.end)
        .max()
        .unwrap_or(0);
    dates.iter().find(|d| {
        d.end <= lead_end
            && d.precision == Some(crate::mentions::dates::DatePrecision::Day)
            && is_event_date(d)
    })
}

fn dates_agree(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.starts_with(b.as_str()) || b.starts_with(a.as_str()),
        _ => true,
    }
}

/// One event per happening: a repeat of the same type at the same place on an
/// agreeing date merges into the first; a repeat with no place ("the arrests
/// come amid ...") merges into the latest event of its type; a placeless event
/// that repeats nothing is too vague to keep.
///
/// Returns the event when it is a new happening, for the caller to add (with its
/// certainty, which a merged repeat does not need: `new.certainty` and
/// `new.attributed_to` are placeholders here and are never read).
fn merge_event(events: &mut [Event], new: Event, entities: &[Draft]) -> Option<Event> {
    // A repeat placed only in a country ("the U.S. strike ... Iraqi sovereignty") is the
    // same happening as an earlier one placed inside that country.
    let country_of = |id: &Option<String>| -> Option<(String, bool)> {
        let d = &entities[id
            .as_deref()?
            .trim_start_matches('e')
            .parse::<usize>()
            .ok()?
            - 1];
        Some((
            d.geo.as_ref()?.country.clone()?,
            d.etype == EntityType::State,
        ))
    };
    let inside = |e: &Event| match (country_of(&e.location), country_of(&new.location)) {
        (Some((a, a_state)), Some((b, b_state))) => a == b && (a_state || b_state),
        _ => false,
    };
    // Repeats of a happening are told near each other: looking back over the last
    // events only keeps a long log linear.
    const WINDOW: usize = 64;
    let from = events.len().saturating_sub(WINDOW);
    let target = if new.location.is_some() {
        events[from..]
            .iter()
            .position(|e| {
                e.event_type == new.event_type
                    && (e.location == new.location || inside(e))
                    && dates_agree(&e.date, &new.date)
            })
            .map(|i| from + i)
    } else {
        events[from..]
            .iter()
            .rposition(|e| e.event_type == new.event_type && dates_agree(&e.date, &new.date))
            .map(|i| from + i)
    };
    if target.is_none() && new.location.is_none() {
        return None;
    }
    if let Some(old) = target.map(|i| &mut events[i]) {
        if old.date.is_none() {
            old.date = new.date.clone();
            old.date_precision = new.date_precision.clone();
            old.date_text = new.date_text.clone();
        }
        for a in new.actors {
            if !old.actors.contains(&a) {
                old.actors.push(a);
            }
        }
        for t in new.targets {
            if !old.targets.contains(&t) {
                old.targets.push(t);
            }
        }
        old.fatalities = old.fatalities.max(new.fatalities);
        return None;
    }
    Some(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search `may_hold_figures` made before it tried word starts only: every
    /// occurrence of every number word, then the letters around it.
    fn may_hold_figures_by_overlapping_search(
        words: &aho_corasick::AhoCorasick,
        sentence: &str,
    ) -> bool {
        if sentence.bytes().any(|b| b.is_ascii_digit()) {
            return true;
        }
        let bytes = sentence.as_bytes();
        words.find_overlapping_iter(sentence).any(|m| {
            let before = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphabetic();
            let after = m.end() == bytes.len()
                || !bytes[m.end()].is_ascii_alphabetic()
                || bytes[m.end()] == b's';
            before && after
        })
    }

    #[test]
    fn word_starts_find_what_an_overlapping_search_finds() {
        let cues = ClaimCues::embedded().unwrap();
        let words = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(number_word_list().unwrap())
            .unwrap();
        let pieces = [
            "often",
            "Ten",
            "tens",
            "tenth",
            "a",
            "A",
            " ",
            "-",
            "dozen",
            "dozens",
            "of",
            "thousands",
            "half",
            "é",
            "x",
            "s",
            "Several",
            "few",
            "ninety",
            "ninetyfold",
            ",",
            "hundreds",
            "twentieth",
            "one",
            "none",
            "bone",
            "Once",
            "millions",
            "7",
            "_",
        ];
        let mut rng = crate::test_rng::Lcg(5);
        for _ in 0..20_000 {
            let sentence: String = (0..1 + rng.top_bits(3))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect();
            assert_eq!(
                cues.may_hold_figures(&sentence),
                may_hold_figures_by_overlapping_search(&words, &sentence),
                "{sentence:?}"
            );
        }
        let example = include_str!("../../../../data/examples/01-albukamal-deployments.txt");
        for sentence in example.split(". ") {
            assert_eq!(
                cues.may_hold_figures(sentence),
                may_hold_figures_by_overlapping_search(&words, sentence),
                "{sentence:?}"
            );
        }
    }

    #[test]
    fn the_article_alone_does_not_send_a_sentence_to_the_figure_reader() {
        let cues = ClaimCues::embedded().unwrap();
        // "a" is a number only before a scale or "dozen" ("a dozen strikes"): the
        // gate keys on those words, not on the article of "a few".
        assert!(!cues.may_hold_figures("A convoy left the base at dawn."));
        for sentence in [
            "A dozen strikes hit the depot.",
            "A few fighters stayed behind.",
            "A handful of officers defected.",
            "A couple of drones were downed.",
            "A hundred men joined.",
        ] {
            assert!(cues.may_hold_figures(sentence), "{sentence}");
        }
    }
}
