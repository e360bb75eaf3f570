//! The `orbat` binary: clap commands that wire the crates together.
mod extract_command;
mod store_commands;

use clap::{Parser, Subcommand};

// Extraction allocates many small strings and vectors per sentence; mimalloc serves
// them in about a third of the instructions glibc's malloc takes (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "orbat",
    version,
    about = "Sourced, geolocated order of battle from conflict reporting",
    long_about = "orbat reads conflict reports (text, Markdown, HTML) and finds the armed actors, \
who commands whom, where they are, their strength and funding, and what happened where and when: \
every fact traced to its sentence, its source and how certain the writer was. Offline: no network."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse one document and print its orbat.report/1 (JSON) or a readable summary.
    Extract(extract_command::ExtractArgs),
    #[command(flatten)]
    Store(store_commands::StoreCommand),
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Extract(args) => extract_command::run(args),
        Command::Store(c) => store_commands::run(c),
    };
    std::process::exit(code);
}
