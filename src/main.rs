//! The `congbo` command: parses the arguments and runs the command asked for (one
//! file each under cmd/).

#[macro_use]
extern crate rust_i18n;

// The same message catalogue as the library's, for what the commands print.
i18n!("locales", fallback = "vi");

mod cmd;

// Rendering allocates and frees small strings by the million, from every core at once:
// glibc malloc took a third of a build's CPU; mimalloc's per-thread heaps do it faster
// (bench/run.py, paired runs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use congbo::config::Overrides;
use congbo::lang::{self, Lang};

#[derive(Parser)]
#[command(
    name = "congbo",
    version,
    about = "Publish Vietnamese plans, the directives they implement and their targets as a static website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of messages: vi (the default) or en
    #[arg(long, global = true, value_name = "vi|en")]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced as a whole, only when the build succeeds)
    Build {
        /// The site's folder, holding congbo.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site, relative to the current folder (default: output/ in the site's folder)
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site is published at, e.g. https://portal.example.vn/ke-hoach/
        #[arg(long)]
        base_url: Option<String>,
        /// The day progress is assessed on, YYYY-MM-DD (default: as_of in congbo.toml, else today)
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Start a new site: congbo.toml with every key explained, the content folders, an example document
    Init {
        /// The folder to create the site in
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Check every document and template and print every problem, without writing anything
    Check {
        /// The site's folder, holding congbo.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also fetch every document's source: address (needs network; 10 s each)
        #[arg(long)]
        links: bool,
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
        /// A .txt, .docx or .pdf file, or a folder of them
        input: PathBuf,
        /// The folder to write the Markdown files in (default: content/plans in the site's folder)
        #[arg(long)]
        out: Option<PathBuf>,
        /// The site's folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Complete a document the site already has (same number and year) instead of only showing what would change
        #[arg(long)]
        merge: bool,
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

/// The language asked for on the command line (`--lang en`, `--lang=en`), read before
/// the arguments are parsed so that the help itself is in that language.
fn lang_argument() -> Option<Lang> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--lang") {
        Some("") => args.get(i + 1).and_then(|v| Lang::parse(v)),
        Some(v) => v.strip_prefix('=').and_then(Lang::parse),
        None => None,
    })
}

/// The command line's help in the language in use: each text from the catalogue.
fn localized(cmd: clap::Command) -> clap::Command {
    let template = format!("{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}", t!("cli.usage"));
    let texts = |cmd: clap::Command, key: &str| -> clap::Command {
        let mut cmd = cmd
            .about(t!(key).into_owned())
            .help_template(&template)
            .subcommand_help_heading(t!("cli.commands").into_owned())
            .next_help_heading(t!("cli.options").into_owned());
        let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
        for id in ids {
            let help: String = match id.as_str() {
                "root" => t!("cli.root").into(),
                "lang" => t!("cli.lang").into(),
                "help" => t!("cli.help").into(),
                "version" => t!("cli.version").into(),
                other => {
                    let key = format!("{key}.{other}");
                    t!(&key).into()
                }
            };
            cmd = cmd.mut_arg(id, |a| {
                let a = a.help(help);
                let heading = if a.is_positional() { t!("cli.arguments") } else { t!("cli.options") };
                a.help_heading(heading.into_owned())
            });
        }
        cmd
    };
    // Built first, so that the help and version flags clap adds are there to be described.
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut cmd = texts(cmd, "cli.about");
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        cmd = cmd.mut_subcommand(name.clone(), |c| texts(c, &format!("cli.{name}")));
    }
    cmd
}

fn main() -> ExitCode {
    // No transparent huge pages: mimalloc asks for them, and a 2 MB page partly used is
    // 2 MB resident. The same CPU, a lower peak (10,000 plans, 3 pairs: 444-461 MB ->
    // 417-433 MB); where the kernel forbids the call, nothing changes.
    // SAFETY: sets a flag of this process's memory map, for the pages it touches from now.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    lang::set(lang_argument().unwrap_or_else(Lang::from_env));
    let matches = localized(Cli::command()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let outcome = match cli.command {
        Command::Build { root, output, base_url, as_of } => {
            cmd::build::run(&root, Overrides { output_dir: output, base_url, as_of, preview: false })
        }
        Command::Check { root, links } => cmd::check::run(&root, links),
        Command::Init { dir } => cmd::init::run(&dir),
        Command::New { kind, path, title, root } => cmd::new::run(kind, path.as_deref(), &title, &root),
        Command::Schema => cmd::schema::run(),
        Command::Import { input, out, root, merge } => cmd::import::run(&input, out.as_deref(), &root, merge),
        Command::Serve { root, port, interface } => cmd::serve::run(&root, &interface, port),
    };
    outcome.err().unwrap_or(ExitCode::SUCCESS)
}
