//! The `orbat` binary: clap commands that wire the crates together.
mod store_commands;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "orbat", version, about = "Sourced, geolocated order of battle from conflict reporting")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Store(store_commands::StoreCommand),
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Store(c) => store_commands::run(c),
    };
    std::process::exit(code);
}
