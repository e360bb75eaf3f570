//! The shared suite on SQLite, plus what only a file database can show.
mod suite;

use suite::TestDb;

fn fresh() -> Option<TestDb> {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("orbat.db").display().to_string();
    Some(TestDb {
        url,
        guard: Box::new(dir),
    })
}

suite_tests!(fresh);

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let junk = b"This is not a database, it is somebody's notes.\n".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    match orbat_store::open(path.to_str().unwrap()) {
        Err(orbat_store::StoreError::Corrupt(m)) => assert!(m.contains("not a database"), "{m}"),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("must refuse"),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        junk,
        "the file must not change"
    );
}

#[test]
fn a_foreign_sqlite_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let c = rusqlite_free_create(&path);
    drop(c);
    match orbat_store::open(path.to_str().unwrap()) {
        Err(orbat_store::StoreError::Corrupt(m)) => {
            assert!(m.contains("not an orbat database"), "{m}")
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("must refuse"),
    }
}

/// Makes a SQLite file with someone else's table, through the store's own raw connection.
fn rusqlite_free_create(path: &std::path::Path) -> Box<dyn orbat_store::backend::Connection> {
    let mut c = orbat_store::connect(path.to_str().unwrap()).unwrap();
    c.exec_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        .unwrap();
    c
}

#[test]
fn a_locked_database_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("orbat.db").display().to_string();
    drop(orbat_store::open(&url).unwrap());
    let mut holder = orbat_store::connect(&url).unwrap();
    holder.begin_write().unwrap();
    // A second writer waits for the busy timeout, then gets a clear error.
    let started = std::time::Instant::now();
    let mut s = orbat_store::open(&url).unwrap();
    match s.store_report(&suite::fixtures::doc_a(), "x") {
        Err(orbat_store::StoreError::Locked(m)) => assert!(m.contains("locked"), "{m}"),
        other => panic!("expected a locked error, got {other:?}"),
    }
    assert!(started.elapsed().as_secs() >= 5);
    holder.rollback();
    assert_eq!(
        s.store_report(&suite::fixtures::doc_a(), "x")
            .unwrap()
            .outcome,
        orbat_store::Outcome::New
    );
}
