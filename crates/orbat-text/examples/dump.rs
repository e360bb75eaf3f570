//! Print what `orbat-text` makes of a file: metadata, then the text, then
//! (with `--sentences`) one sentence per line.
//!
//! `cargo run -p orbat-text --example dump -- PATH [--sentences]`

use orbat_text::{parse_path, Limits};
use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump PATH [--sentences]");
        std::process::exit(2);
    };
    let sentences = args.any(|a| a == "--sentences");
    match parse_path(Path::new(&path), &Limits::default()) {
        Ok(doc) => {
            println!("title:     {:?}", doc.title);
            println!("published: {:?}", doc.published);
            println!("url:       {:?}", doc.url);
            println!("source:    {:?}", doc.source);
            println!("language:  {}", doc.language);
            println!(
                "chars: {}  sentences: {}  tokens: {}  sha256: {}",
                doc.text.chars().count(),
                doc.sentences.len(),
                doc.tokens.len(),
                doc.sha256()
            );
            println!("----");
            if sentences {
                for s in &doc.sentences {
                    println!(
                        "[{}] {}",
                        s.paragraph,
                        doc.text[s.start..s.end].replace('\n', "⏎")
                    );
                }
            } else {
                println!("{}", doc.text);
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
