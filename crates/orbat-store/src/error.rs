//! The store's errors. Each says what is wrong in words an analyst can act on.
use thiserror::Error;

/// Everything that can go wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// Another process holds the database.
    #[error("database is locked by another process: {0}")]
    Locked(String),
    /// The file is not a database, or is damaged.
    #[error("database is corrupt or not an orbat database: {0}")]
    Corrupt(String),
    /// The database was written by a newer orbat; refusing to touch it.
    #[error("database schema version {found} is newer than this orbat understands (up to {known}); upgrade orbat")]
    NewerSchema {
        /// Version in the database.
        found: i64,
        /// Newest version this build knows.
        known: i64,
    },
    /// Nothing matched a name or id.
    #[error("not found: {0}")]
    NotFound(String),
    /// The request makes no sense (e.g. merging different types).
    #[error("{0}")]
    Invalid(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Db(String),
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
