//! The `congbo` command: parses arguments and runs the library's pipeline.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use congbo::config::{self, Config, Overrides};
use congbo::diagnostic::Diagnostics;
use congbo::spinner::Spinner;
use congbo::{Stage, output, serve};

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

fn print(diags: &Diagnostics) {
    for d in diags.iter() {
        eprintln!("{d}\n");
    }
}

fn load_config(root: &PathBuf, overrides: &Overrides) -> Result<Config, ExitCode> {
    config::load(root, overrides).map_err(|diags| {
        print(&diags);
        ExitCode::from(1)
    })
}

/// Runs the pipeline, printing diagnostics with paths relative to the site root; on a
/// terminal, a spinner names the stage of a build that takes over a second.
fn generate(config: &Config, spinner: &Spinner) -> Result<congbo::Generated, ExitCode> {
    let result = congbo::generate_with(config, &|stage| spinner.stage(stage));
    spinner.suspend(|| match result {
        Ok(g) => {
            print(&g.warnings.clone().relative_to(&config.root));
            Ok(g)
        }
        Err(diags) => {
            let diags = diags.relative_to(&config.root);
            print(&diags);
            eprintln!("congbo: {}; nothing was written", diags.summary());
            Err(ExitCode::from(1))
        }
    })
}

fn build(root: &PathBuf, overrides: Overrides) -> Result<(), ExitCode> {
    let started = Instant::now();
    let config = load_config(root, &overrides)?;
    let mut spinner = Spinner::start();
    let generated = generate(&config, &spinner)?;
    let (documents, warnings) = (generated.documents, generated.warnings);
    let written =
        output::write_with(&config, generated.files, &|done, total| spinner.count(Stage::Writing, done, total));
    spinner.finish();
    let report = written.map_err(|diags| {
        print(&diags);
        eprintln!("congbo: the previous site in {} was left as it was", config.output_dir.display());
        ExitCode::from(1)
    })?;
    eprintln!(
        "congbo: built {} documents, {} files ({} changed, {:.1} MB) in {:.2} s into {}; {}",
        documents,
        report.files,
        report.changed,
        report.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        config.output_dir.display(),
        warnings.summary()
    );
    Ok(())
}

fn check(root: &PathBuf) -> Result<(), ExitCode> {
    let config = load_config(root, &Overrides::default())?;
    let mut spinner = Spinner::start();
    let generated = generate(&config, &spinner);
    spinner.finish();
    let generated = generated?;
    eprintln!("congbo: {} documents checked; {}", generated.documents, generated.warnings.summary());
    Ok(())
}

/// Serves the site, rebuilding it on every change (see the serve module).
fn serve(root: &PathBuf, interface: &str, port: u16) -> Result<(), ExitCode> {
    serve::run(root, interface, port).map_err(|e| {
        eprintln!("congbo: {e}");
        ExitCode::from(1)
    })
}

fn new(kind: congbo::scaffold::NewKind, path: Option<&PathBuf>, title: &str, root: &PathBuf) -> Result<(), ExitCode> {
    let target = congbo::scaffold::target_path(root, kind, path.map(PathBuf::as_path), title);
    if target.exists() {
        eprintln!("congbo: {} already exists; nothing was written (choose another name or --title)", target.display());
        return Err(ExitCode::from(1));
    }
    let fail = |e: std::io::Error| {
        eprintln!("congbo: cannot write {}: {e}", target.display());
        ExitCode::from(1)
    };
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    // create_new: never overwrite, even if the file appeared meanwhile.
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&target).map_err(fail)?;
    file.write_all(congbo::scaffold::template(kind, title).as_bytes()).map_err(fail)?;
    eprintln!("congbo: wrote {}; fill in its fields, then run congbo check", target.display());
    Ok(())
}

fn import(input: &PathBuf, out: Option<&PathBuf>, root: &PathBuf) -> Result<(), ExitCode> {
    let sources = congbo::import::sources(input).map_err(|e| {
        eprintln!("congbo: {e}");
        ExitCode::from(1)
    })?;
    if sources.is_empty() {
        eprintln!("congbo: no .txt or .docx files in {}", input.display());
        return Err(ExitCode::from(1));
    }
    let out_dir = out.cloned().unwrap_or_else(|| root.join("content").join("plans"));
    // A bar on a terminal only: indicatif draws nothing when stderr is a pipe or a file.
    let bar = indicatif::ProgressBar::new(sources.len() as u64);
    if sources.len() > 1 {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").expect("static template is valid"),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let outcomes = congbo::import::import_all(&sources, &out_dir, &|p| {
        bar.set_message(p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        bar.inc(1);
    });
    bar.finish_and_clear();
    // Into a site: say which imported numbers it already has.
    let known = config::load(root, &Overrides::default())
        .map(|c| congbo::import::already_on_site(&outcomes, &congbo::content::load(&c).0))
        .unwrap_or_default();
    let mut failed = 0;
    for o in &outcomes {
        match &o.result {
            Ok((target, doc)) => {
                let (found, check) = congbo::import::summary(doc);
                eprintln!("{} → {}", o.source.display(), target.display());
                eprintln!("  found: {}", found.join("; "));
                let dup = known.iter().filter(|(t, _)| t == target).map(|(_, m)| m);
                for c in check.iter().chain(&o.to_fix).chain(dup) {
                    eprintln!("  check: {c}");
                }
            }
            Err(e) => {
                failed += 1;
                // A folder imported twice fails on every file: a few lines say why.
                if failed <= 20 {
                    eprintln!("{}: error: {e}", o.source.display());
                }
            }
        }
    }
    if failed > 20 {
        eprintln!("congbo: … and {} more files not imported", failed - 20);
    }
    if failed == outcomes.len() {
        eprintln!("congbo: nothing was imported");
    } else {
        eprintln!(
            "congbo: imported {} of {} files into {}; lines marked ⚠ in each file say what to check, then run congbo check",
            outcomes.len() - failed,
            outcomes.len(),
            out_dir.display()
        );
    }
    if failed > 0 { Err(ExitCode::from(1)) } else { Ok(()) }
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Build { root, output, base_url, as_of } => {
            build(&root, Overrides { output_dir: output, base_url, as_of })
        }
        Command::Check { root } => check(&root),
        Command::New { kind, path, title, root } => new(kind, path.as_ref(), &title, &root),
        Command::Schema => {
            println!("{}", congbo::content::schema::document_schema());
            Ok(())
        }
        Command::Import { input, out, root } => import(&input, out.as_ref(), &root),
        Command::Serve { root, port, interface } => serve(&root, &interface, port),
    };
    result.err().unwrap_or(ExitCode::SUCCESS)
}
