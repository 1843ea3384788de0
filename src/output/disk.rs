//! Writing to disk: the build is written into a staging directory beside the output directory and
//! swapped in only when complete, so a failed or interrupted build leaves the previous
//! site as it was. Files in the output directory that congbo did not write (listed in
//! its manifest) are carried over, never deleted. Unchanged files keep their old
//! modification time (hard-linked from the previous build) so that rsync-style
//! deployments copy only what changed.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::file::{OutputFile, Sink};
use super::minify::Minifier;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Place};

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
    /// Files of the portal's that a generated page replaced.
    pub warnings: Vec<Diagnostic>,
}

/// Checks that `output` is a directory congbo may replace: not the site root, not one
/// of its source folders or a parent of them, not the home directory.
pub fn check_output_dir(config: &Config) -> Result<PathBuf, Diagnostic> {
    let out = normalize(&config.output_dir);
    let refuse = |why: std::borrow::Cow<str>| {
        Err(Diagnostic::error(
            Place::file(&config.output_dir),
            t!("output.refuse", path = config.output_dir.display(), why = why),
        )
        .with_help(t!("output.refuse.help")))
    };
    let root = normalize(&config.root);
    if out == root || root.starts_with(&out) {
        return refuse(t!("output.refuse.site"));
    }
    let sources = [
        (normalize(&config.content_dir), t!("output.refuse.content")),
        (normalize(&config.theme_dir), t!("output.refuse.theme")),
        (normalize(&config.site_templates_dir), t!("output.refuse.templates")),
        (normalize(&config.root.join("static")), t!("output.refuse.static")),
    ];
    for (p, why) in &sources {
        // Neither one of the site's source folders, a folder holding one, nor one inside one.
        if out.starts_with(p) || p.starts_with(&out) {
            return refuse(why.clone());
        }
    }
    if out.parent().is_none() {
        return refuse(t!("output.refuse.root"));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if home.starts_with(&out) {
            return refuse(t!("output.refuse.home"));
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse(t!("output.refuse.file"));
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

/// A build being written: files go into a staging folder beside the output folder as
/// they are rendered; [`Disk::finish`] carries over the portal's own files and swaps the
/// staging folder in. Dropped unfinished (a render error), it removes the staging folder
/// and the published site stays as it was.
pub struct Disk {
    out: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    minifier: Minifier,
    /// congbo's files of the previous build, from its manifest.
    previous_manifest: BTreeSet<String>,
    /// Folders already created in the staging folder.
    dirs: Mutex<HashSet<PathBuf>>,
    /// Paths written so far, for the manifest.
    written: Mutex<Vec<String>>,
    bytes: AtomicU64,
    changed: AtomicUsize,
    finished: bool,
}

fn io_error(what: std::borrow::Cow<str>, path: &Path, e: io::Error) -> Diagnostics {
    Diagnostics::from(vec![Diagnostic::error(Place::file(path), t!("output.cannot", what = what, error = e))])
}

impl Disk {
    /// Prepares the staging folder for a build of the site into its output folder.
    pub fn begin(config: &Config) -> Result<Disk, Diagnostics> {
        let out = check_output_dir(config).map_err(|d| Diagnostics::from(vec![d]))?;
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
        fs::create_dir_all(&parent).map_err(|e| io_error(t!("output.what.create"), &parent, e))?;
        let staging = parent.join(format!(".{name}.congbo-staging"));
        let old = parent.join(format!(".{name}.congbo-old"));
        // A build killed between the two renames of the fallback swap left the site aside.
        if !out.exists() && old.is_dir() {
            fs::rename(&old, &out).map_err(|e| io_error(t!("output.what.restore"), &old, e))?;
        }
        for leftover in [&staging, &old] {
            if leftover.exists() {
                fs::remove_dir_all(leftover).map_err(|e| io_error(t!("output.what.remove_leftover"), leftover, e))?;
            }
        }
        fs::create_dir_all(&staging).map_err(|e| io_error(t!("output.what.create"), &staging, e))?;
        let previous_manifest: BTreeSet<String> =
            fs::read_to_string(out.join(MANIFEST)).map(|t| t.lines().map(str::to_string).collect()).unwrap_or_default();
        Ok(Disk {
            out,
            staging,
            old,
            minifier: Minifier { enabled: config.minify },
            previous_manifest,
            dirs: Mutex::new(HashSet::new()),
            written: Mutex::new(Vec::new()),
            bytes: AtomicU64::new(0),
            changed: AtomicUsize::new(0),
            finished: false,
        })
    }

    /// The output folder the site is written to.
    pub fn output_dir(&self) -> &Path {
        &self.out
    }

    fn create_parent(&self, target: &Path) -> Result<(), Diagnostic> {
        let Some(dir) = target.parent() else { return Ok(()) };
        if self.dirs.lock().unwrap_or_else(|e| e.into_inner()).contains(dir) {
            return Ok(());
        }
        fs::create_dir_all(dir).map_err(|e| {
            Diagnostic::error(Place::file(dir), t!("output.cannot", what = t!("output.what.create"), error = e))
        })?;
        self.dirs.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf());
        Ok(())
    }

    /// Carries over the portal's own files, writes the manifest and swaps the new site
    /// in: the old site stays whole until the new one is complete, and the output folder
    /// always holds one of them.
    pub fn finish(mut self) -> Result<BuildReport, Diagnostics> {
        let mut written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        written.sort();
        written.dedup();
        let generated: BTreeSet<&str> = written.iter().map(String::as_str).collect();
        let mut report = BuildReport {
            files: written.len(),
            bytes: self.bytes.load(Ordering::Relaxed),
            changed: self.changed.load(Ordering::Relaxed),
            ..Default::default()
        };
        let (out, staging, old) = (self.out.clone(), self.staging.clone(), self.old.clone());
        // Files the portal team put in the output directory are carried over.
        if out.is_dir() {
            for entry in walkdir::WalkDir::new(&out).min_depth(1).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                let rel = entry.path().strip_prefix(&out).unwrap_or(entry.path());
                let rel_s = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                if rel_s == MANIFEST || self.previous_manifest.contains(&rel_s) || entry.file_type().is_dir() {
                    continue;
                }
                if generated.contains(rel_s.as_str()) {
                    report.warnings.push(Diagnostic::warning(Place::file(entry.path()), t!("output.foreign_replaced")));
                    continue;
                }
                let target = staging.join(rel);
                if let Some(p) = target.parent() {
                    fs::create_dir_all(p).map_err(|e| io_error(t!("output.what.create"), p, e))?;
                }
                let carried = if entry.file_type().is_symlink() {
                    fs::read_link(entry.path()).and_then(|l| std::os::unix::fs::symlink(l, &target))
                } else {
                    fs::hard_link(entry.path(), &target).or_else(|_| fs::copy(entry.path(), &target).map(|_| ()))
                };
                carried.map_err(|e| io_error(t!("output.what.carry_over"), entry.path(), e))?;
                report.kept_foreign += 1;
            }
        }
        let manifest: String = written.iter().map(|p| format!("{p}\n")).collect();
        fs::write(staging.join(MANIFEST), manifest)
            .map_err(|e| io_error(t!("output.what.write"), &staging.join(MANIFEST), e))?;

        self.finished = true;
        if out.exists() {
            match exchange(&staging, &out) {
                Ok(()) => {
                    let _ = fs::remove_dir_all(&staging);
                    return Ok(report);
                }
                // Not supported here (another OS or file system): two renames.
                Err(_) => fs::rename(&out, &old).map_err(|e| io_error(t!("output.what.move_aside"), &out, e))?,
            }
        }
        if let Err(e) = fs::rename(&staging, &out) {
            let _ = fs::rename(&old, &out);
            return Err(io_error(t!("output.what.move_into_place"), &out, e));
        }
        if old.exists() {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(report)
    }
}

impl Sink for Disk {
    fn put(&self, mut file: OutputFile) -> Result<(), Diagnostic> {
        if safe_relative(&file.path).is_none() {
            return Err(Diagnostic::error(Place::file(&file.path), t!("output.outside")));
        }
        self.minifier.apply(&mut file);
        let target = self.staging.join(&file.path);
        self.create_parent(&target)?;
        let previous = self.out.join(&file.path);
        // Unchanged since the last build: link the old file to keep its mtime.
        let unchanged = self.previous_manifest.contains(&file.path)
            && fs::metadata(&previous).is_ok_and(|meta| meta.len() == file.bytes.len() as u64)
            && fs::read(&previous).is_ok_and(|b| b == file.bytes)
            && fs::hard_link(&previous, &target).is_ok();
        if !unchanged {
            fs::write(&target, &file.bytes).map_err(|e| {
                Diagnostic::error(Place::file(&target), t!("output.cannot", what = t!("output.what.write"), error = e))
            })?;
            self.changed.fetch_add(1, Ordering::Relaxed);
        }
        self.bytes.fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        self.written.lock().unwrap_or_else(|e| e.into_inner()).push(file.path);
        Ok(())
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
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
    fn rendered_paths_cannot_escape() {
        assert!(safe_relative("van-ban/a/index.html").is_some());
        assert!(safe_relative("../etc/passwd").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../b").is_none());
        assert!(safe_relative("").is_none());
    }
}
