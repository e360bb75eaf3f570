//! Turning source records into the index: place table, two fst maps, postings.
//! Run by `build.rs` at compile time for the embedded data (so start-up folds
//! nothing), and usable at run time for other data via [`crate::Gazetteer::from_sources`].

use std::collections::{BTreeMap, HashMap};

use crate::fold;
use crate::place::{PlaceId, PlaceKind};
use crate::source::{AliasTarget, SourcePlace};

/// Countries whose places get loose keys and keep their short alternates.
pub const LOOSE_REGION: &[&str] = &[
    "SY", "IQ", "LB", "JO", "IL", "PS", "TR", "IR", "SA", "YE", "AF", "PK", "EG", "KW", "QA", "BH",
    "AE", "OM", "LY",
];

/// English words that GeoNames lists as alternate names of some place ("May" and
/// "June" for Chinese cities, "Abu" for Turku via Åbo): never indexed as alternates
/// (a place whose main name is one of them keeps it).
const ALTERNATE_STOPWORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "republic",
    "major",
    "general",
    "colonel",
    "army",
    "forces",
    "brigade",
    "state",
    "national",
    "islamic",
    "sunni",
    "shia",
    "arab",
    "mosque",
    "sheikh",
    "shaykh",
    "imam",
    "abu",
    "umm",
    "bin",
    "ibn",
    "north",
    "south",
    "east",
    "west",
    "central",
    "city",
    "new",
    "old",
];

/// Latin-script alternates shorter than this many letters are indexed only for places
/// in [`LOOSE_REGION`] (elsewhere they are mostly codes and foreign exonyms).
const MIN_WORLD_ALTERNATE_LETTERS: usize = 5;

fn index_alternate(name: &str, in_region: bool) -> bool {
    if ALTERNATE_STOPWORDS.contains(&name.trim().to_lowercase().as_str()) {
        return false;
    }
    let latin = name
        .chars()
        .all(|c| !c.is_alphabetic() || c.is_ascii() || ('\u{00C0}'..='\u{02AF}').contains(&c));
    in_region
        || !latin
        || name.chars().filter(|c| c.is_alphabetic()).count() >= MIN_WORLD_ALTERNATE_LETTERS
}

/// Names longer than this many words are not indexed (GeoNames has a few essays).
pub const MAX_INDEXED_TOKENS: usize = 8;

/// The serialised parts of an index.
pub struct Built {
    /// One line per place, tab-separated (see [`place_line`]).
    pub places: String,
    /// fst map: exact key -> offset of its postings.
    pub exact_fst: Vec<u8>,
    /// fst map: loose key -> offset of its postings.
    pub loose_fst: Vec<u8>,
    /// Postings: at each offset, a count then that many place ids.
    pub postings: Vec<u32>,
    /// Longest indexed name in words.
    pub max_name_tokens: usize,
}

/// Serialise one place for the compiled-in table:
/// geonames_id, name, lat, lon, class, code, country, admin1, population, kind, capital.
fn place_line(sp: &SourcePlace, capital: Option<PlaceId>) -> String {
    let p = &sp.place;
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
        p.geonames_id.map(|g| g.to_string()).unwrap_or_default(),
        p.name,
        p.lat,
        p.lon,
        p.feature_class,
        p.feature_code,
        p.country,
        p.admin1.as_deref().unwrap_or(""),
        p.population,
        p.kind.as_str(),
        capital.map(|c| c.to_string()).unwrap_or_default(),
    )
}

/// Add the aliases to their targets; returns the targets that were not found.
pub fn apply_aliases(
    places: &mut [SourcePlace],
    aliases: Vec<(AliasTarget, Vec<String>)>,
) -> Vec<String> {
    let mut by_gid: HashMap<u64, usize> = HashMap::new();
    let mut by_country: HashMap<String, usize> = HashMap::new();
    for (i, sp) in places.iter().enumerate() {
        if let Some(g) = sp.place.geonames_id {
            by_gid.entry(g).or_insert(i);
        }
        if sp.place.kind == PlaceKind::Country {
            by_country.insert(sp.place.country.clone(), i);
        }
    }
    let mut missing = Vec::new();
    for (target, names) in aliases {
        let idx = match &target {
            AliasTarget::GeonamesId(g) => by_gid.get(g),
            AliasTarget::Country(c) => by_country.get(c),
        };
        match idx {
            Some(&i) => places[i].names.extend(names),
            None => missing.push(format!("{target:?}")),
        }
    }
    missing
}

/// Write the admin1 of hand-made rows (any spelling, e.g. "Rif Dimashq") as the
/// canonical name of that admin1 area ("Rif-dimashq"), so every place of an area
/// carries the same admin1 string. Returns "country/name" of those not found.
pub fn normalise_admin1(places: &mut [SourcePlace]) -> Vec<String> {
    let mut canon: HashMap<(String, String), String> = HashMap::new();
    for sp in places
        .iter()
        .filter(|sp| sp.place.kind == PlaceKind::Admin1)
    {
        for name in std::iter::once(&sp.place.name).chain(sp.names.iter()) {
            let w = fold::words(name);
            for key in [Some(w.words.concat()), fold::strip_article(&w)]
                .into_iter()
                .flatten()
            {
                canon
                    .entry((sp.place.country.clone(), key))
                    .or_insert_with(|| sp.place.name.clone());
            }
        }
    }
    let mut missing = Vec::new();
    for sp in places
        .iter_mut()
        .filter(|sp| sp.place.geonames_id.is_none())
    {
        let Some(a) = sp.place.admin1.clone() else {
            continue;
        };
        let w = fold::words(&a);
        let found = [Some(w.words.concat()), fold::strip_article(&w)]
            .into_iter()
            .flatten()
            .find_map(|k| canon.get(&(sp.place.country.clone(), k)));
        match found {
            Some(c) => sp.place.admin1 = Some(c.clone()),
            None => missing.push(format!("{}/{a}", sp.place.country)),
        }
    }
    missing
}

fn push_unique(map: &mut BTreeMap<String, Vec<PlaceId>>, key: String, id: PlaceId) {
    let v = map.entry(key).or_default();
    if v.last() != Some(&id) {
        v.push(id);
    }
}

fn write_map(
    map: BTreeMap<String, Vec<PlaceId>>,
    postings: &mut Vec<u32>,
) -> Result<Vec<u8>, String> {
    let mut b = fst::MapBuilder::memory();
    for (key, ids) in map {
        let off = postings.len() as u64;
        postings.push(ids.len() as u32);
        postings.extend(ids);
        b.insert(key.as_bytes(), off).map_err(|e| e.to_string())?;
    }
    b.into_inner().map_err(|e| e.to_string())
}

/// Build the index. Place ids are positions in `places`.
pub fn build(places: &[SourcePlace]) -> Result<Built, String> {
    let mut exact: BTreeMap<String, Vec<PlaceId>> = BTreeMap::new();
    let mut loose: BTreeMap<String, Vec<PlaceId>> = BTreeMap::new();
    let mut max_name_tokens = 1;
    let gid_to_id: HashMap<u64, PlaceId> = places
        .iter()
        .enumerate()
        .filter_map(|(i, sp)| sp.place.geonames_id.map(|g| (g, i as PlaceId)))
        .collect();
    let mut table = String::new();
    for (i, sp) in places.iter().enumerate() {
        let id = i as PlaceId;
        let capital = sp
            .capital_geonames_id
            .and_then(|g| gid_to_id.get(&g).copied());
        table.push_str(&place_line(sp, capital));
        // countries and provinces are spelled consistently: a loose-only match to one
        // ("Qamishlo" ~ Moldova's Cimișlia) is wrong far more often than right
        let loose_ok = !matches!(sp.place.kind, PlaceKind::Country | PlaceKind::Admin1);
        // loose keys only for the region (and hand-made rows): elsewhere skeletons of
        // world cities caught ordinary words ("Mosque" ~ Moscow, "Forces" ~ Fair Oaks)
        let in_region =
            sp.place.geonames_id.is_none() || LOOSE_REGION.contains(&sp.place.country.as_str());
        for (n, name) in std::iter::once(&sp.place.name)
            .chain(sp.names.iter())
            .enumerate()
        {
            let tokens = fold::token_count(name);
            if tokens == 0
                || tokens > MAX_INDEXED_TOKENS
                || (n > 0 && !index_alternate(name, in_region))
            {
                continue;
            }
            let w = fold::words(name);
            let key = w.words.concat();
            if key.is_empty() {
                continue;
            }
            max_name_tokens = max_name_tokens.max(tokens);
            if let Some(stripped) = fold::strip_article(&w) {
                push_unique(&mut exact, stripped, id);
            }
            if loose_ok && in_region {
                if let Some(l) = fold::loose_key(&w) {
                    push_unique(&mut loose, l, id);
                }
            }
            push_unique(&mut exact, key, id);
        }
    }
    let mut postings = Vec::new();
    let exact_fst = write_map(exact, &mut postings)?;
    let loose_fst = write_map(loose, &mut postings)?;
    Ok(Built {
        places: table,
        exact_fst,
        loose_fst,
        postings,
        max_name_tokens,
    })
}
