//! `orbat extract FILE`: one document in, one report out.

use clap::{Args, ValueEnum};
use orbat_extract::Extractor;
use orbat_report::Report;
use orbat_text::{parse_path, Limits};
use std::io::Write;
use std::path::PathBuf;

/// Output forms of `extract`.
#[derive(Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    /// The orbat.report/1 contract (docs/report-format.md).
    Json,
    /// A summary for people.
    Text,
}

/// Arguments of `extract`.
#[derive(Args)]
pub struct ExtractArgs {
    /// The document: .txt, .md or .html; `-` reads standard input.
    pub file: PathBuf,
    /// Output form.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExtractFormat,
    /// Publication date (YYYY-MM-DD) that relative dates are resolved against;
    /// by default the page's metadata, if any.
    #[arg(long, value_parser = parse_date)]
    pub published: Option<String>,
    /// Refuse documents larger than this many bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    pub max_bytes: usize,
}

fn parse_date(s: &str) -> Result<String, String> {
    chrono_free_date_check(s)
        .then(|| s.to_string())
        .ok_or_else(|| format!("'{s}' is not a date of the form YYYY-MM-DD"))
}

/// Checks YYYY-MM-DD with a valid month and day.
fn chrono_free_date_check(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (
        parts[0].parse::<u32>(),
        parts[1].parse::<u32>(),
        parts[2].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1]
}

/// Runs `extract`; returns the exit code (2 for bad input).
pub fn run(args: ExtractArgs) -> i32 {
    let limits = Limits {
        max_bytes: args.max_bytes,
    };
    let mut doc = match parse_path(&args.file, &limits) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("orbat: {}: {e}", args.file.display());
            return 2;
        }
    };
    // "und": too short to tell; read it as English rather than refuse a one-line report.
    if doc.language == "und" {
        doc.language = "en".to_string();
    }
    if !orbat_text::is_supported(&doc.language) {
        eprintln!(
            "orbat: {}: language '{}' is not supported yet (only English); nothing extracted",
            args.file.display(),
            doc.language
        );
        return 2;
    }
    if args.published.is_some() {
        doc.published = args.published.clone();
    }
    let extractor = match Extractor::new() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("orbat: {e}");
            return 1;
        }
    };
    let report = extractor.extract(&doc);
    let out = match args.format {
        ExtractFormat::Json => serde_json::to_string_pretty(&report).map(|mut s| {
            s.push('\n');
            s
        }),
        ExtractFormat::Text => Ok(summary(&report)),
    };
    match out {
        Ok(s) => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(s.as_bytes()).is_err() {
                return 1;
            }
            0
        }
        Err(e) => {
            eprintln!("orbat: cannot write the report: {e}");
            1
        }
    }
}

/// A readable summary: actors, places, relations, figures, events.
pub fn summary(r: &Report) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let name = |id: &str| {
        r.entity(id)
            .map(|e| e.name.as_str())
            .unwrap_or(id)
            .to_string()
    };
    let _ = writeln!(
        s,
        "{}  (published {})",
        r.document.title.as_deref().unwrap_or("(untitled)"),
        r.document.published.as_deref().unwrap_or("unknown")
    );
    let _ = writeln!(s, "\nActors");
    for e in r.entities.iter().filter(|e| e.entity_type.is_actor()) {
        let origin = e
            .attributes
            .origin
            .as_deref()
            .map(|o| format!(" [{o}]"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  {:<45} {}{}  ({} mentions)",
            e.name,
            e.entity_type,
            origin,
            e.mentions.len()
        );
    }
    let _ = writeln!(s, "\nPlaces");
    for e in r.entities.iter().filter(|e| {
        !e.entity_type.is_actor()
            || e.geo.is_some() && e.entity_type == orbat_report::EntityType::State
    }) {
        let geo = e
            .geo
            .as_ref()
            .map(|g| {
                format!(
                    "{:.4}, {:.4} ({})",
                    g.lat,
                    g.lon,
                    g.precision.as_deref().unwrap_or("?")
                )
            })
            .unwrap_or_else(|| "not geocoded".into());
        let _ = writeln!(s, "  {:<45} {}", e.name, geo);
    }
    if !r.relations.is_empty() {
        let _ = writeln!(s, "\nRelations");
        for rel in &r.relations {
            let _ = writeln!(
                s,
                "  {} {} {}  [{}{}]",
                name(&rel.subject),
                rel.predicate,
                name(&rel.object),
                rel.certainty.as_str(),
                rel.attributed_to
                    .as_deref()
                    .map(|a| format!(", per {a}"))
                    .unwrap_or_default()
            );
        }
    }
    if !r.quantities.is_empty() {
        let _ = writeln!(s, "\nFigures");
        for q in &r.quantities {
            let _ = writeln!(s, "  {:<10} {}", q.kind.as_str(), q.text);
        }
    }
    if !r.events.is_empty() {
        let _ = writeln!(s, "\nEvents");
        for ev in &r.events {
            let place = ev
                .location
                .as_deref()
                .map(name)
                .unwrap_or_else(|| "?".into());
            let _ = writeln!(
                s,
                "  {:<10} {} / {} at {}",
                ev.date.as_deref().unwrap_or("undated"),
                ev.event_type,
                ev.sub_type.as_deref().unwrap_or("-"),
                place
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::chrono_free_date_check as ok;

    #[test]
    fn dates_are_checked() {
        assert!(ok("2019-09-30"));
        assert!(ok("2024-02-29"));
        assert!(!ok("2023-02-29"));
        assert!(!ok("2019-13-01"));
        assert!(!ok("30/09/2019"));
    }
}
