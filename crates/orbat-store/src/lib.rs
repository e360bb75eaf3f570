//! The knowledge graph store: many `orbat.report/1` reports in SQLite or
//! PostgreSQL, actors and places resolved across documents, facts kept with
//! their provenance, and the queries an analyst asks.
//!
//! Layout, following the data:
//! - [`backend`]: the [`Connection`](backend::Connection) seam; [`sqlite`] and [`postgres`] implement it;
//! - [`migrate`]: numbered SQL files in `migrations/`, `schema_version`, refusal of newer schemas;
//! - [`write`] stores one report in one transaction, using [`resolve`] for entities;
//! - [`corrections`]: the analyst's merge / split / explain;
//! - [`queries`] answer questions; [`model`] is what they return; [`render`] prints it;
//! - [`ingest`] walks files, JSONL and feeds, extracts in parallel and writes from one thread.
//!
//! The store only knows reports: extraction is passed in by the caller.
#![deny(missing_docs)]

pub mod backend;
pub mod corrections;
pub mod error;
pub mod ingest;
pub mod migrate;
pub mod model;
pub mod normalize;
pub mod postgres;
pub mod queries;
pub mod render;
pub mod resolve;
pub mod sqlite;
pub mod util;
pub mod write;

pub use error::{Result, StoreError};
pub use model::*;
pub use write::{Outcome, Stored};

use backend::Connection;
use orbat_report::Report;
use std::path::Path;

/// Everything a caller can do with a store. One implementation over either
/// backend, so SQLite and PostgreSQL behave the same.
pub trait Store: Send {
    /// Stores one report read from `locator` (URL, else path); idempotent.
    fn store_report(&mut self, report: &Report, locator: &str) -> Result<Stored>;
    /// Stores reports in one transaction, each document whole or not at all:
    /// one result per report. Errs, having stored nothing, when the database
    /// itself fails (locked, corrupt, newer schema).
    fn store_reports(&mut self, batch: &[(&Report, &str)]) -> Result<Vec<Result<Stored>>>;
    /// Actors, most documented first.
    fn actors(&mut self, filter: &ActorFilter) -> Result<Vec<ActorSummary>>;
    /// Places on record.
    fn places(&mut self) -> Result<Vec<PlaceSummary>>;
    /// One actor's profile.
    fn actor(&mut self, name: &str) -> Result<ActorProfile>;
    /// Events, by date.
    fn events(&mut self, filter: &EventFilter) -> Result<Vec<EventRow>>;
    /// Documents.
    fn sources(&mut self) -> Result<Vec<SourceRow>>;
    /// An entity by id or name.
    fn find(&mut self, name: &str) -> Result<EntityRef>;
    /// Why an entity is what it is.
    fn explain(&mut self, id: &str) -> Result<Explanation>;
    /// Merges `b` into `a`, persistently.
    fn merge(&mut self, a: &str, b: &str) -> Result<CorrectionResult>;
    /// Splits mentions named `name` off `id`, persistently.
    fn split(&mut self, id: &str, name: &str) -> Result<CorrectionResult>;
    /// Row counts.
    fn counts(&mut self) -> Result<Counts>;
    /// Which backend this is (`sqlite` or `postgres`).
    fn backend_name(&self) -> &'static str;
}

/// The store over any [`Connection`].
pub struct SqlStore {
    db: Box<dyn Connection>,
    /// What the writer remembers of entities and keys between documents.
    resolver: resolve::Resolver,
}

impl SqlStore {
    /// Wraps a connection after bringing its schema up to date.
    pub fn new(mut db: Box<dyn Connection>) -> Result<Self> {
        migrate::migrate(db.as_mut())?;
        Ok(SqlStore {
            db,
            resolver: resolve::Resolver::default(),
        })
    }
}

impl Store for SqlStore {
    fn store_report(&mut self, report: &Report, locator: &str) -> Result<Stored> {
        let mut out = self.store_reports(&[(report, locator)])?;
        out.pop().expect("one result per report")
    }
    fn store_reports(&mut self, batch: &[(&Report, &str)]) -> Result<Vec<Result<Stored>>> {
        write::store_reports(self.db.as_mut(), &mut self.resolver, batch)
    }
    fn actors(&mut self, filter: &ActorFilter) -> Result<Vec<ActorSummary>> {
        queries::actors(self.db.as_mut(), filter)
    }
    fn places(&mut self) -> Result<Vec<PlaceSummary>> {
        queries::places(self.db.as_mut())
    }
    fn actor(&mut self, name: &str) -> Result<ActorProfile> {
        queries::actor_profile(self.db.as_mut(), name)
    }
    fn events(&mut self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        queries::events(self.db.as_mut(), filter)
    }
    fn sources(&mut self) -> Result<Vec<SourceRow>> {
        queries::sources(self.db.as_mut())
    }
    fn find(&mut self, name: &str) -> Result<EntityRef> {
        queries::find_entity(self.db.as_mut(), name, queries::Kind::Any)
    }
    fn explain(&mut self, id: &str) -> Result<Explanation> {
        corrections::explain(self.db.as_mut(), id)
    }
    fn merge(&mut self, a: &str, b: &str) -> Result<CorrectionResult> {
        // Keys and entities move: what the writer remembered no longer holds.
        self.resolver.forget();
        corrections::merge(self.db.as_mut(), a, b)
    }
    fn split(&mut self, id: &str, name: &str) -> Result<CorrectionResult> {
        self.resolver.forget();
        corrections::split(self.db.as_mut(), id, name)
    }
    fn counts(&mut self) -> Result<Counts> {
        queries::counts(self.db.as_mut())
    }
    fn backend_name(&self) -> &'static str {
        match self.db.dialect() {
            backend::Dialect::Sqlite => "sqlite",
            backend::Dialect::Postgres => "postgres",
        }
    }
}

/// Whether `url` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Opens a store: `postgres://...` / `postgresql://...` for PostgreSQL,
/// anything else (optionally `sqlite://`) as a SQLite file path.
pub fn open(url: &str) -> Result<Box<dyn Store>> {
    Ok(Box::new(SqlStore::new(connect(url)?)?))
}

/// A raw connection, without migrations (for tools and tests).
pub fn connect(url: &str) -> Result<Box<dyn Connection>> {
    Ok(if is_postgres_url(url) {
        Box::new(postgres::PgConn::open(url)?)
    } else {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        let path = Path::new(path);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError::Db(format!("cannot create {}: {e}", parent.display())))?;
        }
        Box::new(sqlite::SqliteConn::open(path)?)
    })
}
