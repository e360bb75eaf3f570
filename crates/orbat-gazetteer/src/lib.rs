//! Offline gazetteer for orbat: folded place-name keys to candidate places, and a
//! resolver that picks one of them (or abstains).
//!
//! # Data
//! GeoNames (CC-BY 4.0) via pinned registry packages, built by
//! `scripts/build_gazetteer.py` into `data/gazetteer/places.tsv.gz`, plus the
//! hand-made `supplement.tsv` (places the packages lack), `facilities.tsv`
//! (air bases, airports, crossings, bases, fields) and `aliases.tsv` (extra
//! names for existing places, e.g. Arabic country names). See
//! `data/gazetteer/README.md`.
//!
//! # How the index is built and why an fst
//! `build.rs` parses those files and folds every name (about 200,000) once, at
//! compile time, into two [`fst`] maps (170,000 exact keys, 19,000 loose keys) (exact key and loose key, see [`fold`]
//! module docs) whose values point into one postings array of place ids. The
//! crate embeds them with `include_bytes!`. [`Gazetteer::embedded`] then only
//! parses the place table and copies the postings; the fst maps are used in
//! place from the binary's read-only data. A `HashMap<String, Vec<PlaceId>>`
//! would have to fold and hash every name at start-up (hundreds of ms) or be
//! deserialised key by key; the fst needs neither and is ~3x smaller.
//!
//! # Measured (release build, this project's 2-core machine)
//! * on disk: `data/gazetteer/places.tsv.gz` 2.25 MB (+ ~30 kB of hand-made TSV);
//! * compiled in: 6.5 MB of read-only data (place table 3.2 MB, exact fst 1.6 MB,
//!   loose fst 0.15 MB, postings 1.6 MB); 46,217 places, 8 words at most per name;
//! * in RAM after [`Gazetteer::embedded`]: RSS grows by ~19 MB (the place table's
//!   `String`s, the postings `Vec`, and the touched pages of the embedded data);
//! * load: ~23 ms of CPU (`perf stat` of the `gz` example, process start included);
//!   wall time 25-70 ms depending on what else runs on the two cores;
//! * lookup: ~1.7 µs per surface (8 mixed surfaces, hits and misses).
//!
//! * on the evaluation gold (`../shared/eval/dev`, 674 place names with positions,
//!   spelling variants included), lookup + resolve with the documents' focus countries:
//!   665 within 25 km, 1 farther (a governorate where the gold has its city), 8
//!   abstained (`--example gold_places`).
//!
//! Reproduce: `cargo run --release -p orbat-gazetteer --example gz -- Homs` and
//! `cargo test --release -p orbat-gazetteer --test embedded -- --ignored --nocapture`.
//!
//! # Lookup
//! [`Gazetteer::lookup`] tries, in order, and returns the first non-empty list:
//! the exact key of the surface; the exact key without a leading article
//! ("Al-Mayadin" finds a place only known as "Mayadin"); the same for a glued
//! article split off ("Ezzor", "Albukamal", "Assafira"); the same for the name inside
//! generic words ("Conoco plant", "Deir ez-Zor city", "port of Tobruk", "southern
//! Baghdad"); the loose key.
//! Every name is indexed both with and without its leading article.
//! [`Gazetteer::lookup_exact`] skips the loose tier and [`Gazetteer::lookup_tiered`]
//! says whether the answer came from it: a loose match is a guess ("Almohsen" ~
//! "Al Muhasan", but also "Soleimani" ~ "Sulaymaniyah"), so callers should want more
//! evidence for it (a place cue, the focus country, a nearby anchor).
//!
//! Indexing policy (in `builder.rs`): loose keys exist only for places of the region
//! (the 19 countries of the build script) and hand-made rows, never for countries or
//! admin1 areas; outside the region, Latin alternates shorter than 5 letters are not
//! indexed; a short list of English words (months, "Republic", "Abu" ...) is never
//! indexed as an alternate name.

#![deny(missing_docs)]

/// Whether some key of `map` starts with `prefix`: a walk down the fst's
/// transitions, one node per byte.
fn has_prefix<D: AsRef<[u8]>>(map: &fst::Map<D>, prefix: &str) -> bool {
    let fst = map.as_fst();
    walk(fst, Some(fst.root()), prefix).is_some()
}

/// The node `token` leads to from `node`, if some key goes on that way.
fn walk<'f, D: AsRef<[u8]>>(
    fst: &'f fst::raw::Fst<D>,
    node: Option<fst::raw::Node<'f>>,
    token: &str,
) -> Option<fst::raw::Node<'f>> {
    let mut node = node?;
    for b in token.bytes() {
        let i = node.find_input(b)?;
        // The address alone: the walk needs no output, so none is decoded.
        node = fst.node(node.transition_addr(i));
    }
    Some(node)
}

mod builder;
mod fold;
mod place;
mod resolve;
mod source;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

pub use fold::fold;
pub use place::{Place, PlaceId, PlaceKind};
pub use resolve::{haversine_km, haversine_lower_bound_km, resolve, within_km, ResolveContext};

/// Extra folding helpers (keys as the index builds them), for callers that
/// want to test or explain why two names meet.
pub mod keys {
    pub use crate::fold::{join_words, loose_key, strip_article, token_count, words, Words};
}

/// Data-file readers, for building a [`Gazetteer`] from other files at run time.
pub mod sources {
    pub use crate::source::{
        parse_aliases, parse_places, parse_supplement, AliasTarget, SourcePlace,
    };
}

static EMBEDDED_PLACES: &str = include_str!(concat!(env!("OUT_DIR"), "/places.tsv"));
static EMBEDDED_EXACT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/exact.fst"));
static EMBEDDED_LOOSE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/loose.fst"));
static EMBEDDED_POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/postings.bin"));
static EMBEDDED_MAX_TOKENS: &str = include_str!(concat!(env!("OUT_DIR"), "/max_name_tokens.txt"));

/// The place index: a table of [`Place`]s and folded-name keys pointing at them.
pub struct Gazetteer {
    places: Vec<Place>,
    capitals: HashMap<PlaceId, PlaceId>,
    countries: HashMap<String, PlaceId>,
    exact: fst::Map<Cow<'static, [u8]>>,
    loose: fst::Map<Cow<'static, [u8]>>,
    postings: Vec<u32>,
    max_name_tokens: usize,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.places.len())
            .field("exact_keys", &self.exact.len())
            .field("loose_keys", &self.loose.len())
            .finish()
    }
}

impl Gazetteer {
    /// The gazetteer compiled into the binary, parsed on first use.
    pub fn embedded() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let postings = EMBEDDED_POSTINGS
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            Gazetteer::from_parts(
                EMBEDDED_PLACES,
                Cow::Borrowed(EMBEDDED_EXACT),
                Cow::Borrowed(EMBEDDED_LOOSE),
                postings,
                EMBEDDED_MAX_TOKENS.trim().parse().unwrap_or(8),
            )
            .expect("the embedded gazetteer is well-formed (checked at build time)")
        })
    }

    /// Build a gazetteer at run time from source records (e.g. [`sources::parse_supplement`]
    /// of a user's own file). Folds every name, so it is slow for large inputs.
    pub fn from_sources(
        mut places: Vec<sources::SourcePlace>,
        aliases: Vec<(sources::AliasTarget, Vec<String>)>,
    ) -> Result<Gazetteer, String> {
        builder::apply_aliases(&mut places, aliases);
        builder::normalise_admin1(&mut places);
        let b = builder::build(&places)?;
        Gazetteer::from_parts(
            &b.places,
            Cow::Owned(b.exact_fst),
            Cow::Owned(b.loose_fst),
            b.postings,
            b.max_name_tokens,
        )
    }

    fn from_parts(
        table: &str,
        exact: Cow<'static, [u8]>,
        loose: Cow<'static, [u8]>,
        postings: Vec<u32>,
        max_name_tokens: usize,
    ) -> Result<Gazetteer, String> {
        let mut places = Vec::with_capacity(table.len() / 64);
        let mut capitals = HashMap::new();
        let mut countries = HashMap::new();
        for (i, line) in table.lines().enumerate() {
            let bad = |what: &str| format!("place table line {}: bad {what}", i + 1);
            // fields in order; an iterator, not a Vec, since this runs 46k times at start-up
            let mut f = line.split('\t');
            let mut next = |what: &str| f.next().ok_or_else(|| bad(what));
            let (gid, name, lat, lon) = (next("id")?, next("name")?, next("lat")?, next("lon")?);
            let (class, code, country, admin1) = (
                next("class")?,
                next("code")?,
                next("country")?,
                next("admin1")?,
            );
            let (population, kind, capital) =
                (next("population")?, next("kind")?, next("capital")?);
            let kind = PlaceKind::parse_exact(kind).ok_or_else(|| bad("kind"))?;
            let id = places.len() as PlaceId;
            if kind == PlaceKind::Country {
                countries.insert(country.to_string(), id);
            }
            if !capital.is_empty() {
                capitals.insert(id, capital.parse().map_err(|_| bad("capital"))?);
            }
            places.push(Place {
                geonames_id: if gid.is_empty() {
                    None
                } else {
                    Some(gid.parse().map_err(|_| bad("id"))?)
                },
                name: name.to_string(),
                lat: lat.parse().map_err(|_| bad("lat"))?,
                lon: lon.parse().map_err(|_| bad("lon"))?,
                feature_class: class.chars().next().unwrap_or('P'),
                feature_code: code.to_string(),
                country: country.to_string(),
                admin1: (!admin1.is_empty()).then(|| admin1.to_string()),
                population: population.parse().map_err(|_| bad("population"))?,
                kind,
            });
        }
        let exact = fst::Map::new(exact).map_err(|e| e.to_string())?;
        let loose = fst::Map::new(loose).map_err(|e| e.to_string())?;
        Ok(Gazetteer {
            places,
            capitals,
            countries,
            exact,
            loose,
            postings,
            max_name_tokens,
        })
    }

    fn postings_at(&self, offset: u64) -> &[PlaceId] {
        let off = offset as usize;
        let n = self.postings[off] as usize;
        &self.postings[off + 1..off + 1 + n]
    }

    fn exact_get(&self, key: &str) -> &[PlaceId] {
        self.exact.get(key).map_or(&[], |o| self.postings_at(o))
    }

    fn loose_get(&self, key: &str) -> &[PlaceId] {
        self.loose.get(key).map_or(&[], |o| self.postings_at(o))
    }

    /// Candidate places for a surface form: see the crate docs for the order of tries.
    /// Empty when nothing matches.
    pub fn lookup(&self, surface: &str) -> &[PlaceId] {
        self.lookup_tiered(surface).0
    }

    /// Like [`Gazetteer::lookup`] without the loose tier: exact keys, article stripped
    /// or split off only. For callers that want precision over recall.
    pub fn lookup_exact(&self, surface: &str) -> &[PlaceId] {
        match self.lookup_tiered(surface) {
            (_, true) => &[],
            (hit, false) => hit,
        }
    }

    /// Like [`Gazetteer::lookup`], also telling whether the match came from the
    /// loose (consonant skeleton) tier, which deserves less trust.
    pub fn lookup_tiered(&self, surface: &str) -> (&[PlaceId], bool) {
        self.lookup_in_tiers(surface, true)
    }

    /// [`Gazetteer::lookup_tiered`], skipping the loose tier when `loose` is
    /// false: for callers that would discard a loose match anyway.
    pub fn lookup_in_tiers(&self, surface: &str, loose: bool) -> (&[PlaceId], bool) {
        self.lookup_folded_in_tiers(surface, &fold::words(surface), loose)
    }

    /// [`Gazetteer::lookup_in_tiers`] of a surface whose [`keys::words`] the
    /// caller already has, e.g. joined from its words' with [`keys::join_words`]:
    /// `w` must be `keys::words(surface)`.
    pub fn lookup_folded_in_tiers(
        &self,
        surface: &str,
        w: &fold::Words,
        loose: bool,
    ) -> (&[PlaceId], bool) {
        let key = w.words.concat();
        if key.is_empty() {
            return (&[], false);
        }
        let hit = self.exact_get(&key);
        if !hit.is_empty() {
            return (hit, false);
        }
        if let Some(s) = fold::strip_article(w) {
            let hit = self.exact_get(&s);
            if !hit.is_empty() {
                return (hit, false);
            }
        }
        let glued = fold::glued_article_variants(w);
        for g in &glued {
            for k in [Some(g.words.concat()), fold::strip_article(g)]
                .into_iter()
                .flatten()
            {
                let hit = self.exact_get(&k);
                if !hit.is_empty() {
                    return (hit, false);
                }
            }
        }
        // glued-article splits first: "Almohsen" means "Al Mohsen" far more often than not
        // generic words around a name: "Conoco plant", "Deir ez-Zor city", "port of Tobruk"
        if let Some(head) = fold::strip_generic(surface) {
            // A loose match inside generic words is too weak to keep: exact tiers only.
            let (hit, _) = self.lookup_in_tiers(&head, false);
            if !hit.is_empty() {
                return (hit, false);
            }
        }
        if !loose {
            return (&[], false);
        }
        for v in glued.iter().chain(std::iter::once(w)) {
            if let Some(l) = fold::loose_key(v) {
                let hit = self.loose_get(&l);
                if !hit.is_empty() {
                    return (hit, true);
                }
            }
        }
        (&[], false)
    }

    /// For the names made of the first 1, 2, ... of `parts` (each the
    /// [`keys::words`] of one word; `surfaces[k]` the first `k + 1` words as
    /// written, white space between them), whether
    /// [`Gazetteer::lookup_in_tiers`] may find a place: `false` only when it
    /// finds none. One walk down the exact fst serves every length and ends
    /// where no key goes on, so a run of capitalised words costs a few
    /// transitions instead of a lookup per span; with `loose`, a second walk
    /// down the loose fst follows the consonant skeleton likewise. Tiers the
    /// walks do not follow (glued articles, Arabic script, generic words)
    /// answer `true`.
    pub fn may_find_spans(
        &self,
        surfaces: &[&str],
        parts: &[&fold::Words],
        loose: bool,
    ) -> Vec<bool> {
        let fst = self.exact.as_fst();
        let step = |node, token: &str| walk(fst, node, token);
        let is_key = |node: Option<fst::raw::Node<'_>>| node.is_some_and(|n| n.is_final());
        // The loose tier's key of the words so far, and where it leads.
        let loose_fst = self.loose.as_fst();
        let mut skeleton = String::new();
        let mut loose_node = loose.then(|| loose_fst.root());
        // The whole key, every article token written "al" (as for a word that
        // does not end the name), and the key without a leading article.
        let mut whole = Some(fst.root());
        let mut stripped = None;
        let mut tokens = 0;
        let mut unsure = false;
        let mut generic = fold::MayStripGeneric::default();
        let mut out = Vec::with_capacity(parts.len());
        for (part, surface) in parts.iter().zip(surfaces) {
            for (word, raw) in part.words.iter().zip(&part.raw) {
                unsure |= !fold::is_latin(raw) || fold::may_carry_glued_article(raw);
                let article = fold::is_article(raw);
                let token = if article { "al" } else { word.as_str() };
                if tokens == 0 && article {
                    stripped = Some(fst.root());
                } else {
                    stripped = step(stripped, token);
                }
                whole = step(whole, token);
                // `None` once no loose key goes on: the skeleton is no longer needed.
                if loose_node.is_some() {
                    let before = skeleton.len();
                    fold::push_skeleton(&mut skeleton, token);
                    loose_node = walk(loose_fst, loose_node, &skeleton[before..]);
                }
                tokens += 1;
            }
            // The last token of a name keeps its own spelling even when it is an
            // article ("as" rather than "al"): the walk above does not know it.
            let ends_in_article = part
                .raw
                .last()
                .zip(part.words.last())
                .is_none_or(|(raw, word)| fold::is_article(raw) && word != "al");
            out.push(
                unsure
                    || ends_in_article
                    || is_key(whole)
                    || tokens > 1 && is_key(stripped)
                    || is_key(loose_node) && skeleton.chars().count() >= 4
                    || generic.may_strip(surface),
            );
        }
        out
    }

    /// Whether a name that [`Gazetteer::lookup_tiered`] can find may begin with
    /// the word `first`: a necessary condition, cheap next to a lookup (a few
    /// fst walks over one word, no postings). Name finders call it once per
    /// word and skip every span starting at a word that fails it. With `loose`
    /// false it only answers for the exact tiers (see [`Gazetteer::lookup_in_tiers`]).
    ///
    /// It tries the prefixes each tier would need: the word's exact key, without
    /// its article, with a glued article split off, and its consonant skeleton.
    /// Words that are articles themselves or generic words that lookup strips
    /// ("northern", "port of") always pass.
    pub fn may_begin_name(&self, first: &str, loose: bool) -> bool {
        self.may_begin_name_folded(first, &fold::words(first), loose)
    }

    /// [`Gazetteer::may_begin_name`] of a word whose [`keys::words`] the caller
    /// already has (name finders keep each word's): `w` must be
    /// `keys::words(first)`.
    pub fn may_begin_name_folded(&self, first: &str, w: &fold::Words, loose: bool) -> bool {
        if w.words.is_empty()
            || w.raw.last().is_some_and(|r| fold::is_article(r))
            || fold::is_generic_prefix_start(first)
        {
            return true;
        }
        if w.leading_article && fold::strip_article(w).is_none() {
            return true;
        }
        let glued = fold::glued_article_variants(w);
        let exact_hit = std::iter::once(w).chain(&glued).any(|v| {
            has_prefix(&self.exact, &v.words.concat())
                || fold::strip_article(v).is_some_and(|k| has_prefix(&self.exact, &k))
        });
        exact_hit
            || loose
                && std::iter::once(w)
                    .chain(&glued)
                    .any(|v| has_prefix(&self.loose, &fold::skeleton(v)))
    }

    /// The place with this id. Panics if `id` is not from this gazetteer.
    pub fn place(&self, id: PlaceId) -> &Place {
        &self.places[id as usize]
    }

    /// The country with this ISO 3166-1 alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<PlaceId> {
        self.countries.get(&iso2.to_ascii_uppercase()).copied()
    }

    /// The capital city of a country (ISO2).
    pub fn capital(&self, iso2: &str) -> Option<PlaceId> {
        self.country(iso2)
            .and_then(|c| self.capitals.get(&c).copied())
    }

    /// The first-level administrative area of `country` (ISO2) called `name`
    /// (any of its names, folded), e.g. `admin1("SY", "Deir Ezzor")`.
    pub fn admin1(&self, country: &str, name: &str) -> Option<PlaceId> {
        let country = country.to_ascii_uppercase();
        let find = |ids: &[PlaceId]| {
            ids.iter().copied().find(|&id| {
                let p = self.place(id);
                p.kind == PlaceKind::Admin1 && p.country == country
            })
        };
        find(self.lookup(name)).or_else(|| {
            // the admin1 may be shadowed by an exact match on a town of the same key
            let w = fold::words(name);
            fold::loose_key(&w).and_then(|l| find(self.loose_get(&l)))
        })
    }

    /// Longest indexed name in words: n-grams longer than this never match.
    pub fn max_name_tokens(&self) -> usize {
        self.max_name_tokens
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether the gazetteer has no place.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// All places, in id order.
    pub fn places(&self) -> impl Iterator<Item = (PlaceId, &Place)> {
        self.places
            .iter()
            .enumerate()
            .map(|(i, p)| (i as PlaceId, p))
    }
}
