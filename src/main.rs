//! The `congbo` command: parses the arguments and runs the command asked for (one
//! file each under cmd/).

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use congbo::config::Overrides;

#[derive(Parser)]
#[command(
    name = "congbo",
    version,
    about = "Publish Vietnamese plans, the directives they implement and their targets as a static website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced as a whole, only when the build succeeds)
    Build {
        /// The site's folder, holding congbo.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: output/ in the site's folder)
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site is published at, e.g. https://portal.example.vn/ke-hoach/
        #[arg(long)]
        base_url: Option<String>,
        /// The day progress is assessed on, YYYY-MM-DD (default: as_of in congbo.toml, else today)
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Check every document and template and print every problem, without writing anything
    Check {
        /// The site's folder, holding congbo.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write a new document with its complete front matter, ready to fill in
    New {
        /// What kind of document
        #[arg(value_enum)]
        kind: congbo::scaffold::NewKind,
        /// The file (…/name.md) or folder to write it in (default: content/<kind>s/)
        path: Option<PathBuf>,
        /// The document's title (trích yếu); also names the file
        #[arg(long, default_value = "")]
        title: String,
        /// The site's folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Turn plain-text or Word (.docx) documents into Markdown with front matter, for an editor to check
    Import {
        /// A .txt or .docx file, or a folder of them
        input: PathBuf,
        /// The folder to write the Markdown files in (default: content/plans in the site's folder)
        #[arg(long)]
        out: Option<PathBuf>,
        /// The site's folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the JSON Schema of a document's front matter, for editors' tools (see the editors' guide)
    Schema,
    /// Serve the site on http://127.0.0.1:PORT/ to preview it, rebuilt and reloaded on every change
    Serve {
        /// The site's folder, holding congbo.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The interface to listen on (127.0.0.1 keeps the preview on this computer)
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
    },
}

fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Build { root, output, base_url, as_of } => {
            cmd::build::run(&root, Overrides { output_dir: output, base_url, as_of })
        }
        Command::Check { root } => cmd::check::run(&root),
        Command::New { kind, path, title, root } => cmd::new::run(kind, path.as_deref(), &title, &root),
        Command::Schema => cmd::schema::run(),
        Command::Import { input, out, root } => cmd::import::run(&input, out.as_deref(), &root),
        Command::Serve { root, port, interface } => cmd::serve::run(&root, &interface, port),
    };
    outcome.err().unwrap_or(ExitCode::SUCCESS)
}
