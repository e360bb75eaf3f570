//! Lists English words that the gazetteer would take for a place name
//! ("Key", "Major", "Region", "Valley", "Hit"), with the same folding as lookups.
//!
//! The extractor reads such a word as a place only in a place slot ("in Hit").
//! Regenerate `data/lexicons/english_place_words.txt` with
//! `scripts/build_english_place_words.sh` (needs Debian's `wamerican` word list).
use orbat_gazetteer::Gazetteer;
use std::io::{BufRead, Write};

fn main() {
    let g = Gazetteer::embedded();
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    let mut words: Vec<String> = stdin
        .lock()
        .lines()
        .map_while(Result::ok)
        .map(|w| w.trim().to_string())
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase()))
        .filter(|w| {
            let mut cap = w.clone();
            cap[..1].make_ascii_uppercase();
            !g.lookup(&cap).is_empty()
        })
        .collect();
    words.sort();
    words.dedup();
    for w in words {
        let _ = writeln!(out, "{w}");
    }
}
