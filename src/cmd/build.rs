//! `congbo build`: renders the site and writes it into the output folder, which is
//! replaced as a whole only when every file was written.

use std::path::Path;
use std::time::Instant;

use congbo::config::Overrides;
use congbo::output::{BuildCache, CachedBuild, Disk, MANIFEST, check_output_dir};
use congbo::spinner::Spinner;
use congbo::{Reporter, Stage};

use super::{Outcome, failed, load_config, print};

pub fn run(root: &Path, overrides: Overrides) -> Outcome {
    let started = Instant::now();
    let config = load_config(root, &overrides)?;
    // Canonical links, the feed and the sitemap carry the full address: say so when it
    // would not lead a reader to the site (the preview's address, or none).
    let address_warning = config.base_url.unpublishable().map(|why| {
        let place = congbo::diagnostic::Place::file(config.root.join(congbo::config::CONFIG_FILE));
        congbo::diagnostic::Diagnostic::warning(place, why).with_help(t!("config.base_url.publish_help"))
    });
    // Nothing changed since the last build, and its files are as it wrote them: the
    // site is already what this build would make.
    let cache = check_output_dir(&config).ok().map(|out| (BuildCache::new(&config, &out), out));
    if let Some((cache, out)) = &cache {
        if let Some(cached) = cache.lookup(out) {
            eprint!("{}", cached.messages);
            eprintln!(
                "{}",
                t!(
                    "cmd.built_unchanged",
                    documents = cached.documents,
                    files = cached.files,
                    size = format!("{:.1}", cached.bytes as f64 / 1e6),
                    seconds = format!("{:.2}", started.elapsed().as_secs_f64()),
                    path = config.output_dir.display(),
                    summary = cached.summary,
                )
            );
            return Ok(());
        }
        cache.forget();
    }
    let disk = Disk::begin(&config, &|why| eprintln!("{why}")).map_err(|diags| {
        print(&diags);
        failed()
    })?;
    let mut spinner = Spinner::start();
    let built = congbo::generate(&config, &disk, &spinner);
    let built = match built {
        Ok(built) => built,
        Err(diags) => {
            spinner.finish();
            // Dropping the writer removes what was written of the new site.
            drop(disk);
            let diags = diags.relative_to(&config.root);
            print(&diags);
            eprintln!("{}", t!("cmd.nothing_written", summary = diags.summary()));
            return Err(failed());
        }
    };
    spinner.stage(Stage::Publishing);
    let output_dir = disk.output_dir().to_path_buf();
    let had_previous = disk.had_previous();
    let written = disk.finish();
    spinner.finish();
    let mut warnings = built.warnings.clone();
    warnings.extend(address_warning.into_iter().collect::<Vec<_>>().into());
    let report = written.map_err(|diags| {
        print(&warnings.clone().relative_to(&config.root));
        print(&diags);
        if had_previous {
            eprintln!("{}", t!("cmd.previous_kept", path = output_dir.display()));
        } else {
            eprintln!("{}", t!("cmd.nothing_published", path = output_dir.display()));
        }
        failed()
    })?;
    for w in &report.warnings {
        warnings.push(w.clone());
    }
    let warnings_shown = warnings.clone().relative_to(&config.root);
    let mut messages: String = warnings_shown.iter().map(|d| format!("{d}\n\n")).collect();
    if let Some(line) = super::drafts_line(&built, &config.root) {
        messages.push_str(&line);
        messages.push('\n');
    }
    eprint!("{messages}");
    if let Some((cache, out)) = &cache {
        // The manifest lists every file the build wrote; it is one of them.
        let written: Vec<String> = std::fs::read_to_string(out.join(MANIFEST))
            .map(|t| t.lines().map(str::to_string).chain([MANIFEST.to_string()]).collect())
            .unwrap_or_default();
        let cached = CachedBuild {
            documents: built.documents,
            files: report.files,
            bytes: report.bytes,
            summary: warnings.summary().to_string(),
            messages,
        };
        // Without a cache the next build is a whole build: nothing is lost but time.
        let _ = cache.store(out, &cached, &written);
    }
    eprintln!(
        "{}",
        t!(
            "cmd.built",
            documents = congbo::lang::count("cmd.documents", built.documents),
            files = report.files,
            changed = report.changed,
            size = format!("{:.1}", report.bytes as f64 / 1e6),
            seconds = format!("{:.2}", started.elapsed().as_secs_f64()),
            path = config.output_dir.display(),
            summary = warnings.summary()
        )
    );
    Ok(())
}
