//! The embedded backend: one SQLite file in WAL mode.
use crate::backend::{Connection, Dialect, Row, Value};
use crate::error::{Result, StoreError};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{ErrorCode, OpenFlags};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// A SQLite connection.
pub struct SqliteConn {
    conn: rusqlite::Connection,
    /// `PRAGMA data_version` when last asked: it changes when another connection commits.
    data_version: Option<i64>,
    /// The statement being run, with SQLite placeholders.
    sql: String,
    /// [`Connection::exec_rows`]' statements: single-row SQL -> the SQLite
    /// SQL inserting 2^i rows at once, at index i.
    multi_row: HashMap<String, Vec<Option<String>>>,
}

impl SqliteConn {
    /// Opens (creating if absent) the database at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = rusqlite::Connection::open_with_flags(path, flags)
            .map_err(|e| map_err(e, &format!("cannot open {}", path.display())))?;
        // Wait a while for another writer rather than failing at once; past
        // that, say clearly that the database is locked.
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| map_err(e, "busy_timeout"))?;
        // WAL: readers never block the writer. synchronous=NORMAL: a committed
        // transaction survives a killed process (the WAL is written at commit);
        // only an OS crash or power loss may drop the last commits.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| map_err(e, &format!("cannot read {}", path.display())))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(StoreError::Db(format!(
                "could not switch {} to WAL (mode {mode})",
                path.display()
            )));
        }
        // Reads through a memory map (no copy per page) and a 64 MiB page cache:
        // queries over a large store touch many pages.
        // wal_autocheckpoint: copy the WAL into the database every 40 MB rather
        // than 4 MB, so an index page rewritten by many commits is copied once.
        // temp_store = MEMORY: a multi-row INSERT inside a transaction keeps a
        // statement journal (the original of every page it touches, so that it
        // can be undone alone); on disk that was ~200 writes to /var/tmp per report.
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;
             PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536;
             PRAGMA wal_autocheckpoint = 10000; PRAGMA temp_store = MEMORY;",
        )
        .map_err(|e| map_err(e, "pragmas"))?;
        // Room for every statement the store runs, so none is prepared twice.
        conn.set_prepared_statement_cache_capacity(256);
        Ok(SqliteConn {
            conn,
            data_version: None,
            sql: String::new(),
            multi_row: HashMap::new(),
        })
    }
}

/// SQL is written with PostgreSQL's `$1` placeholders; SQLite's `?1` means
/// the same. Written into `out`, a buffer reused for every statement.
fn rewrite_into(sql: &str, out: &mut String) {
    out.clear();
    let mut from = 0;
    // '$' is ASCII, so each match is a char boundary; find() skips ahead fast.
    while let Some(at) = sql[from..].find('$').map(|i| from + i) {
        out.push_str(&sql[from..at]);
        let numbered = sql.as_bytes().get(at + 1).is_some_and(u8::is_ascii_digit);
        out.push(if numbered { '?' } else { '$' });
        from = at + 1;
    }
    out.push_str(&sql[from..]);
}

/// The most rows [`Connection::exec_rows`] puts in one INSERT.
const MAX_ROWS_PER_INSERT: usize = 32;

/// `INSERT OR FAIL` for `INSERT`: on a constraint error SQLite then keeps the
/// rows the statement wrote before it instead of undoing them, so it needs no
/// statement journal (a copy of every page the statement touches; 20% of the
/// writer's instructions). Safe because every error of a write rolls the whole
/// transaction back (`write::in_transaction`).
fn without_statement_journal(sql: &str) -> String {
    match sql.strip_prefix("INSERT INTO ") {
        Some(rest) => format!("INSERT OR FAIL INTO {rest}"),
        None => sql.to_string(),
    }
}

/// `INSERT ... VALUES (row) tail` with its row repeated `rows` times, the
/// placeholders of the n-th copy numbered on from the one before.
fn multi_row_sql(sql: &str, width: usize, rows: usize) -> String {
    let Some(values_at) = sql.find("VALUES") else {
        return sql.to_string();
    };
    let open = values_at + sql[values_at..].find('(').unwrap_or(0);
    let close = open + sql[open..].find(')').unwrap_or(0);
    if rows <= 1 || close <= open {
        return sql.to_string();
    }
    let template = &sql[open..=close];
    let mut out = String::with_capacity(sql.len() + rows * template.len());
    out.push_str(&sql[..open]);
    for copy in 0..rows {
        if copy > 0 {
            out.push_str(", ");
        }
        let mut rest = template;
        while let Some(dollar) = rest.find('$') {
            out.push_str(&rest[..=dollar]);
            let digits = rest[dollar + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            let number: usize = rest[dollar + 1..dollar + 1 + digits].parse().unwrap_or(0);
            out.push_str(&(number + copy * width).to_string());
            rest = &rest[dollar + 1 + digits..];
        }
        out.push_str(rest);
    }
    out.push_str(&sql[close + 1..]);
    out
}

#[cfg(test)]
fn rewrite(sql: &str) -> String {
    let mut out = String::new();
    rewrite_into(sql, &mut out);
    out
}

fn map_err(e: rusqlite::Error, context: &str) -> StoreError {
    if let rusqlite::Error::SqliteFailure(ref f, _) = e {
        match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                return StoreError::Locked(format!(
                    "{context}: {e} (another orbat may be writing; retry when it is done)"
                ))
            }
            ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => {
                return StoreError::Corrupt(format!("{context}: {e}"))
            }
            _ => {}
        }
    }
    StoreError::Db(format!("{context}: {e}"))
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Real(v) => ToSqlOutput::Borrowed(ValueRef::Real(*v)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

fn read_value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            Value::Text(String::from_utf8_lossy(t).into_owned())
        }
    }
}

impl Connection for SqliteConn {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        rewrite_into(sql, &mut self.sql);
        let mut stmt = self
            .conn
            .prepare_cached(&self.sql)
            .map_err(|e| map_err(e, sql))?;
        let n = stmt
            .execute(rusqlite::params_from_iter(params.iter()))
            .map_err(|e| map_err(e, sql))?;
        Ok(n as u64)
    }

    fn exec_rows(&mut self, sql: &str, width: usize, values: &[Value]) -> Result<u64> {
        let width = width.max(1);
        let mut rows = values.len() / width;
        let mut affected = 0;
        let mut at = 0;
        // Looked up once per call; the key is copied only the first time.
        if !self.multi_row.contains_key(sql) {
            self.multi_row.insert(sql.to_string(), Vec::new());
        }
        let by_size = self
            .multi_row
            .get_mut(sql)
            .expect("inserted above when missing");
        // Rows go in groups of a power of two, each group one statement: a
        // statement run costs as much as several rows, and a few group sizes
        // keep the prepared statements few.
        while rows > 0 {
            let group = (rows.min(MAX_ROWS_PER_INSERT) + 1).next_power_of_two() / 2;
            let group = group.max(1);
            let slot = group.trailing_zeros() as usize;
            if by_size.len() <= slot {
                by_size.resize(slot + 1, None);
            }
            let group_sql = by_size[slot].get_or_insert_with(|| {
                let mut rewritten = String::new();
                rewrite_into(
                    &without_statement_journal(&multi_row_sql(sql, width, group)),
                    &mut rewritten,
                );
                rewritten
            });
            let mut stmt = self
                .conn
                .prepare_cached(group_sql)
                .map_err(|e| map_err(e, sql))?;
            let end = at + group * width;
            affected += stmt
                .execute(rusqlite::params_from_iter(values[at..end].iter()))
                .map_err(|e| map_err(e, sql))?;
            at = end;
            rows -= group;
        }
        Ok(affected as u64)
    }

    fn insert_returning_id(&mut self, sql: &str, params: &[Value]) -> Result<i64> {
        // The id is the rowid; RETURNING would collect it in a temporary table.
        self.exec(sql, params)?;
        Ok(self.conn.last_insert_rowid())
    }

    fn exec_batch(&mut self, sql: &str) -> Result<()> {
        self.conn
            .execute_batch(sql)
            .map_err(|e| map_err(e, "migration"))
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        rewrite_into(sql, &mut self.sql);
        let mut stmt = self
            .conn
            .prepare_cached(&self.sql)
            .map_err(|e| map_err(e, sql))?;
        let width = stmt.column_count();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params.iter()))
            .map_err(|e| map_err(e, sql))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(|e| map_err(e, sql))? {
            let mut row = Vec::with_capacity(width);
            for i in 0..width {
                row.push(read_value(r.get_ref(i).map_err(|e| map_err(e, sql))?));
            }
            out.push(Row(row));
        }
        Ok(out)
    }

    fn begin_write(&mut self) -> Result<()> {
        // IMMEDIATE takes the write lock now, so two writers never both read
        // "not stored yet" and then collide.
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| map_err(e, "begin"))
    }

    fn commit(&mut self) -> Result<()> {
        self.conn
            .execute_batch("COMMIT")
            .map_err(|e| map_err(e, "commit"))
    }

    fn rollback(&mut self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }

    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn changed_by_others(&mut self) -> Result<bool> {
        let now: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| map_err(e, "data_version"))?;
        Ok(self.data_version.replace(now) != Some(now))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_are_repeated_with_their_placeholders_numbered_on() {
        assert_eq!(
            super::multi_row_sql(
                "INSERT INTO t (a, b, c) VALUES ($1, $2, $2) ON CONFLICT DO NOTHING",
                2,
                3
            ),
            "INSERT INTO t (a, b, c) VALUES ($1, $2, $2), ($3, $4, $4), ($5, $6, $6) ON CONFLICT DO NOTHING"
        );
    }

    #[test]
    fn fact_inserts_keep_no_statement_journal() {
        assert_eq!(
            super::without_statement_journal("INSERT INTO t (a) VALUES ($1), ($2)"),
            "INSERT OR FAIL INTO t (a) VALUES ($1), ($2)"
        );
        assert_eq!(
            super::without_statement_journal("UPDATE t SET a = 1"),
            "UPDATE t SET a = 1"
        );
    }

    #[test]
    fn placeholders_are_rewritten() {
        assert_eq!(
            super::rewrite("a = $1 AND b = $12 AND c = '$' AND d = 'é$3'"),
            "a = ?1 AND b = ?12 AND c = '$' AND d = 'é?3'"
        );
    }
}
