//! Folds every name of the gazetteer data once, at compile time, into fst maps
//! that the crate embeds with `include_bytes!` (so start-up folds nothing).

#![allow(dead_code)]

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

#[path = "src/builder.rs"]
mod builder;
#[path = "src/fold.rs"]
mod fold;
#[path = "src/place.rs"]
mod place;
#[path = "src/source.rs"]
mod source;

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let data = manifest.join("../../data/gazetteer");
    for f in [
        "places.tsv.gz",
        "supplement.tsv",
        "facilities.tsv",
        "aliases.tsv",
    ] {
        println!("cargo:rerun-if-changed={}", data.join(f).display());
    }
    for f in ["builder.rs", "fold.rs", "place.rs", "source.rs"] {
        println!("cargo:rerun-if-changed=src/{f}");
    }

    let gz = fs::read(data.join("places.tsv.gz")).expect("data/gazetteer/places.tsv.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .expect("places.tsv.gz is gzip'd UTF-8");
    let mut places = source::parse_places(&text).unwrap_or_else(|e| panic!("{e}"));
    for f in ["supplement.tsv", "facilities.tsv"] {
        let rows =
            source::parse_supplement(&read(&data.join(f)), f).unwrap_or_else(|e| panic!("{e}"));
        places.extend(rows);
    }
    let aliases =
        source::parse_aliases(&read(&data.join("aliases.tsv"))).unwrap_or_else(|e| panic!("{e}"));
    for m in builder::apply_aliases(&mut places, aliases) {
        println!("cargo:warning=aliases.tsv: no place for target {m}");
    }
    for m in builder::normalise_admin1(&mut places) {
        println!("cargo:warning=supplement/facilities: no admin1 {m}");
    }
    let built = builder::build(&places).unwrap_or_else(|e| panic!("{e}"));

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    fs::write(out.join("places.tsv"), built.places).unwrap();
    fs::write(out.join("exact.fst"), built.exact_fst).unwrap();
    fs::write(out.join("loose.fst"), built.loose_fst).unwrap();
    let postings: Vec<u8> = built
        .postings
        .iter()
        .flat_map(|p| p.to_le_bytes())
        .collect();
    fs::write(out.join("postings.bin"), postings).unwrap();
    fs::write(
        out.join("max_name_tokens.txt"),
        built.max_name_tokens.to_string(),
    )
    .unwrap();
}
