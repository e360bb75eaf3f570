//! Figures of the contract's kinds: "does not exceed 15,000 fighters"
//! (personnel, max 15000), "$400 per month" (salary), "killing two soldiers
//! and wounding three others" (killed 2, wounded 3).
//!
//! Every figure comes from [`find_numbers`](crate::mentions::numbers::find_numbers); its kind is read from the words
//! around it, in this order:
//!
//! 1. vague figures ("dozens", "hundreds of thousands") are dropped;
//! 2. a currency makes money, or salary when paid per month/week/day or near
//!    a pay word ("paid", "earn", "salary") and small enough to be a wage;
//!    a currency figure with neither, right after a salary of the same
//!    sentence, is a salary too ("$400 per month, and the latter gets $150 at
//!    best");
//! 3. an apposition ("among them three children", "11 of whom") takes the
//!    kind of the figure before it;
//! 4. the noun of the figure ("85 targets", "seven locations", "some 377,000
//!    deaths", "12 explosive vests") fixes it when it names a kind: strikes
//!    (strikes, attacks, raids, targets, rockets, missiles, armed or launched
//!    drones), sites (sites, positions, bases, checkpoints, facilities,
//!    crossings), killed (deaths, dead, killings), wounded, casualties,
//!    displaced (refugees, displaced), arrested (arrests, detainees),
//!    vehicles (vehicles, tanks, aircraft, other drones, boats), other
//!    (weapons, small arms, vests, rounds, mines), personnel (payroll
//!    "names"); "N times" counts strikes only next to a strike verb;
//! 5. figures of people ("fighters", "people", "civilians") or without a noun
//!    take the kind of the nearest event word: right before the figure
//!    ("killing two", "the arrest of 74", "lost two soldiers"), right after
//!    its noun ("seven people were killed", "more than 40 people, killed and
//!    wounded"), else within 8 words before or 15 after in the same clause;
//!    "killed and wounded" and "casualties" give casualties; "fled" and
//!    similar give displaced only for civilians;
//! 6. "the number of drone strikes ... to more than 30" takes the noun of
//!    "number of";
//! 7. fighters, troops, soldiers ... with no event word are personnel when at
//!    least 50, and so are figures without a noun near a strength word
//!    ("Strength: up to 10,000", "put its forces at 100,000");
//! 8. a figure without a noun takes the kind of the previous figure of the
//!    sentence ("at least 93,000 displaced, up from about 86,000"), and a
//!    figure without a noun before a place ("Two in Makhan, one in Ashara")
//!    continues a list of sites of the sentence or of the previous one
//!    ([`find_quantities_after`], [`find_quantities_in_text`]);
//! 9. anything else is dropped (precision matters more than recall).
//!
//! Words live in `data/lexicons/quantities.toml`. Offsets are byte offsets
//! into the string given.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::LazyLock;

use orbat_report::QuantityKind;
use serde::Deserialize;

use crate::mentions::dates::date_spans;
use crate::mentions::numbers::{
    find_numbers_in, phrase_tokens, tokenize, tokens_of_piece, NumberMention, PhraseList, Tok,
    TokKind, WordSet,
};

/// A figure with its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundQuantity {
    /// What it counts.
    pub kind: QuantityKind,
    /// The value when it is a single figure.
    pub value: Option<f64>,
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
    /// Currency code for money and salary, else the counted noun ("fighters",
    /// "people", "sites").
    pub unit: Option<String>,
    /// Period of a rate: "month", "year", "week", "day".
    pub per: Option<String>,
    /// The writer signals an estimate.
    pub approx: bool,
    /// The figure with its bound words and noun: "does not exceed 15,000 fighters".
    pub text: String,
    /// First byte of `text`.
    pub start: usize,
    /// One past the last byte of `text`.
    pub end: usize,
}

/// Figures of one sentence. Offsets are bytes into `sentence`.
pub fn find_quantities(sentence: &str) -> Vec<FoundQuantity> {
    analyse(sentence, None, None).0
}

/// Figures of `sentence` read after `previous`: a figure without a noun
/// before a place ("Two in Makhan") continues a list of sites that the
/// previous sentence began ("Three sites in Al-Mayadeen ...") or continued
/// ("Three in the centre of Deir Ezzor ..."). Offsets are bytes into
/// `sentence`. [`QuantityReader`] carries lists over any number of sentences.
pub fn find_quantities_after(previous: Option<&str>, sentence: &str) -> Vec<FoundQuantity> {
    let carried = previous.and_then(|p| {
        // A previous sentence that is itself a list item ("Three in the
        // centre of X") continues a list begun before it: read it as sites.
        let assume = starts_with_list_item(p).then_some(QuantityKind::Sites);
        let (found, carried) = analyse(p, assume, None);
        found.last().map(|q| q.kind).or(carried)
    });
    analyse(sentence, carried, None).0
}

/// Reads the sentences of a text in order, carrying lists of sites from one
/// sentence to the next.
#[derive(Debug, Clone, Default)]
pub struct QuantityReader {
    carried: Option<QuantityKind>,
}

impl QuantityReader {
    /// A reader at the start of a text.
    pub fn new() -> Self {
        Self::default()
    }

    /// Figures of the next sentence. Offsets are bytes into `sentence`.
    pub fn read(&mut self, sentence: &str) -> Vec<FoundQuantity> {
        self.read_dated(sentence, None)
    }

    /// [`QuantityReader::read`] when the dates of the sentence are known
    /// (byte spans into `sentence`): numbers inside them are no figures.
    pub fn read_dated(
        &mut self,
        sentence: &str,
        dates: Option<&[(usize, usize)]>,
    ) -> Vec<FoundQuantity> {
        let (found, _) = analyse(sentence, self.carried, dates);
        self.carried = found.last().map(|q| q.kind);
        found
    }

    /// [`QuantityReader::read_dated`] for the sentence `text[a..b]`, reusing
    /// `doc_tokens`, the tokens of the whole `text`, where they are the
    /// sentence's own. Offsets are bytes into the sentence.
    pub(crate) fn read_in_document(
        &mut self,
        text: &str,
        doc_tokens: &[Tok],
        (a, b): (usize, usize),
        dates: &[(usize, usize)],
    ) -> Vec<FoundQuantity> {
        let sentence = &text[a..b];
        let toks = tokens_of_piece(text, doc_tokens, a, b).unwrap_or_else(|| tokenize(sentence));
        let (found, _) = analyse_tokens(sentence, &toks, self.carried, Some(dates));
        self.carried = found.last().map(|q| q.kind);
        found
    }
}

/// "Three in the centre of Deir Ezzor ...", "- Two in Qara": a sentence that
/// opens with a bare figure and a place.
fn starts_with_list_item(sentence: &str) -> bool {
    let toks = tokenize(sentence);
    let Some(first) = toks.iter().position(|t| t.kind != TokKind::Punct) else {
        return false;
    };
    let spans = date_spans(sentence, &toks);
    let Some(m) = find_numbers_in(sentence, &toks, &spans).into_iter().next() else {
        return false;
    };
    if m.start != toks[first].start || m.vague || m.currency.is_some() {
        return false;
    }
    let b = toks
        .iter()
        .position(|t| t.start >= m.end)
        .unwrap_or(toks.len());
    toks.get(b).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "in" | "at" | "near" | "around" | "outside" | "inside" | "on"
        )
    }) && toks
        .iter()
        .skip(b + 1)
        .take(4)
        .any(|t| t.cap && t.kind == TokKind::Word)
}

/// Figures of a whole text, sentence by sentence, carrying lists of sites
/// across sentences. Offsets are bytes into `text`.
pub fn find_quantities_in_text(text: &str) -> Vec<FoundQuantity> {
    let mut out = Vec::new();
    let mut carried = None;
    for (a, b) in split_sentences(text) {
        let (found, _) = analyse(&text[a..b], carried, None);
        carried = found.last().map(|q| q.kind);
        out.extend(found.into_iter().map(|mut q| {
            q.start += a;
            q.end += a;
            q
        }));
    }
    out
}

/// Byte ranges of the sentences of `text`: a sentence ends at ".", "!" or "?"
/// before a space and a capital, digit or quote (not after "U.S.", "No.",
/// initials), and at every line break.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    const ABBREV: &[&str] = &[
        "u.s", "u.n", "u.k", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "brig", "capt",
        "sgt", "no", "st", "vs", "e.g", "i.e", "a.m", "p.m", "jan", "feb", "aug", "sept", "sep",
        "oct", "nov", "dec", "approx", "sen", "rep", "gov", "inc", "ltd", "co", "jr", "adm", "cpl",
        "pvt", "prof", "vol",
    ];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let mut cut = None;
        if c == b'\n' {
            cut = Some(i);
        } else if matches!(c, b'.' | b'!' | b'?') && bytes.get(i + 1).is_some_and(|n| *n == b' ') {
            let next = text[i + 1..].trim_start().chars().next();
            let opener = next
                .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"“‘'(-–•".contains(n));
            let word: String = text[start..i]
                .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                .next()
                .unwrap_or("")
                .to_lowercase();
            let abbrev =
                c == b'.' && (ABBREV.contains(&word.as_str()) || word.chars().count() == 1);
            if opener && !abbrev {
                cut = Some(i + 1);
            }
        }
        if let Some(e) = cut {
            if !text[start..e].trim().is_empty() {
                out.push(trim_range(text, start, e));
            }
            start = e;
        }
        i += 1;
    }
    if !text[start..].trim().is_empty() {
        out.push(trim_range(text, start, text.len()));
    }
    out
}

fn trim_range(text: &str, a: usize, b: usize) -> (usize, usize) {
    let s = &text[a..b];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    (a + lead, b - trail)
}

// ------------------------------------------------------------------ lexicon

#[derive(Deserialize)]
struct RawLexicon {
    plurals: HashMap<String, String>,
    heads: HashMap<String, Vec<String>>,
    armed_craft: RawArmed,
    times: RawTimes,
    people: RawPeople,
    modifiers: RawModifiers,
    stops: RawWords,
    inherit: RawInherit,
    cues: RawCues,
    salary: RawSalary,
}

#[derive(Deserialize)]
struct RawArmed {
    heads: Vec<String>,
    munitions: Vec<String>,
    modifiers: Vec<String>,
    launch_verbs: Vec<String>,
}

#[derive(Deserialize)]
struct RawTimes {
    heads: Vec<String>,
    strike_verbs: Vec<String>,
    attack_verbs: Vec<String>,
}

#[derive(Deserialize)]
struct RawPeople {
    personnel_min: f64,
    strength_suffixes: Vec<String>,
    combatants: Vec<String>,
    civilians: Vec<String>,
}

#[derive(Deserialize)]
struct RawModifiers {
    max_words: usize,
    words: Vec<String>,
}

#[derive(Deserialize)]
struct RawWords {
    words: Vec<String>,
}

#[derive(Deserialize)]
struct RawInherit {
    before: Vec<String>,
    after: Vec<String>,
    continuation: Vec<String>,
}

#[derive(Deserialize)]
struct RawCues {
    casualties: Vec<String>,
    killed: Vec<String>,
    wounded: Vec<String>,
    arrested: Vec<String>,
    displaced: Vec<String>,
    no_kind: Vec<String>,
    personnel: Vec<String>,
    tight_only: Vec<String>,
    tight_only_kind: HashMap<String, String>,
    civilian_only: Vec<String>,
    window_stops: Vec<String>,
    window_before: usize,
    window_after: usize,
    aux: Vec<String>,
}

#[derive(Deserialize)]
struct RawSalary {
    cues: Vec<String>,
    periods: Vec<String>,
    max_usd: f64,
    max_local: f64,
    strong_currencies: Vec<String>,
}

/// What a noun says about the figure it heads.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Noun {
    Kind(QuantityKind),
    ArmedCraft,
    Munition,
    Times,
    Combatant,
    Civilian,
}

struct Lexicon {
    /// Noun phrases (tokens joined by spaces) -> what they say; longest first by length.
    nouns: HashMap<String, Noun>,
    /// The first word of every key of `nouns`.
    noun_first_words: WordSet,
    noun_max_len: usize,
    armed_modifiers: WordSet,
    launch_verbs: WordSet,
    strike_verbs: WordSet,
    attack_verbs: WordSet,
    personnel_min: f64,
    strength_suffixes: Vec<String>,
    modifiers: WordSet,
    max_words: usize,
    stops: WordSet,
    inherit_before: PhraseList<()>,
    inherit_after: PhraseList<()>,
    continuation: PhraseList<()>,
    /// Event words: (phrase, kind), longest first.
    cues: PhraseList<QuantityKind>,
    tight_only: PhraseList<QuantityKind>,
    personnel_cues: PhraseList<()>,
    civilian_only: HashSet<QuantityKind>,
    window_stops: WordSet,
    window_before: usize,
    window_after: usize,
    aux: WordSet,
    salary_cues: PhraseList<()>,
    salary_periods: WordSet,
    max_usd: f64,
    max_local: f64,
    strong_currencies: WordSet,
}

fn kind_of(s: &str) -> QuantityKind {
    QuantityKind::parse(s)
        .unwrap_or_else(|| panic!("data/lexicons/quantities.toml: unknown kind {s}"))
}

fn plural_forms(w: &str, irregular: &HashMap<String, String>) -> Vec<String> {
    let mut v = vec![w.to_string()];
    if let Some(p) = irregular.get(w) {
        v.push(p.clone());
        return v;
    }
    v.push(format!("{w}s"));
    if w.ends_with('s') || w.ends_with('x') || w.ends_with("ch") || w.ends_with("sh") {
        v.push(format!("{w}es"));
    }
    if let Some(stem) = w.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            v.push(format!("{stem}ies"));
        }
    }
    if let Some(stem) = w.strip_suffix("man") {
        v.push(format!("{stem}men"));
    }
    v
}

/// Every singular and plural form of a noun phrase, as space-joined tokens.
fn noun_forms(p: &str, irregular: &HashMap<String, String>) -> Vec<String> {
    let toks = phrase_tokens(p);
    let Some((last, rest)) = toks.split_last() else {
        return vec![];
    };
    plural_forms(last, irregular)
        .into_iter()
        .map(|f| {
            let mut all = rest.to_vec();
            all.push(f);
            all.join(" ")
        })
        .collect()
}

fn phrase_list(v: &[String]) -> PhraseList<()> {
    let mut out: Vec<Vec<String>> = v.iter().map(|p| phrase_tokens(p)).collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.len()));
    PhraseList::plain(out)
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let raw: RawLexicon = toml::from_str(include_str!("../../../../data/lexicons/quantities.toml"))
        .expect("data/lexicons/quantities.toml is valid");
    let irregular: HashMap<String, String> = raw
        .plurals
        .iter()
        .map(|(k, v)| (k.to_lowercase(), v.to_lowercase()))
        .collect();
    let mut nouns: HashMap<String, Noun> = HashMap::new();
    let add = |list: &[String], n: Noun, nouns: &mut HashMap<String, Noun>| {
        for p in list {
            for f in noun_forms(&p.to_lowercase(), &irregular) {
                nouns.insert(f, n);
            }
        }
    };
    add(&raw.people.civilians, Noun::Civilian, &mut nouns);
    add(&raw.people.combatants, Noun::Combatant, &mut nouns);
    for (kind, list) in &raw.heads {
        add(list, Noun::Kind(kind_of(kind)), &mut nouns);
    }
    add(&raw.armed_craft.heads, Noun::ArmedCraft, &mut nouns);
    add(&raw.armed_craft.munitions, Noun::Munition, &mut nouns);
    add(&raw.times.heads, Noun::Times, &mut nouns);
    let noun_max_len = nouns
        .keys()
        .map(|k| k.split(' ').count())
        .max()
        .unwrap_or(1);
    let mut cues = Vec::new();
    for (list, kind) in [
        (&raw.cues.casualties, QuantityKind::Casualties),
        (&raw.cues.killed, QuantityKind::Killed),
        (&raw.cues.wounded, QuantityKind::Wounded),
        (&raw.cues.arrested, QuantityKind::Arrested),
        (&raw.cues.displaced, QuantityKind::Displaced),
        (&raw.cues.no_kind, QuantityKind::Other),
    ] {
        for p in list {
            cues.push((phrase_tokens(p), kind));
        }
    }
    cues.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let tight_only = raw
        .cues
        .tight_only
        .iter()
        .map(|w| {
            let k = raw
                .cues
                .tight_only_kind
                .get(w)
                .map(|k| kind_of(k))
                .unwrap_or(QuantityKind::Killed);
            (phrase_tokens(w), k)
        })
        .collect();
    let lower = |v: &[String]| -> WordSet { v.iter().map(|w| w.to_lowercase()).collect() };
    Lexicon {
        noun_first_words: nouns
            .keys()
            .filter_map(|k| k.split(' ').next())
            .map(str::to_string)
            .collect(),
        nouns,
        noun_max_len,
        armed_modifiers: lower(&raw.armed_craft.modifiers),
        launch_verbs: lower(&raw.armed_craft.launch_verbs),
        strike_verbs: lower(&raw.times.strike_verbs),
        attack_verbs: lower(&raw.times.attack_verbs),
        personnel_min: raw.people.personnel_min,
        strength_suffixes: raw.people.strength_suffixes.clone(),
        modifiers: lower(&raw.modifiers.words),
        max_words: raw.modifiers.max_words,
        stops: lower(&raw.stops.words),
        inherit_before: phrase_list(&raw.inherit.before),
        inherit_after: phrase_list(&raw.inherit.after),
        continuation: phrase_list(&raw.inherit.continuation),
        cues: PhraseList::new(cues),
        tight_only: PhraseList::new(tight_only),
        personnel_cues: phrase_list(&raw.cues.personnel),
        civilian_only: raw.cues.civilian_only.iter().map(|k| kind_of(k)).collect(),
        window_stops: lower(&raw.cues.window_stops),
        window_before: raw.cues.window_before,
        window_after: raw.cues.window_after,
        aux: lower(&raw.cues.aux),
        salary_cues: phrase_list(&raw.salary.cues),
        salary_periods: lower(&raw.salary.periods),
        max_usd: raw.salary.max_usd,
        max_local: raw.salary.max_local,
        strong_currencies: raw.salary.strong_currencies.iter().cloned().collect(),
    }
});

// ------------------------------------------------------------------- reading

/// The noun a figure counts, found after it.
#[derive(Debug, Clone, Default)]
struct Head {
    noun: Option<Noun>,
    /// Token range of the noun.
    span: Option<(usize, usize)>,
    /// First token after the noun phrase (or after the figure).
    end: usize,
    /// A content word that is not in the lexicon heads the figure.
    unknown: bool,
    /// "of them", "of whom": an apposition to the figure before.
    partitive_pronoun: bool,
    /// Tokens skipped between the figure and its noun.
    skipped: Vec<usize>,
}

fn match_noun(toks: &[Tok], k: usize, lex: &Lexicon) -> Option<(Noun, usize)> {
    // Few words open a noun: reject the others before building any key.
    if !toks
        .get(k)
        .is_some_and(|t| lex.noun_first_words.contains(t.base()))
    {
        return None;
    }
    let mut key = String::new();
    for len in (1..=lex.noun_max_len).rev() {
        if k + len > toks.len() {
            continue;
        }
        key.clear();
        for (i, t) in toks[k..k + len].iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            key.push_str(t.base());
        }
        if let Some(n) = lex.nouns.get(key.as_str()) {
            return Some((*n, len));
        }
    }
    None
}

fn is_cue_start(toks: &[Tok], k: usize, lex: &Lexicon) -> bool {
    lex.cues.any_at(toks, k)
}

fn scan_head(toks: &[Tok], b: usize, lex: &Lexicon) -> Head {
    let mut h = Head {
        end: b,
        ..Head::default()
    };
    let mut k = b;
    if toks.get(k).is_some_and(|t| t.lower == "of") {
        if let Some((p, _)) = lex.inherit_after.matching_at(toks, k).next() {
            // "of them", "of whom"; but "of those names" goes on to its noun.
            if match_noun(toks, k + p.len(), lex).is_none() {
                h.partitive_pronoun = true;
                return h;
            }
        }
        match toks.get(k + 1).map(|t| t.lower.as_str()) {
            Some(
                "the" | "its" | "their" | "his" | "her" | "those" | "these" | "our" | "whose"
                | "all",
            ) => k += 2,
            _ => return h,
        }
    }
    let mut words = 0;
    let mut unknown_seen = 0;
    while k < toks.len() && words < lex.max_words {
        let t = &toks[k];
        match t.kind {
            TokKind::Punct => {
                let glued = !t.space_before && toks.get(k + 1).is_some_and(|n| !n.space_before);
                if (t.lower == "-" && glued)
                    || matches!(t.lower.as_str(), "\"" | "”" | "“" | "’" | "‘")
                {
                    k += 1;
                    continue;
                }
                break;
            }
            TokKind::Num => {
                // "MiG-29": a model number inside the noun phrase.
                if k > 0 && toks[k - 1].lower == "-" && !t.space_before {
                    k += 1;
                    continue;
                }
                break;
            }
            TokKind::Word => {}
        }
        if let Some((mut noun, mut len)) = match_noun(toks, k, lex) {
            // English compounds end in their head: "ammunition depots",
            // "Revolutionary Guards advisers".
            let mut first = k;
            while let Some((n2, l2)) = match_noun(toks, first + len, lex) {
                first += len;
                noun = n2;
                len = l2;
            }
            h.noun = Some(noun);
            h.span = Some((first, first + len));
            h.end = first + len;
            h.unknown = false;
            return h;
        }
        if (t.lower == "and" || t.lower == "or")
            && toks.get(k + 1).is_some_and(|n| n.cap)
            && words > 0
        {
            h.skipped.push(k);
            k += 1;
            continue;
        }
        if lex.modifiers.contains(t.lower.as_str()) {
            h.skipped.push(k);
            words += 1;
            k += 1;
            continue;
        }
        // A hyphenated compound before the noun is a modifier: "self-defense
        // strikes", "Iran-backed fighters", "explosive-laden drones".
        let mut c = k;
        while toks
            .get(c + 1)
            .is_some_and(|x| x.lower == "-" && !x.space_before)
            && toks
                .get(c + 2)
                .is_some_and(|x| x.kind == TokKind::Word && !x.space_before)
        {
            c += 2;
        }
        if c > k {
            h.skipped.extend(k..=c);
            words += 1;
            k = c + 1;
            continue;
        }
        if lex.stops.contains(t.lower.as_str()) || is_cue_start(toks, k, lex) {
            break;
        }
        if t.cap {
            let plural = t.base().len() > 3 && t.base().ends_with('s') && !t.acronym;
            let noun_follows = toks
                .get(k + 1)
                .is_some_and(|n| n.kind == TokKind::Word && match_noun(toks, k + 1, lex).is_some());
            if plural && !noun_follows {
                // "four million Yemenis": a people.
                h.noun = Some(Noun::Civilian);
                h.span = Some((k, k + 1));
                h.end = k + 1;
                return h;
            }
            h.skipped.push(k);
            words += 1;
            k += 1;
            continue;
        }
        // An unknown word: one is tolerated before a known noun ("collective shelters").
        unknown_seen += 1;
        if unknown_seen > 1 {
            break;
        }
        h.unknown = true;
        h.skipped.push(k);
        words += 1;
        k += 1;
    }
    h
}

/// Token range [a, b) of a number mention.
fn token_range(toks: &[Tok], m: &NumberMention) -> (usize, usize) {
    let a = toks
        .iter()
        .position(|t| t.start >= m.start)
        .unwrap_or(toks.len());
    let b = toks
        .iter()
        .position(|t| t.start >= m.end)
        .unwrap_or(toks.len());
    (a, b.max(a))
}

/// A cue phrase that ends right before token `j`: (kind, first token).
fn cue_ending_at(
    toks: &[Tok],
    j: usize,
    list: &PhraseList<QuantityKind>,
) -> Option<(QuantityKind, usize)> {
    list.matching_before(toks, j)
        .next()
        .map(|((_, k), s)| (*k, s))
}

fn cue_starting_at(
    toks: &[Tok],
    j: usize,
    list: &PhraseList<QuantityKind>,
) -> Option<(QuantityKind, usize)> {
    list.matching_at(toks, j)
        .next()
        .map(|(p, k)| (*k, j + p.len()))
}

/// The event word right before the figure: "killing two", "the arrest of 74".
fn tight_before(toks: &[Tok], a: usize, lex: &Lexicon) -> Option<(QuantityKind, usize)> {
    let mut j = a;
    let mut skipped = 0;
    loop {
        if let Some(hit) =
            cue_ending_at(toks, j, &lex.cues).or_else(|| cue_ending_at(toks, j, &lex.tight_only))
        {
            return Some(hit);
        }
        if j == 0 || skipped >= 2 {
            return None;
        }
        let p = &toks[j - 1];
        if matches!(p.lower.as_str(), "of" | "the" | "\"" | "“" | "‘" | "(") {
            j -= 1;
            skipped += 1;
        } else {
            return None;
        }
    }
}

/// The event word right after the figure's noun: "were killed", ", killed and wounded".
fn tight_after(toks: &[Tok], e: usize, lex: &Lexicon) -> Option<(QuantityKind, usize)> {
    let mut j = e;
    let mut skipped = 0;
    while j < toks.len() && skipped <= 4 {
        if let Some(hit) = cue_starting_at(toks, j, &lex.cues)
            .or_else(|| cue_starting_at(toks, j, &lex.tight_only))
        {
            return Some((hit.0, j));
        }
        let t = &toks[j];
        if lex.aux.contains(t.lower.as_str())
            || (t.lower == "," && skipped == 0)
            || matches!(t.lower.as_str(), "”" | "\"")
        {
            j += 1;
            skipped += 1;
        } else {
            return None;
        }
    }
    None
}

/// A strike verb right after the noun: "two drones struck the base".
fn strikes_after(toks: &[Tok], e: usize, lex: &Lexicon) -> bool {
    let mut j = e;
    while j < toks.len() && j < e + 4 {
        let w = toks[j].lower.as_str();
        if lex.strike_verbs.contains(w) {
            return true;
        }
        if !lex.aux.contains(w) && w != "later" {
            return false;
        }
        j += 1;
    }
    false
}

/// Number of word tokens in [a, b), not counting words in parentheses.
fn words_between(toks: &[Tok], a: usize, b: usize) -> usize {
    let mut depth = 0i32;
    let mut n = 0;
    for t in &toks[a.min(b)..b.max(a)] {
        match t.lower.as_str() {
            "(" => depth += 1,
            ")" => depth -= 1,
            _ if t.kind != TokKind::Punct && depth <= 0 => n += 1,
            _ => {}
        }
    }
    n
}

/// The nearest event word in the clause around [a, e).
fn window_cue(
    toks: &[Tok],
    a: usize,
    e: usize,
    owned: &HashSet<usize>,
    civilian_ok: bool,
    lex: &Lexicon,
) -> Option<QuantityKind> {
    let usable = |k: QuantityKind, at: usize| {
        !owned.contains(&at) && (civilian_ok || !lex.civilian_only.contains(&k))
    };
    let mut best: Option<(usize, QuantityKind)> = None;
    // Forward.
    let mut j = e;
    while j < toks.len() {
        if lex.window_stops.contains(toks[j].lower.as_str()) {
            break;
        }
        let d = words_between(toks, e, j);
        if d > lex.window_after {
            break;
        }
        if let Some((k, _)) = cue_starting_at(toks, j, &lex.cues) {
            if usable(k, j) {
                best = Some((d, k));
                break;
            }
        }
        j += 1;
    }
    // Backward.
    let mut j = a;
    while j > 0 {
        if lex.window_stops.contains(toks[j - 1].lower.as_str()) {
            break;
        }
        let d = words_between(toks, j, a);
        if d > lex.window_before || best.is_some_and(|b| d > b.0) {
            break;
        }
        if let Some((k, s)) = cue_ending_at(toks, j, &lex.cues) {
            if usable(k, s) {
                if best.is_none_or(|b| d <= b.0) {
                    best = Some((d, k));
                }
                break;
            }
        }
        j -= 1;
    }
    best.map(|b| b.1)
}

fn near_phrase(
    toks: &[Tok],
    a: usize,
    e: usize,
    before: usize,
    after: usize,
    list: &PhraseList<()>,
) -> bool {
    let lo = (0..a)
        .rev()
        .find(|&j| words_between(toks, j, a) > before)
        .map(|j| j + 1)
        .unwrap_or(0);
    let hi = (e..toks.len())
        .find(|&j| words_between(toks, e, j) > after)
        .unwrap_or(toks.len());
    (lo..hi).any(|j| list.any_at(toks, j))
}

fn near_word(toks: &[Tok], a: usize, e: usize, before: usize, after: usize, set: &WordSet) -> bool {
    let lo = (0..a)
        .rev()
        .find(|&j| words_between(toks, j, a) > before)
        .map(|j| j + 1)
        .unwrap_or(0);
    let hi = (e..toks.len())
        .find(|&j| words_between(toks, e, j) > after)
        .unwrap_or(toks.len());
    (lo..hi)
        .filter(|j| *j < a || *j >= e)
        .any(|j| set.contains(toks[j].lower.as_str()))
}

/// "the number of drone strikes ... to more than 30": the noun of "number of".
fn number_of(toks: &[Tok], lex: &Lexicon) -> Option<QuantityKind> {
    for j in 0..toks.len().saturating_sub(1) {
        if toks[j].lower != "number" || toks[j + 1].lower != "of" {
            continue;
        }
        let h = scan_head(toks, j + 2, lex);
        match h.noun {
            Some(Noun::Kind(k)) => return Some(k),
            Some(Noun::ArmedCraft | Noun::Munition) => return Some(QuantityKind::Strikes),
            Some(Noun::Civilian | Noun::Combatant) => {
                if let Some((k, _)) = tight_after(toks, h.end, lex) {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

fn is_personnel_size(m: &NumberMention, lex: &Lexicon) -> bool {
    let v = m.value.or(m.max).or(m.min).unwrap_or(0.0);
    v >= lex.personnel_min
}

/// Reads one sentence; `carried` is the kind of the last figure of the
/// previous sentence. Returns the figures and the kind to carry on.
fn analyse(
    sentence: &str,
    carried: Option<QuantityKind>,
    dates: Option<&[(usize, usize)]>,
) -> (Vec<FoundQuantity>, Option<QuantityKind>) {
    analyse_tokens(sentence, &tokenize(sentence), carried, dates)
}

/// [`analyse`] over the tokens of `sentence`.
fn analyse_tokens(
    sentence: &str,
    toks: &[Tok],
    carried: Option<QuantityKind>,
    dates: Option<&[(usize, usize)]>,
) -> (Vec<FoundQuantity>, Option<QuantityKind>) {
    let lex = &*LEX;
    let mentions = match dates {
        Some(spans) => find_numbers_in(sentence, toks, spans),
        None => find_numbers_in(sentence, toks, &date_spans(sentence, toks)),
    };
    let ranges: Vec<(usize, usize)> = mentions.iter().map(|m| token_range(toks, m)).collect();
    // Event words right before a figure belong to it alone.
    let mut owned: HashSet<usize> = HashSet::new();
    for &(a, _) in &ranges {
        if let Some((_, s)) = tight_before(toks, a, lex) {
            owned.insert(s);
        }
    }
    let mut out: Vec<FoundQuantity> = Vec::new();
    // Kind of every figure read so far (None when dropped), by mention index.
    let mut kinds: Vec<Option<QuantityKind>> = Vec::new();
    for (idx, m) in mentions.iter().enumerate() {
        let (a, b) = ranges[idx];
        let head = scan_head(toks, b, lex);
        let prev_kind = kinds.iter().rev().flatten().next().copied();
        let kind = resolve(
            sentence, m, idx, a, &head, toks, &ranges, &mentions, &kinds, prev_kind, carried,
            &owned, lex,
        );
        kinds.push(kind);
        let Some(kind) = kind else { continue };
        let end_tok = head.span.map(|s| s.1).unwrap_or(b).max(b);
        let end = if end_tok > 0 {
            toks[end_tok - 1].end.max(m.end)
        } else {
            m.end
        };
        let unit = match kind {
            QuantityKind::Money | QuantityKind::Salary => m.currency.clone(),
            _ => head
                .span
                .map(|(x, y)| sentence[toks[x].start..toks[y - 1].end].to_lowercase())
                .or_else(|| default_unit(kind).map(String::from)),
        };
        out.push(FoundQuantity {
            kind,
            value: m.value,
            min: m.min,
            max: m.max,
            unit,
            per: m.per.clone(),
            approx: m.approx,
            text: sentence[m.start..end].to_string(),
            start: m.start,
            end,
        });
    }
    let last = kinds.iter().rev().flatten().next().copied().or(carried);
    (out, last)
}

fn default_unit(kind: QuantityKind) -> Option<&'static str> {
    match kind {
        QuantityKind::Personnel => Some("fighters"),
        QuantityKind::Killed
        | QuantityKind::Wounded
        | QuantityKind::Casualties
        | QuantityKind::Displaced
        | QuantityKind::Arrested => Some("people"),
        QuantityKind::Strikes => Some("strikes"),
        QuantityKind::Sites => Some("sites"),
        QuantityKind::Vehicles => Some("vehicles"),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn resolve(
    sentence: &str,
    m: &NumberMention,
    idx: usize,
    a: usize,
    head: &Head,
    toks: &[Tok],
    ranges: &[(usize, usize)],
    mentions: &[NumberMention],
    kinds: &[Option<QuantityKind>],
    prev_kind: Option<QuantityKind>,
    carried: Option<QuantityKind>,
    owned: &HashSet<usize>,
    lex: &Lexicon,
) -> Option<QuantityKind> {
    if m.vague {
        return None;
    }
    let b = ranges[idx].1;
    // 2. Money.
    if let Some(cur) = &m.currency {
        let amount = m.value.or(m.max).or(m.min).unwrap_or(0.0);
        let cap = if lex.strong_currencies.contains(cur) {
            lex.max_usd
        } else {
            lex.max_local
        };
        let small = amount <= cap;
        let per_pay = m
            .per
            .as_ref()
            .is_some_and(|p| lex.salary_periods.contains(p));
        let pay_word = near_phrase(toks, a, b, 8, 8, &lex.salary_cues);
        let prev_salary = idx > 0
            && kinds[idx - 1] == Some(QuantityKind::Salary)
            && mentions[idx - 1].currency.is_some()
            && m.per.is_none();
        let salary = small
            && (per_pay
                || pay_word && m.per.as_deref() != Some("year")
                || prev_salary
                || pay_word && amount < cap / 10.0);
        return Some(if salary {
            QuantityKind::Salary
        } else {
            QuantityKind::Money
        });
    }
    let money_prev = |k: Option<QuantityKind>| {
        k.filter(|k| !matches!(k, QuantityKind::Money | QuantityKind::Salary))
    };
    // 3. Apposition: "among them three", "11 of whom".
    let apposition = head.partitive_pronoun || {
        let mut j = a;
        while j > 0 && matches!(toks[j - 1].lower.as_str(), "," | "(") {
            j -= 1;
        }
        lex.inherit_before.first_before(toks, j).is_some()
    };
    if apposition {
        if let Some(k) = money_prev(prev_kind) {
            return Some(k);
        }
    }
    // 4. The noun.
    match head.noun {
        Some(Noun::Kind(k)) => {
            if k == QuantityKind::Personnel && !is_personnel_size(m, lex) {
                return None;
            }
            // "released 25 detainees", "40,000 refugees have returned": no longer so.
            if matches!(k, QuantityKind::Arrested | QuantityKind::Displaced) {
                let blocked = |x: Option<(QuantityKind, usize)>| {
                    x.is_some_and(|x| x.0 == QuantityKind::Other)
                };
                if blocked(tight_before(toks, a, lex))
                    || blocked(tight_after(toks, head.end.max(b), lex))
                {
                    return None;
                }
            }
            // "in the two attacks": a reference back, not a count.
            if k == QuantityKind::Strikes
                && a > 0
                && matches!(
                    toks[a - 1].lower.as_str(),
                    "the" | "these" | "those" | "both"
                )
                && m.value.is_some_and(|v| v < 10.0)
            {
                return None;
            }
            // "attacked more than 100 ships": attacks on them.
            if k == QuantityKind::Vehicles
                && a > 0
                && lex.attack_verbs.contains(toks[a - 1].lower.as_str())
            {
                return Some(QuantityKind::Strikes);
            }
            return Some(k);
        }
        Some(Noun::ArmedCraft) => {
            let armed = head
                .skipped
                .iter()
                .any(|&k| lex.armed_modifiers.contains(toks[k].lower.as_str()))
                || near_word(toks, a, a, 7, 0, &lex.launch_verbs)
                || strikes_after(toks, head.end, lex);
            return Some(if armed {
                QuantityKind::Strikes
            } else {
                QuantityKind::Vehicles
            });
        }
        Some(Noun::Munition) => {
            // "fired 30 rockets", "five rockets landed"; an arsenal of
            // "150,000 rockets" counts weapons.
            let fired = near_word(toks, a, a, 7, 0, &lex.launch_verbs)
                || strikes_after(toks, head.end, lex);
            return Some(if fired {
                QuantityKind::Strikes
            } else {
                QuantityKind::Other
            });
        }
        Some(Noun::Times) => {
            return near_word(toks, a, head.end, 12, 0, &lex.strike_verbs)
                .then_some(QuantityKind::Strikes);
        }
        _ => {}
    }
    // "a 2,000-strong force".
    let text = &sentence[m.start..m.end];
    if lex
        .strength_suffixes
        .iter()
        .any(|x| text.ends_with(x.as_str()))
    {
        return is_personnel_size(m, lex).then_some(QuantityKind::Personnel);
    }
    if head.unknown {
        return None;
    }
    let civilian_ok = head.noun != Some(Noun::Combatant);
    // 5. Event words.
    let e = head.end.max(b);
    let before = tight_before(toks, a, lex);
    let after = tight_after(toks, e, lex);
    let pick = match (before, after) {
        (_, Some((QuantityKind::Casualties, _))) => after.map(|x| x.0),
        (Some((k, _)), _) => Some(k),
        (None, Some((k, _))) => Some(k),
        (None, None) => None,
    };
    // Event words of no kind ("released", "kidnapped") are stored as Other.
    if let Some(k) = pick.filter(|k| civilian_ok || !lex.civilian_only.contains(k)) {
        return (k != QuantityKind::Other).then_some(k);
    }
    if let Some(k) = window_cue(toks, a, e, owned, civilian_ok, lex) {
        return (k != QuantityKind::Other).then_some(k);
    }
    let bare = head.noun.is_none();
    // 6. "the number of X".
    if bare {
        if let Some(k) = number_of(toks, lex) {
            return Some(k);
        }
    }
    // 7. Strength.
    if head.noun == Some(Noun::Combatant) {
        return is_personnel_size(m, lex).then_some(QuantityKind::Personnel);
    }
    if head.noun == Some(Noun::Civilian) {
        return None;
    }
    // 8. Lists and continuations of figures without a noun.
    // "Two in Makhan", "Three in the centre of Deir Ezzor".
    let place_follows = toks.get(b).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "in" | "at" | "near" | "around" | "outside" | "inside" | "on"
        )
    }) && toks
        .iter()
        .skip(b + 1)
        .take(4)
        .any(|t| t.cap && t.kind == TokKind::Word);
    if place_follows
        && (prev_kind == Some(QuantityKind::Sites)
            || (prev_kind.is_none() && carried == Some(QuantityKind::Sites)))
    {
        return Some(QuantityKind::Sites);
    }
    if near_phrase(toks, a, e, 8, 4, &lex.personnel_cues) && is_personnel_size(m, lex) {
        return Some(QuantityKind::Personnel);
    }
    let continued = lex.continuation.first_before(toks, a).is_some()
        || (a > 0 && matches!(toks[a - 1].lower.as_str(), "," | "exceed" | "exceeds"));
    if let Some(k) = money_prev(prev_kind) {
        if (continued || kinds.last().copied().flatten().is_some())
            && (k != QuantityKind::Personnel || is_personnel_size(m, lex))
        {
            return Some(k);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuantityKind::*;

    type Row = (QuantityKind, Option<f64>, Option<f64>, Option<f64>);

    #[test]
    fn match_noun_agrees_with_trying_every_length() {
        let lex = &*LEX;
        // Every length, longest first, without the first-word shortcut.
        let slow = |toks: &[Tok], k: usize| {
            (1..=lex.noun_max_len).rev().find_map(|len| {
                let words: Vec<&str> = toks.get(k..k + len)?.iter().map(|t| t.base()).collect();
                lex.nouns.get(&words.join(" ")).map(|n| (*n, len))
            })
        };
        let text = "Three civilians, 40 fighters and two Revolutionary Guards advisers died; \
                    12 ammunition depots, five drones, armed drones, 3 ballistic missiles, \
                    the soldiers' bodies and Hezbollah's rockets were hit 4 times.";
        let toks = tokenize(text);
        let mut nouns = 0;
        for k in 0..=toks.len() + 1 {
            assert_eq!(match_noun(&toks, k, lex), slow(&toks, k), "at {k}");
            nouns += usize::from(slow(&toks, k).is_some());
        }
        assert!(nouns > 5);
    }

    fn q(s: &str) -> Vec<Row> {
        find_quantities(s)
            .into_iter()
            .map(|q| (q.kind, q.value, q.min, q.max))
            .collect()
    }

    fn v(k: QuantityKind, x: f64) -> Row {
        (k, Some(x), None, None)
    }

    fn min(k: QuantityKind, x: f64) -> Row {
        (k, None, Some(x), None)
    }

    fn max(k: QuantityKind, x: f64) -> Row {
        (k, None, None, Some(x))
    }

    fn range(k: QuantityKind, a: f64, b: f64) -> Row {
        (k, None, Some(a), Some(b))
    }

    #[test]
    fn personnel() {
        assert_eq!(
            q("Their joint strength does not exceed 12,000 fighters, officials say."),
            vec![max(Personnel, 12000.0)]
        );
        assert_eq!(
            q("Strength: an estimated 4,000-6,000."),
            vec![range(Personnel, 4000.0, 6000.0)]
        );
        assert_eq!(q("Strength: up to 8,000."), vec![max(Personnel, 8000.0)]);
        assert_eq!(
            q("Around 3,200 French troops are based in the country."),
            vec![v(Personnel, 3200.0)]
        );
        assert_eq!(
            q("The militia has an estimated 900 men under arms."),
            vec![v(Personnel, 900.0)]
        );
        assert_eq!(
            q("Its payroll carries some 150,000 names."),
            vec![v(Personnel, 150000.0)]
        );
        assert_eq!(
            q("Sources put the unit at between 500 and 700 fighters, while its rivals say it does not exceed 300."),
            vec![range(Personnel, 500.0, 700.0), max(Personnel, 300.0)]
        );
        assert_eq!(
            q("Officials put its forces at between 40,000 and 50,000."),
            vec![range(Personnel, 40000.0, 50000.0)]
        );
        // Small groups of fighters are not a strength.
        assert_eq!(q("Two rebels crossed the river at night."), vec![]);
        assert_eq!(
            q("A 2,000-strong force was sent to the front."),
            vec![v(Personnel, 2000.0)]
        );
        assert_eq!(
            q("Between 600 and 800 of its fighters are deployed there."),
            vec![range(Personnel, 600.0, 800.0)]
        );
        assert_eq!(
            q("Experts estimated its numbers at between 800 and 1,000 in 2021."),
            vec![range(Personnel, 800.0, 1000.0)]
        );
        assert_eq!(
            q("We think that no fewer than 40,000 of those names belong to two factions."),
            vec![min(Personnel, 40000.0)]
        );
    }

    #[test]
    fn money_and_salary() {
        assert_eq!(
            q("The state spends $4-5 billion on them annually."),
            vec![range(Money, 4e9, 5e9)]
        );
        let f = find_quantities(
            "The force receives 2.1 trillion Iraqi dinars, or roughly $1.6 billion, per year.",
        );
        assert_eq!(f.len(), 2);
        assert_eq!(
            (f[0].kind, f[0].unit.as_deref(), f[0].per.as_deref()),
            (Money, Some("IQD"), Some("year"))
        );
        assert_eq!(
            (f[1].kind, f[1].unit.as_deref(), f[1].per.as_deref()),
            (Money, Some("USD"), Some("year"))
        );
        assert_eq!(
            q("Foreign recruits get $300 per month, and locals get $90 at best."),
            vec![v(Salary, 300.0), max(Salary, 90.0)]
        );
        assert_eq!(
            q("A fighter is paid around 900,000 dinars (about $690) per month."),
            vec![v(Salary, 900000.0), v(Salary, 690.0)]
        );
        assert_eq!(
            q("Commanders earn up to 3 million dinars."),
            vec![max(Salary, 3e6)]
        );
        assert_eq!(
            q("Recruits earn between $30 and $45 a month."),
            vec![range(Salary, 30.0, 45.0)]
        );
        assert_eq!(
            q("The checkpoints charge between $100 and $300 per lorry."),
            vec![range(Money, 100.0, 300.0)]
        );
        assert_eq!(
            q("The appeal seeks US$50 million but has received about $12 million."),
            vec![v(Money, 5e7), v(Money, 1.2e7)]
        );
        assert_eq!(
            q("Iran pays the group $700 million a year."),
            vec![v(Money, 7e8)]
        );
        assert_eq!(
            q("They pass tens of millions of dollars to the group."),
            vec![]
        );
    }

    #[test]
    fn killed_wounded_casualties() {
        assert_eq!(
            q("The shelling killed two soldiers and wounded three others."),
            vec![v(Killed, 2.0), v(Wounded, 3.0)]
        );
        assert_eq!(
            q("Missiles hit the base, killing four soldiers and wounding six others."),
            vec![v(Killed, 4.0), v(Wounded, 6.0)]
        );
        assert_eq!(
            q("The monitor said at least six people were killed, among them two members of the guard."),
            vec![min(Killed, 6.0), v(Killed, 2.0)]
        );
        assert_eq!(
            q("A drone hit the outpost, killing two U.S. soldiers and wounding more than 30."),
            vec![v(Killed, 2.0), min(Wounded, 30.0)]
        );
        assert_eq!(
            q("The battalion lost more than 25 men, killed and wounded, in the raid."),
            vec![min(Casualties, 25.0)]
        );
        assert_eq!(
            q("At least three guards were killed and up to five wounded."),
            vec![min(Killed, 3.0), max(Wounded, 5.0)]
        );
        assert_eq!(
            q("Two fighters were killed and four were wounded."),
            vec![v(Killed, 2.0), v(Wounded, 4.0)]
        );
        assert_eq!(q("Four others were wounded."), vec![v(Wounded, 4.0)]);
        assert_eq!(
            q("At least 30 people, among them eight children, were killed, medics said."),
            vec![min(Killed, 30.0), v(Killed, 8.0)]
        );
        assert_eq!(
            q("Five people, three officers of the guard and their two drivers, were killed on the road."),
            vec![v(Killed, 5.0), v(Killed, 3.0), v(Killed, 2.0)]
        );
        assert_eq!(
            q("Officials report 12 soldiers and 6 civilians killed in the north."),
            vec![v(Killed, 12.0), v(Killed, 6.0)]
        );
        assert_eq!(
            q("The group announced the deaths of some 150 of its fighters."),
            vec![v(Killed, 150.0)]
        );
        assert_eq!(
            q("Between 40 and 55 of the dead were civilians, including nine children and at least 12 nurses."),
            vec![range(Killed, 40.0, 55.0), v(Killed, 9.0), min(Killed, 12.0)]
        );
        assert_eq!(
            q("The war has caused some 200,000 deaths."),
            vec![v(Killed, 200000.0)]
        );
        assert_eq!(
            q("The army said it had killed “more than 15” militants and lost three soldiers."),
            vec![min(Killed, 15.0), v(Killed, 3.0)]
        );
        assert_eq!(
            q("A drone kills three commanders near the border"),
            vec![v(Killed, 3.0)]
        );
        assert_eq!(
            q("It was a response to the killing of six soldiers."),
            vec![v(Killed, 6.0)]
        );
        assert_eq!(
            q("The clan lost some 500 members in a massacre."),
            vec![v(Killed, 500.0)]
        );
        assert_eq!(
            q("The group recorded 40 such killings in May."),
            vec![v(Killed, 40.0)]
        );
        assert_eq!(
            q("The attack wounded four people, among them a child."),
            vec![v(Wounded, 4.0)]
        );
    }

    #[test]
    fn displaced() {
        assert_eq!(
            q("The war forced 9 million people from their homes."),
            vec![v(Displaced, 9e6)]
        );
        assert_eq!(
            q("More than two million Afghans have been driven from their homes."),
            vec![min(Displaced, 2e6)]
        );
        assert_eq!(
            q("At least 70,000 people are now displaced, up from about 65,000 in March."),
            vec![min(Displaced, 70000.0), v(Displaced, 65000.0)]
        );
        assert_eq!(
            q("About 30,000 residents of border towns such as Metula remain evacuated."),
            vec![v(Displaced, 30000.0)]
        );
        assert_eq!(
            q("The camp shelters 12,000 refugees."),
            vec![v(Displaced, 12000.0)]
        );
        // Fighters who flee are not displaced people.
        assert_eq!(
            q("Some 300 fighters fled to the hills."),
            vec![v(Personnel, 300.0)]
        );
    }

    #[test]
    fn strikes() {
        assert_eq!(
            q("Jets carried out 18 air strikes overnight."),
            vec![v(Strikes, 18.0)]
        );
        assert_eq!(
            q("Nine people were hurt in the two attacks."),
            vec![v(Wounded, 9.0)]
        );
        assert_eq!(
            q("US forces carried out 4 self-defense strikes."),
            vec![v(Strikes, 4.0)]
        );
        assert_eq!(
            q("Israel has struck over 60 Iranian targets in the country."),
            vec![min(Strikes, 60.0)]
        );
        assert_eq!(
            q("The monitor has recorded 12 Israeli attacks since January."),
            vec![v(Strikes, 12.0)]
        );
        assert_eq!(
            q("The coalition has claimed more than 120 attacks on the bases."),
            vec![min(Strikes, 120.0)]
        );
        assert_eq!(
            q("Jets struck the routes more than 20 times since March."),
            vec![min(Strikes, 20.0)]
        );
        assert_eq!(
            q("The minister has visited the city at least four times."),
            vec![]
        );
        assert_eq!(
            q("The video, viewed 2 million times, shows the attack."),
            vec![]
        );
        assert_eq!(
            q("The strike brings the number of drone strikes on the region this year to more than 25."),
            vec![min(Strikes, 25.0)]
        );
        assert_eq!(
            q("The group launched six explosive-laden drones at the port."),
            vec![v(Strikes, 6.0)]
        );
        assert_eq!(
            q("Air defences destroyed four of the drones."),
            vec![v(Vehicles, 4.0)]
        );
        assert_eq!(
            q("At 3 a.m., two drones struck the base."),
            vec![v(Strikes, 2.0)]
        );
        assert_eq!(
            q("No fewer than four rockets landed inside the base."),
            vec![min(Strikes, 4.0)]
        );
        assert_eq!(
            q("Israel estimates that the group has 150,000 rockets."),
            vec![v(Other, 150000.0)]
        );
        assert_eq!(
            q("Air defences intercepted 20 missiles over the city."),
            vec![v(Strikes, 20.0)]
        );
        assert_eq!(
            q("The group fired 10 ballistic missiles and 20 drones at the city."),
            vec![v(Strikes, 10.0), v(Strikes, 20.0)]
        );
        assert_eq!(
            q("The militants have attacked more than 60 ships since May."),
            vec![min(Strikes, 60.0)]
        );
        assert_eq!(
            q("It has carried out hundreds of strikes on the country."),
            vec![]
        );
    }

    #[test]
    fn sites_and_lists() {
        assert_eq!(
            q("Washington struck 60 targets at nine locations, and at least 12 people were killed."),
            vec![v(Strikes, 60.0), v(Sites, 9.0), min(Killed, 12.0)]
        );
        assert_eq!(
            q("Four sites in Homs, used by the brigade."),
            vec![v(Sites, 4.0)]
        );
        assert_eq!(
            q("- Two positions around Tasil, held by the division."),
            vec![v(Sites, 2.0)]
        );
        assert_eq!(
            q("The army counts 90 illegal crossings."),
            vec![v(Sites, 90.0)]
        );
        assert_eq!(
            q("It holds detainees in more than 15 detention facilities."),
            vec![min(Sites, 15.0)]
        );
        let f = find_quantities_after(
            Some("Three in the centre of Hama for the guard."),
            "Two in Qara, one in Yabroud.",
        );
        assert_eq!(f.len(), 2);
        let mut reader = QuantityReader::new();
        let n: Vec<usize> = [
            "Four sites in Homs.",
            "Three in the centre of Hama.",
            "Two in Qara, one in Yabroud.",
        ]
        .iter()
        .map(|s| reader.read(s).len())
        .collect();
        assert_eq!(n, vec![1, 1, 2]);
        let f = find_quantities_after(
            Some("Four sites in Homs, used by the brigade."),
            "Two in Qara, one in Yabroud.",
        );
        let rows: Vec<Row> = f
            .into_iter()
            .map(|q| (q.kind, q.value, q.min, q.max))
            .collect();
        assert_eq!(rows, vec![v(Sites, 2.0), v(Sites, 1.0)]);
        let text = "Its positions are:\n\nFour sites in Homs. Three in the centre of Hama for the guard. Two in Qara, one in Yabroud.";
        let f = find_quantities_in_text(text);
        let rows: Vec<Row> = f.iter().map(|q| (q.kind, q.value, q.min, q.max)).collect();
        assert_eq!(
            rows,
            vec![v(Sites, 4.0), v(Sites, 3.0), v(Sites, 2.0), v(Sites, 1.0)]
        );
        assert_eq!(&text[f[1].start..f[1].end], "Three");
        // Without a list before, a figure before a place is nothing.
        assert_eq!(q("Two in Qara were seen."), vec![]);
    }

    #[test]
    fn arrested() {
        assert_eq!(
            q("Police have detained eight people over the attack."),
            vec![v(Arrested, 8.0)]
        );
        assert_eq!(
            q("Of the 300 detainees, 40 were released."),
            vec![v(Arrested, 300.0)]
        );
        assert_eq!(q("The SDF released 25 detainees under a deal."), vec![]);
        assert_eq!(
            q("Gunmen killed 3 shepherds and kidnapped 5 others."),
            vec![v(Killed, 3.0)]
        );
        assert_eq!(
            q("The monitor said 15 pro-government fighters and 9 jihadists were killed."),
            vec![v(Killed, 15.0), v(Killed, 9.0)]
        );
        assert_eq!(
            q("The raids led to the arrest of 60 suspects, nine of whom are senior figures, and the deaths of four militants."),
            vec![v(Arrested, 60.0), v(Arrested, 9.0), v(Killed, 4.0)]
        );
        assert_eq!(
            q("Twelve suspected members were detained."),
            vec![v(Arrested, 12.0)]
        );
        assert_eq!(
            q("Forces raided the village and arrested at least 20 young men."),
            vec![min(Arrested, 20.0)]
        );
        assert_eq!(
            q("That brings to no fewer than 11 the number of suspects held."),
            vec![min(Arrested, 11.0)]
        );
        assert_eq!(
            q("The raid ended with the release of almost all of the 16 men it detained."),
            vec![v(Arrested, 16.0)]
        );
    }

    #[test]
    fn vehicles_and_other() {
        assert_eq!(q("The army destroyed 14 tanks."), vec![v(Vehicles, 14.0)]);
        assert_eq!(
            q("The raid destroyed three ammunition depots."),
            vec![v(Sites, 3.0)]
        );
        assert_eq!(
            q("Jets destroyed two explosive-laden boats near the port."),
            vec![v(Vehicles, 2.0)]
        );
        assert_eq!(
            q("Forces seized more than 30 small arms, 9 explosive vests and over 5,000 rounds of ammunition."),
            vec![min(Other, 30.0), v(Other, 9.0), min(Other, 5000.0)]
        );
    }

    #[test]
    fn dropped() {
        for s in [
            "The monitor recorded nine security incidents on Tuesday.",
            "Two smugglers from the town said the checkpoints charge fees.",
            "Thousands of mourners joined the funeral.",
            "The two forces have fought side by side for years.",
            "The five factions profiled below are funded by Iran.",
            "Two Iraqi security officials said, a day after an attack wounded American personnel.",
            "It happened in 2019 near Tower 22, 40 km from the border.",
            "Two weeks ago, on 7 August, the raid began.",
            "Each of the five brigades has a commander.",
            "The group's leader, 45, was arrested in a raid on his home.",
            "Its founder, Ahmed Saleh (52), was detained.",
        ] {
            assert_eq!(q(s), vec![], "{s}");
        }
    }

    #[test]
    fn text_and_units() {
        let f = find_quantities("Their strength does not exceed 15,000 fighters.");
        assert_eq!(f[0].text, "does not exceed 15,000 fighters");
        assert_eq!(f[0].unit.as_deref(), Some("fighters"));
        let f = find_quantities("Recruits get $400 per month.");
        assert_eq!(f[0].unit.as_deref(), Some("USD"));
        assert_eq!(f[0].per.as_deref(), Some("month"));
        assert_eq!(f[0].text, "$400 per month");
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let odd = [
            "",
            " ",
            "$",
            "$-",
            "-5",
            "5-",
            "1,2,3,4,5",
            ".5 of them",
            "99999999999999999999999 fighters",
            "4294967295 days later",
            "99999999 weeks ago",
            "between and",
            "between 5 and",
            "from 3 to",
            "half a",
            "a dozen of",
            "tens of",
            "hundreds of thousands of millions of dollars",
            "US$",
            "€5bn€",
            "1:2:3",
            "No.",
            "((((3))))",
            "killed killed killed 3 3 3",
            "ﾟ 12 ﾟ 日本 ١٢ ٣ سوريا 40 مقاتل",
            "Ⅻ soldiers",
            "On 31 February 2024 nothing happened",
            "2024-13-45",
            "Tuesday's Tuesday's Tuesday",
            "the 0th division",
            "0 people were killed",
        ];
        let mut text = String::new();
        for s in odd {
            text.push_str(s);
            text.push_str(". ");
            let _ = find_quantities(s);
            let _ = crate::mentions::dates::find_dates_in_text(
                s,
                chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
            );
            let _ = crate::mentions::dates::find_dates_in_text(s, None);
        }
        // Every character boundary of a mixed text as a start.
        let sample =
            "Él dijo: “more than 20” rebels — killed 3 on 2 Feb; US$74m, 7,000-10,000 men.";
        for (i, _) in sample.char_indices() {
            let _ = find_quantities(&sample[i..]);
            let _ = find_quantities_in_text(&sample[..i]);
        }
        let _ = find_quantities_in_text(&text);
    }

    #[test]
    fn sentences() {
        let t = "U.S. forces struck. The U.S. Treasury said so. He left at 1:30 a.m. (2230 GMT).\nNew line";
        let s: Vec<&str> = split_sentences(t)
            .into_iter()
            .map(|(a, b)| &t[a..b])
            .collect();
        assert_eq!(
            s,
            vec![
                "U.S. forces struck.",
                "The U.S. Treasury said so.",
                "He left at 1:30 a.m. (2230 GMT).",
                "New line"
            ]
        );
    }
}
