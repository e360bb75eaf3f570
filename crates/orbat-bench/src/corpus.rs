//! A seeded generator of synthetic conflict reports.
//!
//! Documents are built from template sentences written for this crate, filled
//! with actors from the extractor's knowledge (`data/actors.toml`), places from
//! the gazetteer (`data/gazetteer/`), and names that neither knows (made-up
//! people and brigades), plus the furniture real pages carry: bylines, share
//! links, lists, tables of figures, hashtags, URLs, Arabic script, typos in
//! spacing. Lengths run from 300 bytes to 20 KB, most documents short, a few
//! long (log-uniform). About 15% are HTML pages, 10% Markdown, the rest
//! plain text. The same seed gives the same corpus, byte for byte, for the
//! same data files; document `i` depends only on the seed and `i`.
//!
//! The generator is not tuned to orbat: it does not look at what the
//! extractor finds, and much of what it writes (made-up names, list items,
//! numbers in tables, noise) is there to cost work, not to be found.

use crate::rng::Rng;
use orbat_extract::knowledge::Knowledge;
use orbat_gazetteer::{Gazetteer, PlaceKind};
use serde::Serialize;

/// Smallest and largest document body, in bytes (the HTML wrapper adds to it).
pub const MIN_BYTES: usize = 300;
/// See [`MIN_BYTES`].
pub const MAX_BYTES: usize = 20_000;

/// How a generated document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocFormat {
    /// Plain text, with `Published:`/`Source:` header lines.
    Text,
    /// A whole HTML page with navigation, scripts and a footer.
    Html,
    /// Markdown with a heading, lists and a table.
    Markdown,
}

impl DocFormat {
    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            DocFormat::Text => "txt",
            DocFormat::Html => "html",
            DocFormat::Markdown => "md",
        }
    }
}

/// One generated document.
#[derive(Debug, Clone)]
pub struct GenDoc {
    /// Index in the corpus.
    pub index: u64,
    /// Format of `body`.
    pub format: DocFormat,
    /// The bytes a reader would get.
    pub body: String,
    /// Headline.
    pub title: String,
    /// A unique URL.
    pub url: String,
    /// `YYYY-MM-DD`.
    pub published: String,
    /// Site name.
    pub source: String,
}

impl GenDoc {
    /// File name, e.g. `doc-000042.html`.
    pub fn file_name(&self) -> String {
        format!("doc-{:06}.{}", self.index, self.format.ext())
    }

    /// One JSONL line (no newline): `html` for HTML pages, `text` otherwise.
    pub fn jsonl(&self) -> String {
        let key = if self.format == DocFormat::Html {
            "html"
        } else {
            "text"
        };
        let mut obj = serde_json::Map::new();
        obj.insert("title".into(), self.title.clone().into());
        obj.insert("url".into(), self.url.clone().into());
        obj.insert("source".into(), self.source.clone().into());
        obj.insert("published".into(), self.published.clone().into());
        obj.insert(key.into(), self.body.clone().into());
        serde_json::Value::Object(obj).to_string()
    }
}

/// A surface form of an actor, and whether it names a person.
#[derive(Debug, Clone)]
struct ActorName {
    names: Vec<String>,
}

/// What the generator draws from: built once, then shared by all threads.
pub struct Generator {
    seed: u64,
    groups: Vec<ActorName>,
    states: Vec<ActorName>,
    people: Vec<ActorName>,
    orgs: Vec<ActorName>,
    arabic: Vec<String>,
    /// Towns by country, drawn with the weights of [`FOCUS`].
    towns: Vec<Vec<String>>,
    facilities: Vec<String>,
    provinces: Vec<String>,
}

/// Countries the reports are about, and how often (out of 100).
const FOCUS: &[(&str, usize)] = &[
    ("SY", 30),
    ("IQ", 20),
    ("YE", 10),
    ("LB", 8),
    ("LY", 6),
    ("IL", 4),
    ("PS", 4),
    ("TR", 5),
    ("AF", 5),
    ("IR", 5),
    ("JO", 2),
    ("SA", 1),
];

/// GeoNames spellings with their diacritics dropped, as most English
/// reporting writes them ("Ḩājī Khēl" as "Haji Khel").
fn plain(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'ā' | 'á' | 'â' | 'à' | 'ä' => Some('a'),
            'Ā' | 'Á' | 'Â' => Some('A'),
            'ī' | 'í' | 'î' | 'ı' => Some('i'),
            'Ī' | 'İ' => Some('I'),
            'ū' | 'ú' | 'û' | 'ü' => Some('u'),
            'Ū' | 'Ü' => Some('U'),
            'ē' | 'é' | 'ê' | 'è' => Some('e'),
            'ō' | 'ó' | 'ô' | 'ö' => Some('o'),
            'Ö' => Some('O'),
            'ḩ' | 'ḥ' => Some('h'),
            'Ḩ' | 'Ḥ' => Some('H'),
            'ş' | 'ṣ' => Some('s'),
            'Ş' | 'Ṣ' => Some('S'),
            'ţ' | 'ṭ' => Some('t'),
            'Ţ' | 'Ṭ' => Some('T'),
            'ḑ' | 'ḍ' => Some('d'),
            'ẓ' => Some('z'),
            'ğ' => Some('g'),
            'ç' => Some('c'),
            'Ç' => Some('C'),
            '‘' | '’' | 'ʿ' | 'ʾ' | '`' => None,
            c => Some(c),
        })
        .collect()
}

fn is_latin(s: &str) -> bool {
    s.chars().all(|c| (c as u32) < 0x250)
}

impl Generator {
    /// A generator over the embedded knowledge and gazetteer.
    pub fn new(seed: u64) -> Generator {
        let knowledge =
            Knowledge::embedded().expect("the embedded actor knowledge is checked by its tests");
        Generator::from_parts(seed, &knowledge, Gazetteer::embedded())
    }

    /// A generator over the given knowledge and gazetteer.
    pub fn from_parts(seed: u64, knowledge: &Knowledge, gazetteer: &Gazetteer) -> Generator {
        let (mut groups, mut states, mut people, mut orgs, mut arabic) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for a in &knowledge.actors {
            let mut names = vec![a.name.clone()];
            for alias in &a.aliases {
                if is_latin(alias) {
                    names.push(alias.clone());
                } else {
                    arabic.push(alias.clone());
                }
            }
            let entry = ActorName { names };
            match a.actor_type.as_str() {
                "armed_group" | "state_force" => groups.push(entry),
                "state" => states.push(entry),
                "person" => people.push(entry),
                _ => orgs.push(entry),
            }
        }
        let mut towns: Vec<Vec<String>> = vec![Vec::new(); FOCUS.len()];
        let (mut facilities, mut provinces) = (Vec::new(), Vec::new());
        for (_, p) in gazetteer.places() {
            let Some(c) = FOCUS.iter().position(|&(c, _)| c == p.country) else {
                continue;
            };
            match p.kind {
                PlaceKind::City | PlaceKind::Town => towns[c].push(p.name.clone()),
                PlaceKind::Village if p.population >= 3000 => towns[c].push(p.name.clone()),
                PlaceKind::Facility => facilities.push(p.name.clone()),
                PlaceKind::Admin1 => provinces.push(p.name.clone()),
                _ => {}
            }
        }
        for v in towns.iter_mut().chain([&mut facilities, &mut provinces]) {
            if v.is_empty() {
                v.push("Deir ez-Zor".into());
            }
        }
        if groups.is_empty() {
            groups.push(ActorName {
                names: vec!["the militia".into()],
            });
        }
        for v in [&mut states, &mut people, &mut orgs] {
            if v.is_empty() {
                v.push(groups[0].clone());
            }
        }
        if arabic.is_empty() {
            arabic.push("دير الزور".into());
        }
        Generator {
            seed,
            groups,
            states,
            people,
            orgs,
            arabic,
            towns,
            facilities,
            provinces,
        }
    }

    /// Document `index` of the corpus.
    pub fn doc(&self, index: u64) -> GenDoc {
        let mut rng = Rng::for_item(self.seed, index);
        let mut w = Writer::new(self, &mut rng, index);
        w.document()
    }

    /// Documents `0..n`.
    pub fn docs(&self, n: u64) -> impl Iterator<Item = GenDoc> + '_ {
        (0..n).map(move |i| self.doc(i))
    }
}

/// Target body length: log-uniform in [MIN_BYTES, MAX_BYTES], so the median
/// is about 2.4 KB and a tenth of the documents are over 13 KB.
fn target_len(rng: &mut Rng) -> usize {
    let (lo, hi) = ((MIN_BYTES as f64).ln(), (MAX_BYTES as f64).ln());
    (lo + rng.unit() * (hi - lo)).exp() as usize
}

const SITES: &[&str] = &[
    "Monitor", "Observer", "Dispatch", "Ledger", "Wire", "Post", "Bulletin", "Review", "Gazette",
];
const REGIONS: &[&str] = &[
    "Euphrates",
    "Levant",
    "Gulf",
    "Tigris",
    "Red Sea",
    "Border",
    "Desert",
    "Frontline",
    "Valley",
];
const GIVEN: &[&str] = &[
    "Khaled", "Omar", "Yusuf", "Samir", "Tariq", "Nabil", "Rami", "Walid", "Faisal", "Hamza",
    "Karim", "Ziad", "Bassam", "Jamil", "Mazen", "Adnan", "Hussein", "Ayman", "Firas", "Munir",
];
const FAMILY: &[&str] = &[
    "al-Hamadi",
    "Darwish",
    "al-Khatib",
    "Haddad",
    "al-Jubouri",
    "Nasrallah",
    "al-Obeidi",
    "Saleh",
    "al-Rawi",
    "Mansour",
    "al-Dulaimi",
    "Qassem",
    "Barakat",
    "al-Shammari",
    "Halabi",
];
const TITLES: &[&str] = &[
    "Commander",
    "Gen.",
    "Brig. Gen.",
    "Colonel",
    "Sheikh",
    "spokesman",
    "Maj.",
    "Lt. Col.",
    "field commander",
    "deputy leader",
];
const UNIT_WORDS: &[&str] = &[
    "Brigade",
    "Battalion",
    "Military Council",
    "Regiment",
    "Front",
    "Forces",
    "Division",
    "Liberation Army",
];
const SITE_WORDS: &[&str] = &[
    "weapons depot",
    "checkpoint",
    "training camp",
    "headquarters",
    "ammunition store",
    "command post",
    "observation post",
    "warehouse",
    "radar station",
    "supply convoy",
];
const WEAPONS: &[&str] = &[
    "drones",
    "rockets",
    "mortar rounds",
    "artillery shells",
    "ballistic missiles",
    "anti-tank missiles",
    "heavy machine guns",
    "improvised explosive devices",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen", "dozens",
    "several", "eleven", "twenty",
];
const SOURCES: &[&str] = &[
    "according to local sources",
    "activists said",
    "a monitoring group reported",
    "residents told reporters",
    "officials said",
    "according to a statement on the group's channel",
    "security sources said",
    "our correspondent reported",
];
const HEDGES: &[&str] = &[
    "Reportedly,",
    "It is believed that",
    "Unconfirmed reports suggest",
    "According to some estimates,",
    "Allegedly,",
    "Most likely,",
];

/// Sentence templates. Slots: {G} {G2} armed group or force, {S} state,
/// {O} organisation, {P} known person, {NP} made-up person with a title,
/// {NG} made-up group, {T} {T2} {T3} town, {F} facility, {A} province,
/// {N} {N2} small numbers, {BIG} a large number, {NW} number word,
/// {DATE} a date phrase, {DAY}, {MONTH}, {YEAR}, {SRC} attribution,
/// {HEDGE}, {SITE}, {WEAPON}, {AR} Arabic-script name.
const HEADLINES: &[&str] = &[
    "{G} tightens grip on {T}",
    "Drone strike near {T} kills {N}",
    "Clashes between {G} and {G2} in {A}",
    "{S} strikes {G} positions in {A}",
    "Who controls {T}? A look at {G}",
    "{NW} killed as fighting spreads to {T}",
    "Protests in {T} over detentions",
    "Weekly brief: {A}, week to {DAY}",
    "{G} commander killed in {T} ambush",
    "Thousands flee {T} as {G} advances",
];
const EVENT: &[&str] = &[
    "{DATE}, {G} fighters attacked positions held by {G2} near {T}, {SRC}.",
    "An air strike hit a {SITE} used by {G} on the outskirts of {T} {DATE_LC}, killing at least {N} people.",
    "{HEDGE} {N} members of {G} were killed when a roadside bomb struck their convoy on the road between {T} and {T2}.",
    "Drones launched from {A} targeted {F} {DATE_LC}; the {S} government said its air defences intercepted {NW} of them.",
    "Clashes broke out in {T} after {G} set up checkpoints at the entrances of the town.",
    "Residents of {T} protested outside the local council building on {DAY}, demanding the release of {N} detainees held by {G}.",
    "{G} arrested {N} young men during a raid on the village of {T2}, {SRC}.",
    "Shelling by {G} wounded {N} civilians, among them {NW} children, in {T}.",
    "A car bomb exploded near a vegetable market in {T}, killing {N} and wounding {N2}.",
    "{S} carried out {NW} strikes on {G} targets in {A} overnight, {SRC}.",
    "Unidentified gunmen on a motorcycle shot dead a local official of {O} in {T} {DATE_LC}.",
    "{G} fired {WEAPON} at {F}; no casualties were reported.",
    "The {NG} ambushed a patrol of {G} east of {T}, {SRC}, in an attack that lasted almost {N} hours.",
    "Heavy fighting continued for a {NTH} day around {T}, where {G} is trying to cut the supply road to {T2}.",
    "{DATE}, a drone strike on a vehicle near {F} killed {NP} and {NW} of his companions.",
];
const RELATION: &[&str] = &[
    "{G} is led by {P}, who took command in {YEAR}.",
    "{NP} commands the {NG}, a force of local fighters recruited in {T}.",
    "The {NG} answers to {G} and receives weapons and salaries from {S}.",
    "{G} is part of the {G2} coalition, {SRC}.",
    "{G} controls {T}, {T2} and several villages along the road to {T3}.",
    "Its headquarters is in {T}, in a former school building near the grain silos.",
    "{G} keeps positions at {F} and in the farms west of {T}.",
    "{S} designated {G} as a terrorist organisation in {MONTH} {YEAR}.",
    "{G} fought alongside {G2} during the offensive on {T}.",
    "Units of the {S}-backed {G} reinforced their posts around {T} this week.",
    "{P} was seen in {T} meeting commanders of {G}, {SRC}.",
    "The {NG}, formed in {YEAR}, is loyal to {G} and takes its orders from {NP}.",
    "{HEDGE} {G} has handed control of {F} to {G2}.",
];
const FIGURE: &[&str] = &[
    "The group has between {N100} and {N100B} fighters in the {A} area, {SRC}.",
    "{G} pays its fighters about ${N100} a month, {SRC}.",
    "{HEDGE} {G} numbers no more than {BIG} men.",
    "The fighting has displaced more than {BIG} people since {MONTH}.",
    "Annual support from {S} to {G} is estimated at ${N} million.",
    "At least {N} civilians have been killed in {A} since the start of {MONTH}, and {N2} more are missing.",
    "{G} brought {N} pickup trucks fitted with heavy machine guns into {T}.",
    "Some {BIG} families have returned to {T} since {YEAR}, according to {O}.",
];
const FILLER: &[&str] = &[
    "The situation remains tense, and aid agencies say access to the area is limited.",
    "Electricity and water have been cut for most of the week.",
    "Prices of fuel and bread have doubled since the start of the year.",
    "Neither side commented on the reports when contacted.",
    "Independent verification of the figures was not possible.",
    "Schools in the district stayed closed for a {NTH} day.",
    "The road was reopened to traffic on {DAY} evening after engineers cleared the rubble.",
    "Farmers say the harvest this year is the worst in a decade because of the drought.",
    "Local notables have called for talks, so far without result.",
    "Mobile networks were down in parts of {A} for several hours.",
    "The market in {T} reopened, though many shops remain shuttered.",
];
const QUOTE: &[&str] = &[
    "\"We will not allow {G} to return to {T},\" {NP} told reporters on {DAY}.",
    "\"The attack was a clear violation of the truce,\" said {NP}.",
    "\"Our men are ready,\" a commander of {G} said in a video posted online.",
    "\"Nobody has told us when we can go home,\" said a displaced woman from {T}.",
];

struct Writer<'g, 'r> {
    g: &'g Generator,
    rng: &'r mut Rng,
    index: u64,
    year: u32,
    month: u32,
    day: u32,
    // The document's focus: reporting keeps coming back to a few names.
    focus_groups: Vec<String>,
    focus_towns: Vec<String>,
}

impl<'g, 'r> Writer<'g, 'r> {
    fn new(g: &'g Generator, rng: &'r mut Rng, index: u64) -> Self {
        let year = rng.range(2014, 2025) as u32;
        let month = rng.range(1, 12) as u32;
        let day = rng.range(1, 28) as u32;
        let mut w = Writer {
            g,
            rng,
            index,
            year,
            month,
            day,
            focus_groups: Vec::new(),
            focus_towns: Vec::new(),
        };
        for _ in 0..3 {
            let n = w.actor(&g.groups);
            w.focus_groups.push(n);
            let t = w.any_town();
            w.focus_towns.push(t);
        }
        w
    }

    fn actor(&mut self, pool: &[ActorName]) -> String {
        let a = self.rng.pick(pool);
        // The canonical name most of the time, an alias otherwise.
        if a.names.len() > 1 && self.rng.chance(0.4) {
            a.names[1 + self.rng.below(a.names.len() - 1)].clone()
        } else {
            a.names[0].clone()
        }
    }

    fn group(&mut self) -> String {
        if self.rng.chance(0.6) {
            self.rng.pick(&self.focus_groups).clone()
        } else {
            let g = self.g;
            self.actor(&g.groups)
        }
    }

    fn town(&mut self) -> String {
        if self.rng.chance(0.5) {
            self.rng.pick(&self.focus_towns).clone()
        } else {
            self.any_town()
        }
    }

    /// A town of a country drawn by the weights of [`FOCUS`].
    fn any_town(&mut self) -> String {
        let total: usize = FOCUS.iter().map(|&(_, w)| w).sum();
        let mut r = self.rng.below(total);
        let mut c = 0;
        while r >= FOCUS[c].1 {
            r -= FOCUS[c].1;
            c += 1;
        }
        let name = self.rng.pick(&self.g.towns[c]);
        if self.rng.chance(0.75) {
            plain(name)
        } else {
            name.clone()
        }
    }

    fn new_person(&mut self) -> String {
        let title = *self.rng.pick(TITLES);
        let given = *self.rng.pick(GIVEN);
        let family = *self.rng.pick(FAMILY);
        format!("{title} {given} {family}")
    }

    fn new_group(&mut self) -> String {
        let unit = *self.rng.pick(UNIT_WORDS);
        match self.rng.below(3) {
            0 => format!("{} {unit}", self.any_town()),
            1 => format!("{} {unit}", self.rng.pick(FAMILY).trim_start_matches("al-")),
            _ => format!("Liwa {}", self.rng.pick(GIVEN)),
        }
    }

    fn number(&mut self, lo: u64, hi: u64) -> String {
        self.rng.range(lo, hi).to_string()
    }

    fn big(&mut self) -> String {
        let n = self.rng.range(1, 250) * 100;
        if n >= 1000 && self.rng.chance(0.7) {
            format!("{},{:03}", n / 1000, n % 1000)
        } else {
            n.to_string()
        }
    }

    fn date_phrase(&mut self) -> String {
        match self.rng.below(7) {
            0 => format!("On {} {}", self.rng.range(1, 28), self.rng.pick(MONTHS)),
            1 => format!("On {}", self.rng.pick(DAYS)),
            2 => format!("Last {}", self.rng.pick(DAYS)),
            3 => format!(
                "On {} {}, {}",
                self.rng.pick(MONTHS),
                self.rng.range(1, 28),
                self.year
            ),
            4 => "Earlier this month".to_string(),
            5 => "Yesterday".to_string(),
            _ => {
                let d = self.rng.range(1, 27);
                format!("On the night of {}-{} {}", d, d + 1, self.rng.pick(MONTHS))
            }
        }
    }

    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("templates close their slots");
            let slot = &rest[open + 1..close];
            let value = self.slot(slot);
            out.push_str(&value);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        // Sentence-initial slots ("{G} is ...") start with a capital.
        let mut chars = out.chars();
        match chars.next() {
            Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
            _ => out,
        }
    }

    fn slot(&mut self, slot: &str) -> String {
        let g = self.g;
        match slot {
            "G" | "G2" => self.group(),
            "S" => {
                let a = self.rng.pick(&g.states);
                a.names[0].clone()
            }
            "O" => self.actor(&g.orgs),
            "P" => self.actor(&g.people),
            "NP" => self.new_person(),
            "NG" => self.new_group(),
            "T" | "T2" | "T3" => self.town(),
            "F" => self.rng.pick(&g.facilities).clone(),
            "A" => self.rng.pick(&g.provinces).clone(),
            "N" | "N2" => self.number(2, 60),
            "N100" => self.number(100, 900),
            "N100B" => self.number(1000, 3000),
            "BIG" => self.big(),
            "NW" => self.rng.pick(NUMBER_WORDS).to_string(),
            "NTH" => ["second", "third", "fourth", "fifth"][self.rng.below(4)].to_string(),
            "DATE" => self.date_phrase(),
            "DATE_LC" => {
                let d = self.date_phrase();
                let mut c = d.chars();
                c.next()
                    .map(|f| f.to_lowercase().chain(c).collect())
                    .unwrap_or_default()
            }
            "DAY" => self.rng.pick(DAYS).to_string(),
            "MONTH" => self.rng.pick(MONTHS).to_string(),
            "YEAR" => self.rng.range(2011, self.year as u64).to_string(),
            "SRC" => self.rng.pick(SOURCES).to_string(),
            "HEDGE" => self.rng.pick(HEDGES).to_string(),
            "SITE" => self.rng.pick(SITE_WORDS).to_string(),
            "WEAPON" => self.rng.pick(WEAPONS).to_string(),
            "AR" => self.rng.pick(&g.arabic).clone(),
            other => format!("{{{other}}}"),
        }
    }

    fn sentence(&mut self) -> String {
        let r = self.rng.unit();
        let pool = if r < 0.32 {
            EVENT
        } else if r < 0.58 {
            RELATION
        } else if r < 0.74 {
            FIGURE
        } else if r < 0.94 {
            FILLER
        } else {
            QUOTE
        };
        let t = *self.rng.pick(pool);
        let mut s = self.fill(t);
        if self.rng.chance(0.03) {
            // An Arabic-script name in brackets, as translated reports give them.
            let ar = self.rng.pick(&self.g.arabic).clone();
            s.insert_str(s.len() - 1, &format!(" ({ar})"));
        }
        s
    }

    fn paragraph(&mut self) -> Block {
        let r = self.rng.unit();
        if r < 0.08 {
            return self.list();
        }
        if r < 0.12 {
            return self.table();
        }
        if r < 0.17 {
            return Block::Noise(self.noise());
        }
        let n = 1 + self.rng.below(5);
        let mut p = String::new();
        for i in 0..n {
            if i > 0 {
                // Double spaces after full stops, as some wires still write.
                p.push_str(if self.rng.chance(0.05) { "  " } else { " " });
            }
            p.push_str(&self.sentence());
        }
        if self.rng.chance(0.02) {
            // A run-on sentence: a long clause chain with no full stop.
            p.push(' ');
            for _ in 0..self.rng.range(5, 15) {
                let t = self.town();
                let g = self.group();
                p.push_str(&format!("and in {t} the men of {g} "));
            }
            p.push_str("held out");
        }
        Block::Para(p)
    }

    fn list(&mut self) -> Block {
        let head = match self.rng.below(3) {
            0 => "Positions reported this week:".to_string(),
            1 => format!(
                "Incidents recorded in {}:",
                self.rng.pick(&self.g.provinces)
            ),
            _ => "Key points:".to_string(),
        };
        let n = self.rng.range(3, 9) as usize;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            let item = match self.rng.below(4) {
                0 => format!(
                    "{}: about {} fighters of {}",
                    self.town(),
                    self.number(20, 900),
                    self.group()
                ),
                1 => format!("{} {}: {}", self.rng.pick(DAYS), self.town(), {
                    let t = *self.rng.pick(EVENT);
                    self.fill(t)
                }),
                2 => format!("{} ({})", self.rng.pick(&self.g.facilities), self.group()),
                _ => {
                    let t = *self.rng.pick(FIGURE);
                    self.fill(t)
                }
            };
            items.push(item);
        }
        Block::List(head, items, self.rng.chance(0.4))
    }

    fn table(&mut self) -> Block {
        let rows = self.rng.range(3, 8) as usize;
        let mut t = vec![vec![
            "Governorate".to_string(),
            "Killed".to_string(),
            "Wounded".to_string(),
            "Displaced".to_string(),
        ]];
        for _ in 0..rows {
            let a = self.rng.pick(&self.g.provinces).clone();
            let row = vec![a, self.number(0, 80), self.number(0, 200), self.big()];
            t.push(row);
        }
        Block::Table(t)
    }

    fn noise(&mut self) -> String {
        let year = self.year;
        match self.rng.below(9) {
            0 => "Share on Facebook | Twitter | WhatsApp | Telegram".to_string(),
            1 => format!(
                "Photo: fighters of {} near {} (social media)",
                self.group(),
                self.town()
            ),
            2 => format!(
                "Read more: https://example.org/news/{}/{}-{}",
                year,
                self.town().to_lowercase().replace(' ', "-"),
                self.number(1000, 99999)
            ),
            3 => format!(
                "Contact the desk: desk{}@example.org, tel. +963 11 {} {}",
                self.number(1, 9),
                self.number(100, 999),
                self.number(1000, 9999)
            ),
            4 => format!(
                "#{} #{} #breaking",
                self.town().replace([' ', '-'], ""),
                self.group().replace([' ', '-', '\''], "")
            ),
            5 => format!(
                "Updated {:02}:{:02} GMT | Ref. {}/{}-{}-A",
                self.rng.range(0, 23),
                self.rng.range(0, 59),
                year,
                self.number(100, 999),
                self.number(10, 99)
            ),
            6 => "ADVERTISEMENT".to_string(),
            7 => format!("🔴 BREAKING: {}", self.fill(EVENT[0]).to_uppercase()),
            _ => format!("{} — {}", self.rng.pick(&self.g.arabic), self.town()),
        }
    }

    fn document(&mut self) -> GenDoc {
        let target = target_len(self.rng);
        let site = format!("{} {}", self.rng.pick(REGIONS), self.rng.pick(SITES));
        let title = {
            let t = *self.rng.pick(HEADLINES);
            let mut title = self.fill(t);
            if self.rng.chance(0.05) {
                title = title.to_uppercase();
            }
            title
        };
        let published = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        let slug: String = title
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .take(60)
            .collect();
        let url = format!(
            "https://example.org/{}/{}/{:02}/{}-{}",
            site.to_lowercase().replace(' ', "-"),
            self.year,
            self.month,
            slug.trim_matches('-'),
            self.index
        );
        let reporter = format!("{} {}", self.rng.pick(GIVEN), self.rng.pick(FAMILY));
        let mut blocks = Vec::new();
        let mut len = title.len();
        while len < target {
            let b = self.paragraph();
            let n = b.len();
            if len + n > MAX_BYTES && len >= MIN_BYTES {
                break;
            }
            len += n + 2;
            blocks.push(b);
        }
        let format = match self.rng.below(20) {
            0..=2 => DocFormat::Html,
            3..=4 => DocFormat::Markdown,
            _ => DocFormat::Text,
        };
        let body = match format {
            DocFormat::Text => render_text(&title, &published, &site, &reporter, &blocks, self.rng),
            DocFormat::Markdown => render_markdown(&title, &reporter, &blocks),
            DocFormat::Html => render_html(&title, &published, &site, &url, &reporter, &blocks),
        };
        GenDoc {
            index: self.index,
            format,
            body,
            title,
            url,
            published,
            source: site,
        }
    }
}

enum Block {
    Para(String),
    Noise(String),
    /// Heading, items, numbered.
    List(String, Vec<String>, bool),
    Table(Vec<Vec<String>>),
}

impl Block {
    fn len(&self) -> usize {
        match self {
            Block::Para(s) | Block::Noise(s) => s.len(),
            Block::List(h, items, _) => h.len() + items.iter().map(|i| i.len() + 3).sum::<usize>(),
            Block::Table(rows) => rows.iter().flatten().map(|c| c.len() + 3).sum(),
        }
    }
}

fn render_text(
    title: &str,
    published: &str,
    site: &str,
    reporter: &str,
    blocks: &[Block],
    rng: &mut Rng,
) -> String {
    let mut out = format!("{title}\n");
    if rng.chance(0.7) {
        out.push_str(&format!("Published: {published}\nSource: {site}\n"));
    }
    out.push_str(&format!("By {reporter}\n\n"));
    for b in blocks {
        match b {
            Block::Para(s) | Block::Noise(s) => out.push_str(s),
            Block::List(h, items, numbered) => {
                out.push_str(h);
                for (i, it) in items.iter().enumerate() {
                    if *numbered {
                        out.push_str(&format!("\n{}. {it}", i + 1));
                    } else {
                        out.push_str(&format!("\n- {it}"));
                    }
                }
            }
            Block::Table(rows) => {
                let lines: Vec<String> = rows.iter().map(|r| r.join("\t")).collect();
                out.push_str(&lines.join("\n"));
            }
        }
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn render_markdown(title: &str, reporter: &str, blocks: &[Block]) -> String {
    let mut out = format!("# {title}\n\n*By {reporter}*\n\n");
    for b in blocks {
        match b {
            Block::Para(s) => out.push_str(s),
            Block::Noise(s) => out.push_str(&format!("> {s}")),
            Block::List(h, items, numbered) => {
                out.push_str(&format!("**{h}**\n"));
                for (i, it) in items.iter().enumerate() {
                    if *numbered {
                        out.push_str(&format!("\n{}. {it}", i + 1));
                    } else {
                        out.push_str(&format!("\n* {it}"));
                    }
                }
            }
            Block::Table(rows) => {
                for (i, r) in rows.iter().enumerate() {
                    out.push_str(&format!("| {} |\n", r.join(" | ")));
                    if i == 0 {
                        out.push_str(&format!("|{}\n", "---|".repeat(r.len())));
                    }
                }
            }
        }
        out.push_str("\n\n");
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn render_html(
    title: &str,
    published: &str,
    site: &str,
    url: &str,
    reporter: &str,
    blocks: &[Block],
) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>{t} | {s}</title><meta property=\"og:site_name\" content=\"{s}\">\
<meta property=\"og:title\" content=\"{t}\">\
<meta property=\"article:published_time\" content=\"{published}T08:30:00+03:00\">\
<link rel=\"canonical\" href=\"{url}\">\
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}</script>\
<style>body{{font-family:serif}} .nav a{{margin:0 4px}}</style></head>\n<body>\
<header><nav class=\"nav\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/syria\">Syria</a></li>\
<li><a href=\"/iraq\">Iraq</a></li><li><a href=\"/yemen\">Yemen</a></li><li><a href=\"/about\">About</a></li></ul></nav></header>\n\
<main><article><h1>{t}</h1><p class=\"byline\">By {r}&nbsp;&mdash; {published}</p>\n",
        t = esc(title),
        s = esc(site),
        r = esc(reporter),
    ));
    for b in blocks {
        match b {
            Block::Para(s) => out.push_str(&format!("<p>{}</p>\n", esc(s))),
            Block::Noise(s) => out.push_str(&format!(
                "<div class=\"share\"><a href=\"#\">{}</a></div>\n",
                esc(s)
            )),
            Block::List(h, items, numbered) => {
                let tag = if *numbered { "ol" } else { "ul" };
                out.push_str(&format!("<p><strong>{}</strong></p><{tag}>", esc(h)));
                for it in items {
                    out.push_str(&format!("<li>{}</li>", esc(it)));
                }
                out.push_str(&format!("</{tag}>\n"));
            }
            Block::Table(rows) => {
                out.push_str("<table>");
                for (i, r) in rows.iter().enumerate() {
                    let cell = if i == 0 { "th" } else { "td" };
                    out.push_str("<tr>");
                    for c in r {
                        out.push_str(&format!("<{cell}>{}</{cell}>", esc(c)));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</table>\n");
            }
        }
    }
    out.push_str(
        "</article><aside><h3>Most read</h3><ul><li><a href=\"/a\">Ceasefire talks stall</a></li>\
<li><a href=\"/b\">Aid convoy reaches the camp</a></li><li><a href=\"/c\">Prices climb again</a></li></ul></aside></main>\n\
<footer><p>&copy; Example Media. All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer>\
<script src=\"/static/app.js\"></script></body></html>\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_in_bounds() {
        let g = Generator::new(42);
        let a: Vec<GenDoc> = g.docs(200).collect();
        let b: Vec<GenDoc> = Generator::new(42).docs(200).collect();
        let mut formats = [0usize; 3];
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.body, y.body);
            assert_eq!(x.url, y.url);
            assert!(x.body.len() >= MIN_BYTES / 2, "{} bytes", x.body.len());
            if x.format != DocFormat::Html {
                assert!(x.body.len() <= MAX_BYTES + 1000, "{} bytes", x.body.len());
            }
            if x.format != DocFormat::Html {
                assert!(!x.body.contains('{'), "unfilled slot in {}", x.body);
            }
            formats[x.format as usize] += 1;
        }
        assert!(formats.iter().all(|&n| n > 0), "{formats:?}");
        assert_ne!(Generator::new(43).doc(0).body, a[0].body);
    }

    #[test]
    fn lengths_spread_from_short_to_long() {
        let g = Generator::new(1);
        let lens: Vec<usize> = g.docs(400).map(|d| d.body.len()).collect();
        assert!(lens.iter().any(|&n| n < 1000));
        assert!(lens.iter().any(|&n| n > 12_000));
    }

    #[test]
    fn jsonl_lines_are_one_object() {
        let g = Generator::new(3);
        for d in g.docs(50) {
            let line = d.jsonl();
            assert!(!line.contains('\n'));
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            assert!(v.get("text").or(v.get("html")).is_some());
        }
    }
}
