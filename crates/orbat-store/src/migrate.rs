//! Versioned schema migrations. The SQL lives in `migrations/<dialect>/NNNN_name.sql`
//! (numbered, never edited after release); the database records what it has in
//! `schema_version`, and a database newer than this build is refused untouched.
use crate::backend::{Connection, Dialect};
use crate::error::{Result, StoreError};
use crate::params;

/// (version, SQL) for SQLite, in order.
pub const SQLITE: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_initial.sql")),
    (2, include_str!("../migrations/sqlite/0002_query_paths.sql")),
    (
        3,
        include_str!("../migrations/sqlite/0003_profile_paths.sql"),
    ),
    (4, include_str!("../migrations/sqlite/0004_lean_writes.sql")),
    (
        5,
        include_str!("../migrations/sqlite/0005_figure_subjects.sql"),
    ),
];
/// (version, SQL) for PostgreSQL, in order.
pub const POSTGRES: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_initial.sql")),
    (
        2,
        include_str!("../migrations/postgres/0002_query_paths.sql"),
    ),
    (
        3,
        include_str!("../migrations/postgres/0003_profile_paths.sql"),
    ),
    (
        4,
        include_str!("../migrations/postgres/0004_lean_writes.sql"),
    ),
    (
        5,
        include_str!("../migrations/postgres/0005_figure_subjects.sql"),
    ),
];
/// The newest schema this build writes.
pub const LATEST: i64 = 5;

/// Brings the database up to [`LATEST`], or refuses a newer or foreign one.
pub fn migrate(db: &mut dyn Connection) -> Result<()> {
    let steps = match db.dialect() {
        Dialect::Sqlite => SQLITE,
        Dialect::Postgres => POSTGRES,
    };
    // Fast path, without the write lock: a current database needs nothing.
    if has_table(db, "schema_version")? && current_version(db)? == LATEST {
        return Ok(());
    }
    // Under the writers' lock, so two processes opening a new database at once
    // do not both create it.
    db.begin_write()?;
    let result = (|| {
        if !has_table(db, "schema_version")? {
            if any_table(db)? {
                return Err(StoreError::Corrupt(
                    "it holds tables but no schema_version: not an orbat database, refusing to change it".into(),
                ));
            }
            db.exec_batch(
                "CREATE TABLE schema_version (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
            )?;
        }
        let found = current_version(db)?;
        if found > LATEST {
            return Err(StoreError::NewerSchema {
                found,
                known: LATEST,
            });
        }
        for (version, sql) in steps.iter().filter(|(v, _)| *v > found) {
            db.exec_batch(sql)?;
            db.exec(
                "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                params![*version, crate::util::now_utc()],
            )?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => db.commit(),
        Err(e) => {
            db.rollback();
            Err(e)
        }
    }
}

/// The version recorded in the database (0 when empty).
pub fn current_version(db: &mut dyn Connection) -> Result<i64> {
    let rows = db.query("SELECT MAX(version) FROM schema_version", &[])?;
    let found = rows.first().and_then(|r| r.opt_int(0)).unwrap_or(0);
    if found > LATEST {
        return Err(StoreError::NewerSchema {
            found,
            known: LATEST,
        });
    }
    Ok(found)
}

fn has_table(db: &mut dyn Connection, name: &str) -> Result<bool> {
    let sql = match db.dialect() {
        Dialect::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
        Dialect::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
        }
    };
    Ok(db.query(sql, params![name])?[0].int(0) > 0)
}

fn any_table(db: &mut dyn Connection) -> Result<bool> {
    let sql = match db.dialect() {
        Dialect::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
        Dialect::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        }
    };
    Ok(db.query(sql, &[])?[0].int(0) > 0)
}
