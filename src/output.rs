//! Writing: minifies the rendered files and puts them in the output directory as a
//! whole (`serve` keeps them in memory instead, minifying with [`minify`]).
//!
//! The build is written into a staging directory beside the output directory and
//! swapped in only when complete, so a failed or interrupted build leaves the previous
//! site as it was. Files in the output directory that congbo did not write (listed in
//! its manifest) are carried over, never deleted. Unchanged files keep their old
//! modification time (hard-linked from the previous build) so that rsync-style
//! deployments copy only what changed.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Place};
use crate::render::OutputFile;

/// The list of files congbo wrote, kept in the output directory so that the next build
/// knows which files are its own.
pub const MANIFEST: &str = ".congbo-manifest";

/// What a write did.
#[derive(Debug, Default, Clone)]
pub struct BuildReport {
    pub files: usize,
    pub bytes: u64,
    pub changed: usize,
    pub kept_foreign: usize,
}

/// Minifies HTML in place (in parallel). A page nested deeper than minify-html's
/// recursion can take (raw HTML on a site that trusts its editors) is written as
/// rendered.
pub fn minify(files: &mut [OutputFile]) {
    let cfg = minify_html::Cfg {
        minify_css: true,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        ..Default::default()
    };
    files.par_iter_mut().filter(|f| f.is_html() && tag_depth(&f.bytes) < 400).for_each(|f| {
        f.bytes = minify_html::minify(&f.bytes, &cfg);
    });
}

/// The deepest element nesting in `html`, by a quick scan of tags (void elements and
/// self-closing tags do not nest).
fn tag_depth(html: &[u8]) -> usize {
    const VOID: &[&[u8]] = &[
        b"br",
        b"img",
        b"hr",
        b"meta",
        b"link",
        b"input",
        b"col",
        b"area",
        b"base",
        b"wbr",
        b"source",
        b"path",
        b"rect",
        b"line",
        b"circle",
        b"polyline",
        b"stop",
    ];
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = html[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let closing = html.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = html[start..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(html.len(), |p| start + p);
        if end == start {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        let tag_end = html[end..].iter().position(|&b| b == b'>').map_or(html.len(), |p| end + p);
        let self_closing = tag_end > 0 && html.get(tag_end - 1) == Some(&b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !VOID.contains(&name.as_slice()) {
            depth += 1;
            max = max.max(depth);
        }
        i = tag_end.min(html.len());
    }
    max
}

/// Checks that `output` is a directory congbo may replace: not the site root, not one
/// of its source folders or a parent of them, not the home directory.
pub fn check_output_dir(config: &Config) -> Result<PathBuf, Diagnostic> {
    let out = normalize(&config.output_dir);
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            Place::file(&config.output_dir),
            format!("refusing to write the site into {}: {why}", config.output_dir.display()),
        )
        .with_help("choose an output folder of its own, e.g. --output output"))
    };
    let root = normalize(&config.root);
    if out == root || root.starts_with(&out) {
        return refuse("it is the site's folder or holds it");
    }
    let sources = [
        (normalize(&config.content_dir), "it holds the content"),
        (normalize(&config.theme_dir), "it holds the theme"),
        (normalize(&config.site_templates_dir), "it holds the templates"),
        (normalize(&config.root.join("static")), "it holds the static files"),
    ];
    for (p, why) in &sources {
        // Neither one of the site's source folders, a folder holding one, nor one inside one.
        if out.starts_with(p) || p.starts_with(&out) {
            return refuse(why);
        }
    }
    if out.parent().is_none() {
        return refuse("it is the file system's root");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if home.starts_with(&out) {
            return refuse("it is your home folder or holds it");
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse("it is a file");
    }
    Ok(out)
}

/// An absolute, `..`-free form of `p` (without touching the file system for parts that
/// do not exist yet).
fn normalize(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    let abs = abs.canonicalize().unwrap_or(abs);
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// A rendered path must stay inside the output directory.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    if path.is_empty() || p.is_absolute() {
        return None;
    }
    p.components().all(|c| matches!(c, Component::Normal(_))).then(|| p.to_path_buf())
}

/// Writes the site into the output directory, replacing the previous build as a whole.
pub fn write(config: &Config, files: Vec<OutputFile>) -> Result<BuildReport, Diagnostics> {
    write_with(config, files, &|_, _| {})
}

/// As [`write`], calling `progress(written, total)` now and then as files are written
/// (from several threads), for a progress display.
pub fn write_with(
    config: &Config,
    mut files: Vec<OutputFile>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildReport, Diagnostics> {
    let out = check_output_dir(config).map_err(|d| Diagnostics::from(vec![d]))?;
    let err = |what: &str, path: &Path, e: io::Error| {
        Diagnostics::from(vec![Diagnostic::error(Place::file(path), format!("cannot {what}: {e}"))])
    };
    for f in &files {
        if safe_relative(&f.path).is_none() {
            return Err(vec![Diagnostic::error(
                Place::file(&f.path),
                "a rendered file would be written outside the output directory",
            )]
            .into());
        }
    }
    if config.minify {
        minify(&mut files);
    }
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
    fs::create_dir_all(&parent).map_err(|e| err("create", &parent, e))?;
    let staging = parent.join(format!(".{name}.congbo-staging"));
    let old = parent.join(format!(".{name}.congbo-old"));
    // A build killed between the two renames of the fallback swap left the site aside.
    if !out.exists() && old.is_dir() {
        fs::rename(&old, &out).map_err(|e| err("restore the previous site", &old, e))?;
    }
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(|e| err("remove a leftover staging folder", leftover, e))?;
        }
    }
    fs::create_dir_all(&staging).map_err(|e| err("create", &staging, e))?;

    let previous_manifest: BTreeSet<String> =
        fs::read_to_string(out.join(MANIFEST)).map(|t| t.lines().map(str::to_string).collect()).unwrap_or_default();
    let generated: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();

    // Directories first (sequentially), then files in parallel.
    let dirs: BTreeSet<PathBuf> =
        files.iter().filter_map(|f| Path::new(&f.path).parent().map(Path::to_path_buf)).collect();
    for d in &dirs {
        let dir = staging.join(d);
        fs::create_dir_all(&dir).map_err(|e| err("create", &dir, e))?;
    }
    let (written, total) = (std::sync::atomic::AtomicUsize::new(0), files.len());
    progress(0, total);
    let results: Vec<Result<bool, Diagnostic>> = files
        .par_iter()
        .map(|f| {
            let target = staging.join(&f.path);
            let previous = out.join(&f.path);
            // Unchanged since the last build: link the old file to keep its mtime.
            if previous_manifest.contains(&f.path) {
                if let Ok(meta) = fs::metadata(&previous) {
                    if meta.len() == f.bytes.len() as u64
                        && fs::read(&previous).is_ok_and(|b| b == f.bytes)
                        && fs::hard_link(&previous, &target).is_ok()
                    {
                        return Ok(false);
                    }
                }
            }
            fs::write(&target, &f.bytes)
                .map(|_| true)
                .map_err(|e| Diagnostic::error(Place::file(&target), format!("cannot write: {e}")))
        })
        .inspect(|_| {
            let n = written.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n % 256 == 0 || n == total {
                progress(n, total);
            }
        })
        .collect();
    let mut report = BuildReport {
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
        ..Default::default()
    };
    let mut diags = Diagnostics::new();
    for r in results {
        match r {
            Ok(true) => report.changed += 1,
            Ok(false) => {}
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        let _ = fs::remove_dir_all(&staging);
        return Err(diags);
    }

    // Files the portal team put in the output directory are carried over.
    if out.is_dir() {
        for entry in walkdir::WalkDir::new(&out).min_depth(1).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let rel = entry.path().strip_prefix(&out).unwrap_or(entry.path());
            let rel_s = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            if rel_s == MANIFEST || previous_manifest.contains(&rel_s) || entry.file_type().is_dir() {
                continue;
            }
            if generated.contains(rel_s.as_str()) {
                diags.push(Diagnostic::warning(
                    Place::file(entry.path()),
                    "this file was not written by congbo and is replaced by a generated page",
                ));
                continue;
            }
            let target = staging.join(rel);
            if let Some(p) = target.parent() {
                fs::create_dir_all(p).map_err(|e| err("create", p, e))?;
            }
            let carried = if entry.file_type().is_symlink() {
                fs::read_link(entry.path()).and_then(|l| std::os::unix::fs::symlink(l, &target))
            } else {
                fs::hard_link(entry.path(), &target).or_else(|_| fs::copy(entry.path(), &target).map(|_| ()))
            };
            carried.map_err(|e| err("carry over", entry.path(), e))?;
            report.kept_foreign += 1;
        }
    }
    let manifest: String = generated.iter().map(|p| format!("{p}\n")).collect();
    fs::write(staging.join(MANIFEST), manifest).map_err(|e| err("write", &staging.join(MANIFEST), e))?;

    // Swap: the old site stays whole until the new one is complete, and the output
    // directory always holds one of them.
    if out.exists() {
        match exchange(&staging, &out) {
            Ok(()) => {
                let _ = fs::remove_dir_all(&staging);
                return Ok(report);
            }
            // Not supported here (another OS or file system): two renames.
            Err(_) => fs::rename(&out, &old).map_err(|e| err("move the previous site aside", &out, e))?,
        }
    }
    if let Err(e) = fs::rename(&staging, &out) {
        let _ = fs::rename(&old, &out);
        return Err(err("move the new site into place", &out, e));
    }
    if old.exists() {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(report)
}

/// Atomically exchanges two directories (Linux renameat2 with RENAME_EXCHANGE).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; the call only reads them.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_of_pages() {
        assert_eq!(tag_depth(b"<html><body><p>a<br>b</p><img src=x></body></html>"), 3);
        assert_eq!(tag_depth("<div>".repeat(1000).as_bytes()), 1000);
        let mut deep = vec![OutputFile {
            path: "a.html".into(),
            bytes: format!("{}x{}", "<div>".repeat(50_000), "</div>".repeat(50_000)).into_bytes(),
        }];
        minify(&mut deep); // must not overflow the stack
    }

    #[test]
    fn rendered_paths_cannot_escape() {
        assert!(safe_relative("van-ban/a/index.html").is_some());
        assert!(safe_relative("../etc/passwd").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../b").is_none());
        assert!(safe_relative("").is_none());
    }
}
