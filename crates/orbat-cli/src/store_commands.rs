//! Store commands: ingest, demo, queries and resolution corrections. The
//! work is in `orbat-store`; this file parses arguments, wires the extractor
//! in, and prints.
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use orbat_extract::Extractor;
use orbat_report::Report;
use orbat_store::ingest::{self, Format, Progress, RawDoc, Summary};
use orbat_store::{render, ActorFilter, EventFilter, StoreError};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The examples `orbat demo` ingests, embedded so it works from any folder.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "01-albukamal-deployments.txt",
        include_str!("../../../data/examples/01-albukamal-deployments.txt"),
    ),
    (
        "02-mayadeen-command.txt",
        include_str!("../../../data/examples/02-mayadeen-command.txt"),
    ),
    (
        "03-sdf-deir-ez-zor.txt",
        include_str!("../../../data/examples/03-sdf-deir-ez-zor.txt"),
    ),
    (
        "04-hezbollah-south-lebanon.txt",
        include_str!("../../../data/examples/04-hezbollah-south-lebanon.txt"),
    ),
    (
        "05-houthi-red-sea.txt",
        include_str!("../../../data/examples/05-houthi-red-sea.txt"),
    ),
    (
        "regional-roundup.jsonl",
        include_str!("../../../data/examples/regional-roundup.jsonl"),
    ),
];

/// Output format of a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    /// Readable lines, each with its source document.
    #[default]
    Text,
    /// JSON, for scripts.
    Json,
}

/// Where the store is and how to print.
#[derive(Args, Debug)]
pub struct DbArgs {
    /// SQLite file, or postgres://user:pass@host/db for a shared PostgreSQL.
    #[arg(long, default_value = "./orbat.db")]
    pub db: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// Commands over the knowledge graph store.
#[derive(Subcommand)]
pub enum StoreCommand {
    /// Ingest documents: files, folders (recursive), JSONL (one document per line:
    /// text or html, title, url, source, published), RSS/Atom feeds, or orbat.report/1
    /// JSON. Idempotent: stored documents are skipped, a changed one at the same URL
    /// replaces its facts. Exit code 1 when some documents failed, 2 on a database error.
    Ingest(IngestArgs),
    /// Ingest the bundled example reports into a fresh database and show the
    /// actors, chains of command, places and events found.
    Demo(DemoArgs),
    /// List actors, most documented first.
    Actors(ActorsArgs),
    /// One actor's profile: aliases, origin, chain of command, places, figures, events.
    Actor(ActorArgs),
    /// Events by date.
    Events(EventsArgs),
    /// Places on record.
    Places(PlacesArgs),
    /// Documents stored.
    Sources(SourcesArgs),
    /// Entity resolution: why things were merged, and persistent corrections.
    Entity {
        /// What to do.
        #[command(subcommand)]
        command: EntityCommand,
    },
}

/// `orbat ingest`.
#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Extraction threads, the writer among them: it extracts while its next batch is incomplete (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    /// Print one line per committed document: `stored OUTCOME DOC_ID SHA256 LOCATOR`.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `orbat demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Where to create the demo database (default: a fresh folder under the system temp dir).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// `orbat actors`.
#[derive(Args, Debug)]
pub struct ActorsArgs {
    /// Only this type: person, armed_group, state_force, state, organization.
    #[arg(long = "type", value_parser = parse_actor_type)]
    pub entity_type: Option<String>,
    /// Only actors from this country (ISO 3166-1 alpha-2, e.g. IR).
    #[arg(long)]
    pub origin: Option<String>,
    /// Only actors positioned at, controlling or acting at places near this place.
    #[arg(long, requires = "km")]
    pub near: Option<String>,
    /// Radius for --near, in km.
    #[arg(long)]
    pub km: Option<f64>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `orbat actor`.
#[derive(Args, Debug)]
pub struct ActorArgs {
    /// Name, alias or id.
    pub name: String,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `orbat events`.
#[derive(Args, Debug)]
pub struct EventsArgs {
    /// On or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<String>,
    /// On or before.
    #[arg(long, value_parser = parse_date)]
    pub to: Option<String>,
    /// ACLED event type or sub-type, e.g. Battles or "Air/drone strike".
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// Actor (name, alias or id) acting or targeted.
    #[arg(long)]
    pub actor: Option<String>,
    /// minlon,minlat,maxlon,maxlat.
    #[arg(long, value_parser = parse_bbox, allow_hyphen_values = true)]
    pub bbox: Option<[f64; 4]>,
    /// At most this many events (0: all).
    #[arg(long, default_value_t = 500)]
    pub limit: usize,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `orbat places`.
#[derive(Args, Debug)]
pub struct PlacesArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

/// `orbat sources`.
#[derive(Args, Debug)]
pub struct SourcesArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

/// `orbat entity ...`.
#[derive(Subcommand, Debug)]
pub enum EntityCommand {
    /// Why mentions were linked to this entity, and which corrections touched it.
    Explain {
        /// Entity id or name.
        id: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Merge B into A (A keeps its id; B's id resolves to A). Persistent: survives re-ingest.
    Merge {
        /// The entity that survives (id or name).
        a: String,
        /// The entity merged into it.
        b: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Move the mentions called NAME out of entity ID (restoring a merged entity of
    /// that name, or creating one) and pin NAME to it. Persistent: survives re-ingest.
    Split {
        /// The entity to split (id or name).
        id: String,
        /// The name whose mentions leave it.
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

fn parse_actor_type(s: &str) -> Result<String, String> {
    match orbat_report::EntityType::parse(&s.to_lowercase()) {
        Some(t) if t.is_actor() => Ok(t.as_str().to_string()),
        _ => Err("expected person, armed_group, state_force, state or organization".into()),
    }
}

fn parse_date(s: &str) -> Result<String, String> {
    let ok = match s.len() {
        4 | 7 | 10 => s.bytes().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        }),
        _ => false,
    };
    if ok {
        Ok(s.to_string())
    } else {
        Err("expected YYYY, YYYY-MM or YYYY-MM-DD".into())
    }
}

fn parse_bbox(s: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let [min_lon, min_lat, max_lon, max_lat] = v[..] else {
        return Err("expected minlon,minlat,maxlon,maxlat".into());
    };
    if !(-180.0..=180.0).contains(&min_lon)
        || !(-180.0..=180.0).contains(&max_lon)
        || !(-90.0..=90.0).contains(&min_lat)
        || !(-90.0..=90.0).contains(&max_lat)
    {
        return Err("longitudes must be within ±180 and latitudes within ±90".into());
    }
    if min_lon > max_lon || min_lat > max_lat {
        return Err("min must not exceed max".into());
    }
    Ok([min_lon, min_lat, max_lon, max_lat])
}

/// Runs a store command; returns the exit code.
pub fn run(command: StoreCommand) -> i32 {
    match execute(command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("orbat: {e}");
            match e {
                StoreError::NotFound(_) | StoreError::Invalid(_) => 1,
                _ => 2,
            }
        }
    }
}

/// Writes to stdout, ignoring a closed pipe (`orbat events | head` is fine).
fn emit(s: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(s.as_bytes());
}

fn print<T: Serialize>(format: OutputFormat, value: &T, text: impl FnOnce(&T) -> String) {
    match format {
        OutputFormat::Json => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(value).unwrap_or_default()
        )),
        OutputFormat::Text => emit(&text(value)),
    }
}

fn execute(command: StoreCommand) -> Result<i32, StoreError> {
    match command {
        StoreCommand::Ingest(a) => ingest_command(a),
        StoreCommand::Demo(a) => demo(a),
        StoreCommand::Actors(a) => {
            let mut store = orbat_store::open(&a.db.db)?;
            let near = a.near.map(|p| (p, a.km.unwrap_or(25.0)));
            let filter = ActorFilter {
                entity_type: a.entity_type,
                origin: a.origin,
                near,
            };
            print(a.db.format, &store.actors(&filter)?, |v| render::actors(v));
            Ok(0)
        }
        StoreCommand::Actor(a) => {
            let mut store = orbat_store::open(&a.db.db)?;
            print(a.db.format, &store.actor(&a.name)?, render::profile);
            Ok(0)
        }
        StoreCommand::Events(a) => {
            let mut store = orbat_store::open(&a.db.db)?;
            let filter = EventFilter {
                from: a.from,
                to: a.to,
                event_type: a.event_type,
                actor: a.actor,
                bbox: a.bbox,
                limit: a.limit,
            };
            print(a.db.format, &store.events(&filter)?, |v| render::events(v));
            Ok(0)
        }
        StoreCommand::Places(a) => {
            let mut store = orbat_store::open(&a.db.db)?;
            print(a.db.format, &store.places()?, |v| render::places(v));
            Ok(0)
        }
        StoreCommand::Sources(a) => {
            let mut store = orbat_store::open(&a.db.db)?;
            print(a.db.format, &store.sources()?, |v| render::sources(v));
            Ok(0)
        }
        StoreCommand::Entity { command } => match command {
            EntityCommand::Explain { id, db } => {
                let mut store = orbat_store::open(&db.db)?;
                print(db.format, &store.explain(&id)?, render::explanation);
                Ok(0)
            }
            EntityCommand::Merge { a, b, db } => {
                let mut store = orbat_store::open(&db.db)?;
                print(db.format, &store.merge(&a, &b)?, render::correction);
                Ok(0)
            }
            EntityCommand::Split { id, name, db } => {
                let mut store = orbat_store::open(&db.db)?;
                print(db.format, &store.split(&id, &name)?, render::correction);
                Ok(0)
            }
        },
    }
}

/// The extractor behind the store's ingest: bytes to text to report. The
/// container's metadata fills what the document itself does not say, before
/// extraction, so relative dates resolve against the right publication date.
fn extract_with(extractor: &Extractor) -> impl Fn(&RawDoc) -> Result<Report, String> + Sync + '_ {
    move |raw: &RawDoc| {
        let format = match raw.format {
            Format::Text => orbat_text::InputFormat::Text,
            Format::Html => orbat_text::InputFormat::Html,
            Format::Markdown => orbat_text::InputFormat::Markdown,
        };
        let mut doc = orbat_text::parse(&raw.bytes, format, &orbat_text::Limits::default())
            .map_err(|e| e.to_string())?;
        let m = &raw.meta;
        doc.title = doc.title.take().or_else(|| m.title.clone());
        doc.url = doc.url.take().or_else(|| m.url.clone());
        doc.source = doc.source.take().or_else(|| m.source.clone());
        doc.published = doc.published.take().or_else(|| m.published.clone());
        Ok(extractor.extract(&doc))
    }
}

fn progress_bar() -> ProgressBar {
    // Hidden automatically when stderr is not a terminal (CI, pipes).
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents  {elapsed}  eta {eta}  {msg}")
    {
        bar.set_style(style);
    }
    bar
}

fn ingest_command(a: IngestArgs) -> Result<i32, StoreError> {
    let mut store = orbat_store::open(&a.db.db)?;
    let extractor = Extractor::new().map_err(|e| StoreError::Invalid(format!("extractor: {e}")))?;
    let extract = extract_with(&extractor);
    let bar = progress_bar();
    let verbose = a.verbose;
    let mut on_progress = |p: Progress<'_>| match p {
        Progress::Total(n) => bar.set_length(n as u64),
        Progress::Stored { locator, stored } => {
            bar.inc(1);
            if verbose {
                // Printed only after the commit: a line here means the document is safe.
                let line = format!(
                    "stored {:?} {} {} {}\n",
                    stored.outcome, stored.doc_id, stored.content_hash, locator
                );
                bar.suspend(|| emit(&line));
            }
        }
        Progress::Failed(f) => {
            bar.inc(1);
            bar.set_message(format!("failed: {}", f.locator));
        }
    };
    let options = ingest::Options {
        jobs: a.jobs,
        ..Default::default()
    };
    let summary = ingest::run(
        store.as_mut(),
        &a.paths,
        &extract,
        options,
        &mut on_progress,
    )?;
    bar.finish_and_clear();
    print_summary(a.db.format, &summary, &a.db.db);
    Ok(if summary.failed.is_empty() { 0 } else { 1 })
}

fn print_summary(format: OutputFormat, summary: &Summary, db: &str) {
    match format {
        OutputFormat::Json => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(summary).unwrap_or_default()
        )),
        OutputFormat::Text => eprintln!("{}database: {db}", render::summary(summary)),
    }
}

/// The demo's JSON form.
#[derive(Serialize)]
struct DemoOutput {
    db: String,
    summary: Summary,
    actors: Vec<orbat_store::ActorSummary>,
    chains_of_command: Vec<orbat_store::ActorProfile>,
    places: Vec<orbat_store::PlaceSummary>,
    events: Vec<orbat_store::EventRow>,
}

fn demo(a: DemoArgs) -> Result<i32, StoreError> {
    let path = match a.db {
        // Never overwrite an analyst's database: a given path must be new.
        Some(p) if p.exists() => {
            return Err(StoreError::Invalid(format!(
                "{} exists; the demo writes a fresh database, so give a new path",
                p.display()
            )))
        }
        Some(p) => p,
        None => {
            let p = std::env::temp_dir()
                .join(format!("orbat-demo-{}", std::process::id()))
                .join("orbat.db");
            // Our own temporary folder: clear leftovers of an earlier run with this pid.
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
            }
            p
        }
    };
    let db = path.display().to_string();
    let mut store = orbat_store::open(&db)?;
    let extractor = Extractor::new().map_err(|e| StoreError::Invalid(format!("extractor: {e}")))?;
    let extract = extract_with(&extractor);
    let (mut pending, mut failed) = (Vec::new(), Vec::new());
    for (name, content) in EXAMPLES {
        let (p, f) = ingest::expand_in_memory(&format!("examples/{name}"), content);
        pending.extend(p);
        failed.extend(f);
    }
    let summary = ingest::run_pending(
        store.as_mut(),
        pending,
        failed,
        &extract,
        Default::default(),
        &mut |_| {},
    )?;

    let actors = store.actors(&ActorFilter::default())?;
    // Chains of command are shown from their tops: actors with subordinates and no superior.
    let mut chains = Vec::new();
    for actor in &actors {
        let profile = store.actor(&actor.entity.id.to_string())?;
        if !profile.subordinates.is_empty() && profile.superiors.is_empty() {
            chains.push(profile);
        }
    }
    let places = store.places()?;
    let events = store.events(&EventFilter::default())?;
    if a.format == OutputFormat::Json {
        let out = DemoOutput {
            db,
            summary,
            actors,
            chains_of_command: chains,
            places,
            events,
        };
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&out).unwrap_or_default()
        ));
        return Ok(0);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "orbat demo: {} example reports into {db}",
        summary.documents
    );
    out.push_str(&render::summary(&summary));
    let _ = writeln!(out, "\n== Actors ({}) ==", actors.len());
    out.push_str(&render::actors(&actors));
    let _ = writeln!(out, "\n== Chains of command ==");
    if chains.is_empty() {
        out.push_str("none found\n");
    }
    for c in &chains {
        let _ = writeln!(
            out,
            "{} (#{}, {})",
            c.entity.name, c.entity.id, c.entity.entity_type
        );
        out.push_str(&render::command_trees(c));
    }
    let _ = writeln!(out, "\n== Places on record ({}) ==", places.len());
    out.push_str(&render::places(&places));
    let _ = writeln!(out, "\n== Events by date ({}) ==", events.len());
    out.push_str(&render::events(&events));
    let first = actors
        .first()
        .map(|x| x.entity.name.clone())
        .unwrap_or_else(|| "Hezbollah".into());
    let _ = writeln!(out, "\n== Query further ==");
    let _ = writeln!(out, "  orbat actor \"{first}\" --db {db}");
    let _ = writeln!(out, "  orbat actors --origin IR --db {db}        (or --type armed_group, --near Albukamal --km 50)");
    let _ = writeln!(out, "  orbat events --from 2019-01 --to 2020-12 --db {db}   (--type Battles, --actor NAME, --bbox 38,33,42,37)");
    let _ = writeln!(out, "  orbat places --db {db}");
    let _ = writeln!(out, "  orbat sources --db {db}");
    let _ = writeln!(
        out,
        "  orbat entity explain ID --db {db}         (and entity merge A B / entity split ID NAME)"
    );
    let _ = writeln!(
        out,
        "  add --format json to any of them; orbat ingest PATH... --db {db} adds your own reports"
    );
    emit(&out);
    Ok(if summary.failed.is_empty() { 0 } else { 1 })
}
