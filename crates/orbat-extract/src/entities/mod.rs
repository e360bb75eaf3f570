//! Mentions to entities: one entity per actor or place per document, with
//! every mention attached, a canonical name, aliases, origin and coordinates.

mod geocode;

use crate::fold::fold;
use crate::knowledge::Knowledge;
use crate::mentions::references::Link;
use crate::mentions::{Mention, MentionKind};
use foldhash::{HashMap, HashMapExt};
use orbat_gazetteer::{Gazetteer, PlaceKind};
use orbat_report::{EntityType, Geo};

/// An entity while the document is analysed (byte offsets).
#[derive(Debug, Clone)]
pub struct Draft {
    /// The contract type.
    pub etype: EntityType,
    /// Canonical name.
    pub name: String,
    /// Other names seen or known: sorted, without repeats or the canonical name.
    pub aliases: Vec<String>,
    /// ISO origin.
    pub origin: Option<String>,
    /// Nickname given in the text.
    pub nickname: Option<String>,
    /// Knowledge index, for known actors.
    pub known: Option<usize>,
    /// Gazetteer id, for resolved places.
    pub place: Option<u32>,
    /// Coordinates.
    pub geo: Option<Geo>,
    /// Indices of its mentions.
    pub mentions: Vec<usize>,
}

/// Groups mentions into entities. Returns the drafts and, per mention, its draft index
/// (`None` for a place name the gazetteer could not settle and nothing in the text calls a place).
pub fn build(
    mentions: &[Mention],
    links: &[Link],
    knowledge: &Knowledge,
    gazetteer: &Gazetteer,
) -> (Vec<Draft>, Vec<Option<usize>>) {
    let resolved = geocode::resolve_places(mentions, knowledge, gazetteer);
    let kept: Vec<bool> = mentions
        .iter()
        .zip(&resolved)
        .map(|(m, r)| !matches!(m.kind, MentionKind::Place { .. }) || r.is_some() || m.locative)
        .collect();
    // Union-find over mentions: same key, or linked.
    let mut parent: Vec<usize> = (0..mentions.len()).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let n = p[y];
            p[y] = r;
            y = n;
        }
        r
    }
    let mut by_key: HashMap<Key, usize> = HashMap::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        if !kept[i] {
            continue;
        }
        let key = key_of(m, resolved[i], knowledge, gazetteer);
        if let Some(&j) = by_key.get(&key) {
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            parent[a] = b;
        } else {
            by_key.insert(key, i);
        }
    }
    for &(a, b) in links {
        if a < mentions.len() && b < mentions.len() && kept[a] && kept[b] {
            let (x, y) = (find(&mut parent, a), find(&mut parent, b));
            parent[x] = y;
        }
    }
    // Per union-find root (a mention index), its draft; drafts are numbered in the
    // order of their first mentions. The mentions are counted first, so that each
    // draft's list is allocated once at its size rather than grown one by one.
    let mut draft_of_root: Vec<Option<usize>> = vec![None; mentions.len()];
    let mut sizes: Vec<usize> = Vec::new();
    let mut draft_of = vec![None; mentions.len()];
    for i in 0..mentions.len() {
        if !kept[i] {
            continue;
        }
        let root = find(&mut parent, i);
        let d = *draft_of_root[root].get_or_insert_with(|| {
            sizes.push(0);
            sizes.len() - 1
        });
        sizes[d] += 1;
        draft_of[i] = Some(d);
    }
    let mut drafts: Vec<Draft> = sizes
        .iter()
        .map(|&size| Draft {
            etype: EntityType::Organization,
            name: String::new(),
            aliases: Vec::new(),
            origin: None,
            nickname: None,
            known: None,
            place: None,
            geo: None,
            mentions: Vec::with_capacity(size),
        })
        .collect();
    for (i, d) in draft_of.iter().enumerate() {
        if let Some(d) = *d {
            drafts[d].mentions.push(i);
        }
    }
    for d in &mut drafts {
        describe(d, mentions, &resolved, knowledge, gazetteer);
    }
    (drafts, draft_of)
}

/// The identity a mention has on its own: mentions with equal keys are one entity.
#[derive(PartialEq, Eq, Hash)]
enum Key<'a> {
    /// A known actor, by its knowledge id.
    Known(&'a str),
    /// A country the knowledge has no state actor for.
    Country(&'a str),
    /// A first-level area: country and folded name (GeoNames may list one twice).
    Admin1(&'a str, String),
    /// Any other resolved place.
    Place(u32),
    /// A place name the gazetteer could not settle, folded.
    Unresolved(String),
    /// An actor found by a general pattern: person or group, and its folded name.
    New(&'static str, String),
}

fn key_of<'a>(
    m: &'a Mention,
    place: Option<u32>,
    knowledge: &'a Knowledge,
    gazetteer: &'a Gazetteer,
) -> Key<'a> {
    match &m.kind {
        MentionKind::Actor(a) => Key::Known(&knowledge.actors[*a].id),
        MentionKind::StateOf(code) => state_key(code, knowledge),
        MentionKind::Place { .. } => match place {
            Some(p) if gazetteer.place(p).kind == PlaceKind::Country => {
                state_key(&gazetteer.place(p).country, knowledge)
            }
            Some(p) if m.metonymic && gazetteer.place(p).feature_code == "PPLC" => {
                state_key(&gazetteer.place(p).country, knowledge)
            }
            Some(p) if gazetteer.place(p).kind == PlaceKind::Admin1 => {
                let place = gazetteer.place(p);
                Key::Admin1(&place.country, fold(&place.name))
            }
            Some(p) => Key::Place(p),
            None => Key::Unresolved(fold(&m.surface)),
        },
        MentionKind::NewActor(t) => Key::New(group_type(*t), fold(m.name_form())),
    }
}

fn state_key<'a>(code: &'a str, knowledge: &'a Knowledge) -> Key<'a> {
    match knowledge.state_of(code) {
        Some(a) => Key::Known(&knowledge.actors[a].id),
        None => Key::Country(code),
    }
}

/// People never merge with groups by name.
fn group_type(t: EntityType) -> &'static str {
    if t == EntityType::Person {
        "person"
    } else {
        "group"
    }
}

/// A first-level area reads as one: "Hama Governorate", "Khuzestan Province".
fn display_name(place: &orbat_gazetteer::Place) -> String {
    if place.kind != PlaceKind::Admin1 {
        return place.name.clone();
    }
    let lower = place.name.to_lowercase();
    if [
        "governorate",
        "province",
        "region",
        "district",
        "state",
        "wilayat",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return place.name.clone();
    }
    let arab_style = ["SY", "IQ", "LB", "JO", "YE", "EG", "BH", "KW", "OM", "PS"]
        .contains(&place.country.as_str());
    format!(
        "{} {}",
        place.name,
        if arab_style {
            "Governorate"
        } else {
            "Province"
        }
    )
}

fn describe(
    d: &mut Draft,
    mentions: &[Mention],
    resolved: &[Option<u32>],
    knowledge: &Knowledge,
    gazetteer: &Gazetteer,
) {
    // Aliases are gathered borrowed and copied once each, after duplicates
    // (a name the text repeats) and the canonical name are gone.
    let mut aliases: Vec<&str> = Vec::with_capacity(2 * d.mentions.len());
    for &i in &d.mentions {
        let m = &mentions[i];
        if d.origin.is_none() {
            d.origin = m.origin.clone();
        }
        if let Some(a) = &m.alias {
            aliases.push(a);
        }
        if d.nickname.is_none() {
            d.nickname = m.nickname.clone();
        }
        match &m.kind {
            MentionKind::Actor(a) if d.known.is_none() => d.known = Some(*a),
            MentionKind::StateOf(code) if d.known.is_none() => {
                d.known = knowledge.state_of(code);
                d.origin = Some(code.clone());
            }
            MentionKind::Place { .. } if d.place.is_none() => d.place = resolved[i],
            _ => {}
        }
        aliases.push(&m.surface);
    }
    if let Some(a) = d.known {
        let actor = &knowledge.actors[a];
        d.etype = actor.entity_type();
        d.name = actor.name.clone();
        if actor.origin.is_some() {
            d.origin = actor.origin.clone();
        }
        aliases.extend(actor.aliases.iter().map(String::as_str));
        if d.etype == EntityType::State {
            if let Some(p) = actor.origin.as_deref().and_then(|c| gazetteer.country(c)) {
                d.place = Some(p);
            }
        }
    } else if let Some(p) = d.place {
        let place = gazetteer.place(p);
        d.etype = match place.kind {
            PlaceKind::Country => EntityType::State,
            PlaceKind::Facility => EntityType::Facility,
            _ => EntityType::Location,
        };
        d.name = display_name(place);
        if place.kind == PlaceKind::Country {
            d.origin = Some(place.country.clone());
        }
    } else {
        // The first of the mentions with the most words (`max_by_key` keeps the
        // last maximum, hence the reversed order).
        let first = d
            .mentions
            .iter()
            .rev()
            .map(|&i| &mentions[i])
            .max_by_key(|m| m.name_form().split_whitespace().count())
            .expect("a draft has at least one mention");
        d.name = first.name_form().to_string();
        d.etype = match &first.kind {
            MentionKind::NewActor(t) => *t,
            MentionKind::StateOf(_) => EntityType::State,
            _ => EntityType::Location,
        };
        if let MentionKind::StateOf(code) = &first.kind {
            if let Some(c) = knowledge.country(code) {
                d.name = c.name.clone();
            }
        }
    }
    if let Some(p) = d.place {
        d.geo = Some(geocode::geo_of(gazetteer, p));
    }
    aliases.sort_unstable();
    aliases.dedup();
    d.aliases = aliases
        .into_iter()
        .filter(|&a| a != d.name)
        .map(str::to_owned)
        .collect();
}
