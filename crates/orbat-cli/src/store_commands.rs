//! Store commands: ingest, demo, queries. Stub: being written.
use clap::Subcommand;

/// Commands over the knowledge graph store.
#[derive(Subcommand)]
pub enum StoreCommand {
    /// Ingest reports into the store.
    Ingest,
}

/// Runs a store command; returns the exit code.
pub fn run(_c: StoreCommand) -> i32 {
    0
}
