//! Readers of the data files under `data/gazetteer/` (see its README for the columns).
//! Also compiled into `build.rs` (via `#[path]`).

use crate::place::{Place, PlaceKind};

/// A place as read from a data file, with every name it may be written as.
#[derive(Debug, Clone)]
pub struct SourcePlace {
    /// The record (its `kind` already decided).
    pub place: Place,
    /// Names to index besides `place.name`: ascii name, alternates, aliases.
    pub names: Vec<String>,
    /// For a country: GeoNames id of its capital.
    pub capital_geonames_id: Option<u64>,
}

/// Where an `aliases.tsv` row adds names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AliasTarget {
    /// A place by GeoNames id.
    GeonamesId(u64),
    /// A country by ISO 3166-1 alpha-2 code.
    Country(String),
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').collect::<Vec<_>>()))
}

fn split_names(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn num<T: std::str::FromStr>(
    field: &str,
    what: &str,
    file: &str,
    line: usize,
) -> Result<T, String> {
    field
        .trim()
        .parse()
        .map_err(|_| format!("{file}:{line}: bad {what} {field:?}"))
}

/// GeoNames feature class of a feature code (for hand-made rows, which give only the code).
pub fn class_of_code(code: &str) -> char {
    match code {
        c if c.starts_with("PPL") || c == "STLMT" => 'P',
        c if c.starts_with("ADM") || c.starts_with("PCL") => 'A',
        "RGN" | "RGNE" | "AREA" | "ZN" | "OILF" | "GASF" => 'L',
        "VAL" | "MT" | "MTS" | "PLN" | "PLAT" | "DSRT" | "HLL" | "HLLS" | "RDGE" => 'T',
        "STM" | "LK" | "WAD" | "RSV" | "SEA" | "GULF" | "STRT" | "BAY" => 'H',
        _ => 'S',
    }
}

/// Read `places.tsv` (decompressed), as written by `scripts/build_gazetteer.py`.
pub fn parse_places(text: &str) -> Result<Vec<SourcePlace>, String> {
    let file = "places.tsv";
    let mut out = Vec::new();
    for (line, f) in data_lines(text) {
        if f[0] == "geonames_id" {
            continue;
        }
        if f.len() < 13 {
            return Err(format!("{file}:{line}: {} columns, want 13", f.len()));
        }
        let population: u64 = num(f[10], "population", file, line)?;
        let feature_class = f[5].chars().next().unwrap_or('P');
        let kind = PlaceKind::from_feature(feature_class, f[6], population);
        let mut names = vec![f[2].to_string()];
        names.extend(split_names(f[12]));
        out.push(SourcePlace {
            place: Place {
                geonames_id: Some(num(f[0], "geonames_id", file, line)?),
                name: f[1].to_string(),
                lat: num(f[3], "lat", file, line)?,
                lon: num(f[4], "lon", file, line)?,
                feature_class,
                feature_code: f[6].to_string(),
                country: f[7].to_string(),
                admin1: (!f[9].is_empty()).then(|| f[9].to_string()),
                population,
                kind,
            },
            names,
            capital_geonames_id: if f[11].is_empty() {
                None
            } else {
                Some(num(f[11], "capital_id", file, line)?)
            },
        });
    }
    Ok(out)
}

/// Read `supplement.tsv` or `facilities.tsv`: name, aliases, lat, lon, feature_code,
/// country, admin1, kind, source[, population].
pub fn parse_supplement(text: &str, file: &str) -> Result<Vec<SourcePlace>, String> {
    let mut out = Vec::new();
    for (line, f) in data_lines(text) {
        if f[0] == "name" {
            continue;
        }
        if f.len() < 9 {
            return Err(format!("{file}:{line}: {} columns, want 9 or 10", f.len()));
        }
        let code = f[4].trim();
        let kind =
            PlaceKind::parse(f[7]).ok_or_else(|| format!("{file}:{line}: bad kind {:?}", f[7]))?;
        let population = match f.get(9) {
            Some(p) if !p.trim().is_empty() => num(p, "population", file, line)?,
            _ => 0,
        };
        if f[8].trim().is_empty() {
            return Err(format!("{file}:{line}: the source column is empty"));
        }
        let lat: f64 = num(f[2], "lat", file, line)?;
        let lon: f64 = num(f[3], "lon", file, line)?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(format!("{file}:{line}: coordinates out of range"));
        }
        out.push(SourcePlace {
            place: Place {
                geonames_id: None,
                name: f[0].trim().to_string(),
                lat,
                lon,
                feature_class: class_of_code(code),
                feature_code: code.to_string(),
                country: f[5].trim().to_string(),
                admin1: (!f[6].trim().is_empty()).then(|| f[6].trim().to_string()),
                population,
                kind,
            },
            names: split_names(f[1]),
            capital_geonames_id: None,
        });
    }
    Ok(out)
}

/// Read `aliases.tsv`: target (GeoNames id or ISO2 country), aliases, source.
pub fn parse_aliases(text: &str) -> Result<Vec<(AliasTarget, Vec<String>)>, String> {
    let file = "aliases.tsv";
    let mut out = Vec::new();
    for (line, f) in data_lines(text) {
        if f[0] == "target" {
            continue;
        }
        if f.len() < 3 || f[2].trim().is_empty() {
            return Err(format!("{file}:{line}: want target, aliases, source"));
        }
        let t = f[0].trim();
        let target = if t.len() == 2 && t.bytes().all(|b| b.is_ascii_uppercase()) {
            AliasTarget::Country(t.to_string())
        } else {
            AliasTarget::GeonamesId(num(t, "target", file, line)?)
        };
        out.push((target, split_names(f[1])));
    }
    Ok(out)
}
