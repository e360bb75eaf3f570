//! Time expressions: "3 January 2020", "January 3, 2020", "2024-01-28", "in
//! June 2023", "since 2014", "on 2 February", "last Tuesday", "Monday's
//! attack", "earlier this month", "in July of this year", "two days later".
//!
//! Dates are returned in the contract's forms: `YYYY-MM-DD` (day and week
//! precision), `YYYY-MM` (month) and `YYYY` (year). A week is given by the
//! date of its Monday ("last week" when published on Wednesday 2019-09-25 is
//! `2019-09-16`, precision week).
//!
//! How relative expressions are resolved:
//! - against the publication date: "today", "yesterday", weekdays ("on
//!   Monday", "Monday's", "early on Monday": the most recent such day on or
//!   before it; "last Tuesday": the most recent one strictly before it),
//!   "this/last/next week|month|year", "earlier this month", "in July of this
//!   year", "in August last year", "two weeks ago";
//! - a day and month without a year ("on 2 February") take the publication
//!   year, or the year before when that would put them more than 60 days after
//!   publication; a month without a year ("in October") takes the latest such
//!   month not after the publication month;
//! - against the previous day-precise date of the same text (the anchor):
//!   "the next day", "the following week", "two days later", "hours later";
//!   "N days after <event>" dates the event N days *before* the anchor ("on 8
//!   October, a day after the attack" puts the attack on 7 October);
//!   "overnight" takes the anchor of its own sentence, else the publication
//!   date. Dates after "since", "until", "by", ... never become anchors.
//!
//! Without a publication date relative expressions keep their text and have
//! no date. Decades ("the 1980s") are not returned. Words live in
//! `data/lexicons/dates.toml`.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::sync::LazyLock;

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::Deserialize;

use super::numbers::{
    phrase_tokens, small_word_value, tokenize, PhraseList, Tok, TokKind, WordSet,
};

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// A given day.
    Day,
    /// A week, given by its Monday.
    Week,
    /// A month.
    Month,
    /// A year.
    Year,
}

impl DatePrecision {
    /// The contract's spelling: "day", "week", "month", "year".
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// A time expression found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The words, e.g. "Last Tuesday".
    pub text: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; None when it cannot be resolved.
    pub date: Option<String>,
    /// Precision of `date`; None with it.
    pub precision: Option<DatePrecision>,
    /// The preposition right before it, lower-cased: "since", "until", "by",
    /// "as of", "from", "before", "after", "in", "on", "during", ... A date
    /// after "since" or "until" bounds a state of affairs rather than dating
    /// an event.
    pub preposition: Option<String>,
    /// A year used as an adjective: "the 2018 settlement", "a 2016 law". It
    /// names an earlier event rather than dating the sentence.
    pub attributive: bool,
}

/// Finds the dates of `s` (a sentence or a whole text). Relative dates are
/// resolved against `published` and against earlier dates of `s` itself.
pub fn find_dates(s: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    scan_tokens(s, &tokenize(s), published, published)
}

/// Finds the dates of a whole text, carrying the anchor for "two days later",
/// "the next day", "the following week" across sentences. When `published` is
/// unknown, a day and month without a year ("since September 23") take their
/// year from the latest full date written in the text; weekdays and other
/// relative words stay unresolved.
pub fn find_dates_in_text(text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    find_dates_in_tokens(text, &tokenize(text), published)
}

/// [`find_dates_in_text`] over the tokens of `text` (see [`tokenize`]), made
/// once for both passes.
pub(crate) fn find_dates_in_tokens(
    text: &str,
    toks: &[Tok],
    published: Option<NaiveDate>,
) -> Vec<DateMention> {
    if published.is_some() {
        return scan_tokens(text, toks, published, published);
    }
    let first = scan_tokens(text, toks, None, None);
    let latest = first
        .iter()
        .filter(|d| d.precision == Some(DatePrecision::Day))
        .filter_map(|d| {
            d.date
                .as_deref()
                .and_then(|x| NaiveDate::parse_from_str(x, "%Y-%m-%d").ok())
        })
        .max();
    match latest {
        Some(r) => scan_tokens(text, toks, None, Some(r)),
        None => first,
    }
}

// ------------------------------------------------------------------ lexicon

#[derive(Deserialize)]
struct RawLexicon {
    months: HashMap<String, u32>,
    weekdays: HashMap<String, u32>,
    weekday_prefixes: RawWeekdayPrefixes,
    month_year_suffixes: HashMap<String, i32>,
    weekday_week_suffixes: HashMap<String, i64>,
    relative_days: HashMap<String, i64>,
    relative_periods: HashMap<String, (String, i64)>,
    anchor_phrases: HashMap<String, (String, i64)>,
    counted: RawCounted,
    context: RawContext,
}

#[derive(Deserialize)]
struct RawContext {
    ambiguous_months: Vec<String>,
    full_short_months: Vec<String>,
    weekday_suffixes: Vec<String>,
    month_prefixes: Vec<String>,
    year_prefixes: Vec<String>,
    non_anchor_prefixes: Vec<String>,
    prepositions: Vec<String>,
    determiners: Vec<String>,
    stop_after_year: Vec<String>,
    time_suffixes: Vec<String>,
}

#[derive(Deserialize)]
struct RawWeekdayPrefixes {
    last: Vec<String>,
    next: Vec<String>,
    plain: Vec<String>,
}

#[derive(Deserialize)]
struct RawCounted {
    units: HashMap<String, String>,
    later: Vec<String>,
    earlier: Vec<String>,
    event_after: Vec<String>,
    event_before: Vec<String>,
    ago: Vec<String>,
    one: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
    Overnight,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WeekdayRule {
    OnOrBefore,
    Before,
    After,
}

/// What a phrase of `relative_phrases` dates, by the list it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relative {
    /// A day relative to the publication date ("yesterday"): the offset in days.
    Day(i64),
    /// A period relative to the publication date ("last week").
    Period(Unit, i64),
    /// A period relative to the previous date ("the next day").
    Anchor(Unit, i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Later,
    Earlier,
    EventAfter,
    EventBefore,
    Ago,
}

struct Lexicon {
    months: HashMap<String, u32>,
    ambiguous: HashSet<String>,
    full_short_months: HashSet<String>,
    weekdays: HashMap<String, u32>,
    weekday_prefixes: PhraseList<WeekdayRule>,
    weekday_suffixes: HashSet<String>,
    weekday_week_suffixes: PhraseList<i64>,
    month_prefixes: PhraseList<()>,
    year_prefixes: PhraseList<()>,
    non_anchor: PhraseList<()>,
    prepositions: PhraseList<()>,
    determiners: HashSet<String>,
    stop_after_year: HashSet<String>,
    month_year_suffixes: PhraseList<i32>,
    /// The relative-day, relative-period and anchor phrases in one list, in
    /// that order (each part longest first): its first match at a token is
    /// the one the three lists tried in turn would give, for one lookup.
    relative_phrases: PhraseList<Relative>,
    units: HashMap<String, Unit>,
    directions: HashMap<String, Direction>,
    one: HashSet<String>,
    time_suffixes: HashSet<String>,
    /// Lower-case words that can open a date other than a number or a
    /// capitalised month or weekday: first words of the relative phrases,
    /// "one"/"a" and the small number words of "two days later".
    date_starts: WordSet,
    /// Month and weekday names, lower-cased, bare and possessive ("monday's"):
    /// the lower-cased words [`month_at`] and [`weekday_at`] can accept.
    month_and_weekday_words: WordSet,
    /// First words of the relative-day, relative-period and anchor phrases.
    phrase_starts: WordSet,
    /// The keys of `units`: a cheap test rejects nearly every word after a
    /// number before the hash lookup.
    unit_words: WordSet,
}

/// Whether `word`, as written, names a month ("Nov", "November", "Sept.").
pub(crate) fn is_month_word(word: &str) -> bool {
    LEX.months.contains_key(word.trim_end_matches('.'))
}

/// What [`try_at`] may find at a token; necessary conditions only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// Nothing: no date starts here.
    Nothing,
    /// Only a month or a weekday: a capitalised word outside `date_starts`
    /// that lower-cased is a month or weekday name (the others never are).
    MonthOrWeekday,
    /// Anything: a number or a word of `date_starts`.
    Any,
}

fn opening(t: &Tok, lex: &Lexicon) -> Opening {
    match t.kind {
        TokKind::Num => Opening::Any,
        TokKind::Word if lex.date_starts.contains(t.lower.as_str()) => Opening::Any,
        TokKind::Word if t.cap && lex.month_and_weekday_words.contains(&t.lower) => {
            Opening::MonthOrWeekday
        }
        _ => Opening::Nothing,
    }
}

fn unit_of(s: &str) -> Unit {
    match s {
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        "overnight" => Unit::Overnight,
        _ => Unit::Day,
    }
}

fn longest_first<T>(mut v: Vec<(Vec<String>, T)>) -> PhraseList<T> {
    v.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    PhraseList::new(v)
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lex = build_lexicon();
    let phrase_starts: Vec<String> = lex
        .relative_phrases
        .iter()
        .filter_map(|(p, _)| p.first().cloned())
        .collect();
    lex.month_and_weekday_words = lex
        .months
        .keys()
        .chain(lex.weekdays.keys())
        .map(|w| w.to_lowercase())
        .flat_map(|w| [format!("{w}'s"), format!("{w}’s"), w])
        .collect();
    lex.date_starts = phrase_starts
        .iter()
        .cloned()
        .chain(lex.one.iter().cloned())
        .chain(super::numbers::small_number_words())
        .collect();
    lex.phrase_starts = phrase_starts.into_iter().collect();
    lex.unit_words = lex.units.keys().cloned().collect();
    lex
});

fn build_lexicon() -> Lexicon {
    let raw: RawLexicon = toml::from_str(include_str!("../../../../data/lexicons/dates.toml"))
        .expect("data/lexicons/dates.toml is valid");
    let toks = |v: &[String]| -> PhraseList<()> {
        let mut out: Vec<Vec<String>> = v.iter().map(|p| phrase_tokens(p)).collect();
        out.sort_by_key(|p| std::cmp::Reverse(p.len()));
        PhraseList::plain(out)
    };
    let mut weekday_prefixes = Vec::new();
    for (list, rule) in [
        (&raw.weekday_prefixes.last, WeekdayRule::Before),
        (&raw.weekday_prefixes.next, WeekdayRule::After),
        (&raw.weekday_prefixes.plain, WeekdayRule::OnOrBefore),
    ] {
        for p in list {
            weekday_prefixes.push((phrase_tokens(p), rule));
        }
    }
    let mut directions = HashMap::new();
    for (list, d) in [
        (&raw.counted.later, Direction::Later),
        (&raw.counted.earlier, Direction::Earlier),
        (&raw.counted.event_after, Direction::EventAfter),
        (&raw.counted.event_before, Direction::EventBefore),
        (&raw.counted.ago, Direction::Ago),
    ] {
        for w in list {
            directions.insert(w.to_lowercase(), d);
        }
    }
    // Each part longest first, the parts in the order they are tried.
    let longest_first_part = |mut v: Vec<(Vec<String>, Relative)>| {
        v.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        v
    };
    let periods = |m: &HashMap<String, (String, i64)>, relative: fn(Unit, i64) -> Relative| {
        longest_first_part(
            m.iter()
                .map(|(p, (u, o))| (phrase_tokens(p), relative(unit_of(u), *o)))
                .collect(),
        )
    };
    let mut relative_phrases = longest_first_part(
        raw.relative_days
            .iter()
            .map(|(p, o)| (phrase_tokens(p), Relative::Day(*o)))
            .collect(),
    );
    relative_phrases.extend(periods(&raw.relative_periods, Relative::Period));
    relative_phrases.extend(periods(&raw.anchor_phrases, Relative::Anchor));
    Lexicon {
        months: raw.months,
        ambiguous: raw.context.ambiguous_months.into_iter().collect(),
        full_short_months: raw
            .context
            .full_short_months
            .iter()
            .map(|m| m.to_lowercase())
            .collect(),
        weekdays: raw.weekdays,
        weekday_prefixes: longest_first(weekday_prefixes),
        weekday_suffixes: raw.context.weekday_suffixes.into_iter().collect(),
        weekday_week_suffixes: longest_first(
            raw.weekday_week_suffixes
                .iter()
                .map(|(p, o)| (phrase_tokens(p), *o))
                .collect(),
        ),
        month_prefixes: toks(&raw.context.month_prefixes),
        year_prefixes: toks(&raw.context.year_prefixes),
        non_anchor: toks(&raw.context.non_anchor_prefixes),
        prepositions: toks(&raw.context.prepositions),
        determiners: raw
            .context
            .determiners
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
        stop_after_year: raw
            .context
            .stop_after_year
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
        month_year_suffixes: longest_first(
            raw.month_year_suffixes
                .iter()
                .map(|(p, o)| (phrase_tokens(p), *o))
                .collect(),
        ),
        relative_phrases: PhraseList::new(relative_phrases),
        units: raw
            .counted
            .units
            .iter()
            .map(|(k, v)| (k.to_lowercase(), unit_of(v)))
            .collect(),
        directions,
        one: raw.counted.one.iter().map(|w| w.to_lowercase()).collect(),
        time_suffixes: raw
            .context
            .time_suffixes
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
        date_starts: WordSet::from_iter([]),
        month_and_weekday_words: WordSet::from_iter([]),
        phrase_starts: WordSet::from_iter([]),
        unit_words: WordSet::from_iter([]),
    }
}

// ----------------------------------------------------------------- helpers

/// The original (case-kept) text of a token.
fn orig<'a>(s: &'a str, t: &Tok) -> &'a str {
    &s[t.start..t.end]
}

fn month_at(s: &str, toks: &[Tok], k: usize, lex: &Lexicon) -> Option<u32> {
    let t = toks.get(k)?;
    if t.kind != TokKind::Word || !t.cap {
        return None;
    }
    let w = orig(s, t);
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w);
    lex.months.get(w).copied().or_else(|| {
        // "AUGUST" in a dateline.
        if !(w.len() > 3 && w.chars().all(|ch| ch.is_uppercase())) {
            return None;
        }
        let mut c = w.to_lowercase();
        if let Some(f) = c.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
        lex.months.get(&c).copied()
    })
}

fn month_end(toks: &[Tok], k: usize, lex: &Lexicon) -> usize {
    // "Aug." keeps its dot; "in May." ends a sentence.
    let abbreviation =
        toks[k].lower.len() <= 4 && !lex.full_short_months.contains(toks[k].lower.as_str());
    if abbreviation
        && toks
            .get(k + 1)
            .is_some_and(|t| t.lower == "." && !t.space_before)
    {
        k + 2
    } else {
        k + 1
    }
}

fn weekday_at(s: &str, toks: &[Tok], k: usize, lex: &Lexicon) -> Option<u32> {
    let t = toks.get(k)?;
    if t.kind != TokKind::Word || !t.cap {
        return None;
    }
    let w = orig(s, t);
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w);
    // Short forms only with a dot or a day: avoid "Sun" and "Sat" as words.
    let v = lex.weekdays.get(w).copied()?;
    if w.len() <= 4 && toks.get(k + 1).is_none_or(|n| n.lower != ".") {
        return None;
    }
    Some(v)
}

fn num_value(t: &Tok) -> Option<u32> {
    (t.kind == TokKind::Num && t.lower.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.lower.parse().ok())
        .flatten()
}

fn day_at(toks: &[Tok], k: usize) -> Option<(u32, usize)> {
    let t = toks.get(k)?;
    if t.lower.len() > 2 {
        return None;
    }
    let d = num_value(t)?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let mut e = k + 1;
    if let Some(n) = toks.get(e) {
        if !n.space_before && matches!(n.lower.as_str(), "st" | "nd" | "rd" | "th") {
            e += 1;
        }
    }
    // A glued letter or digit after makes it something else ("3km", "4x4").
    if let Some(n) = toks.get(e) {
        if !n.space_before && (n.kind == TokKind::Word || n.kind == TokKind::Num) {
            return None;
        }
    }
    if k > 0 && !t.space_before && matches!(toks[k - 1].kind, TokKind::Word | TokKind::Num) {
        return None;
    }
    Some((d, e))
}

fn year_at(toks: &[Tok], k: usize) -> Option<i32> {
    let t = toks.get(k)?;
    if t.lower.len() != 4 {
        return None;
    }
    let y = num_value(t)?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    if let Some(n) = toks.get(k + 1) {
        if !n.space_before && (n.kind == TokKind::Word || n.kind == TokKind::Num) {
            return None;
        }
    }
    Some(y as i32)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let first = d.with_day(1)?;
    if n >= 0 {
        first.checked_add_months(Months::new(n as u32))
    } else {
        first.checked_sub_months(Months::new((-n) as u32))
    }
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

fn shift(d: NaiveDate, unit: Unit, n: i64) -> Option<(NaiveDate, DatePrecision)> {
    match unit {
        Unit::Day | Unit::Overnight => Some((
            d.checked_add_signed(Duration::try_days(n)?)?,
            DatePrecision::Day,
        )),
        Unit::Week => Some((
            monday_of(d.checked_add_signed(Duration::try_days(n.checked_mul(7)?)?)?),
            DatePrecision::Week,
        )),
        Unit::Month => Some((add_months(d, n)?, DatePrecision::Month)),
        Unit::Year => Some((
            ymd(d.year().checked_add(i32::try_from(n).ok()?)?, 1, 1)?,
            DatePrecision::Year,
        )),
    }
}

fn format(d: NaiveDate, p: DatePrecision) -> String {
    // Years of four digits (all but absurd shifts) need no format string:
    // the same text as chrono's "%Y-%m-%d", "%Y-%m" and "%Y" give.
    if (0..=9999).contains(&d.year()) {
        // Digits pushed by hand: `format!` costs about ten times as much.
        let push_digits = |out: &mut String, value: u32, width: u32| {
            for place in (0..width).rev() {
                let digit = value / 10u32.pow(place) % 10;
                out.push(char::from(b'0' + digit as u8));
            }
        };
        let mut out = String::with_capacity(10);
        push_digits(&mut out, d.year() as u32, 4);
        if p != DatePrecision::Year {
            out.push('-');
            push_digits(&mut out, d.month(), 2);
        }
        if matches!(p, DatePrecision::Day | DatePrecision::Week) {
            out.push('-');
            push_digits(&mut out, d.day(), 2);
        }
        return out;
    }
    match p {
        DatePrecision::Day | DatePrecision::Week => d.format("%Y-%m-%d").to_string(),
        DatePrecision::Month => d.format("%Y-%m").to_string(),
        DatePrecision::Year => d.format("%Y").to_string(),
    }
}

/// Year for a day and month written without one.
fn infer_year(m: u32, d: u32, reference: Option<NaiveDate>) -> Option<NaiveDate> {
    let r = reference?;
    let this = ymd(r.year(), m, d)?;
    if this > r + Duration::days(60) {
        ymd(r.year() - 1, m, d)
    } else {
        Some(this)
    }
}

/// Year for a month written without one: the latest such month not after the reference.
fn infer_month(m: u32, reference: Option<NaiveDate>) -> Option<NaiveDate> {
    let r = reference?;
    if m > r.month() {
        ymd(r.year() - 1, m, 1)
    } else {
        ymd(r.year(), m, 1)
    }
}

fn weekday_date(wd: u32, rule: WeekdayRule, reference: NaiveDate) -> NaiveDate {
    let cur = reference.weekday().num_days_from_monday() as i64;
    let back = (cur - wd as i64).rem_euclid(7);
    match rule {
        WeekdayRule::OnOrBefore => reference - Duration::days(back),
        WeekdayRule::Before => reference - Duration::days(if back == 0 { 7 } else { back }),
        WeekdayRule::After => {
            let fwd = (wd as i64 - cur).rem_euclid(7);
            reference + Duration::days(if fwd == 0 { 7 } else { fwd })
        }
    }
}

fn prefix_before(toks: &[Tok], k: usize, list: &PhraseList<()>) -> Option<usize> {
    list.first_before(toks, k)
}

/// Whether a sentence ends between byte offsets a and b.
fn sentence_break(s: &str, a: usize, b: usize) -> bool {
    let gap = &s[a.min(b)..b];
    let bytes = gap.as_bytes();
    bytes.iter().enumerate().any(|(i, c)| {
        (matches!(c, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_some_and(|n| n.is_ascii_whitespace()))
            || *c == b'\n'
    })
}

// -------------------------------------------------------------------- scan

struct Found {
    first: usize,
    last: usize,
    date: Option<(NaiveDate, DatePrecision)>,
    /// May serve as the anchor for later relative dates.
    anchor: bool,
}

struct Ctx<'a> {
    s: &'a str,
    toks: &'a [Tok],
    published: Option<NaiveDate>,
    year_ref: Option<NaiveDate>,
    anchor: Option<(NaiveDate, usize)>,
}

/// Byte spans of the dates of `s`, from its tokens (see [`tokenize`]).
pub(crate) fn date_spans(s: &str, toks: &[Tok]) -> Vec<(usize, usize)> {
    scan_tokens(s, toks, None, None)
        .into_iter()
        .map(|d| (d.start, d.end))
        .collect()
}

fn scan_tokens(
    s: &str,
    toks: &[Tok],
    published: Option<NaiveDate>,
    year_ref: Option<NaiveDate>,
) -> Vec<DateMention> {
    let lex = &*LEX;
    let mut ctx = Ctx {
        s,
        toks,
        published,
        year_ref,
        anchor: None,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let opens = opening(&toks[i], lex);
        if opens == Opening::Nothing {
            i += 1;
            continue;
        }
        let Some(mut f) = try_at(&ctx, i, opens, lex) else {
            i += 1;
            continue;
        };
        // Modifiers that belong to the expression: "early September", "mid-2014".
        if f.first > 0 {
            let p = &toks[f.first - 1];
            if matches!(p.lower.as_str(), "early" | "late" | "mid" | "mid-") {
                f.first -= 1;
            } else if p.lower == "-"
                && f.first > 1
                && toks[f.first - 2].lower == "mid"
                && !p.space_before
            {
                f.first -= 2;
            }
        }
        if f.anchor && prefix_before(toks, f.first, &lex.non_anchor).is_some() {
            f.anchor = false;
        }
        if let Some((d, DatePrecision::Day)) = f.date {
            if f.anchor {
                ctx.anchor = Some((d, toks[f.last - 1].end));
            }
        }
        let (start, end) = (toks[f.first].start, toks[f.last - 1].end);
        let preposition = lex
            .prepositions
            .matching_before(toks, f.first)
            .next()
            .map(|((p, _), _)| p.join(" "));
        let attributive = f.date.is_some_and(|(_, p)| p == DatePrecision::Year)
            && f.last == f.first + 1
            && f.first > 0
            && lex.determiners.contains(toks[f.first - 1].lower.as_str())
            && toks.get(f.last).is_some_and(|n| {
                n.kind == TokKind::Word && !n.cap && !lex.stop_after_year.contains(n.lower.as_str())
            });
        out.push(DateMention {
            start,
            end,
            text: s[start..end].to_string(),
            date: f.date.map(|(d, p)| format(d, p)),
            precision: f.date.map(|(_, p)| p),
            preposition,
            attributive,
        });
        i = f.last.max(i + 1);
    }
    out
}

fn try_at(ctx: &Ctx, i: usize, opens: Opening, lex: &Lexicon) -> Option<Found> {
    let (s, toks) = (ctx.s, ctx.toks);
    let t = &toks[i];
    // ISO: 2024-01-28.
    if t.kind == TokKind::Num && t.lower.len() == 4 {
        let parts = (
            toks.get(i + 1),
            toks.get(i + 2),
            toks.get(i + 3),
            toks.get(i + 4),
        );
        if let (Some(a), Some(m), Some(b), Some(d)) = parts {
            if a.lower == "-"
                && b.lower == "-"
                && !a.space_before
                && !m.space_before
                && !b.space_before
                && !d.space_before
            {
                if let (Some(y), Some(mm), Some(dd)) = (num_value(t), num_value(m), num_value(d)) {
                    if let Some(date) = ymd(y as i32, mm, dd) {
                        return Some(Found {
                            first: i,
                            last: i + 5,
                            date: Some((date, DatePrecision::Day)),
                            anchor: true,
                        });
                    }
                }
            }
        }
    }
    // Day first: "3 January 2020", "28 Jan", "20 and 24 February", "12th of March".
    if let Some((d, mut e)) = day_at(toks, i) {
        let mut k = e;
        if let Some(c) = toks.get(k) {
            if matches!(c.lower.as_str(), "-" | "–" | "and" | "to") {
                if let Some((_, e2)) = day_at(toks, k + 1) {
                    k = e2;
                }
            }
        }
        if toks.get(k).is_some_and(|t| t.lower == "of") {
            k += 1;
        }
        if let Some(m) = month_at(s, toks, k, lex) {
            e = month_end(toks, k, lex);
            let mut k2 = e;
            if toks.get(k2).is_some_and(|t| t.lower == ",") {
                k2 += 1;
            }
            if let Some(y) = year_at(toks, k2) {
                let date = ymd(y, m, d);
                return Some(Found {
                    first: i,
                    last: k2 + 1,
                    date: date.map(|x| (x, DatePrecision::Day)),
                    anchor: true,
                });
            }
            let date = infer_year(m, d, ctx.year_ref);
            return Some(Found {
                first: i,
                last: e,
                date: date.map(|x| (x, DatePrecision::Day)),
                anchor: true,
            });
        }
    }
    // Month first: "January 3, 2020", "Aug 10", "September 23", "June 2023", "May".
    if let Some(m) = month_at(s, toks, i, lex) {
        let e = month_end(toks, i, lex);
        if let Some((d, e2)) = day_at(toks, e) {
            let mut last = e2;
            // "May 3-5"
            if toks
                .get(last)
                .is_some_and(|t| matches!(t.lower.as_str(), "-" | "–"))
            {
                if let Some((_, e3)) = day_at(toks, last + 1) {
                    last = e3;
                }
            }
            let mut k2 = last;
            if toks.get(k2).is_some_and(|t| t.lower == ",") {
                k2 += 1;
            }
            if let Some(y) = year_at(toks, k2) {
                let date = ymd(y, m, d);
                return Some(Found {
                    first: i,
                    last: k2 + 1,
                    date: date.map(|x| (x, DatePrecision::Day)),
                    anchor: true,
                });
            }
            let date = infer_year(m, d, ctx.year_ref);
            return Some(Found {
                first: i,
                last,
                date: date.map(|x| (x, DatePrecision::Day)),
                anchor: true,
            });
        }
        let mut k2 = e;
        if toks
            .get(k2)
            .is_some_and(|t| t.lower == "," || t.lower == "of")
        {
            k2 += 1;
        }
        if let Some(y) = year_at(toks, k2) {
            let date = ymd(y, m, 1);
            return Some(Found {
                first: i,
                last: k2 + 1,
                date: date.map(|x| (x, DatePrecision::Month)),
                anchor: false,
            });
        }
        // A month alone.
        let word = orig(s, t);
        let prefixed = prefix_before(toks, i, &lex.month_prefixes);
        let suffix = lex.month_year_suffixes.matching_at(toks, e).next();
        if lex.ambiguous.contains(word) && prefixed.is_none() && suffix.is_none() {
            return None;
        }
        let mut last = e;
        let mut first = i;
        let date;
        let reference = ctx.published.or(ctx.year_ref);
        if let Some((p, off)) = suffix {
            last = e + p.len();
            date = reference.and_then(|r| ymd(r.year() + off, m, 1));
        } else if let Some(pk) = prefixed {
            let pw = toks[pk].lower.as_str();
            if pw == "last" || pw == "next" || pw == "this" {
                first = pk;
                date = reference.and_then(|r| {
                    let y = match pw {
                        "last" if m >= r.month() => r.year() - 1,
                        "next" if m <= r.month() => r.year() + 1,
                        _ => r.year(),
                    };
                    ymd(y, m, 1)
                });
            } else {
                date = infer_month(m, reference);
            }
        } else {
            date = infer_month(m, reference);
        }
        return Some(Found {
            first,
            last,
            date: date.map(|x| (x, DatePrecision::Month)),
            anchor: false,
        });
    }
    // A year: "in 2013", "the 2018 settlement", "mid-2014".
    if let Some(y) = year_at(toks, i) {
        if let Some(n) = toks.get(i + 1) {
            if lex.time_suffixes.contains(n.lower.as_str()) {
                return None;
            }
        }
        if i > 0 {
            let p = &toks[i - 1];
            if p.kind == TokKind::Num || matches!(p.lower.as_str(), "$" | "€" | "£" | "+" | "#")
            {
                return None;
            }
        }
        let strong = i > 0
            && matches!(
                toks[i - 1].lower.as_str(),
                "in" | "since"
                    | "until"
                    | "till"
                    | "by"
                    | "during"
                    | "from"
                    | "before"
                    | "after"
                    | "throughout"
                    | "through"
                    | "of"
            );
        let plural_next = toks.get(i + 1).is_some_and(|n| {
            n.kind == TokKind::Word && !n.cap && n.lower.len() > 2 && n.lower.ends_with('s')
        });
        let prefixed = prefix_before(toks, i, &lex.year_prefixes).is_some();
        let at_edge = toks
            .get(i + 1)
            .is_none_or(|n| n.kind == TokKind::Punct || n.lower == "and" || n.lower == "to");
        if strong
            || (!plural_next
                && (prefixed
                    || at_edge
                    || toks.get(i + 1).is_some_and(|n| n.kind == TokKind::Word)))
        {
            return Some(Found {
                first: i,
                last: i + 1,
                date: ymd(y, 1, 1).map(|x| (x, DatePrecision::Year)),
                anchor: false,
            });
        }
        return None;
    }
    // Weekdays: "last Tuesday", "early on Monday", "Sunday night", "Monday's".
    if let Some(wd) = weekday_at(s, toks, i, lex) {
        let mut first = i;
        let mut rule = WeekdayRule::OnOrBefore;
        if let Some(((_, r), k)) = lex.weekday_prefixes.matching_before(toks, i).next() {
            first = k;
            rule = *r;
        }
        let mut last = i + 1;
        if toks.get(last).is_some_and(|n| n.lower == ".") && toks[i].lower.len() <= 4 {
            last += 1;
        }
        if toks
            .get(last)
            .is_some_and(|n| lex.weekday_suffixes.contains(n.lower.as_str()))
            && toks[i].base() == toks[i].lower.as_str()
        {
            last += 1;
        }
        let mut date = ctx
            .published
            .map(|r| (weekday_date(wd, rule, r), DatePrecision::Day));
        // "Thursday last week", "on Monday of last week".
        if let Some((p, weeks)) = lex.weekday_week_suffixes.matching_at(toks, last).next() {
            last += p.len();
            date = ctx.published.map(|r| {
                let monday = monday_of(r) + Duration::days(7 * weeks);
                (monday + Duration::days(wd as i64), DatePrecision::Day)
            });
        }
        return Some(Found {
            first,
            last,
            date,
            anchor: true,
        });
    }
    // Every phrase below opens with a number or a word of `date_starts`.
    if opens != Opening::Any {
        return None;
    }
    // The phrases open with a word of `phrase_starts`: most numbers and
    // number words skip their lookups.
    if lex.phrase_starts.contains(&t.lower) {
        if let Some((p, relative)) = lex.relative_phrases.matching_at(toks, i).next() {
            let last = i + p.len();
            return Some(match *relative {
                // Phrases relative to the publication date.
                Relative::Day(off) => Found {
                    first: i,
                    last,
                    date: ctx
                        .published
                        .map(|r| (r + Duration::days(off), DatePrecision::Day)),
                    anchor: true,
                },
                Relative::Period(unit, off) => Found {
                    first: i,
                    last,
                    date: ctx.published.and_then(|r| shift(r, unit, off)),
                    anchor: false,
                },
                // Phrases relative to the previous date.
                Relative::Anchor(unit, off) => {
                    let here = toks[i].start;
                    let date = if unit == Unit::Overnight {
                        match ctx.anchor {
                            Some((a, end)) if !sentence_break(s, end, here) => {
                                Some((a, DatePrecision::Day))
                            }
                            _ => ctx.published.map(|r| (r, DatePrecision::Day)),
                        }
                    } else {
                        ctx.anchor
                            .map(|a| a.0)
                            .or(ctx.published)
                            .and_then(|a| shift(a, unit, off))
                    };
                    Found {
                        first: i,
                        last,
                        date,
                        anchor: true,
                    }
                }
            });
        }
    }
    // Counted: "two days later", "three days after", "two weeks ago". The
    // unit and direction words rule out nearly every token: look them up
    // before the count.
    let unit = toks
        .get(i + 1)
        .map(|u| u.lower.as_str())
        .filter(|u| lex.unit_words.contains(u))
        .and_then(|u| lex.units.get(u))?;
    let dir = toks
        .get(i + 2)
        .and_then(|d| lex.directions.get(d.lower.as_str()))?;
    let n = if t.kind == TokKind::Num {
        num_value(t).map(|v| v as i64)
    } else if lex.one.contains(t.lower.as_str()) {
        Some(1)
    } else {
        small_word_value(&t.lower).map(|v| v as i64)
    }?;
    let last = i + 3;
    let (base, sign, anchor) = match dir {
        Direction::Later => (ctx.anchor.map(|a| a.0).or(ctx.published), 1, true),
        Direction::Earlier => (ctx.anchor.map(|a| a.0).or(ctx.published), -1, true),
        Direction::EventAfter => (ctx.anchor.map(|a| a.0).or(ctx.published), -1, false),
        Direction::EventBefore => (ctx.anchor.map(|a| a.0).or(ctx.published), 1, false),
        Direction::Ago => (ctx.published, -1, true),
    };
    // "after the attack" needs the event named after it.
    if matches!(dir, Direction::EventAfter | Direction::EventBefore)
        && toks.get(last).is_none_or(|x| x.kind != TokKind::Word)
    {
        let date = base.and_then(|b| shift(b, *unit, sign * n));
        return Some(Found {
            first: i,
            last,
            date,
            anchor: true,
        });
    }
    let date = base.and_then(|b| shift(b, *unit, sign * n));
    Some(Found {
        first: i,
        last,
        date,
        anchor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// (text, date) of every mention.
    fn all(s: &str, published: Option<&str>) -> Vec<(String, Option<String>)> {
        find_dates_in_text(s, published.map(d))
            .into_iter()
            .map(|m| (m.text, m.date))
            .collect()
    }

    fn single(s: &str, published: Option<&str>) -> (String, Option<String>, Option<DatePrecision>) {
        let v = find_dates_in_text(s, published.map(d));
        assert_eq!(v.len(), 1, "{s:?} -> {v:?}");
        let m = v.into_iter().next().unwrap();
        (m.text, m.date, m.precision)
    }

    fn date(s: &str, published: Option<&str>) -> Option<String> {
        single(s, published).1
    }

    #[test]
    fn format_agrees_with_chrono() {
        let chrono_format = |d: NaiveDate, p: DatePrecision| match p {
            DatePrecision::Day | DatePrecision::Week => d.format("%Y-%m-%d").to_string(),
            DatePrecision::Month => d.format("%Y-%m").to_string(),
            DatePrecision::Year => d.format("%Y").to_string(),
        };
        let precisions = [
            DatePrecision::Day,
            DatePrecision::Week,
            DatePrecision::Month,
            DatePrecision::Year,
        ];
        for y in [
            -12_000, -10_000, -9_999, -700, -1, 0, 7, 99, 999, 1900, 2024, 9_999, 10_000, 12_345,
        ] {
            for (m, day) in [(1, 1), (2, 29), (9, 9), (12, 31)] {
                let Some(d) = NaiveDate::from_ymd_opt(y, m, day) else {
                    continue;
                };
                for p in precisions {
                    assert_eq!(format(d, p), chrono_format(d, p), "{d:?} {p:?}");
                }
            }
        }
    }

    #[test]
    fn absolute_days() {
        assert_eq!(
            date("It happened on 3 January 2020.", None).as_deref(),
            Some("2020-01-03")
        );
        assert_eq!(
            date("It happened on January 3, 2020.", None).as_deref(),
            Some("2020-01-03")
        );
        assert_eq!(
            date("It happened on 28 Jan 2024.", None).as_deref(),
            Some("2024-01-28")
        );
        assert_eq!(
            date("It happened on 2024-01-28.", None).as_deref(),
            Some("2024-01-28")
        );
        assert_eq!(
            date("on the 12th of March 2022", None).as_deref(),
            Some("2022-03-12")
        );
        assert_eq!(
            date("on Aug. 10, 2024 at noon", None).as_deref(),
            Some("2024-08-10")
        );
        let (text, dt, p) = single("Update No. 14 (16 May 2024)", None);
        assert_eq!(
            (text.as_str(), dt.as_deref(), p),
            ("16 May 2024", Some("2024-05-16"), Some(DatePrecision::Day))
        );
        let (text, dt, _) = single(
            "Between 20 and 24 February, the sweep went on.",
            Some("2024-03-04"),
        );
        assert_eq!(
            (text.as_str(), dt.as_deref()),
            ("20 and 24 February", Some("2024-02-20"))
        );
    }

    #[test]
    fn day_without_year() {
        assert_eq!(
            date("on 2 February", Some("2024-03-14")).as_deref(),
            Some("2024-02-02")
        );
        // More than two months after publication: the year before.
        assert_eq!(
            date("on 8 October", Some("2024-05-16")).as_deref(),
            Some("2023-10-08")
        );
        assert_eq!(
            date("ADEN, Nov 25 - the coalition said", Some("2021-11-25")).as_deref(),
            Some("2021-11-25")
        );
        assert_eq!(
            date("on the night of 12 March", Some("2024-03-20")).as_deref(),
            Some("2024-03-12")
        );
        assert_eq!(date("on 2 February", None), None);
        // Without a publication date the text's own full dates give the year.
        let v = all(
            "A photo of October 5, 2024. Strikes since September 23 hit it.",
            None,
        );
        assert_eq!(
            v[1],
            ("September 23".to_string(), Some("2024-09-23".to_string()))
        );
    }

    #[test]
    fn months_and_years() {
        let (text, dt, p) = single("in June 2023", None);
        assert_eq!(
            (text.as_str(), dt.as_deref(), p),
            ("June 2023", Some("2023-06"), Some(DatePrecision::Month))
        );
        assert_eq!(date("since October 2017", None).as_deref(), Some("2017-10"));
        let (_, dt, p) = single("in 2013", None);
        assert_eq!(
            (dt.as_deref(), p),
            (Some("2013"), Some(DatePrecision::Year))
        );
        assert_eq!(
            date("A 2016 law made it legal.", None).as_deref(),
            Some("2016")
        );
        let v = find_dates(
            "Under the 2018 settlement, since 2021 and in 2019 and the 2006 war",
            None,
        );
        let flags: Vec<(bool, Option<&str>)> = v
            .iter()
            .map(|d| (d.attributive, d.preposition.as_deref()))
            .collect();
        assert_eq!(
            flags,
            vec![
                (true, None),
                (false, Some("since")),
                (false, Some("in")),
                (true, None)
            ]
        );
        assert_eq!(date("since mid-2014", None).as_deref(), Some("2014"));
        assert_eq!(single("since mid-2014", None).0, "mid-2014");
        assert!(find_dates("the 1980s", None).is_empty());
        assert!(find_dates("at 2230 GMT", None).is_empty());
        assert!(find_dates("some 2000 fighters", None).is_empty());
        // A month without a year: the latest one not after publication.
        assert_eq!(
            date("since October", Some("2024-08-10")).as_deref(),
            Some("2023-10")
        );
        assert_eq!(
            date("talks began in January", Some("2024-08-10")).as_deref(),
            Some("2024-01")
        );
        assert_eq!(
            date("in early September", Some("2024-08-20")).as_deref(),
            Some("2023-09")
        );
        assert_eq!(
            single("in early September", Some("2024-08-20")).0,
            "early September"
        );
        assert_eq!(
            date("in July of this year", Some("2019-09-30")).as_deref(),
            Some("2019-07")
        );
        assert_eq!(
            date("in August last year", Some("2024-06-19")).as_deref(),
            Some("2023-08")
        );
        assert_eq!(
            date("last July", Some("2019-09-30")).as_deref(),
            Some("2019-07")
        );
        // "May" the verb is not a month.
        assert!(find_dates("They may strike again.", None).is_empty());
        assert!(find_dates("May God protect us.", None).is_empty());
        assert_eq!(
            date("in May", Some("2024-06-19")).as_deref(),
            Some("2024-05")
        );
        assert_eq!(single("It ended in July.", None).0, "July");
        assert_eq!(single("as of 14 May.", None).0, "14 May");
    }

    #[test]
    fn weekdays() {
        // 2019-09-30 is a Monday.
        let (text, dt, p) = single("Last Tuesday, the militia lost 40 men.", Some("2019-09-30"));
        assert_eq!(
            (text.as_str(), dt.as_deref(), p),
            ("Last Tuesday", Some("2019-09-24"), Some(DatePrecision::Day))
        );
        assert_eq!(
            date("on Monday", Some("2019-09-30")).as_deref(),
            Some("2019-09-30")
        );
        assert_eq!(
            date("last Monday", Some("2019-09-30")).as_deref(),
            Some("2019-09-23")
        );
        assert_eq!(
            date("Monday's attack", Some("2024-01-16")).as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(
            single("early on Monday", Some("2024-01-16")).0,
            "early on Monday"
        );
        assert_eq!(
            date("On Sunday night, a drone struck", Some("2024-06-19")).as_deref(),
            Some("2024-06-16")
        );
        assert_eq!(
            single("On Sunday night, a drone struck", Some("2024-06-19")).0,
            "Sunday night"
        );
        assert_eq!(
            date("at dawn on Friday", Some("2024-10-28")).as_deref(),
            Some("2024-10-25")
        );
        assert_eq!(
            date("next Friday", Some("2024-10-28")).as_deref(),
            Some("2024-11-01")
        );
        // 2024-03-13 is a Wednesday.
        let (text, dt, _) = single(
            "It said on Thursday last week that it had left.",
            Some("2024-03-13"),
        );
        assert_eq!(
            (text.as_str(), dt.as_deref()),
            ("Thursday last week", Some("2024-03-07"))
        );
        assert_eq!(
            date("on Monday of last week", Some("2024-03-13")).as_deref(),
            Some("2024-03-04")
        );
        assert_eq!(single("early on Monday", None).1, None);
    }

    #[test]
    fn relative_to_published() {
        let p = Some("2019-09-25"); // a Wednesday
        assert_eq!(date("today", p).as_deref(), Some("2019-09-25"));
        assert_eq!(date("yesterday", p).as_deref(), Some("2019-09-24"));
        assert_eq!(
            date("in the past 24 hours", p).as_deref(),
            Some("2019-09-25")
        );
        assert_eq!(date("earlier this month", p).as_deref(), Some("2019-09"));
        assert_eq!(date("last month", p).as_deref(), Some("2019-08"));
        assert_eq!(date("this year", p).as_deref(), Some("2019"));
        assert_eq!(date("last year", p).as_deref(), Some("2018"));
        let (_, dt, pr) = single("last week", p);
        assert_eq!(
            (dt.as_deref(), pr),
            (Some("2019-09-16"), Some(DatePrecision::Week))
        );
        assert_eq!(date("earlier this week", p).as_deref(), Some("2019-09-23"));
        assert_eq!(
            date("Two weeks ago, the raid", Some("2024-08-20")).as_deref(),
            Some("2024-08-05")
        );
        assert_eq!(date("three days ago", p).as_deref(), Some("2019-09-22"));
        assert_eq!(single("last month", None).1, None);
        assert_eq!(single("last month", None).0, "last month");
    }

    #[test]
    fn relative_to_anchor() {
        let v = all(
            "The drone hit on 28 January 2024. Two days later, the group stopped.",
            None,
        );
        assert_eq!(
            v[1],
            ("Two days later".to_string(), Some("2024-01-30".to_string()))
        );
        let v = all(
            "He was detained on 27 August 2023. Fighting erupted the following day.",
            None,
        );
        assert_eq!(v[1].1.as_deref(), Some("2023-08-28"));
        let v = all("It opened on 8 October 2023, a day after the attack.", None);
        assert_eq!(
            v[1],
            ("a day after".to_string(), Some("2023-10-07".to_string()))
        );
        let v = all(
            "Jets bombed it early on Saturday, a day after a rocket attack.",
            Some("2024-08-10"),
        );
        assert_eq!(v[1].1.as_deref(), Some("2024-08-09"));
        let v = all(
            "Monday's attack hit. It came three days after strikes on Derik.",
            Some("2024-01-16"),
        );
        assert_eq!(v[1].1.as_deref(), Some("2024-01-12"));
        let v = all(
            "The first strike came on October 4. Three days earlier, Israel struck.",
            Some("2024-10-28"),
        );
        assert_eq!(v[1].1.as_deref(), Some("2024-10-01"));
        let v = all(
            "They met on 3 May 2022. The following week, talks failed.",
            None,
        );
        assert_eq!(v[1].1.as_deref(), Some("2022-05-09"));
        // "since" dates do not anchor.
        let v = all(
            "Monday's attack raised the toll since 1 January. It came three days after the raid.",
            Some("2024-01-16"),
        );
        assert_eq!(v[2].1.as_deref(), Some("2024-01-12"));
        // Overnight: the same sentence's date, else publication.
        let v = all(
            "It said on Thursday it had carried out strikes overnight.",
            Some("2021-11-25"),
        );
        assert_eq!(v[1].1.as_deref(), Some("2021-11-25"));
        let v = all(
            "Gunmen attacked on Tuesday. Overnight, forces raided the town.",
            Some("2023-08-16"),
        );
        assert_eq!(v[1].1.as_deref(), Some("2023-08-16"));
        let v = all(
            "Gunmen attacked on Tuesday. Hours later, a bomb exploded.",
            Some("2023-08-16"),
        );
        assert_eq!(v[1].1.as_deref(), Some("2023-08-15"));
    }
}
