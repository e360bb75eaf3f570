//! The shared suite on a real PostgreSQL server. Set ORBAT_TEST_POSTGRES_URL
//! (scripts/ci-postgres.sh prints it); without it every case is skipped.
mod suite;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;
use suite::TestDb;

/// Drops the test's schema when the test ends.
struct Schema {
    base: String,
    name: String,
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut c) = orbat_store::connect(&self.base) {
            let _ = c.exec_batch(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// Each test gets its own schema in the test database, selected through the
/// connection's search_path, so tests run in parallel without seeing each other.
fn fresh() -> Option<TestDb> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    static SKIP: Once = Once::new();
    let Ok(base) = std::env::var("ORBAT_TEST_POSTGRES_URL") else {
        SKIP.call_once(|| {
            // Straight to stderr, past the test harness's capture, so CI logs show it.
            let _ = writeln!(std::io::stderr(), "skipped: set ORBAT_TEST_POSTGRES_URL to run the PostgreSQL store tests (scripts/ci-postgres.sh prints it)");
        });
        return None;
    };
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!("orbat_t{}_{}_{}", std::process::id(), n, nanos);
    let mut c = orbat_store::connect(&base).expect("connect to ORBAT_TEST_POSTGRES_URL");
    c.exec_batch(&format!("CREATE SCHEMA {name}")).unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-csearch_path%3D{name}");
    Some(TestDb {
        url,
        guard: Box::new(Schema { base, name }),
    })
}

suite_tests!(fresh);

#[test]
fn schema_isolation_works() {
    let Some(a) = fresh() else { return };
    let Some(b) = fresh() else { return };
    a.open()
        .store_report(&suite::fixtures::doc_a(), "x")
        .unwrap();
    assert_eq!(b.open().counts().unwrap().documents, 0);
}

#[test]
fn two_writers_at_once_make_no_duplicates() {
    let Some(db) = fresh() else { return };
    drop(db.open());
    let reports = suite::fixtures::all();
    let url = db.url.clone();
    let writers: Vec<_> = (0..2)
        .map(|_| {
            let (url, reports) = (url.clone(), reports.clone());
            std::thread::spawn(move || {
                let mut s = orbat_store::open(&url).unwrap();
                for _ in 0..3 {
                    for (i, r) in reports.iter().enumerate() {
                        s.store_report(r, &format!("fixture-{i}")).unwrap();
                    }
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let mut s = db.open();
    let c = s.counts().unwrap();
    assert_eq!(c.documents, 4);
    let single = fresh().unwrap();
    let mut one = single.open();
    for (i, r) in reports.iter().enumerate() {
        one.store_report(r, &format!("fixture-{i}")).unwrap();
    }
    assert_eq!(
        one.counts().unwrap(),
        c,
        "concurrent writers store exactly what one writer does"
    );
}
