//! Events in the ACLED taxonomy from trigger phrases (`data/lexicons/events.toml`),
//! with actors, targets, place, date and fatalities taken from the sentence.

use super::context::SentenceView;
use super::phrases::{self, phrase_pattern};
use crate::ExtractError;
use orbat_report::EntityType;
use regex::Regex;
use serde::Deserialize;

const EVENTS_TOML: &str = include_str!("../../../../data/lexicons/events.toml");

#[derive(Deserialize)]
struct EventEntry {
    #[serde(rename = "type")]
    event_type: String,
    sub_type: String,
    triggers: Vec<String>,
}

#[derive(Deserialize)]
struct Aggregate {
    before: Vec<String>,
    after: Vec<String>,
    cumulative: Vec<String>,
}

#[derive(Deserialize)]
struct EventsFile {
    event: Vec<EventEntry>,
    aggregate: Aggregate,
}

/// One compiled event class.
pub struct EventClass {
    /// ACLED event type.
    pub event_type: String,
    /// ACLED sub-event type.
    pub sub_type: String,
}

/// The compiled triggers.
pub struct EventTriggers {
    classes: Vec<EventClass>,
    /// Each class's triggers as one pattern (see [`phrase_pattern`]), in class order;
    /// the claim stage searches them together with the relation cues.
    pub patterns: Vec<String>,
    before: Regex,
    after: Regex,
    cumulative: Regex,
}

fn data_error(message: String) -> ExtractError {
    ExtractError::data("data/lexicons/events.toml", message)
}

impl EventTriggers {
    /// Loads the embedded triggers.
    pub fn embedded() -> Result<Self, ExtractError> {
        let f: EventsFile = crate::parse_data_file("data/lexicons/events.toml", EVENTS_TOML)?;
        let mut classes = Vec::new();
        let mut trigger_patterns = Vec::new();
        for e in f.event {
            classes.push(EventClass {
                event_type: e.event_type,
                sub_type: e.sub_type,
            });
            let pattern = phrase_pattern(&e.triggers);
            phrases::check(&pattern).map_err(data_error)?;
            trigger_patterns.push(pattern);
        }
        let compile = |p: String| Regex::new(&p).map_err(|e| data_error(e.to_string()));
        Ok(EventTriggers {
            classes,
            patterns: trigger_patterns,
            before: compile(format!(
                r"(?i)(?-u:\b)(?:{})\s+(?:\w+\s+){{0,2}}$",
                f.aggregate.before.join("|")
            ))?,
            after: compile(format!(r"(?i)^\s*(?:{})", f.aggregate.after.join("|")))?,
            cumulative: compile(format!(
                r"(?i)(?-u:\b)(?:{})(?-u:\b)",
                f.aggregate.cumulative.join("|")
            ))?,
        })
    }

    /// Whether the trigger at `start..end` of `sentence` counts many happenings
    /// ("hundreds of airstrikes", "strikes have killed 2,600 since October").
    /// A count with a day ("21 air strikes overnight on Thursday") is still one night's raid.
    fn is_aggregate(&self, sentence: &str, start: usize, end: usize, dated_day: bool) -> bool {
        let trigger = &sentence[start..end];
        let plural = trigger.trim_end().ends_with('s') && !trigger.ends_with("ss");
        // Cheapest first: the day is known, the look-behind search is the costliest.
        self.after.is_match(&sentence[end..])
            || plural
                && (self.cumulative.is_match(sentence)
                    || !dated_day && self.before.is_match(&sentence[..start]))
    }
}

/// An event found in one sentence (entity indices, byte offsets).
#[derive(Debug, Clone)]
pub struct Found {
    /// ACLED type.
    pub event_type: String,
    /// ACLED sub-type.
    pub sub_type: String,
    /// Byte span of the trigger.
    pub trigger: (usize, usize),
    /// Place entities: one event per place of a list ("in Sanaa and in Saada").
    pub locations: Vec<usize>,
    /// Acting side.
    pub actors: Vec<usize>,
    /// Side acted on.
    pub targets: Vec<usize>,
}

/// The events of one sentence: at most one per class, the first trigger of each.
/// `trigger_matches` are (start, end, class) in the sentence's bytes (see
/// [`EventTriggers::patterns`]); `dated_day` says the sentence gives a day;
/// `negated` reads the words before a trigger.
pub fn find(
    triggers: &EventTriggers,
    view: &SentenceView,
    trigger_matches: &[(usize, usize, usize)],
    dated_day: bool,
    negated: &dyn Fn(&str) -> bool,
) -> Vec<Found> {
    let text = view.text();
    let mut out: Vec<Found> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for &(ms, me, k) in trigger_matches {
        let class = &triggers.classes[k];
        let (ts, te) = (view.start + ms, view.start + me);
        if taken.iter().any(|&(s, e)| ts < e && s < te) || view.inside_mention(ts, te) {
            continue;
        }
        // "hundreds of strikes", "15 attacks": a count, not one event.
        if triggers.is_aggregate(text, ms, me, dated_day) {
            continue;
        }
        // "the SDF did not shell the town": no event.
        let window_start = text[..ms]
            .char_indices()
            .rev()
            .filter(|(_, c)| c.is_whitespace())
            .nth(2)
            .map(|(i, _)| i)
            .unwrap_or(0);
        if negated(&text[window_start..ms]) {
            continue;
        }
        taken.push((ts, te));
        if out.iter().any(|f| f.event_type == class.event_type) {
            continue;
        }
        let mut actors = view.actors_around(ts, true);
        let mut targets = view.actors_around(te, false);
        // "depots that were most likely targeted by Saudi drones": the agent follows "by".
        if let Some(agent) = view.passive_agent(ts, te) {
            targets = actors;
            actors = vec![agent];
        } else if text[me..].trim_start().starts_with("between") && targets.len() == 2 {
            // "clashes between the SDF and the SNA": one side each.
            actors = vec![targets[0]];
            targets = vec![targets[1]];
        }
        let (event_type, sub_type) = reclassify(view, class, &targets);
        out.push(Found {
            event_type,
            sub_type,
            trigger: (ts, te),
            locations: match best_place(view, ts) {
                // "the road between X and Y" is one place of the event, not two events.
                Some(k) if view.between_before(k) => vec![view.mentions[k].2],
                Some(k) => view.place_list(k),
                None => view.place_shell().into_iter().collect(),
            },
            actors,
            targets,
        });
    }
    out
}

/// An attack on armed men is a clash, not violence against civilians (ACLED's rule).
fn reclassify(view: &SentenceView, class: &EventClass, targets: &[usize]) -> (String, String) {
    let armed_target = targets.first().is_some_and(|&t| {
        matches!(
            view.entity(t).etype,
            EntityType::ArmedGroup | EntityType::StateForce
        )
    });
    // Read only for the one class it can change.
    let armed_post = || {
        // An ASCII sentence lower-cases byte for byte, as the view already has it.
        let text = view.text();
        let lower: std::borrow::Cow<str> = if text.is_ascii() {
            view.lower().into()
        } else {
            text.to_lowercase().into()
        };
        [
            "checkpoint",
            "patrol",
            "position",
            "convoy",
            "barracks",
            "outpost",
            "soldiers",
            "fighters",
        ]
        .iter()
        .any(|w| lower.contains(w))
    };
    if class.event_type == "Violence against civilians"
        && class.sub_type == "Attack"
        && (armed_target || armed_post())
    {
        return ("Battles".into(), "Armed clash".into());
    }
    (class.event_type.clone(), class.sub_type.clone())
}

/// The mention of the most specific place of the sentence, nearest to the trigger on its right first.
fn best_place(view: &SentenceView, trigger: usize) -> Option<usize> {
    let rank = |ent: usize| match view.entity(ent).etype {
        EntityType::Facility => 0,
        EntityType::Location => match view
            .entity(ent)
            .geo
            .as_ref()
            .and_then(|g| g.precision.as_deref())
        {
            Some("admin1") | Some("region") => 2,
            _ => 1,
        },
        EntityType::State => 3,
        _ => 9,
    };
    view.mentions
        .iter()
        .enumerate()
        // A country counts as the place only where the text puts it in a place slot
        // ("in Syria"), not as an adjective ("Iranian targets").
        .filter(|(_, m)| rank(m.2) < 9 && (rank(m.2) < 3 || view.is_place_here(m)))
        .min_by_key(|(_, m)| (rank(m.2), m.0 < trigger, m.0.abs_diff(trigger)))
        .map(|(k, _)| k)
}
