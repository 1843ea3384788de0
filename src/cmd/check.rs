//! `congbo check`: everything `build` does but writing, and every problem printed:
//! with the links of the rendered site checked, and with `--links` every document's
//! `source:` address fetched.

use std::collections::BTreeSet;
use std::path::Path;

use congbo::config::Overrides;
use congbo::diagnostic::{Diagnostic, Diagnostics, Place};
use congbo::linkcheck::{self, Answer, LinkCheck};
use congbo::spinner::Spinner;

use super::{Outcome, failed, load_config, print};

/// How long one source address may take to answer.
const FETCH_SECONDS: u32 = 10;

pub fn run(root: &Path, fetch_sources: bool) -> Outcome {
    let config = load_config(root, &Overrides::default())?;
    let mut spinner = Spinner::start();
    let sink = LinkCheck::default();
    let built = congbo::generate(&config, &sink, &spinner);
    spinner.finish();
    let built = match built {
        Ok(built) => built,
        Err(diags) => {
            let diags = diags.relative_to(&config.root);
            print(&diags);
            eprintln!("{}", t!("cmd.nothing_written", summary = diags.summary()));
            return Err(failed());
        }
    };
    let mut diags = built.warnings.clone();
    let sources = built.pages.iter().map(|(page, (file, _))| (page.clone(), file.clone())).collect();
    diags.extend(linkcheck::report(&sink.broken(&config.base_url.path), &sources));
    if fetch_sources {
        diags.extend(fetched(&built));
    }
    let diags = diags.sorted().relative_to(&config.root);
    print(&diags);
    super::print_drafts(&built, &config.root);
    eprintln!(
        "{}",
        t!("cmd.checked", documents = congbo::lang::count("cmd.documents", built.documents), summary = diags.summary())
    );
    if diags.has_errors() { Err(failed()) } else { Ok(()) }
}

/// Each `source:` address fetched once; one that does not answer, or answers an
/// error, is a warning at the document's `source:` line.
fn fetched(built: &congbo::Built) -> Diagnostics {
    let urls: BTreeSet<String> = built.pages.values().filter_map(|(_, s)| s.clone()).collect();
    eprintln!("{}", t!("linkcheck.fetching", count = urls.len(), seconds = FETCH_SECONDS));
    let answers = match linkcheck::fetch_all(&urls, FETCH_SECONDS) {
        Ok(a) => a,
        Err(why) => {
            return vec![Diagnostic::error(Place::file("--links"), why).with_help(t!("linkcheck.no_curl.help"))].into();
        }
    };
    // Nothing answered at all: the network is missing, not every page; say it once.
    let unreached: Vec<&String> =
        answers.values().filter_map(|a| if let Answer::NoAnswer(why) = a { Some(why) } else { None }).collect();
    if !answers.is_empty() && unreached.len() == answers.len() {
        let why = unreached[0].clone();
        let d = Diagnostic::warning(Place::file("--links"), t!("linkcheck.offline", count = answers.len(), why = why))
            .with_help(t!("linkcheck.offline.help"));
        return vec![d].into();
    }
    let mut diags = Diagnostics::new();
    for (file, source) in built.pages.values() {
        let Some(url) = source else { continue };
        let why = match answers.get(url) {
            Some(Answer::Status(code)) => t!("linkcheck.status", code = code),
            Some(Answer::NoAnswer(e)) => t!("linkcheck.no_answer", error = e),
            _ => continue,
        };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let line = text.lines().position(|l| l.trim_start().starts_with("source:")).map_or(0, |i| i + 1);
        diags.push(
            Diagnostic::warning(Place::at(file, line, 0), t!("linkcheck.source", url = url, why = why))
                .with_help(t!("linkcheck.source.help")),
        );
    }
    diags
}
