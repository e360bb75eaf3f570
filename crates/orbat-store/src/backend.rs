//! The seam between the store's logic and a database: a connection that runs
//! parameterised SQL. SQLite and PostgreSQL each implement [`Connection`];
//! ingest, resolution and queries are written once on top of it, which is why
//! both backends behave the same and pass the same test suite.
use crate::error::Result;

/// A value bound to or read from SQL. Only the types the schema uses.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// INTEGER / BIGINT.
    Int(i64),
    /// REAL / DOUBLE PRECISION.
    Real(f64),
    /// TEXT.
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(v as i64)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map(Into::into).unwrap_or(Value::Null)
    }
}

/// Builds a parameter slice: `params![a, b]`.
#[macro_export]
macro_rules! params {
    ($($v:expr),* $(,)?) => { &[$($crate::backend::Value::from($v)),*][..] };
}

/// One result row.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// Integer column (NULL reads as 0).
    pub fn int(&self, i: usize) -> i64 {
        self.opt_int(i).unwrap_or(0)
    }
    /// Nullable integer column.
    pub fn opt_int(&self, i: usize) -> Option<i64> {
        match self.0.get(i) {
            Some(Value::Int(v)) => Some(*v),
            Some(Value::Real(v)) => Some(*v as i64),
            Some(Value::Text(s)) => s.parse().ok(),
            _ => None,
        }
    }
    /// Nullable real column.
    pub fn opt_real(&self, i: usize) -> Option<f64> {
        match self.0.get(i) {
            Some(Value::Real(v)) => Some(*v),
            Some(Value::Int(v)) => Some(*v as f64),
            _ => None,
        }
    }
    /// Text column (NULL reads as empty).
    pub fn text(&self, i: usize) -> String {
        self.opt_text(i).unwrap_or_default()
    }
    /// Nullable text column.
    pub fn opt_text(&self, i: usize) -> Option<String> {
        match self.0.get(i) {
            Some(Value::Text(s)) => Some(s.clone()),
            Some(Value::Int(v)) => Some(v.to_string()),
            Some(Value::Real(v)) => Some(v.to_string()),
            _ => None,
        }
    }
}

/// Which SQL dialect a connection speaks; SQL text is written for PostgreSQL
/// (`$1` placeholders) and rewritten for SQLite by the SQLite backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// A database connection the store logic runs on.
pub trait Connection: Send {
    /// Runs a statement; returns the rows affected.
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs one statement once for each row of parameters, `values` holding
    /// the rows one after another, `width` values each; returns the rows
    /// affected. A document's facts are stored this way, so a backend can
    /// prepare the statement once for all of them. On an error the rows
    /// written before it may stay: the caller rolls back the transaction.
    fn exec_rows(&mut self, sql: &str, width: usize, values: &[Value]) -> Result<u64> {
        let mut affected = 0;
        for row in values.chunks(width.max(1)) {
            affected += self.exec(sql, row)?;
        }
        Ok(affected)
    }
    /// Runs an INSERT into a table keyed by an integer `id` and returns the
    /// id of the row it added.
    fn insert_returning_id(&mut self, sql: &str, params: &[Value]) -> Result<i64> {
        let rows = self.query(&format!("{sql} RETURNING id"), params)?;
        Ok(rows.first().map_or(0, |r| r.int(0)))
    }
    /// Runs several `;`-separated statements without parameters (migrations).
    fn exec_batch(&mut self, sql: &str) -> Result<()>;
    /// Runs a query; returns all rows.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Starts a write transaction that excludes every other writer
    /// (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN + a transaction advisory lock),
    /// so concurrent ingests serialise instead of racing on resolution.
    fn begin_write(&mut self) -> Result<()>;
    /// Commits the open transaction.
    fn commit(&mut self) -> Result<()>;
    /// Rolls the open transaction back (errors ignored: it is already failing).
    fn rollback(&mut self);
    /// The dialect, for the few statements that differ.
    fn dialect(&self) -> Dialect;
    /// Whether another connection may have committed changes since the last
    /// call (true on the first). Called inside a write transaction, it tells
    /// whether what this connection remembers of the data still holds.
    fn changed_by_others(&mut self) -> Result<bool>;
}

/// Runs a query expected to return at most one row.
pub fn query_opt(db: &mut dyn Connection, sql: &str, params: &[Value]) -> Result<Option<Row>> {
    Ok(db.query(sql, params)?.into_iter().next())
}
