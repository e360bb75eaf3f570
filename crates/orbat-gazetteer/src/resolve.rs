//! Choosing one place among the candidates of a lookup, or abstaining.
//!
//! Score of a candidate (higher is better):
//! * focus: `4 ×` the document's weight for its country, relative to the heaviest;
//! * size: `0.5 × log10(population + 1)` (a city of a million: 3);
//! * standing: country 3, admin1 2, PPLC +1.5, PPLA +1, other city +0.5, town +0.3,
//!   facility 3 (a base's name is specific), region 1;
//! * anchors: +3 when within 100 km of a place already resolved in the text,
//!   +1 within 300 km;
//! * cue: +2 when its kind fits `prefer`.
//!
//! Rules before scoring: a country among the candidates wins unless the cue asks for a
//! populated place (then countries are dropped); when a country or admin1 is among them, villages and quarters are
//! dropped (a province name never becomes a village) unless the cue asks for one.
//! After scoring, an admin1 yields to its own seat or namesake city unless the cue
//! asks for a province. Abstain (None) when the runner-up is a different place (over
//! 50 km away) within 0.25 of the best, or within 0.75 when nothing in the context
//! (focus country, anchor) supports the best; and when the document has focus
//! countries but the best is a small place outside them, far from every anchor and
//! more than 500 km from the centre of every focus country.

use crate::place::{Place, PlaceId, PlaceKind};
use crate::Gazetteer;

/// What the document around a mention says that helps choose a place.
#[derive(Debug, Clone, Default)]
pub struct ResolveContext {
    /// Countries (ISO2) the document is about, with a weight (any positive scale).
    pub focus_countries: Vec<(String, f32)>,
    /// Coordinates (lat, lon) of places already resolved in the same text.
    pub anchors: Vec<(f64, f64)>,
    /// A kind the text cues: "the city of" -> City, "province" -> Admin1.
    pub prefer: Option<PlaceKind>,
}

/// Great-circle distance in kilometres between two (lat, lon) points in degrees.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// Mean Earth radius of [`haversine_km`].
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A lower bound of [`haversine_km`] without trigonometry: most pairs a
/// resolver compares lie far apart, and this settles them for a few
/// multiplications instead of a sine, a cosine and an arcsine per pair.
///
/// From `h = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)` and `d = 2R asin(√h)`:
/// `sin x >= x - x³/6` (and `>= 0`) on `[0, π/2]`, `cos φ >= 1 - φ²/2`, and
/// `asin y >= y`. At the distances compared (50 km and more) the bound stays
/// below the distance by over a millionth of it, far more than rounding moves
/// either; a further billionth is taken off all the same.
pub fn haversine_lower_bound_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    use std::f64::consts::PI;
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let half_lat = (la1 - la2).abs() / 2.0;
    let d_lon = (a.1 - b.1).abs().to_radians();
    let half_lon = if d_lon > PI { 2.0 * PI - d_lon } else { d_lon } / 2.0;
    let sin_floor = |x: f64| (x - x * x * x / 6.0).max(0.0);
    let cos_floor = |la: f64| (1.0 - la * la / 2.0).max(0.0);
    let h =
        sin_floor(half_lat).powi(2) + cos_floor(la1) * cos_floor(la2) * sin_floor(half_lon).powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0) * (1.0 - 1e-9)
}

/// Whether `haversine_km(a, b) <= km`, the sines spared for pairs that the
/// lower bound puts farther.
pub fn within_km(a: (f64, f64), b: (f64, f64), km: f64) -> bool {
    haversine_lower_bound_km(a, b) <= km && haversine_km(a, b) <= km
}

fn prefer_fits(prefer: PlaceKind, kind: PlaceKind) -> bool {
    use PlaceKind::*;
    match prefer {
        City | Town => matches!(kind, City | Town),
        Village => matches!(kind, Village | Town),
        other => other == kind,
    }
}

struct Scored {
    id: PlaceId,
    score: f32,
    supported: bool,
}

/// The heaviest focus weight: [`focus_weight`] is relative to it.
fn max_focus(ctx: &ResolveContext) -> f32 {
    ctx.focus_countries
        .iter()
        .map(|(_, w)| *w)
        .fold(0.0f32, f32::max)
}

/// `max` is [`max_focus`] of `ctx`.
fn focus_weight(p: &Place, ctx: &ResolveContext, max: f32) -> f32 {
    if max <= 0.0 {
        return 0.0;
    }
    ctx.focus_countries
        .iter()
        .filter(|(c, _)| c.eq_ignore_ascii_case(&p.country))
        .map(|(_, w)| (*w / max).clamp(0.0, 1.0))
        .fold(0.0, f32::max)
}

/// Anchors farther than this add nothing to a score.
const ANCHOR_REACH_KM: f64 = 300.0;

/// The distance to the nearest anchor, when one lies within [`ANCHOR_REACH_KM`]
/// (`None` when none does: the score treats both alike).
fn nearest_anchor_km(p: &Place, ctx: &ResolveContext) -> Option<f64> {
    let at = (p.lat, p.lon);
    ctx.anchors
        .iter()
        .filter(|&&a| haversine_lower_bound_km(a, at) < ANCHOR_REACH_KM)
        .map(|&a| haversine_km(a, at))
        .filter(|&d| d < ANCHOR_REACH_KM)
        .min_by(|a, b| a.total_cmp(b))
}

/// `max_focus` is [`max_focus`] of `ctx`.
fn score(p: &Place, ctx: &ResolveContext, max_focus: f32) -> (f32, bool) {
    let focus = focus_weight(p, ctx, max_focus);
    let mut s = 4.0 * focus;
    s += 0.5 * ((p.population as f32) + 1.0).log10();
    s += match p.kind {
        PlaceKind::Country => 3.0,
        PlaceKind::Admin1 => 2.0,
        PlaceKind::City => match p.feature_code.as_str() {
            "PPLC" => 1.5,
            "PPLA" => 1.0,
            _ => 0.5,
        },
        PlaceKind::Town => 0.3,
        PlaceKind::Facility => 3.0,
        PlaceKind::Region => 1.0,
        PlaceKind::Village | PlaceKind::Neighbourhood => 0.0,
    };
    let near = nearest_anchor_km(p, ctx);
    match near {
        Some(d) if d < 100.0 => s += 3.0,
        Some(d) if d < ANCHOR_REACH_KM => s += 1.0,
        _ => {}
    }
    if ctx.prefer.is_some_and(|k| prefer_fits(k, p.kind)) {
        s += 2.0;
    }
    let supported = focus > 0.0 || near.is_some_and(|d| d < ANCHOR_REACH_KM);
    (s, supported)
}

/// Whether a place lies more than 500 km from the centre of every focus country
/// (a village across the border from the document's country is plausible; one in
/// another region is more likely a false match).
fn far_from_focus(g: &Gazetteer, p: &Place, ctx: &ResolveContext) -> bool {
    ctx.focus_countries
        .iter()
        .filter_map(|(c, _)| g.country(c))
        .all(|c| {
            let c = g.place(c);
            !within_km((c.lat, c.lon), (p.lat, p.lon), 500.0)
        })
}

/// Pick the place a mention most likely means among `candidates` (from
/// [`Gazetteer::lookup`]), or `None` to abstain. See the module docs for the rules.
pub fn resolve(g: &Gazetteer, candidates: &[PlaceId], ctx: &ResolveContext) -> Option<PlaceId> {
    resolve_with(g, candidates, ctx, true)
}

/// [`resolve`]; `lone_shortcut` skips scoring when one candidate survives the
/// rules (off only in the test that checks the shortcut changes no answer).
fn resolve_with(
    g: &Gazetteer,
    candidates: &[PlaceId],
    ctx: &ResolveContext,
    lone_shortcut: bool,
) -> Option<PlaceId> {
    let wants_populated = ctx.prefer.is_some_and(|k| k.is_populated());
    let has = |k: PlaceKind| candidates.iter().any(|&id| g.place(id).kind == k);
    if !wants_populated && ctx.prefer != Some(PlaceKind::Admin1) {
        let countries: Vec<PlaceId> = candidates
            .iter()
            .copied()
            .filter(|&id| g.place(id).kind == PlaceKind::Country)
            .collect();
        if countries.len() == 1 {
            return Some(countries[0]);
        }
    }
    let drop_small = (has(PlaceKind::Country) || has(PlaceKind::Admin1))
        && !matches!(
            ctx.prefer,
            Some(PlaceKind::Village) | Some(PlaceKind::Neighbourhood)
        );
    let max_focus = max_focus(ctx);
    let kept: Vec<PlaceId> = candidates
        .iter()
        .copied()
        .filter(|&id| {
            let k = g.place(id).kind;
            let small = matches!(k, PlaceKind::Village | PlaceKind::Neighbourhood);
            let unwanted_country =
                wants_populated && k == PlaceKind::Country && candidates.len() > 1;
            let keep = !(drop_small && small);
            keep && !unwanted_country
        })
        .collect();
    // A lone candidate has no rival and no seat to yield to: its score is never
    // compared, and whether the context supports it matters only for a stray.
    if let (true, &[only]) = (lone_shortcut, kept.as_slice()) {
        let p = g.place(only);
        let stray = may_stray(p, ctx) && !score(p, ctx, max_focus).1 && far_from_focus(g, p, ctx);
        return (!stray).then_some(only);
    }
    let mut scored: Vec<Scored> = kept
        .into_iter()
        .map(|id| {
            let (score, supported) = score(g.place(id), ctx, max_focus);
            Scored {
                id,
                score,
                supported,
            }
        })
        .collect();
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    let mut best = scored.first()?;

    // an admin1 yields to its own seat / namesake city unless a province was cued
    let bp = g.place(best.id);
    if bp.kind == PlaceKind::Admin1 && ctx.prefer != Some(PlaceKind::Admin1) {
        if let Some(city) = scored.iter().find(|s| {
            let p = g.place(s.id);
            matches!(p.kind, PlaceKind::City | PlaceKind::Town)
                && p.country == bp.country
                && p.admin1.as_deref() == Some(bp.name.as_str())
        }) {
            best = city;
        }
    }
    let bp = g.place(best.id);

    // abstain when a different, far-away place scores about the same
    let contains_best = |p: &Place| {
        p.country == bp.country
            && (p.kind == PlaceKind::Country
                || (p.kind == PlaceKind::Admin1 && bp.admin1.as_deref() == Some(p.name.as_str())))
    };
    let rival = scored.iter().filter(|s| s.id != best.id).find(|s| {
        let p = g.place(s.id);
        !contains_best(p) && !within_km((bp.lat, bp.lon), (p.lat, p.lon), 50.0)
    });
    if let Some(r) = rival {
        let margin = best.score - r.score;
        if margin < 0.25 || (margin < 0.75 && !best.supported) {
            return None;
        }
    }
    if may_stray(bp, ctx) && !best.supported && far_from_focus(g, bp, ctx) {
        return None;
    }
    Some(best.id)
}

/// A small place in a document with focus countries: abstained on when nothing
/// in the context supports it and it lies far from every focus country.
fn may_stray(p: &Place, ctx: &ResolveContext) -> bool {
    let small = matches!(p.kind, PlaceKind::Village | PlaceKind::Neighbourhood)
        || (p.kind == PlaceKind::Town && p.population < 50_000);
    small && !ctx.focus_countries.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points over the whole globe and clustered in one region, poles and
    /// the antimeridian included, from a fixed-seed generator.
    fn points() -> Vec<(f64, f64)> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut out = vec![(90.0, 0.0), (-90.0, 180.0), (0.0, 180.0), (0.0, -180.0)];
        for _ in 0..600 {
            out.push((next() * 180.0 - 90.0, next() * 360.0 - 180.0));
            out.push((30.0 + next() * 8.0, 35.0 + next() * 10.0));
        }
        out
    }

    #[test]
    fn the_lower_bound_never_passes_the_distance() {
        let points = points();
        for &a in &points {
            for &b in points.iter().step_by(7) {
                let (bound, d) = (haversine_lower_bound_km(a, b), haversine_km(a, b));
                assert!(bound <= d, "{a:?} {b:?}: bound {bound} over {d}");
                for km in [50.0, 100.0, 300.0, 500.0, 1500.0] {
                    assert_eq!(within_km(a, b, km), d <= km, "{a:?} {b:?} {km}");
                }
            }
        }
    }

    #[test]
    fn a_lone_candidate_settles_as_when_scored() {
        let g = Gazetteer::embedded();
        let points = points();
        let codes = ["SY", "IQ", "LB", "TR", "IR", "YE", "US", "CN", "FR", "sy"];
        let cues = [
            None,
            Some(PlaceKind::City),
            Some(PlaceKind::Village),
            Some(PlaceKind::Admin1),
            Some(PlaceKind::Facility),
        ];
        let (mut kept, mut abstained) = (0, 0);
        for (n, (id, _)) in g.places().step_by(53).enumerate() {
            let ctx = ResolveContext {
                focus_countries: codes
                    .iter()
                    .skip(n % 4)
                    .step_by(1 + n % 3)
                    .take(n % 5)
                    .map(|c| (c.to_string(), (n % 7) as f32 * 0.3))
                    .collect(),
                anchors: points
                    .iter()
                    .copied()
                    .skip(n % 97)
                    .step_by(61)
                    .take(n % 9)
                    .collect(),
                prefer: cues[n % cues.len()],
            };
            let lone = resolve_with(g, &[id], &ctx, true);
            assert_eq!(lone, resolve_with(g, &[id], &ctx, false), "{id} {ctx:?}");
            if lone.is_some() {
                kept += 1;
            } else {
                abstained += 1;
            }
        }
        // Both answers must occur for the comparison to mean something.
        assert!(
            kept > 100 && abstained > 10,
            "{kept} kept, {abstained} abstained"
        );
    }

    #[test]
    fn the_nearest_anchor_within_reach_is_found() {
        let points = points();
        let ctx = ResolveContext {
            anchors: points.iter().copied().step_by(40).collect(),
            ..ResolveContext::default()
        };
        for &(lat, lon) in &points {
            let place = Place {
                geonames_id: None,
                name: String::new(),
                lat,
                lon,
                feature_class: 'P',
                feature_code: "PPL".into(),
                country: "SY".into(),
                admin1: None,
                population: 0,
                kind: PlaceKind::Village,
            };
            let all = ctx
                .anchors
                .iter()
                .map(|&a| haversine_km(a, (lat, lon)))
                .min_by(|a, b| a.total_cmp(b));
            let near = nearest_anchor_km(&place, &ctx);
            assert_eq!(near, all.filter(|&d| d < ANCHOR_REACH_KM), "{lat} {lon}");
        }
    }
}
