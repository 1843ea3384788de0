//! `congbo import`: documents as portals publish them become Markdown files, with what
//! was found and what to check said for each.

use std::path::Path;

use congbo::import;

use super::{Outcome, failed};

/// At most this many files' errors are printed: a folder imported twice fails on every
/// file, and a few lines say why.
const MAX_ERRORS: usize = 20;

pub fn run(input: &Path, out: Option<&Path>, root: &Path, merge: bool) -> Outcome {
    let sources = import::sources(input).map_err(|e| {
        eprintln!("{}", t!("cmd.error", error = e));
        failed()
    })?;
    if sources.is_empty() {
        eprintln!("{}", t!("cmd.import.no_files", path = input.display()));
        return Err(failed());
    }
    // Without --out the files go into the site's content/plans: there must be a site.
    if out.is_none() && !root.join(congbo::config::CONFIG_FILE).is_file() {
        eprintln!("{}", t!("cmd.error", error = congbo::scaffold::NewError::NotASite(root.to_path_buf())));
        return Err(failed());
    }
    let out_dir = out.map(Path::to_path_buf).unwrap_or_else(|| root.join("content").join("plans"));
    // A bar on a terminal only: indicatif draws nothing when stderr is a pipe or a file.
    let bar = indicatif::ProgressBar::new(sources.len() as u64);
    if sources.len() > 1 {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").expect("static template is valid"),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    // Into a site: its documents, to complete one the site has instead of adding a twin.
    let on_site = import::OnSite::load(root);
    let outcomes = import::import_all(&sources, &out_dir, &on_site, merge, &|p| {
        bar.set_message(p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        bar.inc(1);
    });
    bar.finish_and_clear();
    let mut failures = 0;
    let mut incomplete = 0;
    // Documents the site had whose changes were only shown.
    let mut offered = 0;
    for o in &outcomes {
        match &o.result {
            Ok((target, _)) if o.onto.is_some() => {
                let onto = o.onto.as_ref().expect("matched");
                let m = &onto.merge;
                let mut fills: Vec<String> = m.filled.clone();
                if m.body {
                    fills.push(t!("cmd.import.merge_body").into_owned());
                }
                eprintln!("{} → {}", o.source.display(), target.display());
                let key = match (onto.written, m.changes()) {
                    (true, _) => "cmd.import.merged",
                    (false, true) => "cmd.import.would_merge",
                    (false, false) => "cmd.import.nothing_to_merge",
                };
                eprintln!(
                    "{}",
                    t!(
                        key,
                        number = onto.number,
                        path = onto.path,
                        filled = fills.join(", "),
                        kept = m.kept.join(", ")
                    )
                );
                if !onto.written && m.changes() {
                    offered += 1;
                }
            }
            Ok((target, doc)) => {
                let (found, check) = import::summary(doc);
                eprintln!("{} → {}", o.source.display(), target.display());
                if let Some(note) = &o.note {
                    eprintln!("{}", t!("cmd.import.note", note = note));
                }
                eprintln!("{}", t!("cmd.import.found", list = found.join("; ")));
                for c in check.iter().chain(&o.to_fix) {
                    eprintln!("{}", t!("cmd.import.check", item = c));
                }
                // Text the importer could not place: kept in the file, but the import
                // of this file is not complete until the editor has placed it.
                for l in &o.lost {
                    eprintln!(
                        "{}",
                        t!(
                            "cmd.import.lost",
                            file = o.source.display(),
                            line = l.line,
                            text = l.text,
                            target = target.display()
                        )
                    );
                }
                if !o.lost.is_empty() {
                    incomplete += 1;
                }
            }
            Err(e) => {
                failures += 1;
                if failures <= MAX_ERRORS {
                    eprintln!("{}", t!("cmd.import.file_error", file = o.source.display(), error = e));
                }
            }
        }
    }
    if failures > MAX_ERRORS {
        eprintln!("{}", t!("cmd.import.more_errors", count = failures - MAX_ERRORS));
    }
    if offered > 0 {
        eprintln!("{}", t!("cmd.import.merge_hint", count = offered));
    }
    if failures == outcomes.len() {
        eprintln!("{}", t!("cmd.import.nothing"));
    } else {
        eprintln!(
            "{}",
            t!(
                "cmd.import.done",
                imported = outcomes.len() - failures,
                total = outcomes.len(),
                path = out_dir.display()
            )
        );
    }
    if failures > 0 || incomplete > 0 { Err(failed()) } else { Ok(()) }
}
