//! The shared backend: a PostgreSQL server, several ingest processes at once.
use crate::backend::{Connection, Dialect, Row, Value};
use crate::error::{Result, StoreError};
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};
use std::collections::HashMap;

/// Every writer takes this transaction-scoped advisory lock, so document
/// transactions (and migrations) from different processes run one at a time:
/// resolution reads then writes, and must not interleave. Readers never take it.
const WRITE_LOCK_KEY: i64 = 0x6f72_6261_7400; // "orbat"

/// A PostgreSQL connection with a prepared-statement cache.
pub struct PgConn {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl PgConn {
    /// Connects to `url` (`postgres://user:pass@host:port/db`).
    pub fn open(url: &str) -> Result<Self> {
        let client = Client::connect(url, NoTls).map_err(|e| {
            StoreError::Db(format!(
                "cannot connect to PostgreSQL at {}: {e}",
                redact(url)
            ))
        })?;
        Ok(PgConn {
            client,
            statements: HashMap::new(),
        })
    }

    fn prepare(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.prepare(sql).map_err(|e| map_err(e, sql))?;
        self.statements.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }
}

/// The URL without its password, for error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

fn map_err(e: postgres::Error, context: &str) -> StoreError {
    use postgres::error::SqlState;
    match e.code() {
        Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE => {
            StoreError::Locked(format!("{context}: {e}"))
        }
        Some(c) if *c == SqlState::DATA_CORRUPTED || *c == SqlState::INDEX_CORRUPTED => {
            StoreError::Corrupt(format!("{context}: {e}"))
        }
        _ => {
            let detail = e
                .as_db_error()
                .map(|d| d.message().to_string())
                .unwrap_or_else(|| e.to_string());
            StoreError::Db(format!(
                "{detail} (in: {})",
                context.split_whitespace().collect::<Vec<_>>().join(" ")
            ))
        }
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT2 => (*v as i16).to_sql(ty, out),
                Type::INT4 => (*v as i32).to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Real(v) => match *ty {
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn read_row(r: &postgres::Row) -> Row {
    let mut row = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let v = match *col.type_() {
            Type::INT8 => r.get::<_, Option<i64>>(i).map(Value::Int),
            Type::INT4 => r.get::<_, Option<i32>>(i).map(|v| Value::Int(v.into())),
            Type::INT2 => r.get::<_, Option<i16>>(i).map(|v| Value::Int(v.into())),
            Type::BOOL => r.get::<_, Option<bool>>(i).map(|v| Value::Int(v.into())),
            Type::FLOAT8 => r.get::<_, Option<f64>>(i).map(Value::Real),
            Type::FLOAT4 => r.get::<_, Option<f32>>(i).map(|v| Value::Real(v.into())),
            _ => r
                .try_get::<_, Option<String>>(i)
                .ok()
                .flatten()
                .map(Value::Text),
        };
        row.push(v.unwrap_or(Value::Null));
    }
    Row(row)
}

fn refs(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl Connection for PgConn {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let stmt = self.prepare(sql)?;
        self.client
            .execute(&stmt, &refs(params))
            .map_err(|e| map_err(e, sql))
    }

    fn exec_batch(&mut self, sql: &str) -> Result<()> {
        self.client
            .batch_execute(sql)
            .map_err(|e| map_err(e, "migration"))
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let stmt = self.prepare(sql)?;
        let rows = self
            .client
            .query(&stmt, &refs(params))
            .map_err(|e| map_err(e, sql))?;
        Ok(rows.iter().map(read_row).collect())
    }

    fn begin_write(&mut self) -> Result<()> {
        self.client
            .batch_execute("BEGIN")
            .map_err(|e| map_err(e, "begin"))?;
        let lock = format!("SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})");
        if let Err(e) = self.client.batch_execute(&lock) {
            self.rollback();
            return Err(map_err(e, "advisory lock"));
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        self.client
            .batch_execute("COMMIT")
            .map_err(|e| map_err(e, "commit"))
    }

    fn rollback(&mut self) {
        let _ = self.client.batch_execute("ROLLBACK");
    }

    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn changed_by_others(&mut self) -> Result<bool> {
        // No cheap way to know: several writers share the server, so assume so.
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            super::redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(super::redact("postgres://h/db"), "postgres://h/db");
    }
}
