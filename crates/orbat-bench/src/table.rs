//! The results of one benchmark run as one Markdown table.
//!
//! Every step of `scripts/bench.sh` writes one JSON file into a results
//! folder; [`render`] reads them and prints a row per figure, "pending" for a
//! step that did not run or failed. [`splice`] puts the table into
//! `BENCHMARKS.md` between two marker comments.

use serde_json::Value;
use std::path::Path;

/// Marker lines in `BENCHMARKS.md`; the table goes between them.
pub const BEGIN: &str = "<!-- bench:begin (written by scripts/bench.sh) -->";
/// See [`BEGIN`].
pub const END: &str = "<!-- bench:end -->";

fn load(dir: &Path, name: &str) -> Option<Value> {
    let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).ok()?;
    serde_json::from_str(&text).ok()
}

fn num(v: &Option<Value>, key: &str) -> Option<f64> {
    let mut cur = v.as_ref()?;
    for k in key.split('.') {
        cur = cur.get(k)?;
    }
    cur.as_f64()
}

fn text(v: &Option<Value>, key: &str) -> Option<String> {
    v.as_ref()?.get(key)?.as_str().map(String::from)
}

fn fmt(x: Option<f64>, digits: usize, unit: &str) -> String {
    match x {
        Some(x) if x.is_finite() => format!("{x:.digits$}{unit}"),
        _ => "pending".into(),
    }
}

fn verdict(x: Option<f64>, ok: impl Fn(f64) -> bool) -> &'static str {
    match x {
        Some(x) if x.is_finite() => {
            if ok(x) {
                "met"
            } else {
                "**missed**"
            }
        }
        _ => "",
    }
}

/// The ratio of orbat's to spaCy's single-core document rate on the same
/// documents, if both ran.
pub fn spacy_ratio(dir: &Path) -> Option<f64> {
    let orbat = num(&load(dir, "orbat_subset"), "docs_per_s")?;
    let spacy = num(&load(dir, "spacy"), "docs_per_s")?;
    (spacy > 0.0).then(|| orbat / spacy)
}

/// The table for the results in `dir`.
pub fn render(dir: &Path) -> String {
    let machine = load(dir, "machine");
    let e1 = load(dir, "extract_1");
    let en = load(dir, "extract_n");
    let sub = load(dir, "orbat_subset");
    let spacy = load(dir, "spacy");
    let startup = load(dir, "startup");
    let big = load(dir, "big");
    let one_mb = load(dir, "one_mb");
    let too_large = load(dir, "too_large");
    let ingest = load(dir, "ingest");
    let qa = load(dir, "query_actor");
    let qe = load(dir, "query_events");
    let qo = load(dir, "quality_orbat");
    let qs = load(dir, "quality_spacy");

    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut row = |a: &str, b: String, c: &str, d: String| {
        rows.push([a.to_string(), b, c.to_string(), d]);
    };
    let docs = |v: &Option<Value>| fmt(num(v, "docs"), 0, "");
    let mb = |v: &Option<Value>| fmt(num(v, "bytes").map(|b| b / 1e6), 1, " MB");

    let e1_mbs = num(&e1, "mb_per_s");
    row(
        "extraction, 1 thread",
        format!(
            "{} docs/s, {}",
            fmt(num(&e1, "docs_per_s"), 0, ""),
            fmt(e1_mbs, 2, " MB/s")
        ),
        &format!(">= 5 MB/s per core: {}", verdict(e1_mbs, |x| x >= 5.0)),
        format!("{} docs, {} of input", docs(&e1), mb(&e1)),
    );
    row(
        &format!(
            "extraction, all cores ({} threads)",
            fmt(num(&en, "threads"), 0, "")
        ),
        format!(
            "{} docs/s, {}",
            fmt(num(&en, "docs_per_s"), 0, ""),
            fmt(num(&en, "mb_per_s"), 2, " MB/s")
        ),
        "",
        format!(
            "speed-up {} over 1 thread",
            fmt(
                num(&en, "docs_per_s")
                    .zip(num(&e1, "docs_per_s"))
                    .map(|(a, b)| a / b),
                2,
                "x"
            )
        ),
    );
    row(
        "peak RSS, extraction run (all cores)",
        fmt(num(&en, "peak_rss_mib"), 0, " MiB"),
        "",
        format!(
            "includes the corpus held in memory ({})",
            fmt(num(&en, "corpus_mib"), 0, " MiB")
        ),
    );
    let ratio = spacy_ratio(dir);
    row(
        "spaCy en_core_web_sm NER, 1 process",
        format!(
            "{} docs/s, {}",
            fmt(num(&spacy, "docs_per_s"), 1, ""),
            fmt(num(&spacy, "mb_per_s"), 3, " MB/s")
        ),
        "",
        format!(
            "{} docs, {} of text; spaCy {}, pipes {}; model load {}",
            docs(&spacy),
            mb(&spacy),
            text(&spacy, "spacy").unwrap_or_else(|| "?".into()),
            text(&spacy, "pipes").unwrap_or_else(|| "?".into()),
            fmt(num(&spacy, "load_seconds"), 2, " s")
        ),
    );
    row(
        "orbat on the same documents, 1 thread",
        format!(
            "{} docs/s, {}",
            fmt(num(&sub, "docs_per_s"), 0, ""),
            fmt(num(&sub, "mb_per_s"), 2, " MB/s")
        ),
        "",
        "input bytes (HTML pages before boilerplate removal)".into(),
    );
    row(
        "**orbat / spaCy, per core**",
        format!("**{}**", fmt(ratio, 0, "x")),
        &format!(">= 100x: {}", verdict(ratio, |x| x >= 100.0)),
        "documents per second, one core each".into(),
    );
    let p50 = num(&startup, "p50_ms");
    row(
        "start-up to first report (tiny file)",
        format!(
            "p50 {}, p95 {}",
            fmt(p50, 1, " ms"),
            fmt(num(&startup, "p95_ms"), 1, " ms")
        ),
        &format!("<= 150 ms: {}", verdict(p50, |x| x <= 150.0)),
        format!(
            "`orbat extract tiny.txt --format json`, {} runs, gazetteer loaded",
            fmt(num(&startup, "runs"), 0, "")
        ),
    );
    for (label, v) in [("one 1 MB document", &one_mb), ("one 10 MB document", &big)] {
        let timed_out = v
            .as_ref()
            .and_then(|v| v.get("timed_out"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let secs = if timed_out {
            format!(
                "**did not finish in {}** (killed)",
                fmt(num(v, "timeout"), 0, " s")
            )
        } else {
            format!(
                "{}, exit {}",
                fmt(num(v, "seconds"), 1, " s"),
                fmt(num(v, "exit"), 0, "")
            )
        };
        row(
            &format!("{label}: peak RSS, time"),
            format!(
                "{}, {}",
                fmt(num(v, "peak_rss_mib"), 0, " MiB"),
                fmt(num(v, "seconds"), 1, " s")
            ),
            "bounded",
            format!(
                "`orbat extract --format json` on {} of generated text: {}",
                mb(v),
                secs
            ),
        );
    }
    row(
        "document over --max-bytes",
        match num(&too_large, "exit") {
            Some(c) => format!("exit {c:.0}"),
            None => "pending".into(),
        },
        "clear error",
        text(&too_large, "message")
            .map(|m| format!("`{m}`"))
            .unwrap_or_default(),
    );
    row(
        "ingest into SQLite (all cores)",
        format!("{} docs/s", fmt(num(&ingest, "docs_per_s"), 0, "")),
        "",
        format!(
            "{} docs in {}, peak RSS {}, db {}",
            docs(&ingest),
            fmt(num(&ingest, "seconds"), 1, " s"),
            fmt(num(&ingest, "peak_rss_mib"), 0, " MiB"),
            fmt(num(&ingest, "db_mib"), 0, " MiB")
        ),
    );
    for (label, q) in [
        ("query `orbat actor NAME`", &qa),
        ("query `orbat events ...`", &qe),
    ] {
        row(
            label,
            format!(
                "p50 {}, p95 {}",
                fmt(num(q, "p50_ms"), 1, " ms"),
                fmt(num(q, "p95_ms"), 1, " ms")
            ),
            "",
            format!(
                "{} runs, whole process, on the ingested db; {}",
                fmt(num(q, "runs"), 0, ""),
                short_command(&text(q, "command").unwrap_or_default())
            ),
        );
    }
    for (label, q) in [("orbat", &qo), ("spaCy sm", &qs)] {
        row(
            &format!("entities on dev set, untyped: {label}"),
            format!("F1 {}", fmt(num(q, "summary.entities.f1"), 3, "")),
            "",
            format!(
                "P {} R {} (tp {}, fp {}, fn {})",
                fmt(num(q, "summary.entities.precision"), 3, ""),
                fmt(num(q, "summary.entities.recall"), 3, ""),
                fmt(num(q, "summary.entities.tp"), 0, ""),
                fmt(num(q, "summary.entities.fp"), 0, ""),
                fmt(num(q, "summary.entities.fn"), 0, "")
            ),
        );
    }

    let mut out = String::new();
    if let Some(m) = &machine {
        let get = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or("?").to_string();
        out.push_str(&format!(
            "Run {} on {} ({} cores, {} memory), {}, commit {}, profile {}; corpus: seed {}, {} documents; \
load average before the run {}, after {}.\n\n",
            get("date"),
            get("cpu"),
            get("cores"),
            get("memory"),
            get("rustc"),
            get("commit"),
            get("profile"),
            get("seed"),
            get("docs"),
            get("load_before"),
            get("load_after"),
        ));
    }
    out.push_str("| measure | result | target | notes |\n|---|---|---|---|\n");
    for r in rows {
        out.push_str(&format!("| {} | {} | {} | {} |\n", r[0], r[1], r[2], r[3]));
    }
    out
}

/// A command line with every path cut to its file name.
fn short_command(cmd: &str) -> String {
    let words: Vec<&str> = cmd
        .split(' ')
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .collect();
    format!("`{}`", words.join(" "))
}

/// `doc` with the text between the markers replaced by `table` (markers
/// appended when absent).
pub fn splice(doc: &str, table: &str) -> String {
    match (doc.find(BEGIN), doc.find(END)) {
        (Some(b), Some(e)) if e > b => format!("{}{BEGIN}\n{table}{}", &doc[..b], &doc[e..]),
        _ => format!("{doc}\n{BEGIN}\n{table}{END}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_results_are_pending() {
        let dir = std::env::temp_dir().join("orbat-bench-empty-results");
        let _ = std::fs::create_dir_all(&dir);
        let t = render(&dir);
        assert!(t.contains("pending"));
        assert!(t.starts_with("| measure"));
    }

    #[test]
    fn splice_replaces_between_markers() {
        let doc = format!("head\n{BEGIN}\nold\n{END}\ntail\n");
        let out = splice(&doc, "new\n");
        assert_eq!(out, format!("head\n{BEGIN}\nnew\n{END}\ntail\n"));
        let appended = splice("head\n", "t\n");
        assert!(appended.contains(BEGIN) && appended.ends_with(&format!("{END}\n")));
    }
}
