//! Gazetteer-only accuracy on the evaluation gold: every place name in
//! `DIR/*.gold.json` is looked up and resolved with the document's focus countries
//! (taken from the gold places themselves, as an upper bound of what the extractor
//! infers), and counted right when within 25 km of the gold position.
//!
//! `cargo run --release -p orbat-gazetteer --example gold_places -- ../shared/eval/dev`

use orbat_gazetteer::{haversine_km, resolve, Gazetteer, ResolveContext};
use serde_json::Value;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/eval/dev".into());
    let g = Gazetteer::embedded();
    let (mut total, mut right, mut wrong, mut none) = (0, 0, 0, 0);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    paths.sort();
    for path in paths {
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let places: Vec<&Value> = gold["places"]
            .as_array()
            .map(|a| a.iter().filter(|p| p["lat"].is_f64()).collect())
            .unwrap_or_default();
        // focus: the countries of the gold places' own names as the gazetteer resolves them alone
        let mut focus: Vec<(String, f32)> = Vec::new();
        for p in &places {
            let name = p["names"][0].as_str().unwrap_or("");
            if let Some(id) = resolve(g, g.lookup(name), &ResolveContext::default()) {
                let c = g.place(id).country.clone();
                match focus.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, w)) => *w += 1.0,
                    None => focus.push((c, 1.0)),
                }
            }
        }
        let ctx = ResolveContext {
            focus_countries: focus,
            ..Default::default()
        };
        for p in &places {
            let at = (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap());
            for name in p["names"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                total += 1;
                match resolve(g, g.lookup(name), &ctx) {
                    None => {
                        none += 1;
                        println!(
                            "NONE  {:<40} {name}",
                            path.file_name().unwrap().to_string_lossy()
                        );
                    }
                    Some(id) => {
                        let q = g.place(id);
                        let d = haversine_km(at, (q.lat, q.lon));
                        if d < 25.0 {
                            right += 1;
                        } else {
                            wrong += 1;
                            println!(
                                "WRONG {:<40} {name} -> {} ({}) {d:.0} km",
                                path.file_name().unwrap().to_string_lossy(),
                                q.name,
                                q.country
                            );
                        }
                    }
                }
            }
        }
    }
    println!("{right} right, {wrong} wrong, {none} abstained of {total} gold place names");
}
